// The /system menus of the subset and where other menus go (interpreter_system.cpp): scripts added, found
// and run by name, scheduler entries and their checks, the script environment, /system ntp client; menus
// outside the subset loaded at import and refused in scheduled scripts.
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(Interpreter, ASchedulerAtATimeOfDayIsRefusedUnlessDisabled) {
  auto im = routeros::import_script(
      "/system scheduler add name=backup on-event=x start-time=03:00:00 interval=1d\n");
  ASSERT_FALSE(im);
  EXPECT_NE(im.error().message.find("line 1, column 19: /system scheduler \"backup\": start-time=03:00:00"),
            std::string::npos)
      << im.error().message;
  EXPECT_TRUE(routeros::import_script(
      "/system scheduler add disabled=yes name=backup on-event=x start-time=03:00:00 interval=1d\n"));
}

TEST(InterpreterSystem, AScriptIsRunByNameAndCountsItsRuns) {
  Scheduled r(
      "/system script run greet\n:put [/system script get [:pick [/system script find where name=greet] 0] "
      "run-count]",
      "/system script add name=greet source={ :log info hello }\n");
  EXPECT_EQ(r.go(), "1");
  EXPECT_TRUE(r.logged("hello")) << r.all_log();
}

TEST(InterpreterSystem, ScriptsAndSchedulerEntriesAreChecked) {
  const auto refused = [](const std::string& text, const std::string& why) {
    auto im = routeros::import_script(text);
    ASSERT_FALSE(im) << text;
    EXPECT_NE(im.error().message.find(why), std::string::npos) << text << ": " << im.error().message;
  };
  refused("/system script add name=a source=\"\"\n/system script add name=a source=\"\"\n",
          "a script named \"a\" exists already");
  refused("/system script add source=\"\"\n", "/system script add: no name=");
  refused("/system scheduler add on-event=x\n", "/system scheduler add: no name=");
  refused("/system scheduler add name=s interval=often on-event=x\n", "interval 'often' is not a time");
  refused("/system scheduler add name=s colour=red on-event=x\n", "is outside the emulated subset");
}

TEST(InterpreterSystem, AScriptThatDoesNotParseIsKeptAndRefusedWhenItWouldRun) {
  auto im = routeros::import_script("/system script add name=bad source=\":delay 1s\"\n");
  ASSERT_TRUE(im) << "RouterOS keeps it, marked invalid";
  EXPECT_TRUE(im->scripting.has_script("bad"));
  OtpSim r(
      "/system script add name=bad source=\":delay 1s\"\n"
      "/system scheduler add name=s interval=1s on-event=bad start-time=startup\n",
      kWindowStart);
  auto booted = boot_alone(r.im, kWindowStart);
  ASSERT_FALSE(booted);
  EXPECT_NE(booted.error().message.find("script bad does not parse"), std::string::npos)
      << booted.error().message;
}

TEST(InterpreterSystem, TheEnvironmentFindsGetsAndRemovesGlobals) {
  Scheduled r(
      ":global ga 1\n:global gb 2\n/system script environment remove [/system script environment find where "
      "name=ga]\n:put ([:len [/system script environment find]] . \" \" . [/system script environment get "
      "[:pick [/system script environment find] 0] value])");
  EXPECT_EQ(r.go(), "1 2");
  EXPECT_EQ(r.runner->global_text("ga"), "");
  EXPECT_EQ(r.runner->global_text("gb"), "2");
}

TEST(InterpreterSystem, TheNtpClientIsNoted) {
  auto on = routeros::import_script("/system ntp client set enabled=yes\n");
  ASSERT_TRUE(on) << on.error().message;
  EXPECT_TRUE(on->scripting.ntp_enabled());
  auto off = routeros::import_script("/system ntp client set enabled=no\n");
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->scripting.ntp_enabled());
}

TEST(InterpreterSystem, OtherMenusAreLoadedAtImportAndRefusedInScheduledScripts) {
  auto im = routeros::import_script("/interface bridge add name=br0\n:global x 1\n");
  ASSERT_TRUE(im) << im.error().message;
  ASSERT_FALSE(im->config.notes.empty());
  EXPECT_NE(im->config.notes[0].find("skipped /interface bridge add"), std::string::npos)
      << im->config.notes[0];
  // The boot check sees the scheduler's own code; a script it runs is refused when it gets there.
  Scheduled r("/system script run other",
              "/system script add name=other source={ /interface bridge add name=br0 }\n");
  const std::string out = r.go();
  EXPECT_NE(out.find("/interface bridge add is outside the emulated subset"), std::string::npos) << out;
}

}  // namespace
}  // namespace knock::test
