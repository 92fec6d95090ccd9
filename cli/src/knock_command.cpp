// `knock HOST STEP... [options] [-- COMMAND...]`: an ad-hoc knock, knockd-compatible flags included.
#include <algorithm>
#include <optional>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock/core/knocker.hpp"
#include "printer.hpp"

namespace knock::cli {
namespace {

constexpr const char* kFooter = R"(Steps:
  tcp:PORT            one TCP SYN, no handshake           (also PORT:tcp, knockd's order)
  connect:PORT[:P]    a full TCP handshake, then payload P
  udp:PORT[:P]        one UDP datagram, optional payload P
  icmp[:SIZE]         one ICMP echo request; SIZE is the whole IP packet, as RouterOS
                      counts packet-size (default 84)
  wait:DURATION       an extra pause before the next step
  PORT                tcp, or udp with -u
  Payloads P: text:open-sesame  hex:6f70656e  b64:b3Blbg==
  Durations: 500ms, 1.5s, 2m; a bare number is milliseconds (as knockd's -d)

After --, COMMAND runs in place of knock once the knock succeeded (and access was
verified, with --verify); {host}, {ip} and {port} are filled in with the host as
given, the address knocked and the --verify port.

Ports and payloads are secrets: output and JSON hide them unless --show-secrets
(--dry-run shows them, because showing the plan is what it is for).
With KNOCK_LOOPBACK_ONLY=1, knock refuses every destination outside 127.0.0.0/8 and ::1.

Examples:
  knock router.example.net tcp:1337 udp:17954
  knock -d 200 router.example.net 1337 17954:udp
  knock router.example.net tcp:1337 udp:17954 --verify 22 -- ssh admin@{ip}
  knock --json --verify 8291 --retries 3 --reknock 127.0.0.1 tcp:1337 udp:17954
  knock --dry-run router.example.net tcp:1337 wait:1s udp:17954:text:open-sesame

Exit status:
  0  knocked (and access verified, with --verify)
  1  knocked, but access was not verified
  2  usage or bad input, or a destination refused by KNOCK_LOOPBACK_ONLY
  3  host could not be resolved (or has no address of the family asked for)
  4  network error while sending
  5  profile store error
  127  COMMAND could not be started
  130  interrupted (Ctrl-C)
)";

// CLI11's help with a usage line that shows the `-- COMMAND` part, and without the excludes clutter.
class HelpFormatter final : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string name) const override {
    return "Usage: " + name + " [OPTIONS] HOST STEP... [-- COMMAND...]\n" + (app ? "" : "");
  }
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_type_size() == 0 || opt->get_type_name().empty()) return "";
    return " " + opt->get_type_name();
  }
};

struct Options {
  std::string host;
  std::vector<std::string> steps;
  bool udp = false;
  std::string delay = "0";
  bool ipv4 = false, ipv6 = false, both = false;
  std::string source;
  std::string verify;
  std::string verify_timeout = "2s";
  int retries = 2;
  bool reknock = false;
  std::string connect_timeout = "2s";
  bool dry_run = false, json = false, quiet = false, verbose = false, show_secrets = false;
};

void define(CLI::App& app, Options& o) {
  app.description(
      "Knock on a firewall's door: send a port-knock sequence to HOST, optionally check that the\n"
      "protected port opened, then go straight on to COMMAND (ssh, winbox, ...).");
  app.footer(kFooter);
  app.formatter(std::make_shared<HelpFormatter>());
  app.get_formatter()->column_width(30);
  app.set_version_flag("-V,--version", std::string("knock ") + std::string(version()));
  app.add_option("HOST", o.host, "Host name or address (IPv6 with or without [ ])")->required()->type_name("");
  app.add_option("STEP", o.steps, "The knock sequence, e.g. tcp:1337 udp:17954")->required()->type_name("");

  const auto timing = "Timing";
  app.add_option("-d,--delay", o.delay, "Pause between the starts of consecutive knocks (default 0)")
      ->group(timing)
      ->type_name("DURATION");
  app.add_flag("-u,--udp", o.udp, "Bare PORT steps are UDP (knockd's -u)")->group(timing);
  app.add_option("--connect-timeout", o.connect_timeout, "Handshake limit for connect: steps (default 2s)")
      ->group(timing)
      ->type_name("DURATION");

  const auto addr = "Addresses";
  auto* v4 = app.add_flag("-4,--ipv4", o.ipv4, "Use the host's IPv4 address")->group(addr);
  auto* v6 = app.add_flag("-6,--ipv6", o.ipv6, "Use the host's IPv6 address")->group(addr);
  auto* both = app.add_flag("--both", o.both, "Knock on the host's IPv4 and IPv6 address")->group(addr);
  v4->excludes(v6)->excludes(both);
  v6->excludes(both);
  app.add_option("-s,--source", o.source, "Send from this local address (e.g. 127.0.0.2)")
      ->group(addr)
      ->type_name("ADDR");

  const auto verify = "Verify";
  app.add_option("--verify", o.verify, "After knocking, connect to this TCP port to check access")
      ->group(verify)
      ->type_name("PORT");
  app.add_option("--verify-timeout", o.verify_timeout, "Limit for each verify attempt (default 2s)")
      ->group(verify)
      ->type_name("DURATION");
  app.add_option("--retries", o.retries, "Verify attempts after the first (default 2)")
      ->group(verify)
      ->check(CLI::Range(0, 100))
      ->type_name("N");
  app.add_flag("--reknock", o.reknock, "Knock the whole sequence again before each retry")->group(verify);

  const auto output = "Output";
  app.add_flag("-n,--dry-run", o.dry_run, "Print the packet plan and send nothing")->group(output);
  app.add_flag("--json", o.json, "One JSON object per event on stdout (see README)")->group(output);
  auto* quiet = app.add_flag("-q,--quiet", o.quiet, "Print nothing but errors")->group(output);
  auto* verbose = app.add_flag("-v,--verbose", o.verbose, "Print every packet and verify attempt")->group(output);
  quiet->excludes(verbose);
  app.add_flag("--show-secrets", o.show_secrets, "Show ports and payloads in output and JSON")->group(output);
}

std::optional<core::Error> parse_port_option(std::string_view name, std::string text, std::uint16_t& port) {
  std::string_view digits = text;
  if (digits.starts_with("tcp:")) digits.remove_prefix(4);
  unsigned value = 0;
  const bool numeric =
      !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric && digits.size() <= 5) value = static_cast<unsigned>(std::stoul(std::string(digits)));
  if (!numeric || value < 1 || value > 65535) {
    return core::make_error(core::Errc::bad_input, std::string(name) + ": '" + text +
                                                       "' is not a TCP port (expected PORT or tcp:PORT, 1-65535)");
  }
  port = static_cast<std::uint16_t>(value);
  return std::nullopt;
}

core::Expected<core::Duration> option_duration(std::string_view name, const std::string& text, bool positive) {
  auto d = core::parse_duration(text);
  if (!d) return core::make_error(core::Errc::bad_input, std::string(name) + ": " + d.error().message);
  if (positive && d->count() == 0) {
    return core::make_error(core::Errc::bad_input, std::string(name) + ": must be more than 0");
  }
  return d;
}

core::Expected<core::KnockRequest> build_request(const Options& o) {
  core::KnockRequest r;
  r.host = o.host;
  r.dry_run = o.dry_run;
  auto seq = core::parse_sequence(std::span<const std::string>(o.steps),
                                  o.udp ? core::Protocol::udp : core::Protocol::tcp);
  if (!seq) return std::move(seq).error();
  r.sequence = std::move(*seq);
  auto delay = option_duration("--delay", o.delay, false);
  if (!delay) return std::move(delay).error();
  r.options.delay = *delay;
  auto connect_timeout = option_duration("--connect-timeout", o.connect_timeout, true);
  if (!connect_timeout) return std::move(connect_timeout).error();
  r.options.connect_timeout = *connect_timeout;
  r.options.family = o.ipv4 ? core::Family::v4 : o.ipv6 ? core::Family::v6 : o.both ? core::Family::both : core::Family::any;
  if (!o.source.empty()) {
    auto source = core::parse_address(o.source, "--source");
    if (!source) return std::move(source).error();
    r.options.source = *source;
  }
  if (!o.verify.empty()) {
    core::VerifyOptions v;
    if (auto e = parse_port_option("--verify", o.verify, v.port)) return *e;
    auto timeout = option_duration("--verify-timeout", o.verify_timeout, true);
    if (!timeout) return std::move(timeout).error();
    v.timeout = *timeout;
    v.retries = o.retries;
    v.reknock = o.reknock;
    r.options.verify = v;
  }
  return r;
}

}  // namespace

int knock_command(std::span<const std::string> args, Io& io) {
  const auto dashes = std::find(args.begin(), args.end(), std::string("--"));
  std::vector<std::string> command(dashes == args.end() ? args.end() : dashes + 1, args.end());
  std::vector<const char*> argv;
  for (auto it = args.begin(); it != dashes; ++it) argv.push_back(it->c_str());

  Options o;
  CLI::App app;
  define(app, o);
  std::string program = argv.empty() ? "knock" : argv[0];
  if (const auto slash = program.find_last_of("/\\"); slash != std::string::npos) program.erase(0, slash + 1);
  app.name(program);
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return 0;
  } catch (const CLI::CallForVersion& e) {
    io.out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    const bool json = std::find(args.begin(), dashes, std::string("--json")) != dashes;
    auto printer = make_printer({.json = json}, io.out, io.err);
    std::string what = e.what();
    printer->failed(core::make_error(core::Errc::bad_input, what + " (see --help)"));
    return 2;
  }

  PrintOptions print{.json = o.json, .verbosity = o.quiet ? 0 : o.verbose ? 2 : 1,
                     .show_secrets = o.show_secrets, .dry_run = o.dry_run};
  auto printer = make_printer(print, io.out, io.err);
  const auto fail = [&](const core::Error& e) {
    printer->failed(e);
    return core::exit_code(e.code);
  };

  auto request = build_request(o);
  if (!request) return fail(request.error());
  if (dashes != args.end() && command.empty()) {
    return fail(core::make_error(core::Errc::bad_input, "nothing after --: give the command to run, e.g. -- ssh admin@{ip}"));
  }
  const std::optional<std::uint16_t> verify_port =
      request->options.verify ? std::optional<std::uint16_t>(request->options.verify->port) : std::nullopt;
  if (!command.empty()) {  // a mistake in the template is found before anything is sent
    auto checked = core::expand_command(command, {o.host, "127.0.0.1", verify_port});
    if (!checked) return fail(checked.error());
  }

  const core::Outcome outcome = core::run_knock(std::move(*request), *printer, io.handle_signals);
  printer->finished(outcome);
  if (outcome.status != core::Errc::ok || command.empty()) return core::exit_code(outcome.status);

  auto argv_out = core::expand_command(command, {o.host, outcome.address->to_string(), verify_port});
  if (!argv_out) return fail(argv_out.error());
  printer->launching(*argv_out);
  if (o.dry_run) return 0;
  return fail(io.launcher.exec(*argv_out));
}

}  // namespace knock::cli
