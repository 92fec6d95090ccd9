// `knock proxy HOST PORT STEP...` and `knock proxy @NAME [PORT]`: knock, then join stdin and stdout to a TCP
// connection to PORT on the address knocked. For ssh: ProxyCommand knock proxy %h %p tcp:1337 udp:17954.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock/core/relay.hpp"
#include "knock_job.hpp"
#include "options.hpp"

namespace knock::cli {
namespace {

using namespace std::chrono_literals;

constexpr const char* kProxyFooter = R"(
stdin and stdout carry the connection, so everything knock says goes to stderr:
errors always, the knock's own lines with -v. The connection waits up to 10s
(--verify-timeout sets it) for PORT to answer while TCP repeats its SYN; with
--verify, the knock checks its port first, with --retries and --reknock.

In ~/.ssh/config:
  Host router
      HostName router.example.net
      ProxyCommand knock proxy %h %p tcp:1337 udp:17954
  Host office
      ProxyCommand knock proxy @office %p

Exit status: as knock's (see knock --help); 0 once the server closed the
connection, 1 when PORT did not answer after the knock, 4 when it broke.
)";

struct ProxyCli {
  std::string target;  // HOST, or @NAME
  std::string port;
  std::vector<std::string> steps;
  std::string otp_file;
  KnockOptions options;
  CLI::App app{
      "Knock, then connect to PORT on the address knocked and relay stdin and stdout to it: an "
      "ssh ProxyCommand that knocks first.",
      "knock proxy"};

  explicit ProxyCli(const Named& named) {
    app.footer(kProxyFooter);
    app.add_option("HOST", target, "Host name or address, or @NAME for a saved profile")->required();
    app.add_option("PORT", port, "The TCP port to connect to (a profile's: its verify port if left out)");
    app.add_option("STEP", steps, "The knock sequence, e.g. tcp:1337 udp:17954 (not with @NAME)");
    if (named("--otp")) {
      app.add_option("--otp", otp_file, "A one-time knock from this secret, instead of STEPs")
          ->group("One-time knocks")
          ->type_name("FILE");
    }
    define_knock_options(app, options, named);
    options.print.verbosity = 0;  // stderr is ssh's terminal: only errors, unless -v
  }
};

core::Expected<actions::KnockJob> proxy_job(const ProxyCli& cli, Session& s) {
  if (cli.target.size() > 1 && cli.target.front() == '@') {
    if (!cli.steps.empty() || !cli.otp_file.empty()) {
      return core::make_error(
          core::Errc::bad_input,
          "a profile brings its own knock: knock proxy @NAME [PORT], without STEPs or --otp");
    }
    return named_job(cli.target.substr(1), cli.options, actions::Launch{actions::Launch::Use::none, {}}, s);
  }
  if (cli.port.empty())
    return core::make_error(core::Errc::bad_input, "PORT is required (e.g. %p in ssh_config)");
  return host_job(cli.target, cli.steps, cli.otp_file, cli.options, {}, s);
}

// The port to connect to: PORT as given (parsed before anything else), else a profile's verify port.
core::Expected<std::uint16_t> default_port(const actions::KnockJob& job) {
  if (job.request.options.verify) return job.request.options.verify->port;
  return core::make_error(core::Errc::bad_input, "PORT is required: profile '" + job.profile +
                                                     "' has no verify port to take it from");
}

}  // namespace

void describe_proxy(const DefinitionVisitor& visit) {
  ProxyCli cli(Named::all());
  visit(cli.app);
}

int proxy_command(std::span<const std::string> args, Session& s) {
  ProxyCli cli{Named(args)};
  if (const int status = parse(cli.app, args, s.io, wants_json(args)); status >= 0) return status;
  auto printer = make_printer(cli.options.print, s.io.err, s.io.err);
  const auto fail = [&](const core::Error& e) {
    printer->failed(e);
    return core::exit_code(e.code);
  };
  std::optional<std::uint16_t> given;
  if (!cli.port.empty()) {
    auto p = core::parse_tcp_port(cli.port, "PORT");
    if (!p) return fail(p.error());
    given = *p;
  }
  auto job = proxy_job(cli, s);
  if (!job) return fail(job.error());
  auto port = given ? core::Expected<std::uint16_t>(*given) : default_port(*job);
  if (!port) return fail(port.error());
  const core::Outcome outcome = actions::knock(s.ctx, *job, *printer, s.io.handle_signals);
  printer->finished(outcome);
  if (outcome.status != core::Errc::ok || cli.options.print.dry_run) return core::exit_code(outcome.status);
  const core::Duration timeout = cli.options.overrides.verify_timeout.value_or(10s);
  if (auto relayed =
          core::relay(*outcome.address, *port, job->request.options.source, timeout, s.io.in_fd, s.io.out_fd);
      !relayed) {
    return fail(relayed.error());
  }
  return 0;
}

}  // namespace knock::cli
