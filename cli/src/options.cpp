#include "options.hpp"

#include <algorithm>

#include "knock/core/plan.hpp"

namespace knock::cli {

std::function<core::Expected<core::Duration>(const std::string&)> duration_parser(std::string option,
                                                                                  bool positive) {
  return [option = std::move(option), positive](const std::string& text) -> core::Expected<core::Duration> {
    auto d = core::parse_duration(text);
    if (!d) return core::make_error(core::Errc::bad_input, option + ": " + d.error().message);
    if (positive && d->count() == 0)
      return core::make_error(core::Errc::bad_input, option + ": must be more than 0");
    return d;
  };
}

namespace {

void define_timing(CLI::App& app, KnockOptions& o) {
  const auto timing = "Timing";
  typed_option(app, "-d,--delay", o.overrides.delay, duration_parser("--delay", false),
               "Pause between the starts of consecutive knocks (default 0)")
      ->group(timing)
      ->type_name("DURATION");
  app.add_flag("-u,--udp", o.udp, "Bare PORT steps are UDP (knockd's -u)")->group(timing);
  typed_option(app, "--connect-timeout", o.overrides.connect_timeout,
               duration_parser("--connect-timeout", true), "Handshake limit for connect: steps (default 2s)")
      ->group(timing)
      ->type_name("DURATION");
}

void define_addresses(CLI::App& app, KnockOptions& o) {
  const auto addr = "Addresses";
  auto& family = o.overrides.family;
  auto* v4 = app.add_flag_callback(
      "-4,--ipv4", [&family] { family = core::Family::v4; }, "Use the host's IPv4 address");
  auto* v6 = app.add_flag_callback(
      "-6,--ipv6", [&family] { family = core::Family::v6; }, "Use the host's IPv6 address");
  auto* both = app.add_flag_callback(
      "--both", [&family] { family = core::Family::both; }, "Knock on the host's IPv4 and IPv6 address");
  for (auto* f : {v4, v6, both})
    f->group(addr);
  v4->excludes(v6)->excludes(both);
  v6->excludes(both);
  typed_option(
      app, "-s,--source", o.overrides.source,
      [](const std::string& text) { return core::parse_address(text, "--source"); },
      "Send from this local address (e.g. 127.0.0.2)")
      ->group(addr)
      ->type_name("ADDR");
}

void define_verify(CLI::App& app, KnockOptions& o) {
  const auto verify = "Verify";
  typed_option(
      app, "--verify", o.overrides.verify_port,
      [](const std::string& text) { return core::parse_tcp_port(text, "--verify"); },
      "After knocking, connect to this TCP port to check access")
      ->group(verify)
      ->type_name("PORT");
  typed_option(app, "--verify-timeout", o.overrides.verify_timeout, duration_parser("--verify-timeout", true),
               "Limit for each verify attempt (default 2s)")
      ->group(verify)
      ->type_name("DURATION");
  auto& retries = o.overrides.retries;
  app.add_option_function<int>(
         "--retries", [&retries](int n) { retries = n; }, "Verify attempts after the first (default 2)")
      ->group(verify)
      ->check(CLI::Range(0, 100))
      ->type_name("N");
  app.add_flag("--reknock", o.overrides.reknock, "Knock the whole sequence again before each retry")
      ->group(verify);
}

void define_one_time(CLI::App& app, KnockOptions& o) {
  const auto group = "One-time knocks";
  typed_option(app, "--otp-window", o.overrides.otp_window, duration_parser("--otp-window", true),
               "Window of a one-time knock (5s-1h; default 30s, or the profile's)")
      ->group(group)
      ->type_name("DURATION");
  typed_option(
      app, "--clock-offset", o.overrides.clock_offset,
      [](const std::string& text) -> core::Expected<core::Duration> {
        const bool negative = !text.empty() && text.front() == '-';
        auto d = core::parse_duration(negative ? std::string_view(text).substr(1) : std::string_view(text));
        if (!d) return core::make_error(core::Errc::bad_input, "--clock-offset: " + d.error().message);
        return negative ? -*d : *d;
      },
      "How far the router's clock is from this one's, e.g. -40s")
      ->group(group)
      ->type_name("DURATION");
}

void define_output(CLI::App& app, KnockOptions& o) {
  const auto output = "Output";
  auto& p = o.print;
  auto& dry = o.overrides.dry_run;
  app.add_flag_callback(
         "-n,--dry-run", [&p, &dry] { p.dry_run = dry = true; }, "Print the packet plan and send nothing")
      ->group(output);
  app.add_flag("--json", p.json, "One JSON object per event on stdout (see README)")->group(output);
  auto* quiet = app.add_flag_callback(
                       "-q,--quiet", [&p] { p.verbosity = 0; }, "Print nothing but errors")
                    ->group(output);
  auto* verbose = app.add_flag_callback(
                         "-v,--verbose", [&p] { p.verbosity = 2; }, "Print every packet and verify attempt")
                      ->group(output);
  quiet->excludes(verbose);
  app.add_flag("--show-secrets", p.show_secrets, "Show ports and payloads in output and JSON")->group(output);
}

}  // namespace

void define_knock_options(CLI::App& app, KnockOptions& o) {
  define_timing(app, o);
  define_addresses(app, o);
  define_verify(app, o);
  define_one_time(app, o);
  define_output(app, o);
}

void define_keep_open(CLI::App& app, KnockOptions& o) {
  typed_option(
      app, "--keep-open", o.overrides.keep_open,
      [](const std::string& text) -> core::Expected<core::Duration> {
        if (text == "auto") return core::Duration{0};
        auto d = core::parse_duration(text);
        if (!d || d->count() == 0) {
          return core::make_error(core::Errc::bad_input,
                                  "--keep-open: '" + text + "' is not an interval such as 10m, or auto");
        }
        return d;
      },
      "Knock again every INTERVAL while the command runs (it runs as a child; its exit status is knock's), "
      "or until Ctrl-C without one; auto: a third of the profile's access timeout")
      ->group("Timing")
      ->type_name("INTERVAL|auto");
}

CLI::Validator offers(const std::vector<std::string>& values) {
  std::string all;
  for (const auto& v : values)
    all += (all.empty() ? "" : ",") + v;
  return CLI::Validator([](const std::string&) { return std::string(); }, "{" + all + "}");
}

void unix_style_options(CLI::App& app) {
  app.allow_windows_style_options(false);
  for (CLI::App* sub : app.get_subcommands({}))
    unix_style_options(*sub);
}

bool wants_json(std::span<const std::string> args) {
  for (const auto& a : args) {
    if (a == "--") return false;
    if (a == "--json") return true;
  }
  return false;
}

DashSplit split_at_dashes(std::span<const std::string> args) {
  const auto dashes = std::find(args.begin(), args.end(), std::string("--"));
  DashSplit out{{args.begin(), dashes}, std::nullopt};
  if (dashes != args.end()) out.command = std::vector<std::string>(dashes + 1, args.end());
  return out;
}

int parse(CLI::App& app, std::span<const std::string> args, Io& io, bool json) {
  unix_style_options(app);
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  if (app.get_name().empty() && !args.empty()) {  // "knock", not "./build/bin/knock", in usage lines
    std::string program = args[0];
    if (const auto slash = program.find_last_of("/\\"); slash != std::string::npos)
      program.erase(0, slash + 1);
    app.name(program);
  }
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return 0;
  } catch (const CLI::CallForVersion& e) {
    io.out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    auto printer = make_printer({.json = json}, io.out, io.err);
    printer->failed(core::make_error(core::Errc::bad_input, std::string(e.what()) + " (see --help)"));
    return 2;
  }
  return -1;
}

}  // namespace knock::cli
