// The interpreter's public face (interpreter_runtime.cpp): import_script, uses_scripts and load_router, the
// runner's boot check and timing, the steps of the runs due at one moment, a clock far behind, next_run,
// global_text, and what a reboot keeps (saved_state, restore_state).
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(Interpreter, AScheduledScriptOutsideTheSubsetIsRefusedAtBoot) {
  OtpSim r(
      "/system script add name=x source={\n  :local a 1\n  /tool fetch url=\"http://example.net/\"\n}\n"
      "/system scheduler add name=x interval=1m on-event=x start-time=startup\n",
      kWindowStart);
  auto booted = boot_alone(r.im, kWindowStart);
  ASSERT_FALSE(booted);
  EXPECT_NE(booted.error().message.find("line 3, column 9: /tool fetch is outside the emulated subset"),
            std::string::npos)
      << booted.error().message;
}

TEST(Interpreter, TheRunsDueAtOneMomentAreHeldToFourTimesTheLimit) {
  // Each run: a loop of 60 turns (more than half of 700 steps, less than all of them), then a log line.
  const auto schedulers = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out +=
          "/system scheduler add name=s" + std::to_string(i) +
          " interval=1s start-time=startup on-event={ :local i 0\n:while ($i < 60) do={ :set i ($i + 1) }\n"
          ":log info done }\n";
    }
    return out;
  };
  OtpSim one(schedulers(1), kWindowStart);
  one.limits.max_steps = 350;
  one.boot();
  one.wait(4s);
  ASSERT_EQ(one.errors.size(), 1u) << "one run takes more than 350 steps";
  EXPECT_NE(one.errors.front().find("stopped after 350 steps"), std::string::npos) << one.errors.front();

  OtpSim four(schedulers(4), kWindowStart);
  four.limits.max_steps = 700;
  four.boot();
  four.wait(4s);
  ASSERT_TRUE(four.errors.empty()) << four.errors.front();
  EXPECT_EQ(four.log.size(), 4u) << "four runs at one moment fit in 4 x 700 steps";

  OtpSim nine(schedulers(9), kWindowStart);
  nine.limits.max_steps = 700;
  nine.boot();
  nine.wait(4s);
  ASSERT_EQ(nine.errors.size(), 1u) << "nine runs of more than 350 steps do not";
  EXPECT_NE(nine.errors.front().find("took more than 2800 steps together"), std::string::npos)
      << nine.errors.front();
  EXPECT_TRUE(nine.runner->failed());
}

TEST(Interpreter, SchedulersRunThreeSecondsAfterStartupAndThenEveryInterval) {
  OtpSim r(
      "/system scheduler add name=once on-event=\":log info once\" start-time=startup\n"
      "/system scheduler add name=tick interval=2s on-event=\":log info tick\" start-time=startup\n",
      kWindowStart);
  r.boot();
  r.until(2999ms);
  EXPECT_TRUE(r.log.empty());
  r.until(3s);
  ASSERT_EQ(r.log.size(), 1u);
  EXPECT_EQ(r.log[0].text, "once");
  r.until(5s);  // 3 s + one interval
  ASSERT_EQ(r.log.size(), 2u);
  EXPECT_EQ(r.log[1].text, "tick");
  r.until(9s);
  EXPECT_EQ(r.log.size(), 4u);
}

TEST(Interpreter, OnlyExportsWithScriptsNeedIt) {
  EXPECT_FALSE(routeros::uses_scripts("/ip firewall filter\nadd chain=input action=accept\n"));
  EXPECT_TRUE(routeros::uses_scripts("/system scheduler add name=x on-event=y\n"));
  EXPECT_TRUE(routeros::uses_scripts(":global x 1\n"));
  EXPECT_TRUE(routeros::uses_scripts("/system\nscript add name=x source=\"\"\n"));
  EXPECT_TRUE(routeros::uses_scripts(":execute \"x\"\n")) << "outside the subset: the interpreter says where";
}

TEST(InterpreterRuntime, LoadRouterUsesTheInterpreterOnlyForExportsWithScripts) {
  auto plain = routeros::load_router("/ip firewall filter\nadd chain=input action=accept\n");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->config.rules(routeros::Family::v4).size(), 1u);
  EXPECT_EQ(plain->scripting.schedulers(), 0u);
  auto scripted = routeros::load_router(
      "/ip firewall filter add chain=input action=accept\n"
      "/system scheduler add name=s interval=1s on-event=\":log info x\" start-time=startup\n"
      "/system scheduler add disabled=yes name=off interval=1s on-event=\":log info y\" "
      "start-time=startup\n");
  ASSERT_TRUE(scripted) << scripted.error().message;
  EXPECT_EQ(scripted->scripting.schedulers(), 1u) << "enabled ones";
  auto refused = routeros::load_router(":global x 1\n:delay 1s\n");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("line 2, column 1"), std::string::npos) << refused.error().message;
}

TEST(InterpreterRuntime, WhatTheImportLogsBecomesANote) {
  auto im = routeros::import_script(":log info hello\n");
  ASSERT_TRUE(im) << im.error().message;
  ASSERT_EQ(im->config.notes.size(), 1u);
  EXPECT_EQ(im->config.notes[0], "the import logged (info): hello");
}

TEST(InterpreterRuntime, NextRunIsTheEarliestEntryDueAndNoneOnceFailed) {
  OtpSim r(
      "/system scheduler add name=slow interval=10s on-event=\":log info slow\" start-time=startup\n"
      "/system scheduler add name=fast interval=2s on-event=\":local x (1 / 0)\" start-time=startup\n",
      kWindowStart);
  r.boot();
  ASSERT_TRUE(r.runner->next_run());
  EXPECT_EQ(*r.runner->next_run(), routeros::Time{5s});
  r.until(5s);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("division by zero"), std::string::npos) << r.errors[0];
  EXPECT_TRUE(r.runner->failed());
  EXPECT_FALSE(r.runner->next_run());
  EXPECT_EQ(r.runner->global_text("anything"), "");
}

TEST(InterpreterRuntime, AClockFarBehindRunsAMissedEntryOnceNotForEveryInterval) {
  OtpSim r("/system scheduler add name=tick interval=1s on-event=\":log info tick\" start-time=startup\n",
           kWindowStart);
  r.boot();
  r.until(1000s);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.log.size(), 2u) << "at 4 s, then once for the 995 s missed";
  r.until(1001s);
  EXPECT_EQ(r.log.size(), 3u);
}

TEST(InterpreterRuntime, TheSavedStateKeepsRuleSettingsAndScriptSources) {
  const std::string exported =
      "/ip firewall filter\n"
      "add chain=input action=accept comment=door disabled=yes protocol=tcp dst-port=22\n"
      "add chain=input action=drop protocol=tcp\n"
      "/system script add name=note source=\"old\"\n"
      "/system scheduler add name=s on-event={ /ip firewall filter set [find where comment=door] "
      "disabled=no\n"
      "/system script set [find where name=note] source=\"new\" } start-time=startup\n";
  std::string state;
  {
    OtpSim r(exported, kWindowStart);
    r.boot();
    r.until(3s);
    ASSERT_TRUE(r.errors.empty()) << r.errors.front();
    ASSERT_TRUE(r.connects(ip("192.0.2.5"), 22));
    auto saved = r.runner->saved_state();
    ASSERT_TRUE(saved) << saved.error().message;
    state = *saved;
  }
  OtpSim after(exported, kWindowStart, state);
  ASSERT_NE(after.rule("door"), nullptr);
  EXPECT_FALSE(after.rule("door")->disabled);
  EXPECT_NE(state.find("source=\"new\""), std::string::npos) << state;
  OtpSim fresh(exported, kWindowStart);
  EXPECT_TRUE(fresh.rule("door")->disabled);
}

TEST(InterpreterRuntime, NoStateIsSavedOnceScriptsAddedItems) {
  OtpSim r(
      "/system scheduler add name=s on-event={ /ip firewall filter add chain=input action=drop } "
      "start-time=startup\n",
      kWindowStart);
  r.boot();
  r.until(3s);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  auto saved = r.runner->saved_state();
  ASSERT_FALSE(saved);
  EXPECT_NE(saved.error().message.find("the state is not saved"), std::string::npos);
}

TEST(InterpreterRuntime, ACloneIsIndependentOfItsOriginal) {
  auto im = routeros::import_script("/system script add name=a source=\"\"\n:global g 1\n");
  ASSERT_TRUE(im) << im.error().message;
  routeros::Scripting copy = im->scripting.clone();
  EXPECT_TRUE(copy.has_script("a"));
  EXPECT_FALSE(copy.has_script("b"));
  auto again = routeros::restore_state(*im, "/system script add name=b source=\"\"\n");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(im->scripting.has_script("b"));
  EXPECT_FALSE(copy.has_script("b"));
}

}  // namespace
}  // namespace knock::test
