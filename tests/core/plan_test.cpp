#include "knock/core/plan.hpp"

#include <gtest/gtest.h>

namespace knock::core {
namespace {

IpAddress addr(const char* s) {
  return *parse_literal(s);
}

Sequence seq(std::string_view text) {
  return *parse_sequence(text);
}

TEST(Schedule, DelaysSeparateTheStartsOfConsecutiveKnocks) {
  const auto at = schedule(seq("tcp:1 udp:2 tcp:3"), 50ms);
  EXPECT_EQ(at, (std::vector<Duration>{0ms, 50ms, 100ms}));
}

TEST(Schedule, WaitStepsAddToTheSequenceDelayAndNothingFollowsTheLastKnock) {
  const auto at = schedule(seq("wait:10ms tcp:1 wait:1s udp:2 tcp:3"), 50ms);
  EXPECT_EQ(at, (std::vector<Duration>{10ms, 1060ms, 1110ms}));
  KnockPlan plan = *make_plan(seq("tcp:1 wait:1s udp:2"), "h", {addr("127.0.0.1")}, {.delay = 50ms});
  EXPECT_EQ(plan.length(), 1050ms);  // the plan ends with the last knock
}

TEST(Schedule, ZeroDelaySendsBackToBack) {
  EXPECT_EQ(schedule(seq("tcp:1 tcp:2"), 0ms), (std::vector<Duration>{0ms, 0ms}));
}

TEST(Literal, AcceptsIpv6WithAndWithoutBrackets) {
  EXPECT_EQ(parse_literal("::1"), addr("::1"));
  EXPECT_EQ(parse_literal("[::1]"), addr("::1"));
  EXPECT_EQ(parse_literal("127.0.0.1")->to_string(), "127.0.0.1");
  EXPECT_FALSE(parse_literal("localhost"));
  EXPECT_FALSE(parse_literal("[::1"));
  // Only the full dotted quad, on every platform: the short forms inet_aton (and Wine's inet_pton) take
  // would turn a typo into another address.
  for (const char* bad : {"192.168.88", "10.1", "127.1", "1.2.3.4.5", "1.2.3.256", "1.2.3.0400", "1..2.3",
                          "1.2.3.", ".1.2.3", "0x7f.0.0.1", "1.2.3.4 ", ""}) {
    EXPECT_FALSE(parse_literal(bad)) << bad;
  }
  EXPECT_EQ(parse_literal("255.255.255.255")->to_string(), "255.255.255.255");
  EXPECT_EQ(parse_literal("::ffff:192.0.2.1")->to_string(), "::ffff:192.0.2.1");
}

TEST(Targets, FollowTheResolverUnlessAFamilyIsChosen) {
  const std::vector<IpAddress> both{addr("::1"), addr("127.0.0.1")};
  EXPECT_EQ(choose_targets("h", both, Family::any)->front(), addr("::1"));
  EXPECT_EQ(choose_targets("h", both, Family::v4)->front(), addr("127.0.0.1"));
  EXPECT_EQ(choose_targets("h", both, Family::v6)->front(), addr("::1"));
  EXPECT_EQ(*choose_targets("h", both, Family::both), both);
}

TEST(Targets, IPv4OnlyForAnIPv6OnlyHostIsAResolveError) {
  auto t = choose_targets("::1", {addr("::1")}, Family::v4);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::resolve_failed);
  EXPECT_EQ(t.error().message, "host '::1' has no IPv4 address (it has ::1)");
  EXPECT_EQ(choose_targets("h", {addr("::1")}, Family::both).error().code, Errc::resolve_failed);
}

TEST(Plan, RejectsASourceOfTheOtherFamily) {
  auto p = make_plan(seq("tcp:1"), "::1", {addr("::1")}, {.source = addr("127.0.0.1")});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, Errc::bad_input);
  EXPECT_EQ(p.error().message, "--source 127.0.0.1 is IPv4 but ::1 is knocked on ::1 (IPv6)");
}

TEST(Plan, RejectsAnIcmpSizeBelowTheIpv6Headers) {
  EXPECT_TRUE(make_plan(seq("icmp:40"), "h", {addr("127.0.0.1")}, {}));
  auto p = make_plan(seq("icmp:40"), "h", {addr("::1")}, {});
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("ICMP size 40 is below 48"), std::string::npos);
}

TEST(Plan, CarriesTheOptions) {
  PlanOptions o{.delay = 20ms, .source = addr("127.0.0.2"), .verify = VerifyOptions{.port = 8291}};
  KnockPlan p = *make_plan(seq("tcp:1 udp:2"), "router", {addr("127.0.0.1")}, o);
  EXPECT_EQ(p.host, "router");
  EXPECT_EQ(p.targets, std::vector<IpAddress>{addr("127.0.0.1")});
  EXPECT_EQ(p.knocks[1].at, 20ms);
  EXPECT_EQ(p.source, addr("127.0.0.2"));
  EXPECT_EQ(p.verify->port, 8291);
}

TEST(LoopbackGuard, AllowsOnlyLoopbackWhenOn) {
  EXPECT_TRUE(check_destination(addr("127.0.0.1"), "localhost", true));
  EXPECT_TRUE(check_destination(addr("127.255.0.9"), "x", true));
  EXPECT_TRUE(check_destination(addr("::1"), "::1", true));
  EXPECT_TRUE(check_destination(addr("::ffff:127.0.0.1"), "x", true));
  auto refused = check_destination(addr("192.0.2.7"), "router.example.net", true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(
      refused.error().message,
      "KNOCK_LOOPBACK_ONLY=1 refuses to send to 192.0.2.7 (router.example.net): only 127.0.0.0/8 and ::1 are "
      "allowed");
  EXPECT_FALSE(check_destination(addr("::2"), "::2", true));
  EXPECT_TRUE(check_destination(addr("192.0.2.7"), "x", false));
}

}  // namespace
}  // namespace knock::core
