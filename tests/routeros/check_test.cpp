// routeros/src/check.cpp: check() on the shipped examples and on exports with pitfalls: the intended sequence
// gets in, near misses do not, what the router around the firewall does, and the warnings and notes on the
// way (why a stage was missed is explain_test.cpp's).
#include "knock/routeros/check.hpp"

#include <gtest/gtest.h>

#include "check_requests.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::all;
using test::config;
using test::example;
using test::kSeedRules;
using test::notes;
using test::request;
using test::run;
using test::says;
using test::warns;

TEST(CheckSeed, TheSeedSequenceGetsIn) {
  const Config c = example("seed.rsc");
  const CheckResult r = run(c, {"tcp:1337 udp:17954"});
  EXPECT_TRUE(r.granted) << all(r.explanation);
  EXPECT_TRUE(says(r,
                   "accepted by rule #2 \"Only Allow Access from Save Haven\" (accept), because 127.0.0.1 is "
                   "on \"Save Haven\" until +3h"));
}

TEST(CheckSeed, AccessLastsThreeHours) {
  const Config c = example("seed.rsc");
  EXPECT_TRUE(run(c, {"tcp:1337 udp:17954", 0s, "127.0.0.1", "tcp:8291", {}, 3h - 1ms}).granted);
  EXPECT_FALSE(run(c, {"tcp:1337 udp:17954", 0s, "127.0.0.1", "tcp:8291", {}, 3h}).granted);
}

TEST(CheckSeed, TheLanRangeNeedsNoKnock) {
  EXPECT_TRUE(
      run(example("seed.rsc"), {"udp:9", 0s, "192.168.33.15"}).granted);  // parser data, never sent to
  EXPECT_FALSE(run(example("seed.rsc"), {"udp:9", 0s, "127.0.0.2"}).granted);
}

TEST(CheckExamples, ThreeStageWanNeedsAllThreeInOrderFromWan) {
  const Config c = example("three-stage-wan.rsc");
  const std::vector<std::string> wan{"WAN"};
  EXPECT_TRUE(run(c, {"tcp:888 tcp:555 tcp:222", 29s, "127.0.0.1", "tcp:8291", wan}).granted);
  EXPECT_TRUE(run(c, {"tcp:888 tcp:555 tcp:222", 0s, "127.0.0.1", "tcp:22", wan}).granted);
  EXPECT_FALSE(run(c, {"tcp:888 tcp:222 tcp:555", 0s, "127.0.0.1", "tcp:8291", wan}).granted);
  EXPECT_FALSE(run(c, {"tcp:555 tcp:222", 0s, "127.0.0.1", "tcp:8291", wan}).granted);
  EXPECT_FALSE(run(c, {"tcp:888 tcp:555 tcp:222", 31s, "127.0.0.1", "tcp:8291", wan}).granted);
  // Access lasts 30 minutes.
  EXPECT_FALSE(run(c, {"tcp:888 tcp:555 tcp:222", 0s, "127.0.0.1", "tcp:8291", wan, 30min}).granted);
  // Last-first stages: knocking 888 three times climbs only one stage.
  EXPECT_FALSE(run(c, {"tcp:888 tcp:888 tcp:888", 0s, "127.0.0.1", "tcp:8291", wan}).granted);
  // From a LAN interface the WAN drop does not apply: nothing protects the port there.
  EXPECT_TRUE(run(c, {"tcp:1", 0s, "127.0.0.1", "tcp:8291", {"LAN"}}).granted);
}

TEST(CheckExamples, JumpChainStagesOpenSsh) {
  const Config c = example("jump-chain.rsc");
  EXPECT_TRUE(run(c, {"udp:7000 udp:8000 tcp:9000", 9s, "127.0.0.1", "tcp:22"}).granted);
  EXPECT_FALSE(run(c, {"udp:7000 udp:8000 tcp:9000", 10s, "127.0.0.1", "tcp:22"}).granted);
  EXPECT_FALSE(run(c, {"udp:8000 udp:7000 tcp:9000", 0s, "127.0.0.1", "tcp:22"}).granted);
  EXPECT_FALSE(run(c, {"udp:7000 tcp:9000", 0s, "127.0.0.1", "tcp:22"}).granted);
  EXPECT_FALSE(run(c, {"udp:7000 udp:8000 udp:9000", 0s, "127.0.0.1", "tcp:22"}).granted);
}

TEST(CheckExamples, IcmpPacketSizeKnock) {
  const Config c = example("icmp-size.rsc");
  EXPECT_TRUE(run(c, {"icmp:98 icmp:222"}).granted);
  EXPECT_FALSE(run(c, {"icmp:98 icmp:223"}).granted);
  EXPECT_FALSE(run(c, {"icmp:84 icmp:222"}).granted);
  EXPECT_FALSE(run(c, {"icmp:222 icmp:98"}).granted);
  EXPECT_FALSE(run(c, {"icmp:98 icmp:222", 20s}).granted);
}

TEST(CheckExamples, PayloadKnockOnBothFamilies) {
  const Config c = example("payload.rsc");
  EXPECT_TRUE(run(c, {"tcp:1337 udp:17954:text:open-sesame"}).granted);
  EXPECT_TRUE(run(c, {"tcp:1337 udp:17954:text:please-open-sesame-now"}).granted);
  EXPECT_TRUE(run(c, {"tcp:1337 udp:17954:text:open-sesame", 0s, "::1"}).granted);
  EXPECT_FALSE(run(c, {"tcp:1337 udp:17954:text:Open-Sesame"}).granted);
  const CheckResult none = run(c, {"tcp:1337 udp:17954"});
  EXPECT_FALSE(none.granted);
  EXPECT_TRUE(says(none, "it fails content=open-sesame")) << all(none.explanation);
}

TEST(CheckPitfalls, OverlappingStagesListedFirstFirstAreFlagged) {
  auto c = load_config(
      "/ip firewall filter\n"
      "add chain=input action=add-src-to-address-list address-list=s1 address-list-timeout=1m protocol=tcp\n"
      "add chain=input action=add-src-to-address-list address-list=s2 address-list-timeout=1m protocol=tcp "
      "src-address-list=s1\n"
      "add chain=input action=accept protocol=tcp dst-port=22 src-address-list=s2\n"
      "add chain=input action=drop protocol=tcp dst-port=22\n");
  const CheckResult r = run(*c, {"tcp:5", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_TRUE(r.granted) << "one packet climbed both stages";
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(all(r.warnings).find("climbed more than one stage at once"), std::string::npos);
}

TEST(CheckPitfalls, Ipv6KnockAgainstIpv4OnlyRulesIsWarnedAbout) {
  const CheckResult r = run(example("seed.rsc"), {"tcp:1337 udp:17954", 0s, "::1"});
  EXPECT_NE(all(r.warnings).find("IPv4 rules never see IPv6 packets"), std::string::npos);
}

TEST(CheckPitfalls, WithoutIpv6RulesTheProtectedPortIsOpenToEveryoneOverIpv6) {
  const CheckResult seed = run(example("seed.rsc"), {"tcp:1337 udp:17954"});
  EXPECT_TRUE(warns(seed,
                    "the export has no /ipv6 firewall filter rules: tcp:8291 is open to everyone over "
                    "IPv6, knock or no knock (IPv4 rules never see IPv6 packets); add the IPv6 twin"))
      << all(seed.warnings);
  EXPECT_FALSE(warns(run(example("defconf.rsc"), {"tcp:1337 udp:17954"}), "over IPv6"));
  const Config v4_only = config(std::string(kSeedRules) + "/ip service set winbox address=192.168.88.0/24\n");
  EXPECT_FALSE(warns(run(v4_only, {"tcp:1337 udp:17954"}), "over IPv6")) << "winbox takes no IPv6 client";
  const Config lax =
      config(std::string(kSeedRules) +
             "/ipv6 firewall filter add chain=input action=accept connection-state=established\n");
  EXPECT_TRUE(
      warns(run(lax, {"tcp:1337 udp:17954"}),
            "tcp:8291 is open to everyone over IPv6: a new connection from outside, with no knock, is "
            "accepted by the chain's default policy (no rule decided)"))
      << "IPv6 rules that let it through are no better";
}

TEST(CheckPitfalls, AConnectionThatCountsAsAKnockIsNamed) {
  const Config c = config(
      "/ip firewall filter\n"
      "add action=add-src-to-address-list address-list=ok address-list-timeout=1h chain=input protocol=tcp "
      "dst-port=22\n"
      "add action=accept chain=input protocol=tcp dst-port=22 src-address-list=ok\n"
      "add action=drop chain=input protocol=tcp dst-port=22\n");
  const CheckResult r = run(c, {"tcp:22", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_TRUE(warns(r,
                    "a connection to tcp:22 counts as a knock: rule #0 (add-src-to-address-list ok) puts its "
                    "source on \"ok\", so every attempt to connect climbs that stage"))
      << all(r.warnings);
  EXPECT_FALSE(warns(run(example("seed.rsc"), {"tcp:1337 udp:17954"}), "counts as a knock"));
}

TEST(CheckPitfalls, AKnockWhoseSecondCopyClimbsTheNextStageIsNamed) {
  const Config c = config(
      "/ip firewall filter\n"
      "add action=add-src-to-address-list address-list=ok address-list-timeout=1h chain=input protocol=tcp "
      "dst-port=1 src-address-list=s2\n"
      "add action=add-src-to-address-list address-list=s2 address-list-timeout=15s chain=input protocol=tcp "
      "dst-port=1 src-address-list=s1\n"
      "add action=add-src-to-address-list address-list=s1 address-list-timeout=15s chain=input protocol=tcp "
      "dst-port=1\n"
      "add action=accept chain=input protocol=tcp dst-port=8291 src-address-list=ok\n"
      "add action=drop chain=input protocol=tcp dst-port=8291\n");
  const CheckResult r = run(c, {"tcp:1 tcp:1 tcp:1"});
  EXPECT_TRUE(r.granted);
  EXPECT_TRUE(warns(r,
                    "step 1 tcp:1 sent twice climbs two stages: rule #1 (add-src-to-address-list s2) takes "
                    "its second copy (its SYN retransmitted 1s later, as a client that waits for an answer "
                    "sends it) and puts the source on \"s2\""))
      << all(r.warnings);
  EXPECT_FALSE(warns(
      run(example("three-stage-wan.rsc"), {"tcp:888 tcp:555 tcp:222", 0s, "127.0.0.1", "tcp:8291", {"WAN"}}),
      "sent twice"));
}

TEST(CheckPitfalls, ABlacklistThatAVerifyProbeLandsOnIsNamed) {
  const Config c = config(
      "/ip firewall filter\n"
      "add action=drop chain=input src-address-list=scanners\n"
      "add action=add-src-to-address-list address-list=ok address-list-timeout=1h chain=input protocol=udp "
      "dst-port=1\n"
      "add action=accept chain=input protocol=tcp dst-port=8291 src-address-list=ok\n"
      "add action=add-src-to-address-list address-list=scanners address-list-timeout=1d chain=input "
      "protocol=tcp dst-port=8291\n"
      "add action=drop chain=input protocol=tcp dst-port=8291\n");
  const CheckResult r = run(c, {"udp:1"});
  EXPECT_TRUE(r.granted);
  EXPECT_TRUE(warns(r,
                    "a connection to tcp:8291 without the knock puts its source on \"scanners\" (rule #3 "
                    "(add-src-to-address-list scanners)), which a drop waits for"))
      << all(r.warnings);
}

// A stock RouterOS 7 default configuration with a knock added: its loopback accept and its WAN list.
TEST(CheckDefconf, OneKnockIsDeniedTheWholeSequenceGranted) {
  const Config c = example("defconf.rsc");
  const CheckResult one = run(c, {"tcp:1337", 0s, "127.0.0.1", "winbox"});
  EXPECT_FALSE(one.granted) << all(one.explanation);
  EXPECT_TRUE(says(one, "dropped by rule #7 \"defconf: drop all not coming from LAN\" (drop)"))
      << all(one.explanation);
  const CheckResult full = run(c, {"tcp:1337 udp:17954", 0s, "127.0.0.1", "winbox"});
  EXPECT_TRUE(full.granted) << all(full.explanation);
  EXPECT_TRUE(
      says(full,
           "accepted by rule #4 \"knock: Winbox and SSH when knocked\" (accept), because 127.0.0.1 is "
           "on \"knock-access\" until +1h"));
  EXPECT_TRUE(run(c, {"tcp:1337 udp:17954", 14s, "127.0.0.1", "ssh"}).granted);
  EXPECT_FALSE(run(c, {"tcp:1337 udp:17954", 15s, "127.0.0.1", "ssh"}).granted);
}

// A drop the emulator cannot evaluate in full (time=) between the knock and its accept: the router may
// drop the connection there or not, so check cannot say GRANTED. It names the rule and how to go on.
constexpr std::string_view kOfficeHours =
    "/ip firewall filter\n"
    "add action=add-src-to-address-list address-list=ok address-list-timeout=1h chain=input dst-port=1337 "
    "protocol=tcp\n"
    "add action=drop chain=input comment=\"no ssh after hours\" dst-port=22 protocol=tcp time=17h-8h\n"
    "add action=accept chain=input src-address-list=ok\nadd action=drop chain=input\n";

TEST(CheckUndecided, ATimeDropBeforeTheAcceptIsUndecidedAndDenied) {
  const Config c = config(kOfficeHours);
  const CheckResult r = run(c, {"tcp:1337", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_FALSE(r.granted) << all(r.explanation);
  ASSERT_TRUE(r.undecided());
  EXPECT_EQ(*r.undecided_step, r.steps.size() - 1) << "the connection itself";
  EXPECT_TRUE(says(r,
                   "connection tcp:22 from 127.0.0.1 at +0s is undecided: rule #1 \"no ssh after hours\" "
                   "(drop) uses time=17h-8h, which the emulator cannot evaluate"))
      << all(r.explanation);
  EXPECT_TRUE(says(r, "the emulator cannot tell what the router would do with the connection"))
      << all(r.explanation);
  EXPECT_TRUE(says(r, "disable it in a copy of the export (add disabled=yes to its line)"))
      << all(r.explanation);
  // The same knock for another port never meets the rule's dst-port=22: decided, and granted.
  const CheckResult other = run(c, {"tcp:1337", 0s, "127.0.0.1", "tcp:8291"});
  EXPECT_TRUE(other.granted) << all(other.explanation);
  EXPECT_FALSE(other.undecided());
}

TEST(CheckUndecided, AnUndecidedKnockMakesTheWholeCheckUndecided) {
  // The stage itself uses time=: whether the router counts the knock cannot be told, and neither can
  // anything after it (here the connection, which the emulator would otherwise deny).
  const Config c = config(
      "/ip firewall filter\n"
      "add action=add-src-to-address-list address-list=ok address-list-timeout=1h chain=input dst-port=1337 "
      "protocol=tcp time=8h-17h comment=\"office knock\"\n"
      "add action=accept chain=input src-address-list=ok\nadd action=drop chain=input\n");
  const CheckResult r = run(c, {"tcp:1337", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_FALSE(r.granted);
  ASSERT_TRUE(r.undecided());
  EXPECT_EQ(*r.undecided_step, 0u);
  EXPECT_TRUE(says(r, "step 1 tcp:1337 from 127.0.0.1 at +0s is undecided: rule #0 \"office knock\""))
      << all(r.explanation);
  EXPECT_TRUE(says(r, "nor with anything after it")) << all(r.explanation);
  EXPECT_TRUE(r.steps[0].verdict.changes.empty());
}

TEST(CheckUndecided, Ipv6DefconfHopLimitRuleMakesAForwardedIcmpv6KnockUndecided) {
  std::string text = test::example_text("defconf.rsc");
  text += "\n/ipv6 firewall nat add chain=dstnat action=dst-nat protocol=icmpv6 to-addresses=fd00::10\n";
  const Config c = config(text);
  const CheckResult r = run(c, {"icmp:98", 0s, "2a00::7", "tcp:22"});
  EXPECT_FALSE(r.granted);
  ASSERT_TRUE(r.undecided()) << all(r.explanation);
  EXPECT_EQ(*r.undecided_step, 0u);
  EXPECT_TRUE(says(r, "\"defconf: rfc4890 drop hop-limit=1\" (drop) uses hop-limit=equal:1"))
      << all(r.explanation);
  // Without the forward, the knock stays on input, which defconf decides (no hop-limit= there).
  EXPECT_FALSE(run(example("defconf.rsc"), {"icmp:98", 0s, "2a00::7", "tcp:22"}).undecided());
}

TEST(CheckDefconf, TheKnockArrivesOnTheWanMemberAddressedAsFromOutside) {
  const CheckResult r = run(example("defconf.rsc"), {"tcp:1337 udp:17954"});
  EXPECT_EQ(r.view.describe(Family::v4), "ether1 (on WAN), addressed to 198.51.100.1");
  for (const CheckStep& s : r.steps)
    EXPECT_EQ(s.packet.dst, *core::parse_literal("198.51.100.1")) << s.label;
}

TEST(CheckDefconf, TheLoopbackAcceptIsHarmlessOnTheRouterAndSaidSo) {
  const Config c = example("defconf.rsc");
  const CheckResult r = run(c, {"tcp:1337"});
  EXPECT_TRUE(
      notes(r,
            "rule #6 \"defconf: accept to local loopback (for CAPsMAN)\" (accept) accepts packets addressed "
            "to 127.0.0.1: harmless on the router, where packets from outside never carry that address"))
      << all(r.notes);
  CheckRequest loopback = request(c, {"tcp:1337"});
  loopback.view.to = {*core::parse_literal("127.0.0.1")};
  const CheckResult asked = check(c, loopback);
  EXPECT_TRUE(asked.granted) << "what the user asked for: packets to 127.0.0.1 are accepted";
  EXPECT_TRUE(warns(asked, "decided here only because --to addresses the knock to 127.0.0.1"))
      << all(asked.warnings);
}

TEST(CheckDefconf, FromTheLanNothingIsDropped) {
  const Config c = example("defconf.rsc");
  CheckRequest lan = request(c, {"udp:9", 0s, "192.168.88.20"});
  lan.view.interface = "bridge";
  EXPECT_TRUE(check(c, lan).granted);
}

TEST(CheckDefconf, AServiceSwitchedOffInIpServiceRefusesWhatTheFirewallLetsIn) {
  const Config c = example("defconf.rsc");
  CheckRequest lan = request(c, {"udp:9", 0s, "192.168.88.20", "www"});
  lan.view.interface = "bridge";
  const CheckResult www = check(c, lan);
  EXPECT_FALSE(www.granted);
  EXPECT_TRUE(says(
      www, "is accepted by the chain's default policy (no rule decided), but /ip service www is disabled"))
      << all(www.explanation);
}

TEST(CheckService, AnAddressRestrictionOrAMovedPortIsTheReason) {
  const Config c = config("/ip service\nset winbox address=192.168.88.0/24\nset ssh port=2222\n");
  const CheckResult winbox = run(c, {"tcp:1", 0s, "127.0.0.1", "tcp:8291"});
  EXPECT_FALSE(winbox.granted);
  EXPECT_TRUE(says(winbox,
                   "/ip service winbox takes connections only from 192.168.88.0/24 (line 2, column 1), and "
                   "127.0.0.1 is not among them"))
      << all(winbox.explanation);
  EXPECT_TRUE(run(c, {"tcp:1", 0s, "192.168.88.5", "winbox"}).granted);
  const CheckResult ssh = run(c, {"tcp:1", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_FALSE(ssh.granted);
  EXPECT_TRUE(says(ssh, "/ip service ssh listens on port 2222 (line 3, column 1), not 22"))
      << all(ssh.explanation);
  EXPECT_TRUE(run(c, {"tcp:1", 0s, "127.0.0.1", "ssh"}).granted);
  const CheckResult other = run(c, {"tcp:1", 0s, "127.0.0.1", "tcp:4444"});
  EXPECT_TRUE(other.granted);
  EXPECT_TRUE(warns(other, "no service of /ip service listens on tcp:4444")) << all(other.warnings);
}

TEST(CheckDstnat, AForwardedPortIsCheckedWhereNatSendsIt) {
  const Config c = example("dstnat.rsc");
  const CheckResult r = run(c, {"tcp:7000 udp:8000", 9s, "127.0.0.1", "tcp:22"});
  EXPECT_TRUE(r.granted) << all(r.explanation);
  EXPECT_EQ(r.steps.back().verdict.chain, "forward");
  EXPECT_EQ(r.steps.back().verdict.dst, *core::parse_literal("192.168.88.10"));
  EXPECT_TRUE(notes(
      r, "sends connections to tcp:22 on to 192.168.88.10:22: the filter's forward chain decides them"));
  EXPECT_FALSE(run(c, {"tcp:7000 udp:8000", 10s, "127.0.0.1", "tcp:22"}).granted);
  const CheckResult none = run(c, {"udp:8000", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_FALSE(none.granted);
  EXPECT_TRUE(
      says(none, "dropped by rule #7 \"nothing else from WAN to the server\" (drop), after nat rule #0"))
      << all(none.explanation);
  EXPECT_EQ(run(c, {"tcp:1", 0s, "127.0.0.1", "ssh"}).steps.back().packet.dst_port, 2200)
      << "the router's own SSH";
}

TEST(CheckPitfalls, NatHidesTheProtectedPortFromAnAcceptOnInput) {
  const Config c = config(
      "/ip firewall nat add chain=dstnat action=dst-nat protocol=tcp dst-port=22 "
      "to-addresses=192.168.88.10 comment=\"ssh to the server\"\n"
      "/ip firewall filter\n"
      "add chain=input action=add-src-to-address-list address-list=ok address-list-timeout=1h "
      "protocol=udp dst-port=4000\n"
      "add chain=input action=accept protocol=tcp dst-port=22 src-address-list=ok\n"
      "add chain=forward action=drop protocol=tcp dst-port=22\n");
  const CheckResult r = run(c, {"udp:4000", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_FALSE(r.granted);
  EXPECT_TRUE(
      says(r,
           "rule #1 (accept) on input would let it in, but nat rule #0 \"ssh to the server\" (dst-nat to "
           "192.168.88.10) sends it on through forward, which input's rules never see"))
      << all(r.explanation);
}

TEST(CheckPitfalls, APortForwardNothingGuardsIsOpenToEveryone) {
  const Config c = config(
      "/ip firewall nat add chain=dstnat action=dst-nat protocol=tcp dst-port=22 "
      "to-addresses=192.168.88.10\n/ip firewall filter add chain=input action=drop\n");
  const CheckResult r = run(c, {"tcp:1", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_TRUE(r.granted);
  EXPECT_TRUE(says(r, "nothing in forward protects it: a port forward is open to everyone"))
      << all(r.explanation);
}

TEST(CheckPitfalls, AKnockForwardedByNatNeverReachesTheInputStage) {
  const Config c = config(
      "/ip firewall nat add chain=dstnat action=dst-nat protocol=tcp dst-port=1000-2000 "
      "to-addresses=192.168.88.10\n/ip firewall filter\n"
      "add chain=input action=add-src-to-address-list address-list=ok address-list-timeout=1h "
      "protocol=tcp dst-port=1337\n"
      "add chain=input action=accept src-address-list=ok protocol=tcp dst-port=8291\n"
      "add chain=input action=drop\n");
  const CheckResult r = run(c, {"tcp:1337"});
  EXPECT_FALSE(r.granted);
  EXPECT_TRUE(warns(r, "step 1 tcp:1337 is sent on to 192.168.88.10:1337 by nat rule #0")) << all(r.warnings);
  EXPECT_TRUE(
      says(r, "never saw step 1 tcp:1337: nat rule #0 (dst-nat to 192.168.88.10) sent it on to another host"))
      << all(r.explanation);
}

TEST(CheckRaw, TheRawExampleKnocksOnPortsRawLetsThrough) {
  const Config c = example("raw.rsc");
  EXPECT_TRUE(run(c, {"tcp:2222 udp:3333"}).granted);
  const CheckResult eaten = run(c, {"tcp:1337 udp:3333"});
  EXPECT_FALSE(eaten.granted);
  EXPECT_TRUE(warns(eaten,
                    "step 1 tcp:1337 never reached the filter: raw rule #2 \"no TCP to 1000-1999 from WAN\" "
                    "(drop) dropped it in prerouting"))
      << all(eaten.warnings);
}

TEST(CheckWords, OffsetsAndVerdictsInWords) {
  EXPECT_EQ(format_offset(0s), "+0s");
  EXPECT_EQ(format_offset(1500ms), "+1s500ms");
  EXPECT_EQ(format_offset(3h), "+3h");
  EXPECT_EQ(format_offset(90s), "+1m30s");
  const Config seed = example("seed.rsc");  // the verdicts point at its rules
  const CheckResult r = run(seed, {"tcp:1337 udp:17954"});
  ASSERT_TRUE(r.granted);
  EXPECT_EQ(verdict_words(r.steps.back().verdict),
            "accepted by rule #2 \"Only Allow Access from Save Haven\" (accept)");
  EXPECT_EQ(verdict_words(Verdict{}), "accepted by the chain's default policy (no rule decided)");
}

}  // namespace
}  // namespace knock::routeros
