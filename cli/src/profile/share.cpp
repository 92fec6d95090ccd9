// `knock profile share NAME [--qr]`: the profile as a knock:// link (and a QR code of it), for another
// machine or a phone; `knock profile import LINK` takes it back.
#include <charconv>

#if !defined(_WIN32)
#include <sys/ioctl.h>
#include <unistd.h>
#endif

#include "knock/actions/interchange.hpp"
#include "knock/actions/lookup.hpp"
#include "knock/actions/qr.hpp"
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct ShareOptions {
  std::string name;
  bool qr = false;
};

// The terminal's width when the output is one (else 0: a file or a pipe takes any width).
int terminal_columns(const Session& s) {
  if (auto c = s.io.env.get("COLUMNS")) {
    int n = 0;
    if (std::from_chars(c->data(), c->data() + c->size(), n).ec == std::errc() && n > 0) return n;
  }
#if !defined(_WIN32)
  winsize w{};
  if (::isatty(s.io.out_fd) && ::ioctl(s.io.out_fd, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
#endif
  return 0;
}

bool is_terminal(const Session& s) {
#if !defined(_WIN32)
  return ::isatty(s.io.out_fd) == 1;
#else
  (void)s;
  return false;
#endif
}

int run_share(const ShareOptions& o, Session& s) {
  auto doc = actions::load(s.ctx);
  if (!doc) return fail(s, doc.error());
  auto found = actions::find(*doc, o.name);
  if (!found) return fail(s, found.error());
  const profiles::Profile& p = **found;
  const std::string link = actions::share_link(p);
  s.io.out << link << "\n";
  if (actions::link_in_clear(p)) {
    s.io.err << "knock: the link holds " << o.name << "'s " << (p.otp ? "secret" : "sequence")
             << " in the clear: share it as you would that (or seal the profile first: knock profile edit "
             << o.name << " --encrypt)\n";
  }
  if (!o.qr) return 0;
  auto code = actions::qr_code(link);
  if (!code) {
    s.io.err << "knock: no QR code: " << code.error().message << "\n";
    return 1;
  }
  const int columns = terminal_columns(s);
  if (columns && actions::qr_columns(*code) > columns) {
    s.io.err << "knock: no QR code: it is " << actions::qr_columns(*code) << " columns wide and the terminal "
             << columns << ": widen the terminal, or use the link\n";
    return 1;
  }
  s.io.out << actions::qr_text(*code, is_terminal(s));
  return 0;
}

}  // namespace

void setup_share(CLI::App& profile, Work& work) {
  auto o = std::make_shared<ShareOptions>();
  CLI::App* sub = profile.add_subcommand(
      "share",
      "Print the profile as a knock:// link (profile import LINK takes it back), and --qr as a QR code");
  add_name(*sub, o->name);
  sub->add_flag("--qr", o->qr, "Also print a QR code of the link, for a phone's camera");
  sub->footer(
      "\nA sealed profile's link carries its sealed secret; a clear one's holds the sequence (said on "
      "stderr).\n"
      "Exit status: 0 the link (and its QR code), 1 the link but no QR code (too wide for the terminal, too\n"
      "long, or no libqrencode: the reason on stderr), 2 no such profile, 5 the profile file is unreadable.");
  sub->callback([o, &work] { work = [o](Session& s) { return run_share(*o, s); }; });
}

}  // namespace knock::cli::profile
