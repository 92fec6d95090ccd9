// routeros/src/dry_run.cpp: generated rules tried on the router's own export before anything is pasted
// (the knock, near misses, the LAN, open sessions), the near misses themselves, and the diff of the filter.
#include "knock/routeros/dry_run.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generated.hpp"
#include "knock/core/plan.hpp"

namespace knock::routeros {
namespace {

using test::config;
using test::example;
using test::office;

TEST(DryRun, WithoutAnInterfaceScopeTheLanWouldLoseAccessAndItSaysSo) {
  const Config before = example("defconf.rsc");
  GenerateOptions o = office(before);
  o.in_interface_list.clear();
  const auto dry = dry_run(before, generate(o)->script, o);
  ASSERT_TRUE(dry);
  EXPECT_FALSE(dry->passed());
  const auto lan = std::find_if(dry->trials.begin(), dry->trials.end(), [](const Trial& t) {
    return t.label.rfind("a new connection from the LAN", 0) == 0;
  });
  ASSERT_NE(lan, dry->trials.end());
  EXPECT_FALSE(lan->passed);
  EXPECT_NE(lan->outcome.find("\"knock:office drop new tcp 8291,22 without the knock\""), std::string::npos)
      << lan->outcome;
  EXPECT_NE(lan->outcome.find("--interface-list WAN"), std::string::npos) << lan->outcome;
}

TEST(DryRun, AGrantByAnAcceptThatIsNotTheProfilesOwnIsNoPass) {
  const Config before = config("/ip firewall filter\nadd action=accept chain=forward\n");
  GenerateOptions o = office(before);
  o.in_interface_list.clear();
  // Whatever the knock, an accept of someone else's lets the connection in: the knock opened nothing.
  const DryRun dry = rehearse(
      before, config("/ip firewall filter\nadd action=accept chain=input comment=\"wide open\"\n"), o);
  ASSERT_FALSE(dry.trials.empty());
  const Trial& opens = dry.trials.front();
  EXPECT_EQ(opens.label, "the knock opens tcp:8291 (IPv4)");
  EXPECT_FALSE(opens.passed) << opens.outcome;
  EXPECT_NE(opens.outcome.find("accepted by rule #0 \"wide open\" (accept)"), std::string::npos)
      << opens.outcome;
  EXPECT_NE(opens.outcome.find("not the profile's own accept (its comment starts with \"knock:office \")"),
            std::string::npos)
      << opens.outcome;
  EXPECT_FALSE(dry.passed());
}

std::vector<std::string> labels(const std::vector<NearMiss>& misses) {
  std::vector<std::string> out;
  for (const NearMiss& m : misses)
    out.push_back(m.label);
  return out;
}

TEST(NearMisses, EachMissesTheKnockByALittle) {
  const auto seq = *core::parse_sequence("tcp:4001 udp:4002:text:open icmp:120");
  const auto misses = near_misses(seq);
  EXPECT_EQ(
      labels(misses),
      (std::vector<std::string>{
          "no knock at all", "one knock short (tcp:4001 udp:4002:text:open)", "the knocks in reverse order",
          "knock 1 on port 4002 instead of 4001", "knock 2 on port 4003 instead of 4002",
          "knock 2 with its payload one bit off", "knock 3 of 121 bytes instead of 120"}));
  EXPECT_TRUE(misses[0].sequence.knocks.empty());
  EXPECT_EQ(misses[1].sequence.knocks.size(), 2u);
  EXPECT_EQ(misses[2].sequence.knocks.front().protocol, core::Protocol::icmp);
  EXPECT_EQ(misses[3].sequence.knocks[0].port, 4002);
  EXPECT_EQ(misses[3].sequence.knocks[1].port, 4002) << "only the one knock changes";
  EXPECT_EQ(std::string(misses[5].sequence.knocks[1].payload.bytes.begin(),
                        misses[5].sequence.knocks[1].payload.bytes.end()),
            "opeo");
  EXPECT_EQ(misses[6].sequence.knocks[2].icmp_size, 121);
  for (const NearMiss& m : misses)
    EXPECT_FALSE(m.sequence == seq) << m.label;
}

TEST(NearMisses, AtTheTopPortItStepsDownAndAPalindromeHasNoReverse) {
  EXPECT_EQ(labels(near_misses(*core::parse_sequence("tcp:65535"))),
            (std::vector<std::string>{"no knock at all", "knock 1 on port 65534 instead of 65535"}));
  const auto palindrome = labels(near_misses(*core::parse_sequence("tcp:1 udp:2 tcp:1")));
  EXPECT_EQ(std::count(palindrome.begin(), palindrome.end(), "the knocks in reverse order"), 0);
  EXPECT_EQ(palindrome.size(), 5u);
}

TEST(FilterDiff, KeptRemovedAndAddedRulesAsTheirAddLines) {
  const Config before = config(
      "/ip firewall filter\nadd action=accept chain=input comment=a\nadd action=drop chain=input comment=b\n"
      "add action=drop chain=input comment=\"c d\"\n");
  const Config after = config(
      "/ip firewall filter\nadd action=accept chain=input comment=a\nadd action=accept chain=input comment=x "
      "protocol=tcp dst-port=22\nadd action=drop chain=input comment=\"c d\"\n");
  EXPECT_EQ(filter_diff(before, after, Family::v4),
            (std::vector<std::string>{"  add action=accept chain=input comment=a",
                                      "- add action=drop chain=input comment=b",
                                      "+ add action=accept chain=input comment=x protocol=tcp dst-port=22",
                                      "  add action=drop chain=input comment=\"c d\""}));
  EXPECT_TRUE(filter_diff(before, after, Family::v6).empty());
  EXPECT_EQ(filter_diff(before, before, Family::v4).size(), 3u);
  for (const auto& line : filter_diff(before, before, Family::v4))
    EXPECT_EQ(line.rfind("  add ", 0), 0u) << line;
}

TEST(FilterDiff, AnAddLineQuotesWhatNeedsQuotingInTheOrderWritten) {
  const Config c = config(
      "/ip firewall filter add chain=input in-interface-list=!WAN comment=\"say \\\"hi\\\"\" "
      "dst-port=22,80 protocol=tcp src-address=10.0.0.0/8\n");
  EXPECT_EQ(add_line(c.rules(Family::v4).at(0)),
            "add chain=input in-interface-list=!WAN comment=\"say \\\"hi\\\"\" dst-port=22,80 protocol=tcp "
            "src-address=10.0.0.0/8");
  EXPECT_EQ(config(add_line(c.rules(Family::v4).at(0)).insert(0, "/ip firewall filter "))
                .rules(Family::v4)
                .at(0)
                .comment,
            "say \"hi\"")
      << "the line loads back to the same rule";
}

}  // namespace
}  // namespace knock::routeros
