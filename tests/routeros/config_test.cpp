// routeros/src/config.cpp: load_config reading an export command by command (the firewall menus, address-list
// entries, what it skips and says so), and the configuration's own types (rules, address specs, port ranges).
#include "knock/routeros/config.hpp"

#include <gtest/gtest.h>

#include "examples.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::error_of;
using test::ip;
using test::loaded;
using test::mentions;

TEST(Config, AZeroTimeoutOnAStaticEntryIsWarnedAbout) {
  const Config c = loaded("/ip firewall address-list add list=x address=127.0.0.1 timeout=0s");
  EXPECT_TRUE(mentions(c.warnings, "timeout=0s: MikroTik gives a zero timeout on an entry no meaning"));
}

TEST(Config, MangleRulesThatAddToAListAreWarnedAbout) {
  const Config c = loaded(
      "/ip firewall mangle add chain=prerouting action=add-src-to-address-list address-list=k "
      "dst-port=1 protocol=tcp\n/ip firewall mangle add chain=prerouting action=mark-packet\n");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("skipped /ip firewall mangle add, which adds to an address list"),
            std::string::npos);
}

TEST(Config, EachCommandGoesToItsTableAndFamily) {
  const Config c = loaded(
      "/ip firewall raw add chain=prerouting action=notrack\n"
      "/ipv6 firewall raw add chain=prerouting action=drop\n"
      "/ip firewall nat add chain=dstnat action=redirect to-ports=8080\n"
      "/ip firewall filter\nadd chain=input\nadd chain=forward\n"
      "/ipv6 firewall filter add chain=input action=reject\n");
  EXPECT_EQ(c.rules(Table::raw, Family::v4).size(), 1u);
  EXPECT_EQ(c.rules(Table::raw, Family::v6).at(0).action, Action::drop);
  EXPECT_EQ(c.rules(Table::nat, Family::v4).at(0).to_port, 8080);
  EXPECT_TRUE(c.rules(Table::nat, Family::v6).empty());
  EXPECT_EQ(&c.rules(Table::filter, Family::v4), &c.rules(Family::v4));
  ASSERT_EQ(c.rules(Family::v4).size(), 2u);
  EXPECT_EQ(c.rules(Family::v4)[1].number, 1u) << "numbered in its table";
  EXPECT_EQ(c.rules(Family::v4)[1].chain, "forward");
  EXPECT_EQ(c.rules(Family::v6).at(0).number, 0u);
  EXPECT_EQ(c.rules(Family::v6).at(0).family, Family::v6);
}

TEST(Config, OtherMenusAndVerbsAreSkippedWithANote) {
  const Config c = loaded(
      "/system identity set name=r1\n"
      "/ip firewall mangle add chain=prerouting action=mark-packet\n"
      "/ip firewall filter set 0 disabled=yes\n");
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_TRUE(mentions(c.notes, "line 1, column 18: skipped /system identity set"));
  EXPECT_TRUE(mentions(c.notes,
                       "skipped /ip firewall mangle add (only the raw, nat and filter tables and "
                       "address lists are emulated)"));
  EXPECT_TRUE(mentions(c.notes, "skipped /ip firewall filter set (only add is emulated"));
  EXPECT_TRUE(c.rules(Family::v4).empty());
}

TEST(Config, AddressListEntriesOfBothFamilies) {
  const Config c = loaded(
      "/ip firewall address-list add list=ok address=10.0.0.0/8 timeout=1h comment=x\n"
      "/ipv6 firewall address-list add list=v6 address=2001:db8::/32 disabled=yes\n");
  ASSERT_EQ(c.entries.size(), 2u);
  EXPECT_EQ(c.entries[0].family, Family::v4);
  EXPECT_EQ(c.entries[0].list, "ok");
  EXPECT_EQ(c.entries[0].timeout, std::chrono::hours(1));
  EXPECT_TRUE(c.entries[0].address.contains(ip("10.1.2.3")));
  EXPECT_EQ(c.entries[1].family, Family::v6);
  EXPECT_TRUE(c.entries[1].disabled);
  EXPECT_FALSE(c.entries[1].timeout);
  EXPECT_NE(error_of("/ip firewall address-list add address=10.0.0.1").find("entry has no list="),
            std::string::npos);
  EXPECT_NE(error_of("/ip firewall address-list add list=ok").find("entry has no address="),
            std::string::npos);
  EXPECT_EQ(error_of("/ip firewall address-list add list=ok address=10.0.0.1 frobnicate=1"),
            "line 1, column 56: unknown key 'frobnicate' in /ip firewall address-list add");
  EXPECT_NE(
      error_of("/ipv6 firewall address-list add list=ok address=10.0.0.1").find("is not an IPv6 address"),
      std::string::npos);
  EXPECT_NE(error_of("/ip firewall address-list add list=ok address=10.0.0.1 timeout=soon").find("timeout: "),
            std::string::npos);
}

TEST(Config, ADnsNameInAnAddressListIsAWarningItNeverMatches) {
  const Config c = loaded("/ip firewall address-list add list=ok address=router.example.net\n");
  ASSERT_EQ(c.entries.size(), 1u);
  EXPECT_EQ(c.entries[0].address.dns_name, "router.example.net");
  EXPECT_FALSE(c.entries[0].address.contains(ip("127.0.0.1")));
  EXPECT_TRUE(mentions(c.warnings,
                       "address-list \"ok\" entry router.example.net is a DNS name, which the "
                       "emulator does not resolve: it never matches"));
}

TEST(Config, ARuleDescribesItselfByTableNumberCommentAndAction) {
  const Config c = loaded(
      "/ip firewall nat\nadd chain=dstnat action=dst-nat to-addresses=192.168.88.10 to-ports=2222 "
      "comment=ssh\n"
      "add chain=dstnat action=redirect to-ports=8080\n"
      "/ipv6 firewall nat add chain=dstnat action=dst-nat to-addresses=fd00::10\n"
      "/ipv6 firewall raw add chain=prerouting action=drop\n"
      "/ip firewall filter\nadd chain=input action=jump jump-target=knock\n"
      "add chain=knock action=add-src-to-address-list address-list=ok comment=\"two words\"\n");
  EXPECT_EQ(c.rules(Table::nat, Family::v4)[0].describe(),
            "nat rule #0 \"ssh\" (dst-nat to 192.168.88.10:2222)");
  EXPECT_EQ(c.rules(Table::nat, Family::v4)[1].describe(), "nat rule #1 (redirect to the router:8080)");
  EXPECT_EQ(c.rules(Table::nat, Family::v6)[0].describe(), "IPv6 nat rule #0 (dst-nat to [fd00::10])");
  EXPECT_EQ(c.rules(Table::raw, Family::v6)[0].describe(), "IPv6 raw rule #0 (drop)");
  EXPECT_EQ(c.rules(Family::v4)[0].describe(), "rule #0 (jump knock)");
  EXPECT_EQ(c.rules(Family::v4)[1].describe(), "rule #1 \"two words\" (add-src-to-address-list ok)");
  EXPECT_EQ(c.rules(Family::v4)[1].setting("comment"), "comment=\"two words\"");
  EXPECT_EQ(c.rules(Family::v4)[1].setting("chain"), "chain=knock");
  EXPECT_EQ(c.rules(Family::v4)[1].setting("dst-port"), "");
}

TEST(Config, TablesActionsAndWhichActionsEndATable) {
  EXPECT_EQ(to_string(Table::raw), "raw");
  EXPECT_EQ(to_string(Table::nat), "nat");
  EXPECT_EQ(to_string(Table::filter), "filter");
  EXPECT_EQ(to_string(Action::add_src_to_address_list), "add-src-to-address-list");
  EXPECT_EQ(to_string(Action::return_), "return");
  EXPECT_EQ(to_string(Action::endpoint_independent_nat), "endpoint-independent-nat");
  EXPECT_TRUE(is_terminal(Table::filter, Action::reject));
  EXPECT_TRUE(is_terminal(Table::filter, Action::tarpit));
  EXPECT_FALSE(is_terminal(Table::filter, Action::log));
  EXPECT_FALSE(is_terminal(Table::filter, Action::jump));
  EXPECT_TRUE(is_terminal(Table::raw, Action::drop));
  EXPECT_FALSE(is_terminal(Table::raw, Action::notrack)) << "notrack goes on";
  EXPECT_TRUE(is_terminal(Table::nat, Action::dst_nat));
  EXPECT_TRUE(is_terminal(Table::nat, Action::masquerade));
  EXPECT_FALSE(is_terminal(Table::nat, Action::drop));
}

TEST(Config, AddressSpecsAndPortRangesHoldTheirEnds) {
  AddressSpec v4{ip("192.0.2.10"), ip("192.0.2.20"), {}, "192.0.2.10-192.0.2.20"};
  EXPECT_TRUE(v4.contains(ip("192.0.2.10")));
  EXPECT_TRUE(v4.contains(ip("192.0.2.20")));
  EXPECT_FALSE(v4.contains(ip("192.0.2.21")));
  EXPECT_FALSE(v4.contains(ip("::ffff:192.0.2.15"))) << "an IPv6 address is never in an IPv4 spec";
  AddressSpec v6{ip("2001:db8::"), ip("2001:db8::ff"), {}, "2001:db8::/120"};
  EXPECT_TRUE(v6.contains(ip("2001:db8::80")));
  EXPECT_FALSE(v6.contains(ip("2001:db8::100")));
  PortRanges ports{{{22, 22}, {1000, 2000}}};
  EXPECT_TRUE(ports.contains(22));
  EXPECT_TRUE(ports.contains(2000));
  EXPECT_FALSE(ports.contains(23));
  EXPECT_FALSE(PortRanges{}.contains(0));
}

TEST(Config, UnknownKeyInAFilterRuleIsAnErrorWithPosition) {
  auto c = load_config("/ip firewall filter\nadd chain=input dst-prot=22 protocol=tcp\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "line 2, column 17: unknown key 'dst-prot' in /ip firewall filter add");
}

TEST(Config, BadValuesNameKeyValueAndPosition) {
  const auto err = [](std::string_view text) {
    auto c = load_config(text);
    EXPECT_FALSE(c) << text;
    return c ? "" : c.error().message;
  };
  EXPECT_EQ(err("/ip firewall filter add chain=input protocol=tcp dst-port=70000"),
            "line 1, column 59: dst-port '70000' is not a port list (expected ports 0-65535 and ranges, e.g. "
            "21,22,8291,10000-60000)");
  EXPECT_NE(
      err("/ip firewall filter add chain=input action=allow").find("action 'allow' is not a filter action"),
      std::string::npos);
  EXPECT_NE(
      err("/ip firewall filter add chain=input protocol=tcpp").find("protocol 'tcpp' is not a protocol"),
      std::string::npos);
  EXPECT_NE(err("/ip firewall filter add chain=input src-address=::1").find("is not an IPv4 address"),
            std::string::npos);
  EXPECT_NE(err("/ip firewall filter add chain=input action=add-src-to-address-list address-list=a "
                "address-list-timeout=1x")
                .find("is not a RouterOS duration"),
            std::string::npos);
  EXPECT_NE(err("/ip firewall filter add action=drop").find("has no chain="), std::string::npos);
  EXPECT_NE(err("/ip firewall filter add chain=input action=jump").find("jumps but has no jump-target="),
            std::string::npos);
  EXPECT_NE(err("/ipv6 firewall filter add chain=input action=tarpit").find("tarpit is IPv4 only"),
            std::string::npos);
  EXPECT_NE(err("/ip firewall address-list add list=x").find("has no address="), std::string::npos);
}

TEST(Config, OtherMenusAndVerbsAreSkippedWithNotes) {
  auto c = load_config(
      "/interface bridge add name=br0\n/ip firewall nat add chain=srcnat action=masquerade\n"
      "/ip firewall filter set [ find ] disabled=no\n/ip firewall filter add chain=input\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rules(Family::v4).size(), 1u);
  EXPECT_EQ(c->rules(Table::nat, Family::v4).size(), 1u);  // the nat table is read since it is emulated
  ASSERT_EQ(c->notes.size(), 2u);
  EXPECT_EQ(c->notes[0], "line 1, column 19: skipped /interface bridge add");
}

TEST(Config, UnsupportedMatchersAreNotedPerRule) {
  auto c =
      load_config("/ip firewall filter add chain=input action=accept time=8h-17h,mon,tue comment=office");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->rules(Family::v4)[0].unsupported, std::vector<std::string>{"time=8h-17h,mon,tue"});
  ASSERT_EQ(c->notes.size(), 1u);
  EXPECT_NE(c->notes[0].find("rule #0 \"office\" (accept) uses time=8h-17h,mon,tue"), std::string::npos);
}

}  // namespace
}  // namespace knock::routeros
