// routeros/src/rules.cpp, through load_config: one add of a raw, nat or filter table, its matchers, actions
// and settings checked, and the matchers the emulator cannot evaluate named.
#include <string>

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

}  // namespace
}  // namespace knock::routeros
