#pragma once
// One line per event: human-readable by default, JSON lines with --json-log.
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "knock/routeros/router.hpp"

namespace knock::server {

class EventLog {
 public:
  EventLog(std::ostream& out, bool json, bool packets) : out_(out), json_(json), packets_(packets) {}

  void ready(const std::string& rules, std::size_t v4_rules, std::size_t v6_rules,
             const std::vector<std::string>& listen, const std::vector<std::uint16_t>& services,
             const std::string& interface, const routeros::RouterView& view);
  void note(double t, const std::string& text);  // warnings and notes from loading the rules
  void packet(double t, const routeros::Packet& p, const routeros::Verdict& v, bool service);
  void list_change(double t, const std::string& change, const std::string& list, const IpAddress& a,
                   std::optional<double> timeout_s);
  void service(double t, std::uint16_t port, const IpAddress& src, const std::string& result,
               const std::string& why);
  void stopped(double t, const struct ServerStats& stats);
  void error(const std::string& text);
  // Lines are buffered; the server flushes after each batch of packets and each event outside one.
  void flush() { out_.flush(); }

 private:
  void line(const std::string& human, const std::string& json);
  std::ostream& out_;
  bool json_;
  bool packets_;
};

}  // namespace knock::server
