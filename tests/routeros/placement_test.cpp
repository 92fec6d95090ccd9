// routeros/src/placement.cpp, through generate: where a profile's rules go in a router's filter table (before
// the first input rule that decides a knock or the protected port, found with the evaluator), what names
// that place, and the exports where no place works.
#include <string>

#include <gtest/gtest.h>

#include "generated.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/apply.hpp"

namespace knock::routeros {
namespace {

using test::config;
using test::example;
using test::failures;
using test::kDropNotLan;
using test::office;
using test::tables;

TEST(Placement, BeforeTheRuleThatDecidesTheKnocksFirstAndSaysWhichOne) {
  const Config before = example("defconf.rsc");
  GenerateOptions o = office(before);
  o.ipv6 = true;
  const auto g = generate(o);
  ASSERT_EQ(g->placements.size(), 2u);
  EXPECT_EQ(g->placements[0].place_before, kDropNotLan);
  EXPECT_EQ(g->placements[0].reason,
            "IPv4: placed before rule #7 \"defconf: drop all not coming from LAN\" (drop), the first rule of "
            "defconf.rsc that decides knock 1 tcp:4001");
  EXPECT_EQ(g->placements[1].place_before,
            "[find where chain=input comment=\"defconf: drop everything else not coming from LAN\"]");
  EXPECT_NE(g->script.find("# IPv4: placed before rule #7"), std::string::npos);
  EXPECT_EQ(g->script.find("destination=N"), std::string::npos) << "no need to move them";
  o.sequence = *core::parse_sequence("icmp:120 tcp:4001");
  EXPECT_NE(generate(o)->placements[0].reason.find("\"defconf: accept ICMP\" (accept), the first rule of "
                                                   "defconf.rsc that decides knock 1 icmp:120"),
            std::string::npos)
      << "an accept decides too";
}

TEST(Placement, ARuleWithoutACommentOfItsOwnIsNamedByItsPlaceInTheChain) {
  const Config before = config(
      "/ip firewall filter\n"
      "add action=accept chain=input connection-state=established\n"
      "add action=accept chain=forward\n"
      "add action=jump chain=input jump-target=outside in-interface=ether1\n"
      "add action=accept chain=outside protocol=icmp\n"
      "add action=drop chain=outside\n");
  GenerateOptions o = office(before);
  o.in_interface_list.clear();
  const auto g = generate(o);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->placements[0].place_before, "[:pick [find where chain=input dynamic=no] 1]")
      << "the jump that leads to the drop, the second rule of input";
  const auto dry = dry_run(before, g->script, o);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_TRUE(dry->passed()) << failures(*dry);
  EXPECT_EQ(dry->after.rules(Family::v4)[2].comment, "knock:office knock 2/2, access");
  Config twice = dry->after;
  ASSERT_TRUE(apply_script(twice, g->script));
  EXPECT_EQ(tables(twice), tables(dry->after)) << "each rule's position counts the ones added before it";
  ASSERT_TRUE(apply_script(twice, *removal_script("office")));
  EXPECT_EQ(tables(twice), tables(before));
}

TEST(Placement, WithNoRuleInTheWayTheRulesGoToTheEnd) {
  const Config before = config("/ip firewall filter\nadd action=accept chain=forward\n");
  GenerateOptions o = office(before);
  o.in_interface_list.clear();
  const auto g = generate(o);
  EXPECT_FALSE(g->placements[0].before);
  EXPECT_EQ(g->script.find("place-before="), std::string::npos);
  EXPECT_NE(g->placements[0].reason.find("added at the end"), std::string::npos);
}

TEST(Placement, ARawDropOrAPortForwardLeavesNoPlaceThatWorks) {
  const Config raw =
      config("/ip firewall raw\nadd action=drop chain=prerouting protocol=tcp dst-port=4001\n");
  const auto dropped = generate(office(raw));
  ASSERT_FALSE(dropped);
  EXPECT_EQ(
      dropped.error().message,
      "defconf.rsc: raw rule #0 (drop) drops knock 1 tcp:4001 in raw, before the filter, so no place in "
      "the filter sees it: exempt the knock's ports in raw");
  const Config nat = config(
      "/ip firewall nat\nadd action=dst-nat chain=dstnat protocol=tcp dst-port=22 "
      "to-addresses=192.168.88.2\n");
  const auto forwarded = generate(office(nat));
  ASSERT_FALSE(forwarded);
  EXPECT_NE(forwarded.error().message.find("sends a new connection to tcp:22 on to another host"),
            std::string::npos)
      << forwarded.error().message;
}

TEST(Placement, AboveARuleTheEmulatorCannotDecideAndTheDryRunReportsWhatStaysUndecided) {
  const Config before = config(
      "/ip firewall filter\n"
      "add action=drop chain=input comment=\"half day\" protocol=tcp dst-port=4001 time=0s-12h\n"
      "add action=drop chain=input\n");
  GenerateOptions o = office(before);
  o.in_interface_list.clear();
  const auto g = generate(o);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(
      g->placements[0].reason,
      "IPv4: placed before rule #0 \"half day\" (drop), the first rule of defconf.rsc that decides knock 1 "
      "tcp:4001 (or may: the emulator cannot evaluate all of it)");
  const auto dry = dry_run(before, g->script, o);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_FALSE(dry->passed()) << "the first knock still reaches the time= rule below the stage: undecided";
  const auto opens = std::find_if(dry->trials.begin(), dry->trials.end(),
                                  [](const Trial& t) { return t.label.rfind("the knock opens", 0) == 0; });
  ASSERT_NE(opens, dry->trials.end());
  EXPECT_FALSE(opens->passed);
  EXPECT_NE(opens->outcome.find("undecided, not a pass: step 1 tcp:4001"), std::string::npos)
      << opens->outcome;
  EXPECT_NE(opens->outcome.find("\"half day\" (drop) uses time=0s-12h"), std::string::npos) << opens->outcome;
}

}  // namespace
}  // namespace knock::routeros
