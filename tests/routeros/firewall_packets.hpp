#pragma once
// Packets for the evaluator and a firewall to run them through, for the tests of the firewall and of the
// address lists it keeps. Every address is data for Firewall::evaluate: nothing here opens a socket.
#include <string>
#include <string_view>
#include <utility>

#include "examples.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/firewall.hpp"

namespace knock::routeros::test {

inline Packet tcp(const char* src, std::uint16_t port, std::uint8_t flags = kSyn) {
  Packet p;
  p.src = ip(src);
  p.dst = p.src.is_v4() ? ip("127.0.0.1") : ip("::1");
  p.protocol = 6;
  p.src_port = 40000;
  p.dst_port = port;
  p.tcp_flags = flags;
  p.size = 60;
  return p;
}

inline Packet udp(const char* src, std::uint16_t port, std::string payload = "") {
  Packet p = tcp(src, port, 0);
  p.protocol = 17;
  p.payload = std::move(payload);
  p.size = static_cast<std::uint16_t>(28 + p.payload.size());
  return p;
}

inline Packet ping(const char* src, std::uint16_t size) {
  Packet p = tcp(src, 0, 0);
  p.protocol = 1;
  p.icmp_type = 8;
  p.size = size;
  p.src_port = p.dst_port = 0;
  return p;
}

// The rule numbers that decided each packet (-1: the default policy).
struct Fixture {
  explicit Fixture(std::string_view text, FirewallOptions o = {})
      : config(test::config(text)), fw(config, std::move(o), Time{0}) {}
  int decide(const Packet& p, Time now = Time{0}) {
    const Verdict v = fw.evaluate(p, now);
    last = v;
    return v.rule ? static_cast<int>(v.rule->number) : -1;
  }
  Config config;
  Firewall fw;
  Verdict last;
};

}  // namespace knock::routeros::test
