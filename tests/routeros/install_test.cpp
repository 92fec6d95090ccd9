// Generated rules installed into a router's own configuration, for every generator option: generate for the
// defconf export, merge the script into it at the place it computed, then check. The knock opens the door,
// near misses do not, the LAN and open sessions keep their access, pasting twice changes nothing, the
// removal script restores the export exactly, and two profiles never open each other's ports.
#include <functional>

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/apply.hpp"
#include "knock/routeros/dry_run.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::config;
using test::example;

constexpr const char* kDropNotLan =
    "[find where chain=input comment=\"defconf: drop all not coming from LAN\"]";

GenerateOptions office(const Config& router) {
  GenerateOptions o;
  o.sequence = *core::parse_sequence("tcp:4001 udp:4002");
  o.protect = {{6, 8291}, {6, 22}};
  o.name = "office";
  o.in_interface_list = "WAN";
  o.router = &router;
  o.router_name = "defconf.rsc";
  return o;
}

// Both filter tables as the add lines that make them: what "the same configuration" means here.
std::vector<std::string> tables(const Config& c) {
  std::vector<std::string> out;
  for (const Family f : {Family::v4, Family::v6}) {
    for (const Rule& r : c.rules(f))
      out.push_back(std::string(f == Family::v4 ? "/ip " : "/ipv6 ") + add_line(r));
  }
  return out;
}

std::string failures(const DryRun& d) {
  std::string out;
  for (const Trial& t : d.trials) {
    if (!t.passed) out += "FAILED " + t.label + ": " + t.outcome + "\n";
  }
  return out;
}

CheckResult knock(const Config& c, const std::string& steps, ServicePort p, const char* from = "127.0.0.1") {
  CheckRequest r;
  r.sequence = *core::parse_sequence(steps);
  r.from = *core::parse_literal(from);
  r.protect = p;
  return check(c, r);
}

const Rule* decider(const CheckResult& r) {
  return r.steps.back().verdict.rule;
}

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

}  // namespace
}  // namespace knock::routeros
