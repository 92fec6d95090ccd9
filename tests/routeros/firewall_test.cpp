// routeros/src/firewall.cpp: the evaluator, a packet through raw, nat and the filter to its verdict, and what
// it cannot decide. Every address here, 10.x and 192.168.33.x included, is data for the evaluator: Packet
// values handed to Firewall::evaluate. Nothing in this file opens a socket.
#include "knock/routeros/firewall.hpp"

#include <gtest/gtest.h>

#include "firewall_packets.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::Fixture;
using test::ip;
using test::ping;
using test::tcp;
using test::udp;

TEST(Firewall, NoMatchingRuleMeansAccept) {
  Fixture f("/ip firewall filter add chain=input protocol=udp action=drop");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), -1);
  EXPECT_TRUE(f.last.accepted());
  EXPECT_EQ(f.decide(udp("127.0.0.1", 22)), 0);
  EXPECT_EQ(f.last.action, Action::drop);
}

TEST(Firewall, TerminalActionsAndRejectWith) {
  Fixture f(
      "/ip firewall filter\nadd chain=input dst-port=1 protocol=tcp action=accept\n"
      "add chain=input dst-port=2 protocol=tcp action=reject reject-with=tcp-reset\n"
      "add chain=input dst-port=3 protocol=tcp action=tarpit\nadd chain=input action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1)), 0);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 2)), 1);
  EXPECT_EQ(f.last.action, Action::reject);
  EXPECT_EQ(f.last.reject_with(), "tcp-reset");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 3)), 2);
  EXPECT_EQ(f.last.action, Action::tarpit);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 4)), 3);
}

TEST(Firewall, DisabledRulesAreSkipped) {
  Fixture f("/ip firewall filter add chain=input action=drop disabled=yes");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1)), -1);
}

TEST(Firewall, NonTerminalActionsContinueWithTheNextRule) {
  Fixture f(
      "/ip firewall filter\nadd chain=input action=log\nadd chain=input action=passthrough\n"
      "add chain=input action=add-dst-to-address-list address-list=dsts\nadd chain=input action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.5", 1)), 3);
  EXPECT_EQ(f.last.matched.size(), 4u);
  EXPECT_TRUE(f.fw.lists().contains("dsts", ip("127.0.0.1"), Time{0}));
  EXPECT_FALSE(f.fw.lists().contains("dsts", ip("127.0.0.5"), Time{0}));
}

TEST(Firewall, JumpReturnAndFallingOffAUserChain) {
  Fixture f(
      "/ip firewall filter\n"
      "add chain=input action=jump jump-target=a\n"
      "add chain=input action=accept protocol=udp\n"
      "add chain=input action=drop\n"
      "add chain=a action=return dst-port=1 protocol=tcp\n"
      "add chain=a action=jump jump-target=b\n"
      "add chain=b action=reject dst-port=2 protocol=tcp\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1)), 2);  // returned from a, then dropped in input
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 2)), 5);  // rejected two chains down
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 3)), 2);  // off the end of b and a, back in input
  EXPECT_EQ(f.decide(udp("127.0.0.1", 3)), 1);
}

TEST(Firewall, MatchersAndTheirNegation) {
  Fixture f(
      "/ip firewall filter\n"
      "add chain=input action=drop protocol=!tcp dst-port=53\n"                      // 0
      "add chain=input action=drop protocol=tcp dst-port=10000-10010,22\n"           // 1
      "add chain=input action=drop protocol=tcp src-address=10.0.0.0/8\n"            // 2
      "add chain=input action=drop protocol=tcp src-address=!127.0.0.0/8\n"          // 3
      "add chain=input action=drop src-address=127.0.0.5-127.0.0.9 protocol=udp\n"   // 4
      "add chain=input action=drop protocol=udp content=secret\n"                    // 5
      "add chain=input action=drop protocol=icmp icmp-options=8:0 packet-size=98\n"  // 6
      "add chain=input action=drop protocol=tcp tcp-flags=syn,!ack dst-port=80\n"    // 7
      "add chain=input action=drop protocol=tcp port=9999\n"                         // 8
      "add chain=input action=drop connection-state=established\n");                 // 9
  EXPECT_EQ(f.decide(udp("127.0.0.1", 53)), 0);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 53)), -1);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 10005)), 1);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), 1);
  EXPECT_EQ(f.decide(tcp("10.9.8.7", 23)), 2);
  EXPECT_EQ(f.decide(tcp("192.0.2.1", 23)), 3);
  EXPECT_EQ(f.decide(udp("127.0.0.7", 1)), 4);
  EXPECT_EQ(f.decide(udp("127.0.0.1", 1, "a secret word")), 5);
  EXPECT_EQ(f.decide(udp("127.0.0.1", 1, "a Secret word")), -1);  // case-sensitive
  EXPECT_EQ(f.decide(ping("127.0.0.1", 98)), 6);
  EXPECT_EQ(f.decide(ping("127.0.0.1", 99)), -1);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 80, kSyn)), 7);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 80, kSyn | kAck)), -1);
  Packet reply = tcp("127.0.0.1", 1);
  reply.src_port = 9999;
  EXPECT_EQ(f.decide(reply), 8);
  Packet est = tcp("127.0.0.1", 1, kAck);
  est.state = kEstablished;
  EXPECT_EQ(f.decide(est), 9);
}

TEST(Firewall, TcpFlagsNotNamedAreIgnored) {
  Fixture f("/ip firewall filter add chain=input action=drop protocol=tcp tcp-flags=syn");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1, kSyn | kAck)), 0);
}

TEST(Firewall, InterfaceAndInterfaceLists) {
  Fixture wan("/ip firewall filter\nadd chain=input action=drop in-interface-list=WAN\n",
              {"ether1", {"WAN"}});
  EXPECT_EQ(wan.decide(tcp("127.0.0.1", 1)), 0);
  Fixture lan(
      "/ip firewall filter\nadd chain=input action=drop in-interface-list=WAN\n"
      "add chain=input action=reject in-interface=!ether2\n",
      {"ether2", {"LAN"}});
  EXPECT_EQ(lan.decide(tcp("127.0.0.1", 1)), -1);
}

TEST(Firewall, AListChangeIsVisibleToTheNextRuleForTheSamePacket) {
  // Stages listed first-stage-first with overlapping matchers: one packet climbs both.
  Fixture f(
      "/ip firewall filter\n"
      "add chain=input action=add-src-to-address-list address-list=one address-list-timeout=1m protocol=tcp\n"
      "add chain=input action=add-src-to-address-list address-list=two address-list-timeout=1m protocol=tcp "
      "src-address-list=one\n");
  f.decide(tcp("127.0.0.1", 5));
  EXPECT_EQ(f.last.changes.size(), 2u);
  EXPECT_TRUE(f.fw.lists().contains("two", ip("127.0.0.1"), Time{0}));
}

TEST(Firewall, Ipv6UsesItsOwnTable) {
  Fixture f(
      "/ip firewall filter add chain=input action=drop\n/ipv6 firewall filter add chain=input action=reject "
      "protocol=tcp\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1)), 0);
  EXPECT_EQ(f.last.action, Action::drop);
  EXPECT_EQ(f.decide(tcp("::1", 1)), 0);
  EXPECT_EQ(f.last.action, Action::reject);
  EXPECT_EQ(f.decide(udp("::1", 1)), -1);
}

// A rule with a matcher the emulator cannot evaluate (time=, layer7-protocol=, hop-limit=, ...) may or may
// not take a packet that meets the rest of it: the packet is undecided, which counts as dropped and is
// never accepted. Treating the rule as never matching would let in what the router may drop.
TEST(FirewallUndecided, AnUnsupportedDropThePacketReachesIsUndecidedNeverAccepted) {
  Fixture f("/ip firewall filter add chain=input action=drop layer7-protocol=ssh");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), -1);
  EXPECT_TRUE(f.last.is_undecided());
  EXPECT_FALSE(f.last.accepted()) << "the chain's policy would accept it, were the rule never matching";
  EXPECT_EQ(f.last.action, Action::drop);
  ASSERT_NE(f.last.undecided_by, nullptr);
  EXPECT_EQ(f.last.undecided_by->number, 0u);
  EXPECT_NE(f.last.undecided.find("rule #0 (drop) uses layer7-protocol=ssh, which the emulator cannot "
                                  "evaluate"),
            std::string::npos)
      << f.last.undecided;
}

TEST(FirewallUndecided, ATimeDropBeforeTheAcceptStopsThePacketThere) {
  Fixture f(
      "/ip firewall filter\n"
      "add chain=input action=drop protocol=tcp dst-port=22 time=8h-17h,mon,tue,wed,thu,fri "
      "comment=\"office hours\"\n"
      "add chain=input action=accept protocol=tcp dst-port=22,23\nadd chain=input action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), -1);
  EXPECT_TRUE(f.last.is_undecided());
  EXPECT_FALSE(f.last.accepted());
  EXPECT_NE(f.last.undecided.find("rule #0 \"office hours\" (drop) uses time=8h-17h,mon,tue,wed,thu,fri"),
            std::string::npos)
      << f.last.undecided;
  EXPECT_NE(f.last.undecided.find("whether the router would drop it there or pass it on"), std::string::npos)
      << f.last.undecided;
  ASSERT_FALSE(f.last.matched.empty());
  EXPECT_EQ(f.last.matched.back()->number, 0u);
  // Another port does not meet the rule's dst-port=: decided, by the accept below it.
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 23)), 1);
  EXPECT_TRUE(f.last.accepted());
  EXPECT_FALSE(f.last.is_undecided());
  EXPECT_EQ(f.decide(udp("127.0.0.1", 22)), 2) << "not tcp: the time rule cannot take it";
  // peek() says the same, without side effects.
  EXPECT_TRUE(f.fw.peek(tcp("127.0.0.1", 22), Time{0}).is_undecided());
  EXPECT_FALSE(f.fw.matches(f.config.rules(Family::v4)[0], tcp("127.0.0.1", 22), Time{0}));
  EXPECT_TRUE(f.fw.matches_evaluable(f.config.rules(Family::v4)[0], tcp("127.0.0.1", 22), Time{0}));
}

TEST(FirewallUndecided, AnUnsupportedAcceptIsUndecidedToo) {
  Fixture f(
      "/ip firewall filter\nadd chain=input action=accept protocol=tcp dst-port=22 "
      "src-mac-address=00:11:22:33:44:55\n"
      "add chain=input action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), -1);
  EXPECT_TRUE(f.last.is_undecided()) << "not accepted on a MAC address nobody here can see";
  EXPECT_FALSE(f.last.accepted());
}

TEST(FirewallUndecided, LogAndPassthroughLeaveTheFateAsItIs) {
  Fixture f(
      "/ip firewall filter\nadd chain=input action=log time=8h-17h log-prefix=office\n"
      "add chain=input action=passthrough limit=10,5:packet\n"
      "add chain=input action=accept protocol=tcp dst-port=22\nadd chain=input action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), 2);
  EXPECT_TRUE(f.last.accepted());
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 23)), 3);
  EXPECT_FALSE(f.last.is_undecided());
}

TEST(FirewallUndecided, AnUndecidedAddAddsNothingAndGrantsNothing) {
  Fixture f(
      "/ip firewall filter\n"
      "add chain=input action=add-src-to-address-list address-list=stage1 address-list-timeout=15s "
      "protocol=udp dst-port=1000 time=8h-17h comment=\"knock 1\"\n"
      "add chain=input action=add-src-to-address-list address-list=access address-list-timeout=1h "
      "protocol=udp dst-port=2000 src-address-list=stage1\n"
      "add chain=input action=accept protocol=tcp dst-port=22 src-address-list=access\n"
      "add chain=input action=drop\n");
  EXPECT_EQ(f.decide(udp("127.0.0.1", 1000)), -1);
  EXPECT_TRUE(f.last.is_undecided());
  EXPECT_TRUE(f.last.changes.empty());
  EXPECT_NE(f.last.undecided.find("whether the router would put its source address on \"stage1\""),
            std::string::npos)
      << f.last.undecided;
  EXPECT_FALSE(f.fw.lists().contains("stage1", ip("127.0.0.1"), Time{0}));
  EXPECT_EQ(f.decide(udp("127.0.0.1", 2000)), 3);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), 3) << "no grant built on an add that may not have happened";
  EXPECT_FALSE(f.last.accepted());
}

TEST(FirewallUndecided, UnsupportedMatchersInRawAndNatAreUndecidedToo) {
  Fixture raw(
      "/ip firewall raw add chain=prerouting action=drop protocol=tcp ttl=equal:1\n"
      "/ip firewall filter add chain=input action=accept\n");
  EXPECT_TRUE(raw.fw.peek(tcp("127.0.0.1", 22), Time{0}).is_undecided());
  EXPECT_FALSE(raw.fw.peek(udp("127.0.0.1", 22), Time{0}).is_undecided());
  Fixture nat(
      "/ip firewall nat add chain=dstnat action=dst-nat protocol=tcp dst-port=22 to-addresses=10.0.0.2 "
      "time=0s-1h\n/ip firewall filter add chain=input action=accept\n");
  const Verdict v = nat.fw.peek(tcp("127.0.0.1", 22), Time{0});
  EXPECT_TRUE(v.is_undecided());
  EXPECT_FALSE(v.accepted());
}

TEST(FirewallUndecided, Ipv6DefconfHopLimitRuleIsUndecidedWhereAnIcmpv6PacketReachesIt) {
  std::string text = test::example_text("defconf.rsc");
  text += "\n/ipv6 firewall nat add chain=dstnat action=dst-nat protocol=icmpv6 to-addresses=fd00::10\n";
  Fixture f(text);
  Packet echo = ping("2a00::7", 64);
  echo.protocol = 58;
  echo.icmp_type = 128;
  EXPECT_EQ(f.decide(echo), -1);
  EXPECT_EQ(f.last.chain, "forward");
  ASSERT_TRUE(f.last.is_undecided());
  EXPECT_NE(f.last.undecided.find("\"defconf: rfc4890 drop hop-limit=1\" (drop) uses hop-limit=equal:1"),
            std::string::npos)
      << f.last.undecided;
  EXPECT_FALSE(f.last.accepted()) << "the accept ICMPv6 below it must not decide";
  EXPECT_FALSE(f.fw.peek(tcp("2a00::7", 22), Time{0}).is_undecided()) << "tcp never meets protocol=icmpv6";
}

// The tables before the filter: raw (prerouting), then nat (dstnat), then input or forward.

TEST(FirewallRaw, ADropEndsThePacketBeforeTheFilter) {
  Fixture f(
      "/ip firewall raw add chain=prerouting action=drop protocol=tcp dst-port=1000-1999\n"
      "/ip firewall filter add chain=input action=accept\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1337)), 0);
  EXPECT_EQ(f.last.action, Action::drop);
  EXPECT_EQ(f.last.rule->table, Table::raw);
  EXPECT_EQ(f.last.chain, "prerouting");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 2222)), 0);
  EXPECT_EQ(f.last.rule->table, Table::filter);
  EXPECT_TRUE(f.last.accepted());
}

TEST(FirewallRaw, AnAcceptLeavesRawAndTheFilterStillDecides) {
  Fixture f(
      "/ip firewall raw\nadd chain=prerouting action=accept protocol=udp\nadd chain=prerouting action=drop\n"
      "/ip firewall filter add chain=input action=reject protocol=udp\n");
  EXPECT_EQ(f.decide(udp("127.0.0.1", 53)), 0);
  EXPECT_EQ(f.last.action, Action::reject);
  EXPECT_EQ(f.last.matched.size(), 2u);  // the raw accept, then the filter's reject
}

TEST(FirewallRaw, NotrackMakesThePacketUntrackedAndSkipsNat) {
  Fixture f(
      "/ip firewall raw add chain=prerouting action=notrack src-address=127.0.0.5\n"
      "/ip firewall nat add chain=dstnat action=dst-nat to-addresses=192.168.88.10 protocol=tcp\n"
      "/ip firewall filter\nadd chain=input action=accept connection-state=untracked\n"
      "add chain=forward action=accept\nadd chain=input action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.5", 22)), 0);
  EXPECT_TRUE(f.last.untracked);
  EXPECT_FALSE(f.last.nat);
  EXPECT_EQ(f.decide(tcp("127.0.0.6", 22)), 1);  // tracked: translated, and on through forward
  EXPECT_EQ(f.last.chain, "forward");
}

TEST(FirewallRaw, RawCountsAKnockAndJumpsAndReturnsLikeTheFilter) {
  Fixture f(
      "/ip firewall raw\nadd chain=prerouting action=jump jump-target=knock\n"
      "add chain=knock action=return protocol=!udp\n"
      "add chain=knock action=add-src-to-address-list address-list=ok address-list-timeout=1m dst-port=4000 "
      "protocol=udp\n"
      "/ip firewall filter\nadd chain=input action=accept src-address-list=ok\nadd chain=input "
      "action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), 1);
  f.decide(udp("127.0.0.1", 4000));
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22), Time{std::chrono::seconds(59)}), 0);
}

TEST(FirewallRaw, Ipv6HasARawTableOfItsOwn) {
  Fixture f(
      "/ip firewall raw add chain=prerouting action=drop protocol=tcp\n"
      "/ipv6 firewall raw add chain=prerouting action=drop protocol=udp\n");
  EXPECT_EQ(f.decide(tcp("::1", 1)), -1);
  EXPECT_EQ(f.decide(udp("::1", 1)), 0);
  EXPECT_EQ(f.last.rule->family, Family::v6);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1)), 0);
}

TEST(FirewallNat, DstNatToAnotherHostGoesThroughForwardNotInput) {
  Fixture f(
      "/ip firewall nat add chain=dstnat action=dst-nat protocol=tcp dst-port=22 to-addresses=192.168.88.10 "
      "to-ports=2222 comment=ssh\n"
      "/ip firewall filter\nadd chain=input action=accept protocol=tcp dst-port=22\n"
      "add chain=forward action=accept dst-address=192.168.88.10 dst-port=2222 connection-nat-state=dstnat\n"
      "add chain=forward action=drop\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), 1);
  EXPECT_EQ(f.last.chain, "forward");
  EXPECT_EQ(f.last.nat->comment, "ssh");
  EXPECT_EQ(f.last.dst, ip("192.168.88.10"));
  EXPECT_EQ(f.last.dst_port, 2222);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 23)), -1) << "untranslated: on input, where nothing decides";
  EXPECT_EQ(f.last.chain, "input");
}

TEST(FirewallNat, ToTheRoutersOwnAddressOrARedirectStaysOnInput) {
  Fixture f(
      "/ip firewall nat\nadd chain=dstnat action=dst-nat protocol=tcp dst-port=22 to-addresses=192.168.88.1\n"
      "add chain=dstnat action=redirect protocol=tcp dst-port=80 to-ports=8080\n"
      "add chain=dstnat action=dst-nat protocol=tcp dst-port=443 to-ports=8443\n"
      "/ip firewall filter add chain=input action=drop\n",
      {"ether1", {}, {ip("192.168.88.1")}});
  for (const std::uint16_t port : {22, 80, 443}) {
    EXPECT_EQ(f.decide(tcp("127.0.0.1", port)), 0) << port;
    EXPECT_EQ(f.last.chain, "input") << port;
  }
  EXPECT_EQ(f.last.dst_port, 8443);
}

TEST(FirewallNat, AnAcceptInDstnatLeavesThePacketAlone) {
  Fixture f(
      "/ip firewall nat\nadd chain=dstnat action=accept src-address=127.0.0.2\n"
      "add chain=dstnat action=dst-nat to-addresses=192.168.88.10\n");
  f.decide(tcp("127.0.0.2", 22));
  EXPECT_EQ(f.last.chain, "input");
  f.decide(tcp("127.0.0.3", 22));
  EXPECT_EQ(f.last.chain, "forward");
}

TEST(FirewallNat, AnActionTheEmulatorCannotFollowIsUndecidedAndDropped) {
  Fixture f(
      "/ip firewall nat add chain=dstnat action=netmap to-addresses=192.168.88.0/24\n"
      "/ip firewall filter add chain=forward action=accept\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), -1);
  EXPECT_FALSE(f.last.accepted());
  EXPECT_EQ(f.last.action, Action::drop);
  EXPECT_NE(f.last.undecided.find("netmap, which the emulator cannot follow"), std::string::npos)
      << f.last.undecided;
}

TEST(Firewall, ConnectionNatStateAndIpsecPolicy) {
  Fixture f(
      "/ip firewall nat add chain=dstnat action=dst-nat protocol=tcp dst-port=22 to-addresses=192.168.88.10\n"
      "/ip firewall filter\n"
      "add chain=forward action=accept ipsec-policy=in,ipsec\n"
      "add chain=forward action=drop connection-nat-state=!dstnat\n"
      "add chain=forward action=reject ipsec-policy=in,none\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22)), 2) << "dstnatted, and not from IPsec";
  EXPECT_TRUE(f.config.warnings.empty()) << "both matchers are modelled";
}

TEST(FirewallNat, ThePortForwardIdiomWithDstAddressTypeLocal) {
  Fixture f(
      "/ip firewall nat add chain=dstnat action=dst-nat dst-address-type=local protocol=tcp dst-port=3389 "
      "to-addresses=192.168.88.10\n"
      "/ip firewall filter\nadd chain=forward action=drop dst-address-type=local\n"
      "add chain=forward action=accept dst-address-type=unicast\n");
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 3389)), 1)
      << "translated to a host behind the router: unicast, not local";
  EXPECT_EQ(f.last.chain, "forward");
  EXPECT_FALSE(f.config.warnings.size()) << "dst-address-type is modelled";
}

TEST(FirewallNat, Ipv6HasANatTableOfItsOwn) {
  Fixture f(
      "/ipv6 firewall nat add chain=dstnat action=dst-nat protocol=tcp dst-port=22 to-addresses=fd00::10\n"
      "/ipv6 firewall filter add chain=forward action=reject dst-address=fd00::10\n");
  EXPECT_EQ(f.decide(tcp("::1", 22)), 0);
  EXPECT_EQ(f.last.action, Action::reject);
  EXPECT_EQ(f.last.dst, ip("fd00::10"));
  f.decide(tcp("127.0.0.1", 22));
  EXPECT_EQ(f.last.chain, "input") << "the IPv4 nat table is empty";
}

TEST(Firewall, InterfaceListNoneNeverHolds) {
  Fixture f("/ip firewall filter add chain=input action=drop in-interface-list=none\n", {"ether1", {"none"}});
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 1)), -1);
}

}  // namespace
}  // namespace knock::routeros
