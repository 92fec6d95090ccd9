#include "knock_flags.hpp"

#include <algorithm>


namespace knock::cli {
namespace {

core::Expected<core::Duration> option_duration(std::string_view name, const std::string& text,
                                               bool positive) {
  auto d = core::parse_duration(text);
  if (!d) return core::make_error(core::Errc::bad_input, std::string(name) + ": " + d.error().message);
  if (positive && d->count() == 0)
    return core::make_error(core::Errc::bad_input, std::string(name) + ": must be more than 0");
  return d;
}

}  // namespace

void define_knock_flags(CLI::App& app, KnockFlags& f) {
  const auto timing = "Timing";
  app.add_option("-d,--delay", f.delay, "Pause between the starts of consecutive knocks (default 0)")
      ->group(timing)
      ->type_name("DURATION");
  app.add_flag("-u,--udp", f.udp, "Bare PORT steps are UDP (knockd's -u)")->group(timing);
  app.add_option("--connect-timeout", f.connect_timeout, "Handshake limit for connect: steps (default 2s)")
      ->group(timing)
      ->type_name("DURATION");

  const auto addr = "Addresses";
  auto* v4 = app.add_flag("-4,--ipv4", f.ipv4, "Use the host's IPv4 address")->group(addr);
  auto* v6 = app.add_flag("-6,--ipv6", f.ipv6, "Use the host's IPv6 address")->group(addr);
  auto* both = app.add_flag("--both", f.both, "Knock on the host's IPv4 and IPv6 address")->group(addr);
  v4->excludes(v6)->excludes(both);
  v6->excludes(both);
  app.add_option("-s,--source", f.source, "Send from this local address (e.g. 127.0.0.2)")
      ->group(addr)
      ->type_name("ADDR");

  const auto verify = "Verify";
  app.add_option("--verify", f.verify, "After knocking, connect to this TCP port to check access")
      ->group(verify)
      ->type_name("PORT");
  app.add_option("--verify-timeout", f.verify_timeout, "Limit for each verify attempt (default 2s)")
      ->group(verify)
      ->type_name("DURATION");
  app.add_option("--retries", f.retries, "Verify attempts after the first (default 2)")
      ->group(verify)
      ->check(CLI::Range(0, 100))
      ->type_name("N");
  app.add_flag("--reknock", f.reknock, "Knock the whole sequence again before each retry")->group(verify);

  const auto output = "Output";
  app.add_flag("-n,--dry-run", f.dry_run, "Print the packet plan and send nothing")->group(output);
  app.add_flag("--json", f.json, "One JSON object per event on stdout (see README)")->group(output);
  auto* quiet = app.add_flag("-q,--quiet", f.quiet, "Print nothing but errors")->group(output);
  auto* verbose =
      app.add_flag("-v,--verbose", f.verbose, "Print every packet and verify attempt")->group(output);
  quiet->excludes(verbose);
  app.add_flag("--show-secrets", f.show_secrets, "Show ports and payloads in output and JSON")->group(output);
}

std::optional<core::Error> apply_knock_flags(const CLI::App& app, const KnockFlags& f, bool only_given,
                                             core::KnockRequest& r) {
  const auto given = [&](const char* name) { return !only_given || app.count(name) > 0; };
  r.dry_run = f.dry_run;
  if (given("--delay")) {
    auto d = option_duration("--delay", f.delay, false);
    if (!d) return d.error();
    r.options.delay = *d;
  }
  if (given("--connect-timeout")) {
    auto d = option_duration("--connect-timeout", f.connect_timeout, true);
    if (!d) return d.error();
    r.options.connect_timeout = *d;
  }
  if (f.ipv4)
    r.options.family = core::Family::v4;
  else if (f.ipv6)
    r.options.family = core::Family::v6;
  else if (f.both)
    r.options.family = core::Family::both;
  else if (!only_given)
    r.options.family = core::Family::any;
  if (!f.source.empty()) {
    auto source = core::parse_address(f.source, "--source");
    if (!source) return source.error();
    r.options.source = *source;
  }
  if (!f.verify.empty()) {
    core::VerifyOptions v = r.options.verify.value_or(core::VerifyOptions{});
    auto port = core::parse_tcp_port(f.verify, "--verify");
    if (!port) return port.error();
    v.port = *port;
    r.options.verify = v;
  }
  if (r.options.verify) {
    if (given("--verify-timeout")) {
      auto t = option_duration("--verify-timeout", f.verify_timeout, true);
      if (!t) return t.error();
      r.options.verify->timeout = *t;
    }
    if (given("--retries")) r.options.verify->retries = f.retries;
    if (f.reknock) r.options.verify->reknock = true;
  }
  return std::nullopt;
}

PrintOptions print_options(const KnockFlags& f) {
  return {.json = f.json,
          .verbosity = f.quiet     ? 0
                       : f.verbose ? 2
                                   : 1,
          .show_secrets = f.show_secrets,
          .dry_run = f.dry_run};
}

int knock_and_launch(core::KnockRequest request, const KnockFlags& f, const std::vector<std::string>& command,
                     Io& io) {
  auto printer = make_printer(print_options(f), io.out, io.err);
  const auto fail = [&](const core::Error& e) {
    printer->failed(e);
    return core::exit_code(e.code);
  };
  const std::string host = request.host;
  const std::optional<std::uint16_t> verify_port =
      request.options.verify ? std::optional<std::uint16_t>(request.options.verify->port) : std::nullopt;
  if (!command.empty()) {  // a mistake in the template is found before anything is sent
    auto checked = core::expand_command(command, {host, "127.0.0.1", verify_port});
    if (!checked) return fail(checked.error());
  }
  const core::Outcome outcome = core::run_knock(std::move(request), *printer, io.handle_signals);
  printer->finished(outcome);
  if (outcome.status != core::Errc::ok || command.empty()) return core::exit_code(outcome.status);
  auto argv = core::expand_command(command, {host, outcome.address->to_string(), verify_port});
  if (!argv) return fail(argv.error());
  printer->launching(*argv);
  if (f.dry_run) return 0;
  return fail(io.launcher.exec(*argv));
}

void unix_style_options(CLI::App& app) {
  app.allow_windows_style_options(false);
  for (CLI::App* sub : app.get_subcommands({}))
    unix_style_options(*sub);
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
