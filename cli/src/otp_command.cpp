// `knock otp init FILE`: a new one-time-knock secret, for `knock HOST --otp FILE` and
// `knock routeros rules --otp FILE`.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock/core/text.hpp"
#include "knock/profiles/secret_file.hpp"
#include "options.hpp"

namespace knock::cli {
namespace {

struct OtpCli {
  std::string file;
  CLI::App app{"One-time knocks: every window has its own knock, derived from a secret the router shares.",
               "knock otp"};
  CLI::App* init;

  OtpCli() {
    app.require_subcommand(1);
    app.get_formatter()->column_width(30);
    init = app.add_subcommand("init",
                              "Write a new random secret (256 bits, base64) to FILE, readable by you only");
    init->add_option("FILE", file, "Where to keep it; never overwritten")->required()->type_name("");
    app.footer(R"(
Then:
  knock routeros rules --otp FILE --protect tcp:8291     (the router's side, once per client)
  knock router.example.net --otp FILE --verify 8291      (each knock: this window's ports and token)
  knock profile add office --host router.example.net --otp FILE [--encrypt]

Exit status: 0 written, 2 the file exists or cannot be written.)");
  }
};

}  // namespace

void describe_otp(const DefinitionVisitor& visit) {
  OtpCli cli;
  visit(cli.app);
}

int otp_command(std::span<const std::string> args, Session& s) {
  OtpCli cli;
  if (const int status = parse(cli.app, args, s.io, false); status >= 0) return status;
  if (auto written = profiles::write_secret_file(cli.file); !written) {
    s.io.err << "knock: " << core::printable(written.error().message) << "\n";
    return core::exit_code(written.error().code);
  }
  s.io.out << "wrote a new secret to " << cli.file
           << " (keep it private; give the router its twin with knock "
           << "routeros rules --otp " << cli.file << ")\n";
  return 0;
}

}  // namespace knock::cli
