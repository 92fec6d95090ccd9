#pragma once
// knock-server's Server in this test process's private network namespace: started on loopback with rules
// of the test's own, run on the test's io_context until something happened (or a deadline passed), and
// clients on 127.0.0.x that knock with UDP and connect to the served ports.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "knock/core/asio.hpp"  // first: <utility> for Boost 1.74

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>

#include "knock/core/plan.hpp"
#include "knock/routeros/config.hpp"
#include "knock/server/log.hpp"
#include "knock/server/server.hpp"

extern std::string g_netns_error;

#define REQUIRE_PRIVATE_NETWORK() \
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error

namespace knock::server {

// A knock (UDP to 7000) puts its source on "ok" for an hour; "ok" reaches tcp:8291, others are dropped.
inline const std::string kKnockRules =
    "/ip firewall filter\n"
    "add chain=input action=add-src-to-address-list address-list=ok address-list-timeout=1h protocol=udp "
    "dst-port=7000\n"
    "add chain=input action=accept protocol=tcp dst-port=8291 src-address-list=ok\n"
    "add chain=input action=drop protocol=tcp dst-port=8291\n";

struct Attempt {  // a client's connection attempt
  bool done = false;
  boost::system::error_code error;  // none: the handshake completed
  std::string received;             // what the service sent before it closed
};

struct LiveServer {
  boost::asio::io_context io;
  std::ostringstream out;
  EventLog log{out, false, true};  // human lines, every packet logged
  std::unique_ptr<Server> server;

  core::Status start(const std::string& rules, std::vector<std::uint16_t> services = {8291},
                     const std::string& interface = "lo") {
    auto c = routeros::load_config(rules);
    if (!c) return c.error();
    ServerOptions o;
    o.rules_name = "test.rsc";
    o.config = std::move(*c);
    o.listen = {*core::parse_literal("127.0.0.1")};
    o.services = std::move(services);
    o.capture_interface = interface;
    server = std::make_unique<Server>(io, std::move(o), log);
    return server->start();
  }

  // Runs the server until `done` says so, for at most `deadline` (room for a loaded machine: a passing test
  // never waits it out); returns done().
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds deadline = std::chrono::milliseconds(30000)) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!done() && std::chrono::steady_clock::now() < end) {
      io.run_for(std::chrono::milliseconds(10));
      if (io.stopped()) io.restart();
    }
    return done();
  }
  bool logged(const std::string& text) const { return out.str().find(text) != std::string::npos; }
  // Runs the server until its log has `text`.
  bool wait_for_log(const std::string& text) {
    return run_until([&] { return logged(text); });
  }

  // A UDP datagram from `from` to 127.0.0.1:port.
  void udp(std::uint16_t port, const char* from = "127.0.0.1") {
    boost::asio::ip::udp::socket s(io);
    s.open(boost::asio::ip::udp::v4());
    s.bind({*core::parse_literal(from), 0});
    s.send_to(boost::asio::buffer(std::string("knock")), {*core::parse_literal("127.0.0.1"), port});
  }

  // Connects from `from` to 127.0.0.1:port and reads what the service sends until it closes, the server
  // running meanwhile; a connection that is not done within `deadline` (its SYN dropped) is not done.
  Attempt connect(std::uint16_t port, const char* from = "127.0.0.1",
                  std::chrono::milliseconds deadline = std::chrono::milliseconds(500)) {
    struct State {
      Attempt attempt;
      bool closed = false;
      std::string buffer;
      boost::asio::ip::tcp::socket socket;
      explicit State(boost::asio::io_context& io) : socket(io) {}
    };
    auto st = std::make_shared<State>(io);
    st->socket.open(boost::asio::ip::tcp::v4());
    st->socket.bind({*core::parse_literal(from), 0});
    st->socket.async_connect({*core::parse_literal("127.0.0.1"), port},
                             [st](const boost::system::error_code& ec) {
                               st->attempt.done = true;
                               st->attempt.error = ec;
                               if (ec) return;
                               boost::asio::async_read(st->socket, boost::asio::dynamic_buffer(st->buffer),
                                                       [st](const boost::system::error_code&, std::size_t) {
                                                         st->attempt.received = st->buffer;
                                                         st->closed = true;
                                                       });
                             });
    run_until([&] { return st->attempt.done && (st->attempt.error || st->closed); }, deadline);
    boost::system::error_code ignored;
    st->socket.close(ignored);  // the handlers still pending hold `st` and end with operation_aborted
    return st->attempt;
  }
};

}  // namespace knock::server
