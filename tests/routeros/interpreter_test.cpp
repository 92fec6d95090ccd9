// The evaluator (interpreter.cpp): blocks and their scopes, local and global variables, :return, nested
// /system script run, and the limits on steps and text that stop a run which would never end.
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(Interpreter, ScopesAndGlobals) {
  EXPECT_EQ(put("$x", ":local x 1\n:if (true) do={ :set x ($x + 1) }"), "2");
  EXPECT_EQ(put("$g", ":global g 5"), "5");
  EXPECT_NE(put("$y", ":if (true) do={ :local y 1 }").find("ERROR line "), std::string::npos);
  EXPECT_EQ(put("$n", ":local n 0\n:local i 0\n:while ($i < 10) do={ :set n ($n + $i); :set i ($i + 1) }"),
            "45");
  EXPECT_EQ(put("$s",
                ":local s \"\"\n:foreach e in=[/system script find] do={ :set s ($s . [/system script get $e "
                "name]) }"),
            "t");
}

TEST(Interpreter, ALoopThatNeverEndsIsStoppedAndTheFirewallFailsClosed) {
  Scheduled r(":while (true) do={ :local x 1 }", "/ip firewall filter add chain=input action=accept\n");
  EXPECT_NE(r.go().find("steps (a loop that never ends?)"), std::string::npos);
  EXPECT_TRUE(r.runner->failed());
  const auto v =
      r.fw->evaluate(routeros::connection_packet({6, 22}, ip("192.0.2.1"), ip("198.51.100.1")), r.now);
  EXPECT_FALSE(v.accepted())
      << "the accept rule no longer counts: the emulator cannot tell what the script did";
  EXPECT_NE(v.undecided.find("steps"), std::string::npos);
}

TEST(Interpreter, ALoopThatCopiesALongTextIsStoppedByTheSameLimit) {
  // 512 KiB copied on every turn: few steps, but as much work as billions of them.
  Scheduled r(
      ":local a \"x\"\n:local i 0\n:while ($i < 19) do={ :set a ($a . $a); :set i ($i + 1) }\n"
      ":while (true) do={ :local b $a }");
  EXPECT_NE(r.go().find("steps (a loop that never ends?)"), std::string::npos);
  EXPECT_TRUE(r.runner->failed());
}

// Each run has the step limit; the runs due at one moment have kMomentRuns (4) times it together.

TEST(Interpreter, ReturnEndsAScriptAndIsTheValueOfItsRun) {
  Scheduled r(":put [/system script run r]",
              "/system script add name=r source={ :return 5\n:log info after }\n");
  EXPECT_EQ(r.go(), "5");
  EXPECT_FALSE(r.logged("after")) << r.all_log();
}

TEST(Interpreter, AScriptThatRunsItselfIsStoppedAtTheDepthLimit) {
  Scheduled r("/system script run a", "/system script add name=a source={ /system script run a }\n");
  const std::string out = r.go();
  EXPECT_NE(out.find("/system script run nested deeper than 32 levels"), std::string::npos) << out;
  EXPECT_TRUE(r.runner->failed());
}

TEST(Interpreter, SettingAVariableNobodyDeclaredIsAnError) {
  Scheduled r(":set nobody 1");
  const std::string out = r.go();
  EXPECT_NE(out.find("ERROR line 2, column"), std::string::npos) << out;
  EXPECT_NE(out.find("nobody"), std::string::npos) << out;
}

TEST(Interpreter, AGlobalKeepsItsValueFromOneRunToTheNext) {
  Scheduled r(":global c\n:if ([:typeof $c] = \"nothing\") do={ :set c 0 }\n:set c ($c + 1)\n:put $c");
  r.boot();
  r.wait(6s);  // runs at 4, 5 and 6 s
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  ASSERT_EQ(r.log.size(), 3u);
  EXPECT_EQ(r.log[0].text, "1");
  EXPECT_EQ(r.log[2].text, "3");
  EXPECT_EQ(r.runner->global_text("c"), "3");
}

TEST(Interpreter, AStringPastTheTextLimitIsAnError) {
  Scheduled r(":local a \"0123456789\"\n:local b ($a . $a)\n:put $b");
  r.limits.max_text = 16;
  const std::string out = r.go();
  EXPECT_NE(out.find("a string grew past the limit"), std::string::npos) << out;
}

}  // namespace
}  // namespace knock::test
