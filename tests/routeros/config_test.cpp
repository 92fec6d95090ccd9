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

}  // namespace
}  // namespace knock::routeros
