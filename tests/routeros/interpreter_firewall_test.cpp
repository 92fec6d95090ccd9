// The firewall tables in scripts (interpreter_firewall.cpp): rules found, set, enabled, disabled, added
// (with place-before) and removed, checked as an export's rules are, and what the firewall sees after.
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(Interpreter, ScriptsChangeTheRulesTheFirewallSees) {
  Scheduled r(
      "/ip firewall filter set [find where comment=\"door\"] dst-port=2222 disabled=no\n"
      "/ip firewall address-list add list=ok address=192.0.2.5 timeout=1h",
      "/ip firewall filter\n"
      "add chain=input action=accept comment=door disabled=yes protocol=tcp dst-port=22 src-address-list=ok\n"
      "add chain=input action=drop protocol=tcp\n");
  EXPECT_EQ(r.go(), "");
  EXPECT_TRUE(r.connects(ip("192.0.2.5"), 2222));
  EXPECT_FALSE(r.connects(ip("192.0.2.5"), 22));
  EXPECT_FALSE(r.connects(ip("192.0.2.6"), 2222));
  ASSERT_EQ(r.edits.size(), 1u);
  EXPECT_EQ(r.edits[0].list, "ok");
}

TEST(Interpreter, PlaceBeforePutsARuleAboveAnother) {
  auto im = routeros::import_script(
      "/ip firewall filter\nadd chain=input action=drop comment=last\n"
      "add chain=input action=accept comment=first place-before=[:pick [find where comment=last] 0]\n");
  ASSERT_TRUE(im) << im.error().message;
  const auto& rules = im->config.rules(routeros::Family::v4);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].comment, "first");
  EXPECT_EQ(rules[1].number, 1u);
}

const std::string kDoors =
    "/ip firewall filter\n"
    "add chain=input action=accept comment=ssh protocol=tcp dst-port=22\n"
    "add chain=input action=accept comment=web protocol=tcp dst-port=80\n"
    "add chain=input action=accept comment=mail disabled=yes protocol=tcp dst-port=25\n"
    "add chain=input action=drop protocol=tcp\n";

TEST(InterpreterFirewall, DisableEnableAndRemoveChangeWhatTheFirewallSees) {
  Scheduled r(
      "/ip firewall filter disable [find where comment=ssh]\n/ip firewall filter remove [find where "
      "comment=web]\n/ip firewall filter enable [find where comment=mail]",
      kDoors);
  EXPECT_EQ(r.go(), "");
  EXPECT_FALSE(r.connects(ip("192.0.2.5"), 22));
  EXPECT_FALSE(r.connects(ip("192.0.2.5"), 80));
  EXPECT_TRUE(r.connects(ip("192.0.2.5"), 25));
  EXPECT_EQ(r.im.config.rules(routeros::Family::v4).size(), 3u);
}

TEST(InterpreterFirewall, GetReadsARulesSetting) {
  Scheduled r(":put [/ip firewall filter get [:pick [find where comment=ssh] 0] dst-port]", kDoors);
  EXPECT_EQ(r.go(), "22");
  Scheduled n(":put [:len [/ip firewall filter find where protocol=tcp]]", kDoors);
  EXPECT_EQ(n.go(), "4");
}

TEST(InterpreterFirewall, ARuleAScriptAddsIsCheckedAsAnExportedOne) {
  Scheduled r("/ip firewall filter add chain=input dst-prot=22 protocol=tcp", kDoors);
  const std::string out = r.go();
  EXPECT_NE(out.find("unknown key 'dst-prot'"), std::string::npos) << out;
  EXPECT_TRUE(r.runner->failed());
  auto at_import =
      routeros::import_script(":if (true) do={ /ip firewall filter add chain=input action=allow }\n");
  ASSERT_FALSE(at_import);
  EXPECT_NE(at_import.error().message.find("action 'allow' is not a filter action"), std::string::npos)
      << at_import.error().message;
}

TEST(InterpreterFirewall, SetTakesSettingsAndPlaceBeforeARuleOfTheSameMenu) {
  EXPECT_NE(Scheduled("/ip firewall filter set [find where comment=ssh] 22", kDoors)
                .go()
                .find("set: give key=value settings after the rule"),
            std::string::npos);
  auto im = routeros::import_script(
      "/ip firewall raw add chain=prerouting action=drop comment=r\n"
      "/ip firewall filter add chain=input action=accept place-before=[:pick [/ip firewall raw find] 0]\n");
  ASSERT_FALSE(im);
  EXPECT_NE(im.error().message.find("place-before: not a rule of /ip firewall filter"), std::string::npos)
      << im.error().message;
}

}  // namespace
}  // namespace knock::test
