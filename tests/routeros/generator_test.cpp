// routeros/src/generator.cpp: what generate() refuses, the script around the rules (header, removal of an
// earlier self, warnings), the removal script, and the rules installed into a router's own export for every
// option (what the rules are and do is generator_rules_test.cpp's, where they go placement_test.cpp's).
#include "knock/routeros/generator.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "generated.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/apply.hpp"
#include "knock/routeros/dry_run.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::alone;
using test::config;
using test::decider;
using test::example;
using test::failures;
using test::knock;
using test::office;
using test::options;
using test::tables;

std::string refusal(const GenerateOptions& o) {
  auto g = generate(o);
  EXPECT_FALSE(g) << g->script;
  return g ? "" : g.error().message;
}

TEST(GeneratorRefuses, AProtectedPortUsedAsAKnockPort) {
  EXPECT_EQ(
      refusal(options("tcp:22", {{6, 22}})),
      "step 1 tcp:22 knocks on tcp:22, a port the rules protect: a connection's own SYN would count as "
      "that knock (the connection would open the door for itself); knock on a port nothing connects to");
  EXPECT_NE(refusal(options("tcp:1 udp:53", {{6, 22}, {17, 53}})).find("step 2 udp:53 knocks on udp:53"),
            std::string::npos);
  EXPECT_TRUE(generate(options("udp:22", {{6, 22}}))) << "another protocol is another port";
}

TEST(GeneratorRefuses, ConsecutiveKnocksThatMatchTheSamePacket) {
  EXPECT_EQ(refusal(options("tcp:1 tcp:1 tcp:1")),
            "steps 1 and 2 (tcp:1, tcp:1) match the same packet: one SYN and its retransmission would climb "
            "both stages; give consecutive knocks different ports");
  EXPECT_NE(refusal(options("tcp:1 connect:1")).find("steps 1 and 2"), std::string::npos);
  EXPECT_NE(refusal(options("udp:5:text:ab udp:5")).find("one datagram sent twice"), std::string::npos)
      << "a rule without content= takes the datagram with a payload";
  EXPECT_NE(refusal(options("tcp:9 icmp:98 icmp:98")).find("steps 2 and 3"), std::string::npos);
  EXPECT_TRUE(generate(options("udp:5 udp:5:text:x"))) << "the second rule wants a payload the first lacks";
  EXPECT_TRUE(generate(options("tcp:1 udp:1 tcp:1"))) << "not consecutive";
}

TEST(GeneratorRefuses, NamesThatCannotStartAComment) {
  GenerateOptions o = options("tcp:1");
  for (const char* name : {"", "two words", "a\"b", "-x", "semi;colon"}) {
    o.name = name;
    EXPECT_NE(refusal(o).find("is not valid: it starts every comment"), std::string::npos) << name;
  }
  o.name = "my.router_2-b";
  EXPECT_TRUE(generate(o));
  EXPECT_FALSE(removal_script("two words"));
}

TEST(GeneratorRefuses, ABlacklistTimeoutRouterOsCannotKeep) {
  GenerateOptions o = options("tcp:1 udp:2");
  o.anti_scan = true;
  o.blacklist_timeout = 0s;
  EXPECT_NE(refusal(o).find("--blacklist-timeout"), std::string::npos);
  o.blacklist_timeout = 36 * std::chrono::weeks(1);
  EXPECT_NE(refusal(o).find("--blacklist-timeout"), std::string::npos);
}

TEST(Generator, EveryRuleCarriesTheProfilesPrefixAndTheScriptFirstRemovesItsEarlierSelf) {
  GenerateOptions o = options("tcp:4001 udp:4002", {{6, 8291}, {6, 22}, {17, 500}});
  o.anti_scan = o.ipv6 = true;
  const auto g = generate(o);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->prefix, "knock:office ");
  const Config c = alone(*g);
  for (const Family f : {Family::v4, Family::v6}) {
    ASSERT_FALSE(c.rules(f).empty());
    for (const Rule& r : c.rules(f))
      EXPECT_EQ(r.comment.rfind("knock:office ", 0), 0u) << r.describe();
  }
  EXPECT_NE(g->script.find("/ip firewall filter\nremove [find where comment~\"^knock:office \"]\nadd "),
            std::string::npos)
      << g->script;
  EXPECT_NE(g->script.find("/ipv6 firewall filter\nremove [find where comment~\"^knock:office \"]\nadd "),
            std::string::npos);
  o.name = "my.router";
  EXPECT_NE(generate(o)->script.find("remove [find where comment~\"^knock:my\\\\.router \"]"),
            std::string::npos)
      << "the dot is escaped for the regular expression, the backslash for the string";
}

TEST(Generator, WithoutIpv6TheScriptStillRemovesAnEarlierIpv6Twin) {
  const auto g = generate(options("tcp:4001 udp:4002"));
  EXPECT_NE(g->script.find("/ipv6 firewall filter\nremove [find where comment~\"^knock:office \"]\n"),
            std::string::npos);
  EXPECT_TRUE(alone(*g).rules(Family::v6).empty());
}

TEST(Generator, TheHeaderSaysSafeModeAndWithoutAnExportHowToMoveTheRules) {
  GenerateOptions o = options("tcp:4001 udp:4002");
  o.ipv6 = true;
  const std::string s = generate(o)->script;
  EXPECT_NE(s.find("Enter Safe Mode before you paste (Ctrl-X in the terminal"), std::string::npos) << s;
  EXPECT_NE(s.find("#   /ip firewall filter move [find where comment~\"^knock:office \"] destination=N\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("#   /ipv6 firewall filter move [find where comment~\"^knock:office \"] destination=N\n"),
            std::string::npos);
  EXPECT_EQ(s.find("place-before="), std::string::npos) << "nowhere to place them without the export";
}

// Without the export no dry run tries the LAN: unscoped drops would ask it for the knock too, and the
// header and a warning say so; limited to WAN, or with the export (whose dry run tries the LAN), they do not.
TEST(Generator, WithoutAnExportOrAnInterfaceScopeItSaysTheLanNeedsTheKnockToo) {
  GenerateOptions o = options("tcp:4001 udp:4002");
  auto g = generate(o);
  ASSERT_TRUE(g);
  EXPECT_NE(g->script.find("# The rules are limited to no interface list: a new connection from the LAN to "
                           "tcp:8291\n# needs the knock too"),
            std::string::npos)
      << g->script;
  ASSERT_EQ(g->warnings.size(), 1u);
  EXPECT_NE(g->warnings.front().find("a new connection from the LAN to tcp:8291 needs the knock too"),
            std::string::npos);
  o.in_interface_list = "WAN";
  g = generate(o);
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front();
  EXPECT_EQ(g->script.find("from the LAN"), std::string::npos);
  o.in_interface_list.clear();
  o.drop = false;
  EXPECT_TRUE(generate(o)->warnings.empty()) << "no drop, nothing the LAN needs a knock for";
  o.drop = true;
  const Config router = test::example("defconf.rsc");
  o.router = &router;
  g = generate(o);
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_EQ(g->script.find("from the LAN"), std::string::npos) << "the export's dry run tries the LAN";
}

TEST(Generator, TheRemovalScriptTakesAwayBothFamilies) {
  EXPECT_EQ(
      *removal_script("office"),
      "# knock: removes every rule knock added for office (their comments start with \"knock:office \").\n"
      "# Enter Safe Mode before you paste (Ctrl-X in the terminal, the Safe Mode button in Winbox).\n"
      "/ip firewall filter\nremove [find where comment~\"^knock:office \"]\n"
      "/ipv6 firewall filter\nremove [find where comment~\"^knock:office \"]\n");
  GenerateOptions o = options("tcp:4001 udp:4002");
  o.ipv6 = true;
  Config c = alone(*generate(o));
  ASSERT_TRUE(apply_script(c, *removal_script("office")));
  EXPECT_TRUE(c.rules(Family::v4).empty());
  EXPECT_TRUE(c.rules(Family::v6).empty());
}

TEST(Generator, RefusesStageTimeoutsTheDelayCannotMeet) {
  GenerateOptions o = options("tcp:1 wait:20s udp:2", {{6, 22}});
  EXPECT_EQ(refusal(o),
            "stage 1 times out after 15s, but the next knock comes 20s later: the sequence could never "
            "complete (raise --timeouts or shorten the delay)");
  o.timeouts = {21s, 1h};
  o.in_interface_list = "WAN";  // no warning for the LAN
  auto tight = generate(o);
  ASSERT_TRUE(tight);
  ASSERT_EQ(tight->warnings.size(), 1u);
  EXPECT_NE(tight->warnings[0].find("only 1s more than the wait"), std::string::npos);
}

// Installed into a router's own configuration, for every generator option: generate for the defconf export,
// merge the script into it at the place it computed, then check. The knock opens the door, near misses do
// not, the LAN and open sessions keep their access, pasting twice changes nothing, the removal script
// restores the export exactly, and two profiles never open each other's ports.
struct Variant {
  const char* name;
  std::function<void(GenerateOptions&)> set;
};

void PrintTo(const Variant& v, std::ostream* os) {
  *os << v.name;
}

class EveryOption : public ::testing::TestWithParam<Variant> {
 protected:
  const Config before_ = example("defconf.rsc");
  GenerateOptions options() const {
    GenerateOptions o = office(before_);
    GetParam().set(o);
    return o;
  }
};

TEST_P(EveryOption, TheMergedExportLetsTheKnockInAndNothingElseChanges) {
  const GenerateOptions o = options();
  const auto g = generate(o);
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_FALSE(g->placements.empty());
  for (const Placement& p : g->placements)
    EXPECT_TRUE(p.before) << "defconf decides every knock somewhere: " << p.reason;
  const auto dry = dry_run(before_, g->script, o);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_TRUE(dry->passed()) << failures(*dry) << g->script;
  const auto has = [&](std::string_view label) {
    return std::any_of(dry->trials.begin(), dry->trials.end(),
                       [&](const Trial& t) { return t.label.rfind(label, 0) == 0; });
  };
  EXPECT_TRUE(has("the knock opens"));
  EXPECT_TRUE(has("near miss, no knock at all"));
  EXPECT_TRUE(has("a new connection from the LAN (192.168.88.2 on bridge)"));
  EXPECT_TRUE(has("an open session from outside"));
  EXPECT_TRUE(has("an open session from the LAN"));
  for (const ServicePort& p : o.protect) {
    const CheckResult r = knock(dry->after, core::format_sequence(o.sequence), p);
    ASSERT_TRUE(r.granted) << r.explanation.front();
    ASSERT_NE(decider(r), nullptr) << "granted by a rule, not by a chain's policy";
    EXPECT_EQ(decider(r)->comment.rfind(g->prefix, 0), 0u) << "the profile's own accept";
  }
}

TEST_P(EveryOption, PastingTwiceGivesTheSameRulesAndTheRemovalRestoresTheExport) {
  const GenerateOptions o = options();
  const auto g = generate(o);
  ASSERT_TRUE(g) << g.error().message;
  Config once = before_;
  ASSERT_TRUE(apply_script(once, g->script));
  Config twice = once;
  ASSERT_TRUE(apply_script(twice, g->script));
  EXPECT_EQ(tables(twice), tables(once));
  GenerateOptions again = o;
  again.router = &once;  // an export taken after the first paste
  EXPECT_EQ(generate(again)->script, g->script) << "the profile's own rules do not move the place";
  ASSERT_TRUE(apply_script(once, *removal_script(o.name)));
  EXPECT_EQ(tables(once), tables(before_));
}

INSTANTIATE_TEST_SUITE_P(
    Generator, EveryOption,
    ::testing::Values(Variant{"plain", [](GenerateOptions&) {}},
                      Variant{"anti_scan",
                              [](GenerateOptions& o) {
                                o.anti_scan = true;
                                o.blacklist_timeout = 2min;
                              }},
                      Variant{"ipv6", [](GenerateOptions& o) { o.ipv6 = true; }},
                      Variant{"no_drop", [](GenerateOptions& o) { o.drop = false; }},
                      Variant{"timeouts_and_delay",
                              [](GenerateOptions& o) {
                                o.timeouts = {30s, 10min};
                                o.delay = 10s;
                              }},
                      Variant{"list", [](GenerateOptions& o) { o.list = "Save Haven"; }},
                      Variant{"payload_and_icmp",
                              [](GenerateOptions& o) {
                                o.sequence = *core::parse_sequence("tcp:4001 udp:4002:text:open icmp:120");
                              }},
                      Variant{"udp_protect",
                              [](GenerateOptions& o) {
                                o.protect = {{6, 8291}, {17, 51820}};
                              }},
                      Variant{"dotted_name", [](GenerateOptions& o) { o.name = "my.router"; }},
                      Variant{"everything",
                              [](GenerateOptions& o) {
                                o.sequence = *core::parse_sequence("tcp:4001 udp:4002:text:open icmp:120");
                                o.protect = {{6, 8291}, {6, 22}, {17, 51820}};
                                o.anti_scan = o.ipv6 = true;
                                o.timeouts = {20s, 1h};
                                o.delay = 1s;
                                o.list = "Save Haven";
                              }}),
    [](const ::testing::TestParamInfo<Variant>& param) { return std::string(param.param.name); });

// routeros/examples/office-rules.rsc is what the docs show: it must stay what the generator writes.
TEST(ShippedExample, OfficeRulesAreWhatTheGeneratorWritesAndPassTheirDryRun) {
  const Config before = example("defconf.rsc");
  GenerateOptions o = office(before);
  o.protect = {{6, 8291}, {6, 22}};
  o.anti_scan = true;
  const auto g = generate(o);
  ASSERT_TRUE(g) << g.error().message;
  std::string shipped = test::example_text("office-rules.rsc");
  shipped.erase(0, shipped.find("# knock: port knocking"));  // the example's own preface
  EXPECT_EQ(shipped, g->script) << "regenerate the example with the command in its first lines";
  const auto dry = dry_run(before, shipped, o);
  ASSERT_TRUE(dry) << dry.error().message;
  EXPECT_TRUE(dry->passed()) << failures(*dry);
}

// Two profiles on one router, the second placed on the export as the first left it.
struct TwoProfiles : ::testing::Test {
  const Config before = example("defconf.rsc");
  Config both = before;
  GenerateOptions a = office(before), b = office(before);

  void SetUp() override {
    b.name = "lab";
    b.sequence = *core::parse_sequence("tcp:5001 udp:5002");
    a.protect = {{6, 8291}};
    const auto ga = generate(a);
    ASSERT_TRUE(ga);
    ASSERT_TRUE(apply_script(both, ga->script));
    b.router = &both;
    const auto gb = generate(b);
    ASSERT_TRUE(gb) << gb.error().message;
    EXPECT_EQ(gb->placements[0].place_before,
              "[find where chain=input comment=\"knock:office drop new tcp 8291 without the knock\"]")
        << "lab's accept for 8291 must come before office's drop of it";
    ASSERT_TRUE(apply_script(both, gb->script));
  }
};

TEST_F(TwoProfiles, EachKnockOpensItsOwnPortsAndNeverTheOthers) {
  EXPECT_TRUE(knock(both, "tcp:4001 udp:4002", {6, 8291}).granted);
  EXPECT_FALSE(knock(both, "tcp:4001 udp:4002", {6, 22}).granted) << "22 is lab's alone";
  EXPECT_TRUE(knock(both, "tcp:5001 udp:5002", {6, 8291}).granted);
  EXPECT_TRUE(knock(both, "tcp:5001 udp:5002", {6, 22}).granted);
  EXPECT_FALSE(knock(both, "tcp:4001 udp:5002", {6, 22}).granted) << "half of each";
  EXPECT_FALSE(knock(both, "tcp:5001 udp:4002", {6, 8291}).granted);
}

TEST_F(TwoProfiles, RemovingOneLeavesTheOtherWorkingAndRemovingBothRestoresTheExport) {
  Config left = both;
  ASSERT_TRUE(apply_script(left, *removal_script("office")));
  EXPECT_TRUE(knock(left, "tcp:5001 udp:5002", {6, 8291}).granted);
  EXPECT_FALSE(knock(left, "tcp:4001 udp:4002", {6, 22}).granted);
  ASSERT_TRUE(apply_script(left, *removal_script("lab")));
  EXPECT_EQ(tables(left), tables(before));
}

TEST(Generator, QuoteEscapesWhatRouterOsWouldReadAndThePrefixEndsInASpace) {
  EXPECT_EQ(quote("plain"), "\"plain\"");
  EXPECT_EQ(quote(""), "\"\"");
  EXPECT_EQ(quote("$x \"y\" \\z"), "\"\\$x \\\"y\\\" \\\\z\"");
  EXPECT_EQ(quote("a\nb\x7f"), "\"a\\0Ab\\7F\"");
  EXPECT_EQ(comment_prefix("office"), "knock:office ");
  EXPECT_EQ(comment_prefix("my.router"), "knock:my.router ");
  EXPECT_EQ(generate(options("tcp:1"))->prefix, comment_prefix("office"));
}

}  // namespace
}  // namespace knock::routeros
