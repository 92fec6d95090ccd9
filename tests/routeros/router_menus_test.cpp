// routeros/src/router_menus.cpp, through load_config: /interface list, /interface list member, /ip address,
// /ipv6 address and /ip service. Unknown keys there are warnings, bad values errors.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros {
namespace {

using test::error_of;
using test::loaded;
using test::mentions;

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
