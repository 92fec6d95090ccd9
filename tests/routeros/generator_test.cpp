// The generator: what it refuses, what every rule carries, and what the rules do when fed back through the
// parser and the evaluator on their own (placement in a real export is install_test.cpp's).
#include "knock/routeros/generator.hpp"

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/apply.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::config;

GenerateOptions options(const std::string& steps, std::vector<ServicePort> protect = {{6, 8291}}) {
  GenerateOptions o;
  o.sequence = *core::parse_sequence(steps);
  o.protect = std::move(protect);
  o.name = "office";
  return o;
}

std::string refusal(const GenerateOptions& o) {
  auto g = generate(o);
  EXPECT_FALSE(g) << g->script;
  return g ? "" : g.error().message;
}

// The rules alone, loaded as an export.
Config alone(const Generated& g) {
  return config(g.script);
}

const IpAddress kRouter = *core::parse_literal("127.0.0.1");
const IpAddress kClient = *core::parse_literal("127.0.0.1");

// A knock and then a connection on one firewall, so that what one leaves on the lists the next one sees.
class Client {
 public:
  explicit Client(const Config& c, IpAddress from = kClient) : fw_(c, {}, Time{0}), from_(from) {}
  void knock(const std::string& steps) {
    const auto seq = *core::parse_sequence(steps);
    for (std::size_t i = 0; i < seq.knocks.size(); ++i) {
      for (const auto& p : packets_for(seq.knocks[i], from_, kRouter, static_cast<std::uint16_t>(41000 + i)))
        fw_.evaluate(p, now_ += 100ms);
    }
  }
  bool connects(ServicePort p) {
    return fw_.evaluate(connection_packet(p, from_, kRouter), now_ += 100ms).accepted();
  }
  void wait(core::Duration d) { now_ += std::chrono::duration_cast<Time>(d); }

 private:
  Firewall fw_;
  IpAddress from_;
  Time now_{std::chrono::seconds(1)};
};

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

TEST(Generator, ListNamesComeFromTheProfileNameAndNeverMeetAnotherProfiles) {
  const auto office = generate(options("tcp:4001 udp:4002 tcp:4003"));
  EXPECT_EQ(office->lists,
            (std::vector<std::string>{"knock:office:stage1", "knock:office:stage2", "knock:office:access"}));
  GenerateOptions lab = options("tcp:4001 udp:4002 tcp:4003");
  lab.name = "office-stage1";  // a name that tries to end where another profile's list does
  const auto lab_rules = generate(lab);
  for (const auto& l : lab_rules->lists) {
    EXPECT_EQ(std::find(office->lists.begin(), office->lists.end(), l), office->lists.end()) << l;
  }
  GenerateOptions named = options("tcp:4001 udp:4002");
  named.list = "Save Haven";
  EXPECT_EQ(generate(named)->lists, (std::vector<std::string>{"Save Haven-stage1", "Save Haven"}));
}

TEST(Generator, DropsTakeOnlyNewConnectionsAndEveryRuleTheSameInterfaceScope) {
  GenerateOptions o = options("tcp:4001 udp:4002", {{6, 8291}, {17, 500}});
  o.in_interface_list = "WAN";
  o.anti_scan = true;
  const Config c = alone(*generate(o));
  int drops = 0;
  for (const Rule& r : c.rules(Family::v4)) {
    EXPECT_EQ(r.setting("in-interface-list"), "in-interface-list=WAN") << r.describe();
    if (r.action != Action::drop) continue;
    ++drops;
    EXPECT_EQ(r.setting("connection-state"), "connection-state=new") << r.describe();
  }
  EXPECT_EQ(drops, 4) << "two blacklist drops, one drop per protocol of the protected ports";
}

TEST(Generator, StagesComeLastFirstAndNamesAreQuoted) {
  GenerateOptions o = options("tcp:1337 udp:17954");
  o.list = "Save \"Haven\" $x";
  const std::string s = generate(o)->script;
  const auto stage2 = s.find("address-list=\"Save \\\"Haven\\\" \\$x\" address-list-timeout=3h");
  const auto stage1 = s.find("address-list=\"Save \\\"Haven\\\" \\$x-stage1\" address-list-timeout=15s");
  ASSERT_NE(stage2, std::string::npos) << s;
  ASSERT_NE(stage1, std::string::npos) << s;
  EXPECT_LT(stage2, stage1);
  EXPECT_LT(stage1, s.find("action=accept"));
  EXPECT_LT(s.find("action=accept"), s.rfind("action=drop"));
  EXPECT_EQ(quote("a\"b\\c$d\x01"), "\"a\\\"b\\\\c\\$d\\01\"");
  const Config c = alone(*generate(o));
  EXPECT_EQ(c.rules(Family::v4).front().address_list, "Save \"Haven\" $x");
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

TEST(GeneratorAntiScan, TrapsThePortsNextToTheKnocksAndNothingAnAdminUses) {
  GenerateOptions o = options("tcp:4001 tcp:8290 udp:4002 udp:4003", {{6, 4000}, {6, 22}});
  o.anti_scan = true;
  o.blacklist_timeout = 90s;
  o.reserved = {{6, 4002}};
  const std::string s = generate(o)->script;
  // tcp: 4000 is protected, 4002 another profile's, 8291 Winbox's; udp: 4001 and 4004 (4003 is a knock).
  EXPECT_NE(
      s.find("address-list-timeout=1m30s chain=input comment=\"knock:office blacklist scanners touching "
             "tcp 8289\" connection-state=new dst-port=8289 protocol=tcp"),
      std::string::npos)
      << s;
  EXPECT_NE(s.find("touching udp 4001,4004\""), std::string::npos) << s;
  EXPECT_NE(s.find("src-address-list=\"!knock:office:access\""), std::string::npos)
      << "a client with access is never blacklisted";
}

TEST(GeneratorAntiScan, AFailedKnockAndTheVerifyProbeDoNotLockTheAdminOut) {
  GenerateOptions o = options("tcp:4001 udp:4002", {{6, 8291}});
  o.anti_scan = true;
  const Config c = alone(*generate(o));
  Client admin(c);
  admin.knock("tcp:4001");  // the second knock got lost
  EXPECT_FALSE(admin.connects({6, 8291})) << "the verify probe";
  EXPECT_FALSE(admin.connects({6, 8291})) << "a retry";
  admin.knock("tcp:4001 udp:4002");
  EXPECT_TRUE(admin.connects({6, 8291})) << "the next correct knock gets in";
}

TEST(GeneratorAntiScan, ASweepIsBlacklistedBeforeItClimbsAndForAShortTimeOnly) {
  GenerateOptions o = options("tcp:4001 tcp:4100", {{6, 8291}});
  o.anti_scan = true;
  const Config c = alone(*generate(o));
  Client scanner(c);
  std::string sweep;
  for (int port = 3990; port <= 4110; ++port)
    sweep += "tcp:" + std::to_string(port) + " ";
  scanner.knock(sweep);
  EXPECT_FALSE(scanner.connects({6, 8291})) << "4000 put it on the blacklist before 4001 could count";
  scanner.knock("tcp:4001 tcp:4100");
  EXPECT_FALSE(scanner.connects({6, 8291})) << "blacklisted: its knocks are dropped";
  scanner.wait(kDefaultBlacklistTimeout);
  scanner.knock("tcp:4001 tcp:4100");
  EXPECT_TRUE(scanner.connects({6, 8291})) << "the blacklist is short";
}

TEST(GeneratorRoundTrip, GrantsTheProfilesOwnKnockAndNothingElse) {
  GenerateOptions o = options("tcp:1337 udp:17954:text:open-sesame icmp:98", {{6, 8291}, {6, 22}});
  o.timeouts = {10s, 1h};
  o.ipv6 = o.anti_scan = true;
  const Config c = alone(*generate(o));
  const auto granted = [&](const std::string& steps, core::Duration delay = 0s,
                           const char* from = "127.0.0.1", ServicePort p = {6, 8291}) {
    CheckRequest r;
    r.sequence = *core::parse_sequence(steps);
    r.delay = delay;
    r.from = *core::parse_literal(from);
    r.protect = p;
    return check(c, r).granted;
  };
  const std::string knock = "tcp:1337 udp:17954:text:open-sesame icmp:98";
  EXPECT_TRUE(granted(knock));
  EXPECT_TRUE(granted(knock, 9s, "127.0.0.1", {6, 22}));
  EXPECT_TRUE(granted(knock, 0s, "::1"));
  EXPECT_FALSE(granted("udp:17954:text:open-sesame tcp:1337 icmp:98")) << "wrong order";
  EXPECT_FALSE(granted("tcp:1337 icmp:98")) << "a missing step";
  EXPECT_FALSE(granted(knock, 10s)) << "a late step";
  EXPECT_FALSE(granted("tcp:1337 udp:17954:text:wrong icmp:98")) << "a wrong payload";
  EXPECT_FALSE(granted("tcp:1337 udp:17954:text:open-sesame icmp:99")) << "a wrong size";
  EXPECT_TRUE(granted("tcp:1", 0s, "127.0.0.1", {6, 8292})) << "unprotected ports are not touched";
}

TEST(GeneratorRoundTrip, AnotherSourceDoesNotInheritAccess) {
  const Config c = alone(*generate(options("tcp:1337 udp:17954")));
  Client knocked(c);
  knocked.knock("tcp:1337 udp:17954");
  EXPECT_TRUE(knocked.connects({6, 8291}));
  Client other(c, *core::parse_literal("127.0.0.2"));
  EXPECT_FALSE(other.connects({6, 8291}));
}

}  // namespace
}  // namespace knock::routeros
