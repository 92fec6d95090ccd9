// routeros/src/parse.cpp, through load_config: the values of RouterOS settings (port lists, addresses,
// blocks and ranges, yes/no, name lists, a key given twice), each refused with the key, the value and
// where it stands.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros {
namespace {

using test::error_of;
using test::ip;
using test::loaded;

TEST(Config, AKeyGivenTwiceIsRefused) {
  EXPECT_EQ(
      error_of("/ip firewall filter\nadd chain=input action=drop chain=forward\n"),
      "line 2, column 29: chain= is given twice in one /ip firewall filter add (first at line 2, column 5)");
  EXPECT_NE(
      error_of("/interface list member add interface=ether1 list=WAN list=LAN").find("list= is given twice"),
      std::string::npos);
}

const Rule& only_rule(const Config& c, Family f = Family::v4) {
  EXPECT_EQ(c.rules(f).size(), 1u);
  return c.rules(f).at(0);
}

TEST(Parse, PortListsHoldPortsAndInclusiveRanges) {
  const Rule r =
      only_rule(loaded("/ip firewall filter add chain=input protocol=tcp dst-port=0,22,1000-2000"));
  const PortRanges& ports = r.dst_port->value;
  for (const std::uint16_t in : {0, 22, 1000, 1500, 2000})
    EXPECT_TRUE(ports.contains(in)) << in;
  for (const std::uint16_t out : {1, 21, 23, 999, 2001, 65535})
    EXPECT_FALSE(ports.contains(out)) << out;
  EXPECT_TRUE(only_rule(loaded("/ip firewall filter add chain=input protocol=udp src-port=65535"))
                  .src_port->value.contains(65535));
}

TEST(Parse, APortListThatIsNotOneIsRefusedNamingKeyValueAndPlace) {
  EXPECT_EQ(error_of("/ip firewall filter add chain=input protocol=tcp dst-port=70000"),
            "line 1, column 59: dst-port '70000' is not a port list (expected ports 0-65535 and ranges, e.g. "
            "21,22,8291,10000-60000)");
  for (const char* bad : {"22,", ",22", "2000-1000", "ssh", "1-2-3", "-5", "5-", "22 23"}) {
    EXPECT_NE(
        error_of(std::string("/ip firewall filter add chain=input protocol=tcp dst-port=\"") + bad + "\"")
            .find("is not a port list"),
        std::string::npos)
        << bad;
  }
}

TEST(Parse, AddressesBlocksAndRangesAreInclusiveRangesOfTheirFamily) {
  const Config c = loaded(
      "/ip firewall filter\nadd chain=input src-address=10.1.2.3/8\nadd chain=input "
      "src-address=192.0.2.10-192.0.2.20\nadd chain=input dst-address=0.0.0.0/0\n"
      "/ipv6 firewall filter add chain=input src-address=2001:db8::1/32\n");
  const AddressSpec& block = c.rules(Family::v4)[0].src_address->value;
  EXPECT_EQ(block.low, ip("10.0.0.0"));
  EXPECT_EQ(block.high, ip("10.255.255.255"));
  EXPECT_EQ(block.text, "10.1.2.3/8") << "as written";
  const AddressSpec& range = c.rules(Family::v4)[1].src_address->value;
  EXPECT_TRUE(range.contains(ip("192.0.2.10")));
  EXPECT_TRUE(range.contains(ip("192.0.2.20")));
  EXPECT_FALSE(range.contains(ip("192.0.2.9")));
  EXPECT_FALSE(range.contains(ip("192.0.2.21")));
  EXPECT_TRUE(c.rules(Family::v4)[2].dst_address->value.contains(ip("255.255.255.255")));
  const AddressSpec& v6 = only_rule(c, Family::v6).src_address->value;
  EXPECT_TRUE(v6.contains(ip("2001:db8:ffff::1")));
  EXPECT_FALSE(v6.contains(ip("2001:db9::")));
  EXPECT_FALSE(v6.contains(ip("10.0.0.1"))) << "another family is never in it";
}

TEST(Parse, AnAddressOfTheWrongFamilyOrShapeIsRefused) {
  EXPECT_EQ(error_of("/ip firewall filter add chain=input src-address=2001:db8::1"),
            "line 1, column 49: src-address '2001:db8::1' is not an IPv4 address");
  EXPECT_NE(
      error_of("/ipv6 firewall filter add chain=input dst-address=10.0.0.1").find("is not an IPv6 address"),
      std::string::npos);
  EXPECT_NE(
      error_of("/ip firewall filter add chain=input src-address=10.0.0.0/33").find("is not a CIDR block"),
      std::string::npos);
  EXPECT_NE(
      error_of("/ip firewall filter add chain=input src-address=10.0.0.0/x").find("is not a CIDR block"),
      std::string::npos);
  EXPECT_NE(error_of("/ip firewall filter add chain=input src-address=10.0.0.9-10.0.0.1")
                .find("is not an IPv4 range (expected e.g. 192.168.33.10-192.168.33.20)"),
            std::string::npos)
      << "a range the wrong way round";
  EXPECT_NE(error_of("/ip firewall filter add chain=input src-address=router.example.net")
                .find("is not an IPv4 address, block or range"),
            std::string::npos)
      << "a rule takes no DNS name";
}

TEST(Parse, ALeadingBangNegatesTheMatcher) {
  const Rule r =
      only_rule(loaded("/ip firewall filter add chain=input src-address=!10.0.0.0/8 dst-port=!22 "
                       "protocol=tcp"));
  EXPECT_TRUE(r.src_address->negated);
  EXPECT_TRUE(r.src_address->value.contains(ip("10.9.9.9")));
  EXPECT_TRUE(r.dst_port->negated);
  EXPECT_TRUE(r.dst_port->value.contains(22));
}

TEST(Parse, YesNoTrueAndFalseAndNothingElse) {
  EXPECT_TRUE(only_rule(loaded("/ip firewall filter add chain=input disabled=yes")).disabled);
  EXPECT_TRUE(only_rule(loaded("/ip firewall filter add chain=input disabled=true")).disabled);
  EXPECT_FALSE(only_rule(loaded("/ip firewall filter add chain=input disabled=no")).disabled);
  EXPECT_FALSE(only_rule(loaded("/ip firewall filter add chain=input disabled=false")).disabled);
  EXPECT_EQ(error_of("/ip firewall filter add chain=input disabled=Yes"),
            "line 1, column 46: disabled 'Yes' is not yes or no");
}

TEST(Parse, NameListsSplitOnCommasAndRefuseEmptyNames) {
  const Config c = loaded("/interface list add name=X include=WAN,LAN exclude=MGMT\n");
  ASSERT_EQ(c.interfaces.lists.size(), 1u);
  EXPECT_EQ(c.interfaces.lists[0].include, (std::vector<std::string>{"WAN", "LAN"}));
  EXPECT_EQ(c.interfaces.lists[0].exclude, std::vector<std::string>{"MGMT"});
  for (const char* bad : {",WAN", "WAN,", "WAN,,LAN"}) {
    EXPECT_NE(error_of(std::string("/interface list add name=X exclude=") + bad).find("has an empty name"),
              std::string::npos)
        << bad;
  }
}

TEST(Parse, EveryRepeatedKeyIsRefusedInEveryMenu) {
  EXPECT_EQ(error_of("/ip firewall address-list add list=a address=127.0.0.1 list=b"),
            "line 1, column 56: list= is given twice in one /ip firewall address-list add (first at line 1, "
            "column 31)");
  EXPECT_NE(error_of("/ipv6 firewall raw add chain=prerouting protocol=tcp protocol=udp")
                .find("protocol= is given twice in one /ipv6 firewall raw add"),
            std::string::npos);
  EXPECT_TRUE(load_config("/ip firewall filter add chain=input src-port=1 dst-port=1 protocol=tcp"))
      << "different keys with the same value";
}

}  // namespace
}  // namespace knock::routeros
