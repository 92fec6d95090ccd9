// `knock HOST STEP... [options] [-- COMMAND...]`: an ad-hoc knock, knockd-compatible flags included.
#include <algorithm>
#include <optional>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock_job.hpp"
#include "options.hpp"

namespace knock::cli {
namespace {

constexpr const char* kKnockFooter = R"(Steps:
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
  70  internal error (a bug in knock: please report it)
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

// The ad-hoc knock's definition, shared by the parser and the completion scripts.
struct KnockCli {
  std::string host;
  std::vector<std::string> steps;
  std::string otp_file;
  KnockOptions options;
  CLI::App app;

  explicit KnockCli(const Named& named) {
    app.description(
        "Knock on a firewall's door: send a port-knock sequence to HOST, optionally check that the\n"
        "protected port opened, then go straight on to COMMAND (ssh, winbox, ...).\n"
        "Saved profiles: knock @NAME, knock run NAME..., knock profile --help.\n"
        "RouterOS rules and checks: knock routeros --help. Shell completion: knock completion --help.");
    app.footer(kKnockFooter);
    app.formatter(std::make_shared<HelpFormatter>());
    app.get_formatter()->column_width(30);
    app.set_version_flag("-V,--version", std::string("knock ") + std::string(version()));
    app.add_option("HOST", host, "Host name or address (IPv6 with or without [ ])")
        ->required()
        ->type_name("");
    app.add_option("STEP", steps, "The knock sequence, e.g. tcp:1337 udp:17954")->type_name("");
    if (named("--otp")) {
      app.add_option("--otp", otp_file,
                     "A one-time knock from this secret (knock otp init), instead of STEPs")
          ->group("One-time knocks")
          ->type_name("FILE");
    }
    define_knock_options(app, options, named);
    define_keep_open(app, options, named);
  }
};

}  // namespace

void describe_knock(const DefinitionVisitor& visit) {
  KnockCli cli(Named::all());
  visit(cli.app);
}

int knock_command(std::span<const std::string> args, Session& s) {
  const DashSplit split = split_at_dashes(args);
  KnockCli cli{Named(split.own)};
  if (const int status = parse(cli.app, split.own, s.io, wants_json(split.own)); status >= 0) return status;
  const PrintOptions& print = cli.options.print;
  if (split.command && split.command->empty()) {
    return fail(print, s,
                core::make_error(core::Errc::bad_input,
                                 "nothing after --: give the command to run, e.g. -- ssh admin@{ip}"));
  }
  auto job = host_job(cli.host, cli.steps, cli.otp_file, cli.options,
                      split.command.value_or(std::vector<std::string>{}), s);
  if (!job) return fail(print, s, job.error());
  return knock_and_launch(*job, print, s);
}

}  // namespace knock::cli
