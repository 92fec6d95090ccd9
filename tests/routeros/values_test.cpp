// routeros/src/values.cpp: protocol names and numbers as RouterOS writes them in protocol=, alone and as
// load_config reads them.
#include "knock/routeros/config.hpp"

#include <gtest/gtest.h>

#include "examples.hpp"

namespace knock::routeros {
namespace {

using test::error_of;
using test::loaded;

TEST(ProtocolNumber, NamesRouterOsKnowsAndNumbersUpTo255) {
  EXPECT_EQ(protocol_number("tcp"), 6);
  EXPECT_EQ(protocol_number("udp"), 17);
  EXPECT_EQ(protocol_number("icmp"), 1);
  EXPECT_EQ(protocol_number("icmpv6"), 58);
  EXPECT_EQ(protocol_number("gre"), 47);
  EXPECT_EQ(protocol_number("ipencap"), 4);
  EXPECT_EQ(protocol_number("ip-encap"), 4) << "both spellings";
  EXPECT_EQ(protocol_number("l2tp"), 115);
  EXPECT_EQ(protocol_number("sctp"), 132);
  EXPECT_EQ(protocol_number("udp-lite"), 136);
  EXPECT_EQ(protocol_number("0"), 0);
  EXPECT_EQ(protocol_number("6"), 6);
  EXPECT_EQ(protocol_number("255"), 255);
}

TEST(ProtocolNumber, AnythingElseIsNone) {
  for (const char* bad : {"", "256", "-1", "6x", " 6", "TCP", "tcp ", "quic", "ftp", "0x11"})
    EXPECT_FALSE(protocol_number(bad)) << '"' << bad << '"';
}

TEST(ProtocolName, TheNameOfAKnownNumberElseTheNumber) {
  EXPECT_EQ(protocol_name(6), "tcp");
  EXPECT_EQ(protocol_name(17), "udp");
  EXPECT_EQ(protocol_name(58), "icmpv6");
  EXPECT_EQ(protocol_name(4), "ip-encap") << "the first spelling";
  EXPECT_EQ(protocol_name(200), "200");
  EXPECT_EQ(protocol_name(0), "0");
  for (const char* name : {"tcp", "udp", "icmp", "gre", "ospf", "vrrp"})
    EXPECT_EQ(protocol_name(*protocol_number(name)), name);
}

TEST(ProtocolNumber, ProtocolInARuleIsReadByNameOrNumber) {
  const Config c = loaded(
      "/ip firewall filter\nadd chain=input action=drop protocol=gre\n"
      "add chain=input action=drop protocol=!17\n");
  ASSERT_EQ(c.rules(Family::v4).size(), 2u);
  EXPECT_EQ(c.rules(Family::v4)[0].protocol->value, 47);
  EXPECT_EQ(c.rules(Family::v4)[1].protocol->value, 17);
  EXPECT_TRUE(c.rules(Family::v4)[1].protocol->negated);
  EXPECT_EQ(
      error_of("/ip firewall filter add chain=input protocol=tcpp"),
      "line 1, column 46: protocol 'tcpp' is not a protocol (expected a name such as tcp, udp, icmp or a "
      "number 0-255)");
  EXPECT_NE(
      error_of("/ip firewall filter add chain=input protocol=300").find("protocol '300' is not a protocol"),
      std::string::npos);
}

}  // namespace
}  // namespace knock::routeros
