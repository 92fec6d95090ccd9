// routeros/src/generator_rules.cpp, through generate: the rules of one profile and family (their names,
// their order, their interface scope, the scan traps), and what they do when fed back through the parser
// and the evaluator on their own.
#include <string>

#include <gtest/gtest.h>

#include "generated.hpp"
#include "knock/core/plan.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::alone;
using test::options;

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
