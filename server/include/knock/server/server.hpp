#pragma once
// knock-server: a loopback stand-in for the router. It watches the knocks with libpcap, runs each through
// the RouterOS firewall evaluator with the real clock, keeps the address lists (expired by a timer), and
// serves the protected ports behind a per-source gate: a source the firewall (and /ip service) accepts
// completes the handshake and gets a banner (or is relayed to a backend); a dropped one never gets a SYN/ACK;
// a tcp-reset reject gets a reset. The rules see what the router would: packets addressed to its own address,
// arriving on its WAN interface, not the loopback address and interface they really came by.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "knock/core/asio.hpp"  // first: <utility> for Boost 1.74

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "knock/core/error.hpp"
#include "knock/routeros/interpreter.hpp"
#include "knock/routeros/router.hpp"
#include "knock/server/log.hpp"

namespace knock::server {

struct ServerOptions {
  std::string rules_name;  // for the log
  routeros::Config config;
  std::vector<IpAddress> listen;  // where it stands in for the router (default 127.0.0.1 and ::1)
  std::vector<std::uint16_t> services;
  // A service with a backend relays each granted connection there instead of sending the banner
  // (--service tcp:8022=127.0.0.1:2222: a real sshd behind the knock).
  std::map<std::uint16_t, boost::asio::ip::tcp::endpoint> backends;
  std::string capture_interface = "lo";
  routeros::ViewOverrides view;  // the interface, lists and router address the rules see, if not the export's
  std::string banner = "knock-server: access granted";
  std::size_t max_sources = 100000;  // dynamic list entries kept; the oldest go first
  // The export's /system script and /system scheduler, when it has them: its schedulers run on the router's
  // clock, which is the system clock plus clock_offset (a router whose clock is off).
  std::optional<routeros::Scripting> scripting;
  core::Duration clock_offset{0};
};

struct ServerStats {
  std::uint64_t packets = 0;  // evaluated
  std::uint64_t evicted = 0;
  std::uint64_t handed_on = 0;  // SYNs that beat the gate's update and were injected again
  std::size_t tracked = 0;
};

class Server {
 public:
  Server(boost::asio::io_context& io, ServerOptions options, EventLog& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens the capture and the service ports; errors say what to do (exit 4 for capture and sockets).
  core::Status start();
  void stop();
  ServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace knock::server
