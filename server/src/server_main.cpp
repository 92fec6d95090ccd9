// knock-server's command line: options, the rules file, --sandbox, a command to run when ready.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>

#include <CLI/CLI.hpp>

#include "knock/core/asio.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "knock/core/plan.hpp"
#include "knock/core/text.hpp"
#include "knock/core/text_file.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/router.hpp"
#include "knock/server/main.hpp"
#include "knock/server/sandbox.hpp"
#include "knock/server/server.hpp"

namespace knock::server {
namespace {

constexpr const char* kFooter = R"(
knock-server stands in for the router on loopback: it watches knocks on lo with libpcap, runs each one
through the raw, nat and filter rules of FILE (address lists, timeouts, jumps: see knock routeros check),
and serves each --service port behind a gate: sources the rules accept complete the handshake and get the
banner; dropped sources never get an answer (their connect times out); tcp-reset rejects, and connections
the firewall lets in to a service /ip service disables or restricts, get a reset.

The rules see the knocks as the router would from outside: arriving on the interface on the export's WAN
list, addressed to that interface's address (198.51.100.1 or 2001:db8::1 when it has none), not on lo to
127.0.0.1; --interface, --interface-list and --to say otherwise.

A FILE with /system script and /system scheduler entries (the one-time knock layer of knock routeros rules
--otp) is run by the interpreter of the RouterOS scripting subset: its schedulers run on the router's
clock, the system clock or off from it by --clock-offset; what they :log is logged as script lines; a
script that fails leaves every packet dropped.

Capturing needs CAP_NET_RAW: run it as root, or add --sandbox to run it in a private user and network
namespace, with the client given after -- (it runs there once the server is ready):
  knock-server --sandbox --rules seed.rsc --service 8291 -- knock --verify 8291 127.0.0.1 tcp:1337 udp:17954

Examples:
  sudo knock-server --rules routeros/examples/seed.rsc --service tcp:8291
  knock-server --sandbox --rules export.rsc --service 22 --json-log - -- ./my-smoke-test.sh

Exit status: 0 after SIGINT/SIGTERM; the command's status when one is given; 2 bad input (the rules
file's errors name line and column; jump loops, jumps nested deeper than 32 chains and jumps to a chain no
rule is in are refused, never guessed); 4 cannot capture or serve (the message says what to do); 70 an
internal error (a bug); 127 the command could not be started.)";

struct Options {
  std::string rules;
  std::vector<std::string> listen, services, interface_lists, to;
  std::string interface, capture = "lo", json_log, banner = "knock-server: access granted";
  std::size_t max_sources = 100000;
  std::string clock_offset;
  bool quiet = false, sandbox = false;
};

// "--service tcp:8022=127.0.0.1:2222": the address and port of a backend on loopback.
core::Expected<boost::asio::ip::tcp::endpoint> parse_backend(const std::string& text) {
  const auto bad = [&](const std::string& why) {
    return core::make_error(core::Errc::bad_input, "--service: backend '" + text + "' " + why);
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return bad("is not ADDR:PORT (e.g. 127.0.0.1:2222 or [::1]:2222)");
  const auto address = core::parse_literal(text.substr(0, colon));
  if (!address || (address->is_v6() && text.front() != '[')) {
    return bad("is not ADDR:PORT (e.g. 127.0.0.1:2222 or [::1]:2222)");
  }
  if (!address->is_loopback())
    return bad("is not on loopback: knock-server relays to 127.0.0.0/8 and ::1 only");
  auto port = core::parse_tcp_port(text.substr(colon + 1), "--service");
  if (!port) return std::move(port).error();
  return boost::asio::ip::tcp::endpoint(*address, *port);
}

// "--service PORT" or "--service PORT=ADDR:PORT".
core::Status add_service(ServerOptions& so, const std::string& spec) {
  const auto eq = spec.find('=');
  auto p = routeros::parse_protect(so.config, spec.substr(0, eq), "--service");
  if (!p) return std::move(p).error();
  if (p->protocol != 6)
    return core::make_error(core::Errc::bad_input, "--service: only TCP ports can be served");
  so.services.push_back(p->port);
  if (eq == std::string::npos) return {};
  auto backend = parse_backend(spec.substr(eq + 1));
  if (!backend) return std::move(backend).error();
  so.backends[p->port] = *backend;
  return {};
}

int run_command(const std::vector<std::string>& command, boost::asio::io_context& io, Server& server,
                const std::function<int(const core::Error&)>& fail) {
  const pid_t child = ::fork();
  if (child < 0) {
    const int why = errno;
    return fail(core::make_error(core::Errc::launch_failed,
                                 "cannot run " + command[0] + ": fork: " + std::strerror(why)));
  }
  if (child == 0) {
    std::vector<char*> argv;
    for (const auto& a : command)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    std::cerr << "knock-server: cannot run " << command[0] << ": " << std::strerror(errno) << "\n";
    ::_exit(127);
  }
  int status = 0;
  boost::asio::signal_set children(io, SIGCHLD);
  std::function<void()> wait_child = [&] {
    children.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      if (::waitpid(child, &status, WNOHANG) == child) {
        server.stop();
        io.stop();
        return;
      }
      wait_child();
    });
  };
  wait_child();
  boost::asio::signal_set stop(io, SIGINT, SIGTERM);
  stop.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (!ec) ::kill(child, sig);
  });
  if (::waitpid(child, &status, WNOHANG) == child) {  // finished before we were listening for it
    server.stop();
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  io.run();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// "-40s", "1m": a duration with a sign.
core::Expected<core::Duration> signed_duration(const std::string& text, const std::string& option) {
  if (text.empty()) return core::Duration{0};
  const bool negative = text.front() == '-';
  auto d = core::parse_duration(negative ? std::string_view(text).substr(1) : std::string_view(text));
  if (!d) return core::make_error(core::Errc::bad_input, option + ": " + d.error().message);
  return negative ? -*d : *d;
}

// --rules: an export as routeros check reads it (routeros::load_router).
core::Status load_rules(const std::string& file, ServerOptions& so) {
  auto text = core::read_text_file(file, "--rules ");
  if (!text) return std::move(text).error();
  so.rules_name = file;
  routeros::ImportOptions io;
  io.wall = std::chrono::system_clock::now() +
            std::chrono::duration_cast<std::chrono::system_clock::duration>(so.clock_offset);
  auto im = routeros::load_router(*text, io);
  if (!im) return core::make_error(core::Errc::bad_input, file + ": " + im.error().message);
  so.config = std::move(im->config);
  if (im->scripting.schedulers() > 0) so.scripting = std::move(im->scripting);  // else nothing ever runs
  return {};
}

// The options, as --help shows them.
void describe(CLI::App& app, Options& o) {
  app.footer(kFooter);
  app.get_formatter()->column_width(32);
  app.set_version_flag("-V,--version", std::string("knock-server ") + KNOCK_VERSION);
  app.add_option("--rules", o.rules, "RouterOS export: its firewall, interfaces, addresses and services")
      ->required()
      ->type_name("FILE");
  app.add_option("--listen", o.listen,
                 "Where it stands in for the router (repeat; default 127.0.0.1 and ::1)")
      ->type_name("ADDR");
  app.add_option("--service", o.services,
                 "A protected TCP port to serve, e.g. tcp:8291 or winbox (repeat); PORT=ADDR:PORT relays "
                 "granted connections to a backend on loopback, e.g. tcp:8022=127.0.0.1:2222")
      ->type_name("PORT[=BACKEND]");
  app.add_option("--interface", o.interface,
                 "Interface the rules see knocks arrive on (default: the export's WAN member)")
      ->type_name("IFACE");
  app.add_option("--interface-list", o.interface_lists, "Its interface lists (repeat; default: the export's)")
      ->type_name("LIST");
  app.add_option("--to", o.to,
                 "The router's address the rules see, one per family (default: the export's WAN address)")
      ->type_name("ADDR");
  app.add_option("--capture-interface", o.capture, "Where to watch for knocks (default lo)")
      ->type_name("IFACE");
  app.add_option("--json-log", o.json_log, "Write the log as JSON lines to FILE (- for stdout)")
      ->type_name("FILE|-");
  app.add_option("--banner", o.banner, "The line granted clients receive")->type_name("TEXT");
  app.add_option("--max-sources", o.max_sources,
                 "List entries kept at most; past it, those closest to expiry go first (default 100000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}))
      ->type_name("N");
  app.add_option("--clock-offset", o.clock_offset,
                 "The router's clock minus the system clock, for its scripts' [:timestamp] (e.g. -40s)")
      ->type_name("DURATION");
  app.add_flag("-q,--quiet", o.quiet, "Leave out one line per packet (list and service events remain)");
  app.add_flag("--sandbox", o.sandbox, "Run in a private user and network namespace (no root needed)");
}

// The server's options from the command line's: every value checked, every file read.
core::Expected<ServerOptions> server_options(const Options& o) {
  ServerOptions so;
  auto offset = signed_duration(o.clock_offset, "--clock-offset");
  if (!offset) return offset.error();
  so.clock_offset = *offset;
  if (auto loaded = load_rules(o.rules, so); !loaded) return loaded.error();
  for (const auto& l : o.listen) {
    auto a = core::parse_address(l, "--listen");
    if (!a) return a.error();
    so.listen.push_back(*a);
  }
  if (so.listen.empty()) so.listen = {*core::parse_literal("127.0.0.1"), *core::parse_literal("::1")};
  for (const auto& s : o.services) {
    if (auto added = add_service(so, s); !added) return added.error();
  }
  if (!o.interface.empty()) so.view.interface = o.interface;
  if (!o.interface_lists.empty()) so.view.interface_lists = o.interface_lists;
  for (const auto& t : o.to) {
    auto a = core::parse_address(t, "--to");
    if (!a) return a.error();
    for (const auto& given : so.view.to) {
      if (given.is_v6() == a->is_v6()) {
        return core::make_error(core::Errc::bad_input, "--to: " + t + " is the second " +
                                                           (a->is_v6() ? "IPv6" : "IPv4") +
                                                           " address; give at most one of each family");
      }
    }
    so.view.to.push_back(*a);
  }
  so.capture_interface = o.capture;
  so.banner = o.banner;
  so.max_sources = o.max_sources;
  return so;
}

// Runs the server until SIGINT/SIGTERM, or until the command after -- ends (its exit status).
int serve(const Options& o, ServerOptions so, const std::vector<std::string>& command, std::ostream& out,
          const std::function<int(const core::Error&)>& fail) {
  if (o.sandbox) {
    if (auto entered = enter_private_network(); !entered) {
      return fail(core::make_error(core::Errc::network, "--sandbox: " + entered.error().message));
    }
  }

  std::ofstream json_file;
  std::ostream* log_out = &out;
  if (!o.json_log.empty() && o.json_log != "-") {
    json_file.open(o.json_log, std::ios::app);
    if (!json_file)
      return fail(core::make_error(core::Errc::bad_input, "cannot write --json-log '" + o.json_log + "'"));
    log_out = &json_file;
  }
  EventLog log(*log_out, !o.json_log.empty(), !o.quiet);
  boost::asio::io_context io;
  Server server(io, std::move(so), log);
  if (auto started = server.start(); !started) return fail(started.error());

  if (!command.empty()) return run_command(command, io, server, fail);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}

int run(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  const auto dashes = std::find(args.begin(), args.end(), std::string("--"));
  std::vector<std::string> command(dashes == args.end() ? args.end() : dashes + 1, args.end());
  std::vector<const char*> argv;
  for (auto it = args.begin(); it != dashes; ++it)
    argv.push_back(it->c_str());

  Options o;
  CLI::App app(
      "A loopback stand-in for a RouterOS router: it applies the firewall of a RouterOS export to "
      "the knocks it sees and gates the protected ports accordingly.",
      "knock-server");
  describe(app, o);
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "knock-server: " << e.what() << " (see knock-server --help)\n";
    return 2;
  }
  const auto fail = [&](const core::Error& e) {
    err << "knock-server: " << core::printable(e.message) << "\n";
    return core::exit_code(e.code);
  };
  if (dashes != args.end() && command.empty()) {
    return fail(core::make_error(core::Errc::bad_input, "nothing after --: give the command to run"));
  }

  auto so = server_options(o);
  if (!so) return fail(so.error());
  return serve(o, std::move(*so), command, out, fail);
}

}  // namespace

int server_main(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  try {
    return run(args, out, err);
  } catch (const std::exception& e) {  // a bug; still one line and a documented status, never a trace
    err << "knock-server: internal error: " << e.what() << "\n";
    return core::exit_code(core::Errc::internal);
  } catch (...) {
    err << "knock-server: internal error: an unknown exception\n";
    return core::exit_code(core::Errc::internal);
  }
}

}  // namespace knock::server
