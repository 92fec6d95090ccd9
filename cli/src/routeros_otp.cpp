// `knock routeros rules --otp FILE... --protect tcp:8291` prints the one-time knock layer;
// `knock routeros check export.rsc --otp FILE --at TIME` runs an export's layer on a virtual clock.
#include <chrono>

#include "knock/core/json.hpp"
#include "knock/core/otp.hpp"
#include "knock/core/text_file.hpp"
#include "knock/profiles/secret_file.hpp"
#include "knock/routeros/otp_check.hpp"
#include "knock/routeros/otp_layer.hpp"
#include "routeros_command.hpp"

namespace knock::cli {
namespace {

using core::Errc;
using core::make_error;
using SysTime = std::chrono::system_clock::time_point;

// --otp [NAME=]FILE: the client and its secret.
core::Expected<routeros::OtpClient> client_of(const std::string& spec) {
  const auto eq = spec.find('=');
  const bool named = eq != std::string::npos && spec.find('/') > eq;
  const std::string file = named ? spec.substr(eq + 1) : spec;
  auto name = routeros::otp_client_name(
      named ? spec.substr(0, eq) : routeros::otp_client_name_of(std::filesystem::path(file).stem().string()),
      "--otp " + spec);
  if (!name) return std::move(name).error();
  auto key = profiles::read_secret_file(file);
  if (!key) return std::move(key).error();
  return routeros::OtpClient{std::move(*name), std::move(*key)};
}

core::Expected<core::Duration> window_of(const std::string& text) {
  if (text.empty()) return core::otp::kDefaultWindow;
  auto d = duration("--otp-window", text);
  if (!d) return d;
  return core::otp::check_window(*d, "--otp-window");
}

// Options of fixed sequences that mean nothing for one-time knocks: refused, not ignored.
std::optional<core::Error> fixed_only(bool steps, std::initializer_list<std::pair<const char*, bool>> given) {
  if (steps)
    return make_error(Errc::bad_input,
                      "give STEPs or --otp FILE, not both (a one-time knock derives its own)");
  for (const auto& [option, set] : given) {
    if (set) return make_error(Errc::bad_input, std::string(option) + " does not go with --otp");
  }
  return std::nullopt;
}

core::Expected<routeros::OtpLayerOptions> layer_options(const RulesOptions& o) {
  if (auto e = fixed_only(!o.steps.empty(), {{"--anti-scan", o.anti_scan},
                                             {"--udp", o.udp},
                                             {"--delay", o.delay != "0"},
                                             {"--list", !o.list.empty()},
                                             {"--name", o.name != "default"},
                                             {"--export", !o.export_file.empty()},
                                             {"--diff", o.diff},
                                             {"--remove", o.remove},
                                             {"--blacklist-timeout", !o.blacklist_timeout.empty()}}))
    return *e;
  routeros::OtpLayerOptions g;
  for (const auto& spec : o.otp) {
    auto c = client_of(spec);
    if (!c) return std::move(c).error();
    g.clients.push_back(std::move(*c));
  }
  auto w = window_of(o.otp_window);
  if (!w) return std::move(w).error();
  g.window = *w;
  for (const auto& p : o.protect) {
    auto port = core::parse_service_port(p, "--protect");
    if (!port) return std::move(port).error();
    g.protect.push_back(*port);
  }
  auto t = timeouts_of(o.timeouts);
  if (!t) return std::move(t).error();
  if (auto set = routeros::set_timeouts(g, *t, "--timeouts"); !set) return std::move(set).error();
  g.ipv6 = o.ipv6;
  g.drop = !o.no_drop;
  g.in_interface_list = o.interface_list;
  return g;
}

// --at: 2025-01-31T12:00:00Z (UTC; the Z and the T may be left out) or @UNIX_SECONDS.
core::Expected<SysTime> time_of(const std::string& text) {
  const auto bad = [&] {
    return make_error(Errc::bad_input,
                      "--at: '" + text + "' is not a time like 2025-01-31T12:00:00Z or @1738324800");
  };
  if (text.empty())
    return SysTime(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  if (text.front() == '@') {
    if (text.size() < 2 || text.size() > 12 || text.find_first_not_of("0123456789", 1) != std::string::npos)
      return bad();
    return SysTime(std::chrono::seconds(std::stoll(text.substr(1))));
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char sep = 0, zone = 0;
  const int n =
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &s, &zone);
  const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (n < 7 || (sep != 'T' && sep != ' ') || (n == 8 && zone != 'Z') || !day.ok() || y < 1970 || h > 23 ||
      mi > 59 || s > 59 || text.size() > 20)
    return bad();
  return SysTime(std::chrono::sys_days(day)) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
}

std::string format_time(SysTime t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<std::chrono::seconds> hms{std::chrono::floor<std::chrono::seconds>(t - day)};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return out;
}

core::Expected<routeros::OtpCheckRequest> check_request(const CheckOptions& o) {
  if (auto e = fixed_only(!o.steps.empty(),
                          {{"--udp", o.udp}, {"--delay", o.delay != "0"}, {"--after", o.after != "0"}}))
    return *e;
  routeros::OtpCheckRequest q;
  auto key = profiles::read_secret_file(o.otp);
  if (!key) return std::move(key).error();
  q.key = std::move(*key);
  auto w = window_of(o.otp_window);
  if (!w) return std::move(w).error();
  q.window = *w;
  auto at = time_of(o.at);
  if (!at) return std::move(at).error();
  q.at = *at;
  if (auto v = check_view(o, q.from, q.view); !v) return std::move(v).error();
  q.protect = o.protect;
  return q;
}

}  // namespace

int run_otp_rules(const RulesOptions& o, Io& io) {
  auto options = layer_options(o);
  if (!options) return fail(io, o.json, options.error());
  auto out = routeros::generate_otp_layer(*options);
  if (!out) return fail(io, o.json, out.error());
  if (o.json) {
    io.out
        << core::JsonObject().field("script", out->script).raw("warnings", json_strings(out->warnings)).str()
        << "\n";
  } else {
    io.out << out->script;
  }
  for (const auto& w : out->warnings)
    io.err << "knock: warning: " << w << "\n";
  return 0;
}

int run_otp_check(const CheckOptions& o, Io& io) {
  auto text = core::read_text_file(o.file);
  if (!text) return fail(io, o.json, text.error());
  auto q = check_request(o);
  if (!q) return fail(io, o.json, q.error());
  auto r = routeros::check_otp(*text, *q);
  if (!r) {
    const bool option = r.error().message.rfind("--", 0) == 0;
    return fail(io, o.json,
                option ? r.error() : make_error(Errc::bad_input, o.file + ": " + r.error().message));
  }
  if (o.verbose) {
    for (const auto& l : r->log)
      r->check.notes.push_back("the router logged (" + l.topic + "): " + l.text);
  }
  const std::string headline = q->from.to_string() + " knocks the one-time knock of window " +
                               std::to_string(r->window) + " (" + o.otp + ") at " + format_time(q->at) +
                               ", then connects to " + routeros::to_string(r->protect) +
                               " after the next poll";
  return print_check(o, io, *r->config, r->check, headline);
}

}  // namespace knock::cli
