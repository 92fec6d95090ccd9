#include "knock/server/gate.hpp"

#include <random>

#include <gtest/gtest.h>

#include "knock/core/plan.hpp"

namespace knock::server {
namespace {

IpAddress ip(const char* s) {
  return *core::parse_literal(s);
}

// The network header the program reads: an IPv4 or IPv6 header with this source address.
std::vector<std::uint8_t> header(const IpAddress& src) {
  if (src.is_v4()) {
    std::vector<std::uint8_t> h(20, 0);
    const auto b = src.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), h.begin() + 12);
    return h;
  }
  std::vector<std::uint8_t> h(40, 0);
  const auto b = src.to_v6().to_bytes();
  std::copy(b.begin(), b.end(), h.begin() + 8);
  return h;
}

bool allows(const std::vector<BpfInsn>& prog, const char* src) {
  return run_gate(prog, header(ip(src))) != 0;
}

TEST(Gate, DefaultDenyWithAllowedSources) {
  const auto prog = build_gate(false, false, {{ip("127.0.0.1"), true}, {ip("127.0.0.9"), true}});
  EXPECT_TRUE(allows(prog, "127.0.0.1"));
  EXPECT_TRUE(allows(prog, "127.0.0.9"));
  EXPECT_FALSE(allows(prog, "127.0.0.2"));
  EXPECT_FALSE(allows(prog, "127.0.0.10"));
  EXPECT_FALSE(allows(prog, "0.0.0.0"));
  EXPECT_FALSE(allows(prog, "255.255.255.255"));
}

TEST(Gate, DefaultAllowWithDeniedSources) {
  const auto prog = build_gate(false, true, {{ip("127.0.0.66"), false}});
  EXPECT_TRUE(allows(prog, "127.0.0.1"));
  EXPECT_FALSE(allows(prog, "127.0.0.66"));
}

TEST(Gate, ConsecutiveSourcesMergeIntoRanges) {
  std::vector<GateRule> rules;
  for (unsigned i = 0; i < 5000; ++i)
    rules.push_back({boost::asio::ip::address_v4(0x7f010000u + i), true});
  std::size_t dropped = 99;
  const auto prog = build_gate(false, false, rules, &dropped);
  EXPECT_EQ(dropped, 0u);
  EXPECT_LT(prog.size(), 10u);
  EXPECT_TRUE(allows(prog, "127.1.19.135"));  // the last of them
  EXPECT_FALSE(allows(prog, "127.1.19.136"));
}

TEST(Gate, ABigScatteredTableAgreesWithALookupEverywhere) {
  std::mt19937 rng(7);
  std::vector<GateRule> rules;
  std::map<std::uint32_t, bool> truth;
  for (int i = 0; i < 700; ++i) {
    const std::uint32_t a = 0x7f000000u + (rng() % 4000) * 3;  // gaps, so few ranges merge
    const bool allow = rng() % 4 != 0;
    if (truth.count(a)) continue;
    truth[a] = allow;
    rules.push_back({boost::asio::ip::address_v4(a), allow});
  }
  std::size_t dropped = 0;
  const auto prog = build_gate(false, false, rules, &dropped);
  ASSERT_EQ(dropped, 0u);
  ASSERT_LE(prog.size(), kBpfMaxInsns);
  bool long_jump = false;
  for (const auto& i : prog)
    long_jump |= i.code == kBpfJa;
  EXPECT_TRUE(long_jump) << "a table this size needs long jumps over big subtrees";
  for (std::uint32_t a = 0x7f000000u - 5; a < 0x7f000000u + 12010; ++a) {
    const auto it = truth.find(a);
    const bool want = it != truth.end() && it->second;
    ASSERT_EQ(run_gate(prog, header(boost::asio::ip::address_v4(a))) != 0, want) << a;
  }
}

TEST(Gate, TooManyRangesAreCutToTheKernelLimitAndCounted) {
  std::vector<GateRule> rules;
  for (unsigned i = 0; i < 2000; ++i)
    rules.push_back({boost::asio::ip::address_v4(0x7f000000u + 2 * i), true});
  std::size_t dropped = 0;
  const auto prog = build_gate(false, false, rules, &dropped);
  EXPECT_GT(dropped, 0u);
  EXPECT_LE(prog.size(), kBpfMaxInsns);
}

TEST(Gate, Ipv6EntriesAreMatchedExactly) {
  const auto prog =
      build_gate(true, false, {{ip("::1"), true}, {ip("fd00::2"), true}, {ip("fd00::3"), false}});
  EXPECT_TRUE(allows(prog, "::1"));
  EXPECT_TRUE(allows(prog, "fd00::2"));
  EXPECT_FALSE(allows(prog, "fd00::3"));
  EXPECT_FALSE(allows(prog, "::2"));
  EXPECT_FALSE(allows(prog, "fd00::1:2"));
}

}  // namespace
}  // namespace knock::server
