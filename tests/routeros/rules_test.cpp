// routeros/src/rules.cpp, through load_config: one add of a raw, nat or filter table, its matchers, actions
// and settings checked, and the matchers the emulator cannot evaluate named.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/address_lists.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros {
namespace {

using test::error_of;
using test::loaded;
using test::mentions;

TEST(Config, EachTableHasItsOwnActions) {
  EXPECT_NE(error_of("/ip firewall raw add chain=prerouting action=tarpit")
                .find("action 'tarpit' is not a raw action (expected accept, drop, notrack,"),
            std::string::npos);
  EXPECT_NE(
      error_of("/ip firewall nat add chain=dstnat action=drop").find("action 'drop' is not a nat action"),
      std::string::npos);
  EXPECT_NE(error_of("/ip firewall filter add chain=input action=dst-nat").find("is not a filter action"),
            std::string::npos);
  EXPECT_EQ(error_of("/ip firewall nat add chain=dstnat action=dst-nat"),
            "line 1, column 18: /ip firewall nat rule is a dst-nat without to-addresses= or to-ports=");
  EXPECT_NE(error_of("/ip firewall nat add chain=dstnat action=dst-nat to-addresses=192.168.88")
                .find("to-addresses"),
            std::string::npos);
  EXPECT_NE(error_of("/ip firewall raw add chain=prerouting reject-with=tcp-reset")
                .find("unknown key 'reject-with'"),
            std::string::npos);
}

TEST(Config, AddressListTimeoutZeroIsNoneDynamicAsRouterOsDocumentsIt) {
  for (const char* zero : {"0", "0s", "00:00:00"}) {
    const Config c = loaded(std::string("/ip firewall filter add chain=input action=add-src-to-address-list "
                                        "address-list=x address-list-timeout=") +
                            zero);
    EXPECT_EQ(c.rules(Family::v4)[0].address_list_timeout.kind, ListTimeout::none_dynamic) << zero;
  }
  AddressLists lists;
  lists.add("x", *core::parse_literal("127.0.0.1"), {ListTimeout::none_dynamic, {}}, Time{0});
  EXPECT_TRUE(lists.contains("x", *core::parse_literal("127.0.0.1"), Time{std::chrono::hours(24 * 365)}));
}

TEST(Config, UnsupportedMatchersInChainsNoKnockPassesAreOnlyNoted) {
  const Config c = loaded(
      "/ip firewall nat add chain=srcnat action=masquerade out-interface-list=WAN\n"
      "/ip firewall filter add chain=input action=drop out-interface=ether1\n");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("rule #0 (drop) uses out-interface=ether1"), std::string::npos);
  EXPECT_TRUE(mentions(c.notes, "nat rule #0 (masquerade) uses out-interface-list=WAN"));
}

TEST(Rules, TheMatchersAreReadIntoTheRule) {
  const Config c = loaded(
      "/ip firewall filter\n"
      "add chain=input action=drop protocol=tcp connection-state=established,related tcp-flags=syn,!ack "
      "packet-size=60-100 content=abc in-interface-list=!WAN connection-nat-state=dstnat "
      "ipsec-policy=in,none\n"
      "add chain=input action=accept protocol=icmp icmp-options=8:0-3\nadd chain=input icmp-options=3 "
      "protocol=icmp\n");
  ASSERT_EQ(c.rules(Family::v4).size(), 3u);
  const Rule& r = c.rules(Family::v4)[0];
  EXPECT_EQ(r.connection_state->value, kEstablished | kRelated);
  EXPECT_EQ(r.tcp_flags->must_set, kSyn);
  EXPECT_EQ(r.tcp_flags->must_clear, kAck);
  EXPECT_EQ(r.packet_size->value, (std::pair<std::uint16_t, std::uint16_t>{60, 100}));
  EXPECT_EQ(r.content->value, "abc");
  EXPECT_EQ(r.in_interface_list->value, "WAN");
  EXPECT_TRUE(r.in_interface_list->negated);
  EXPECT_EQ(r.connection_nat_state->value, kDstNat);
  EXPECT_FALSE(r.ipsec_policy->value) << "none";
  EXPECT_TRUE(r.unsupported.empty());
  const IcmpOptions& echo = c.rules(Family::v4)[1].icmp_options->value;
  EXPECT_EQ(echo.type, 8);
  EXPECT_EQ(echo.code_low, 0);
  EXPECT_EQ(echo.code_high, 3);
  EXPECT_EQ(c.rules(Family::v4)[2].icmp_options->value.code_low, -1) << "any code";
  EXPECT_EQ(c.rules(Family::v4)[2].action, Action::accept) << "accept when no action= is given";
}

TEST(Rules, AMatcherValueThatIsNotOneIsRefused) {
  const auto refused = [](const std::string& args, std::string_view why) {
    const std::string e = error_of("/ip firewall filter add chain=input " + args);
    EXPECT_NE(e.find(why), std::string::npos) << args << ": " << e;
  };
  refused("connection-state=open", "connection-state 'open' has an unknown state (expected new, established");
  refused("connection-nat-state=dnat", "has an unknown state (expected srcnat, dstnat)");
  refused("protocol=tcp tcp-flags=syn,bogus", "tcp-flags 'syn,bogus' has an unknown flag");
  refused("protocol=icmp icmp-options=300", "icmp-options '300' is not type[:code[-code]] (e.g. 8:0)");
  refused("protocol=icmp icmp-options=8:x", "is not type[:code[-code]]");
  refused("packet-size=big", "packet-size 'big' is not a size or min-max range (0-65535)");
  refused("ipsec-policy=in", "ipsec-policy 'in' is not in|out,ipsec|none (e.g. in,ipsec)");
  refused("action=reject reject-with=nope", "reject-with 'nope' is not a reject-with value");
  refused("frobnicate=1", "unknown key 'frobnicate' in /ip firewall filter add");
  refused("action=add-src-to-address-list address-list=x address-list-timeout=forever",
          "address-list-timeout: ");
}

TEST(Rules, ARuleWithoutWhatItsActionNeedsIsRefused) {
  EXPECT_EQ(error_of("/ip firewall filter add action=drop"),
            "line 1, column 21: /ip firewall filter rule has no chain= (input, forward, output or a chain of "
            "your own)");
  EXPECT_NE(error_of("/ip firewall raw add action=drop").find("has no chain= (prerouting, output"),
            std::string::npos);
  EXPECT_NE(error_of("/ip firewall filter add chain=input action=jump").find("jumps but has no jump-target="),
            std::string::npos);
  EXPECT_NE(error_of("/ip firewall filter add chain=input action=add-src-to-address-list")
                .find("adds to an address list but has no address-list="),
            std::string::npos);
  EXPECT_NE(error_of("/ipv6 firewall filter add chain=input action=tarpit").find("tarpit is IPv4 only"),
            std::string::npos);
  EXPECT_TRUE(load_config("/ip firewall filter add chain=input action=tarpit protocol=tcp"));
}

TEST(Rules, SettingsThatChangeNothingHereAreKeptButIgnored) {
  const Config c = loaded("/ip firewall filter add chain=input action=drop log=yes log-prefix=knock");
  ASSERT_EQ(c.rules(Family::v4).size(), 1u);
  EXPECT_EQ(c.rules(Family::v4)[0].setting("log-prefix"), "log-prefix=knock") << "for messages";
  EXPECT_TRUE(c.warnings.empty());
}

TEST(Rules, ListTimeoutsNoneStaticNoneDynamicOrADuration) {
  const auto timeout = [](const char* value) {
    return loaded(std::string("/ip firewall filter add chain=input action=add-src-to-address-list "
                              "address-list=x address-list-timeout=") +
                  value)
        .rules(Family::v4)
        .at(0)
        .address_list_timeout;
  };
  EXPECT_EQ(timeout("none-static").kind, ListTimeout::none_static);
  EXPECT_EQ(timeout("none-dynamic").kind, ListTimeout::none_dynamic);
  EXPECT_EQ(timeout("1h30m").kind, ListTimeout::duration);
  EXPECT_EQ(timeout("1h30m").value, std::chrono::minutes(90));
  EXPECT_EQ(timeout("00:00:15").value, std::chrono::seconds(15));
}

TEST(Rules, EveryUnsupportedMatcherIsNamedAndWhatItMeansForThePacketSaid) {
  const Config c = loaded(
      "/ip firewall filter\n"
      "add chain=input action=drop time=1h-2h,mon src-mac-address=00:11:22:33:44:55\n"
      "add chain=input action=log limit=10,5:packet\n"
      "add chain=output action=drop ttl=equal:1\n");
  EXPECT_EQ(c.rules(Family::v4)[0].unsupported,
            (std::vector<std::string>{"time=1h-2h,mon", "src-mac-address=00:11:22:33:44:55"}));
  ASSERT_EQ(c.warnings.size(), 2u) << "the output chain's rule is only noted";
  EXPECT_EQ(c.warnings[0],
            "line 2, column 1: rule #0 (drop) uses time=1h-2h,mon, src-mac-address=00:11:22:33:44:55, which "
            "this emulator cannot evaluate: a packet that meets all its other settings is undecided, and "
            "counts as dropped");
  EXPECT_NE(c.warnings[1].find("its action leaves a packet's fate as it is, so the rule is stepped over"),
            std::string::npos);
  EXPECT_TRUE(mentions(c.notes, "rule #2 (drop) uses ttl=equal:1"));
}

}  // namespace
}  // namespace knock::routeros
