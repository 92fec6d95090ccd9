// routeros/src/view.cpp: the router around the firewall, the view a knock from outside meets (interface,
// lists, address) and the interface lists' membership. Every address here is data for the parser.
#include "knock/routeros/router.hpp"

#include <gtest/gtest.h>

#include "examples.hpp"

namespace knock::routeros {
namespace {

using test::ip;
using test::loaded;

constexpr std::string_view kRouter =
    "/interface list\nadd name=WAN\nadd name=LAN\n"
    "/interface list member\nadd interface=bridge list=LAN\nadd interface=ether1 list=WAN\n"
    "/ip address\nadd address=192.168.88.1/24 interface=bridge\nadd address=192.0.2.2/24 interface=ether1\n"
    "/ipv6 address add address=2001:db8::2/64 interface=ether1\n";

TEST(RouterView, KnocksArriveOnTheWanMemberAddressedToItsAddress) {
  const RouterView v = router_view(loaded(kRouter));
  EXPECT_EQ(v.firewall.interface, "ether1");
  EXPECT_EQ(v.firewall.interface_lists, std::vector<std::string>{"WAN"});
  EXPECT_EQ(v.address_of(Family::v4), ip("192.0.2.2"));
  EXPECT_EQ(v.address_of(Family::v6), ip("2001:db8::2"));
  EXPECT_EQ(v.describe(), "ether1 (on WAN), addressed to 192.0.2.2 and 2001:db8::2");
  EXPECT_EQ(v.describe(Family::v4), "ether1 (on WAN), addressed to 192.0.2.2");
  const auto& local = v.firewall.local;
  EXPECT_NE(std::find(local.begin(), local.end(), ip("192.168.88.1")), local.end())
      << "the LAN side is the router too";
}

TEST(RouterView, WithoutAnAddressTheKnockGoesToADocumentationAddressNeverLoopback) {
  const RouterView v = router_view(loaded("/interface list member add interface=pppoe-out1 list=WAN\n"));
  EXPECT_EQ(v.firewall.interface, "pppoe-out1");
  EXPECT_EQ(v.address_of(Family::v4), ip("198.51.100.1"));
  EXPECT_EQ(v.address_of(Family::v6), ip("2001:db8::1"));
  EXPECT_NE(v.reasons_for(Family::v4).back().find("the export gives pppoe-out1 no IPv4 address"),
            std::string::npos);
}

TEST(RouterView, WithoutAWanListItIsEther1OnNoList) {
  const RouterView v = router_view(loaded("/ip firewall filter add chain=input"));
  EXPECT_EQ(v.firewall.interface, "ether1");
  EXPECT_TRUE(v.firewall.interface_lists.empty());
  EXPECT_NE(v.reasons_for(Family::v4).front().find("no interface on the WAN list"), std::string::npos);
}

TEST(RouterView, TheUsersWordWins) {
  ViewOverrides o;
  o.interface = "bridge";
  o.to = {ip("127.0.0.1")};
  const RouterView lan = router_view(loaded(kRouter), o);
  EXPECT_EQ(lan.firewall.interface_lists, std::vector<std::string>{"LAN"}) << "the export's lists for bridge";
  EXPECT_EQ(lan.address_of(Family::v4), ip("127.0.0.1"));
  EXPECT_EQ(lan.address_of(Family::v6), ip("2001:db8::1")) << "bridge has no IPv6 address";
  o.interface_lists = std::vector<std::string>{"WAN", "MGMT"};
  EXPECT_EQ(router_view(loaded(kRouter), o).firewall.interface_lists,
            (std::vector<std::string>{"WAN", "MGMT"}));
}

TEST(RouterView, IncludedExcludedAndDisabledMembership) {
  const Config c = loaded(
      "/interface list\nadd name=WAN include=UPLINKS exclude=BACKUP\nadd name=UPLINKS\n"
      "add name=BACKUP\n/interface list member\nadd interface=ether1 list=UPLINKS\n"
      "add interface=lte1 list=UPLINKS\nadd interface=lte1 list=BACKUP\n"
      "add disabled=yes interface=ether9 list=WAN\n");
  EXPECT_EQ(c.interfaces.members_of("WAN"), std::vector<std::string>{"ether1"});
  EXPECT_EQ(c.interfaces.lists_of("ether1"), (std::vector<std::string>{"WAN", "UPLINKS"}));
  EXPECT_EQ(c.interfaces.lists_of("lte1"), (std::vector<std::string>{"UPLINKS", "BACKUP"}));
  EXPECT_TRUE(c.interfaces.lists_of("ether9").empty());
}

TEST(RouterView, ListsIncludingEachOtherEndInsteadOfLooping) {
  const Config c = loaded("/interface list\nadd name=A include=B\nadd name=B include=A\n");
  EXPECT_TRUE(c.interfaces.lists_of("ether1").empty());
}

TEST(RouterView, ListsIncludingManyListsAreWorkedOutOnceEach) {
  // Each list includes every one before it: followed naively, 2^40 ways to the bottom.
  std::string text = "/interface list member add interface=ether1 list=L0\n/interface list\nadd name=L0\n";
  std::string earlier = "L0";
  for (int i = 1; i <= 40; ++i) {
    text += "add name=L" + std::to_string(i) + " include=" + earlier + "\n";
    earlier += ",L" + std::to_string(i);
  }
  text += "add name=WAN include=" + earlier + "\n";
  const Config c = loaded(text);
  EXPECT_EQ(c.interfaces.lists_of("ether1").size(), 42u);
  EXPECT_EQ(router_view(c).firewall.interface, "ether1");
}

}  // namespace
}  // namespace knock::routeros
