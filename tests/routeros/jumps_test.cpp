// routeros/src/jumps.cpp, through load_config: jumps that cannot be followed (to a chain no rule is in, in a
// loop, nested deeper than RouterOS goes) are refused when the configuration is loaded, naming where.
#include <string>

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros {
namespace {

using test::error_of;

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

TEST(Firewall, AJumpLoopIsRefusedWhenLoadedNeverAccepted) {
  auto c = load_config(
      "/ip firewall filter\nadd chain=input action=jump jump-target=a\nadd chain=a action=jump "
      "jump-target=a\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            "line 3, column 1: /ip firewall filter: rule #1 (jump a) closes a jump loop (a -> a): "
            "RouterOS refuses loops, and the emulator cannot follow one");
}

}  // namespace
}  // namespace knock::routeros
