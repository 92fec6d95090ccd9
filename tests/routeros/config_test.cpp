// Loading: the raw and nat tables, the router menus, and what is refused outright (jumps that cannot be
// followed, a key given twice, actions of another table), always with line and column.
#include "knock/routeros/config.hpp"

#include <gtest/gtest.h>

#include "knock/core/plan.hpp"
#include "knock/routeros/address_lists.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;

std::string error_of(std::string_view text) {
  auto c = load_config(text);
  EXPECT_FALSE(c) << text;
  return c ? "" : c.error().message;
}

Config loaded(std::string_view text) {
  auto c = load_config(text);
  EXPECT_TRUE(c) << (c ? "" : c.error().message);
  return c ? *c : Config{};
}

bool mentions(const std::vector<std::string>& lines, std::string_view text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(ConfigJumps, AJumpToAChainNoRuleIsInIsRefused) {
  EXPECT_EQ(
      error_of("/ip firewall filter\nadd chain=input action=jump jump-target=knokc\nadd chain=knock "
               "action=accept\n"),
      "line 2, column 41: /ip firewall filter: jump-target=knokc names a chain no rule is in (a typo?)");
}

TEST(ConfigJumps, ALoopAcrossChainsIsRefusedNamingTheChains) {
  EXPECT_EQ(
      error_of("/ip firewall filter\n"
               "add chain=input action=jump jump-target=a\n"
               "add chain=a action=jump jump-target=b protocol=tcp\n"
               "add chain=b action=jump jump-target=a dst-port=22 protocol=tcp comment=back\n"),
      "line 4, column 1: /ip firewall filter: rule #2 \"back\" (jump a) closes a jump loop (a -> b -> a): "
      "RouterOS refuses loops, and the emulator cannot follow one");
  EXPECT_NE(error_of("/ipv6 firewall raw\nadd chain=prerouting action=jump jump-target=prerouting\n")
                .find("/ipv6 firewall raw: IPv6 raw rule #0 (jump prerouting) closes a jump loop (prerouting "
                      "-> prerouting)"),
            std::string::npos);
}

std::string chain_of_jumps(int depth) {
  std::string text = "/ip firewall filter\nadd chain=input action=jump jump-target=c1\n";
  for (int i = 1; i < depth; ++i) {
    text += "add chain=c" + std::to_string(i) + " action=jump jump-target=c" + std::to_string(i + 1) + "\n";
  }
  return text + "add chain=c" + std::to_string(depth) + " action=drop\n";
}

TEST(ConfigJumps, JumpsNestedDeeperThan32AreRefusedNeverGuessed) {
  EXPECT_EQ(error_of(chain_of_jumps(33)),
            "line 2, column 1: /ip firewall filter: jumps nest 33 chains deep (input -> c1 -> c2 -> ... -> "
            "c31 -> c32 "
            "-> c33), more than the 32 the emulator follows");
  EXPECT_TRUE(load_config(chain_of_jumps(32))) << "32 is as deep as it goes";
}

TEST(ConfigJumps, DisabledJumpsDoNotCount) {
  EXPECT_TRUE(
      load_config("/ip firewall filter\nadd chain=input action=jump jump-target=input disabled=yes\n"));
}

TEST(Config, AKeyGivenTwiceIsRefused) {
  EXPECT_EQ(
      error_of("/ip firewall filter\nadd chain=input action=drop chain=forward\n"),
      "line 2, column 29: chain= is given twice in one /ip firewall filter add (first at line 2, column 5)");
  EXPECT_NE(
      error_of("/interface list member add interface=ether1 list=WAN list=LAN").find("list= is given twice"),
      std::string::npos);
}

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

TEST(Config, UnsupportedMatchersInChainsNoKnockPassesAreOnlyNoted) {
  const Config c = loaded(
      "/ip firewall nat add chain=srcnat action=masquerade out-interface-list=WAN\n"
      "/ip firewall filter add chain=input action=drop out-interface=ether1\n");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("rule #0 (drop) uses out-interface=ether1"), std::string::npos);
  EXPECT_TRUE(mentions(c.notes, "nat rule #0 (masquerade) uses out-interface-list=WAN"));
}

TEST(ConfigRouter, InterfaceListsMembersAndAddresses) {
  const Config c = loaded(
      "/interface list\nadd name=WAN comment=defconf\nadd name=all-up include=WAN,LAN exclude=MGMT\n"
      "/interface list member\nadd interface=ether1 list=WAN\nadd disabled=yes interface=ether9 list=WAN\n"
      "/ip address add address=192.0.2.2/24 interface=ether1 network=192.0.2.0\n"
      "/ipv6 address\nadd address=2001:db8::2/64 advertise=no interface=ether1\n"
      "add address=::1/64 from-pool=isp interface=bridge\n");
  ASSERT_EQ(c.interfaces.lists.size(), 2u);
  EXPECT_EQ(c.interfaces.lists[1].include, (std::vector<std::string>{"WAN", "LAN"}));
  ASSERT_EQ(c.interfaces.members.size(), 2u);
  EXPECT_TRUE(c.interfaces.members[1].disabled);
  ASSERT_EQ(c.interfaces.addresses.size(), 3u);
  EXPECT_EQ(c.interfaces.addresses[0].address, core::parse_literal("192.0.2.2"));
  EXPECT_EQ(c.interfaces.addresses[1].address, core::parse_literal("2001:db8::2"));
  EXPECT_FALSE(c.interfaces.addresses[2].address) << "from a pool: RouterOS makes it up";
  EXPECT_TRUE(mentions(c.warnings, "the IPv6 address of bridge comes from a pool or the MAC address"));
}

TEST(ConfigRouter, UnknownKeysInTheRouterMenusAreWarningsBadValuesAreErrors) {
  const Config c = loaded(
      "/interface list member add interface=ether1 list=WAN frobnicate=yes\n"
      "/ip address add address=192.0.2.2/24 interface=ether1 vrf=main\n");
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_EQ(c.warnings[0],
            "line 1, column 54: /interface list member add: ignored frobnicate=yes (not modelled by "
            "the emulator)");
  EXPECT_EQ(error_of("/ip address\nadd address=192.0.2.300/24 interface=ether1\n"),
            "line 2, column 13: address '192.0.2.300/24' is not an IPv4 address with its prefix (e.g. "
            "192.0.2.2/24)");
  EXPECT_NE(
      error_of("/ipv6 address add address=192.0.2.2/24 interface=ether1").find("is not an IPv6 address"),
      std::string::npos);
  EXPECT_NE(
      error_of("/interface list member add list=WAN").find("/interface list member add has no interface="),
      std::string::npos);
  EXPECT_NE(
      error_of("/interface list add name=X include=WAN,,LAN").find("include 'WAN,,LAN' has an empty name"),
      std::string::npos);
  EXPECT_NE(error_of("/interface list member add interface=ether1 list=WAN disabled=maybe")
                .find("is not yes or no"),
            std::string::npos);
}

TEST(ConfigRouter, IpServiceSetLinesChangeTheDefaults) {
  const Config c = loaded(
      "/ip service\nset telnet disabled=yes\nset [ find name=ssh ] port=2222\n"
      "set winbox address=192.168.88.0/24,2001:db8::/32 max-sessions=5\n"
      "set api-ssl certificate=none tls-version=only-1.2\nset reverse-proxy disabled=yes\n");
  const auto find = [&](const char* name) {
    return *std::find_if(c.services.begin(), c.services.end(),
                         [&](const Service& s) { return s.name == name; });
  };
  EXPECT_TRUE(find("telnet").disabled);
  EXPECT_EQ(find("ssh").port, 2222);
  EXPECT_EQ(find("ssh").default_port, 22);
  ASSERT_EQ(find("winbox").allowed.size(), 2u);
  EXPECT_TRUE(find("winbox").allowed[1].contains(*core::parse_literal("2001:db8::5")));
  EXPECT_FALSE(find("api").disabled) << "untouched services keep RouterOS's defaults";
  EXPECT_TRUE(find("www-ssl").disabled);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("no service 'reverse-proxy' the emulator knows"), std::string::npos);
  EXPECT_NE(error_of("/ip service set ssh port=0").find("port '0' is not a port (1-65535)"),
            std::string::npos);
  EXPECT_NE(
      error_of("/ip service set winbox address=lan").find("address 'lan' is not an IPv4 or IPv6 address"),
      std::string::npos);
  EXPECT_NE(
      error_of("/ip service set [ find port=22 ] disabled=yes").find("cannot tell which service it sets"),
      std::string::npos);
}

}  // namespace
}  // namespace knock::routeros
