// The interpreter on its own: values and operators, SHA-512 as sha512sum computes it, the strict subset
// (errors name line and column), the step limit, find/set/add/remove on the firewall, the scheduler's timing.
#include <gtest/gtest.h>

#include "otp_sim.hpp"

namespace knock::test {
namespace {

// Runs `body` as a scheduled script at boot + 4 s (one second's interval after startup); returns its log.
struct Scheduled : OtpSim {
  explicit Scheduled(const std::string& body, const std::string& config = "")
      : OtpSim(config + "/system script add name=t source={\n" + body +
                   "\n}\n/system scheduler add name=t interval=1s on-event=t start-time=startup\n",
               kWindowStart) {}
  std::string go() {
    boot();
    wait(4s);
    return errors.empty() ? (log.empty() ? "" : log.back().text) : "ERROR " + errors.front();
  }
};

std::string put(const std::string& expression, const std::string& locals = "") {
  Scheduled r(locals + "\n:put " + expression);
  return r.go();
}

TEST(Interpreter, Sha512IsWhatSha512sumSays) {
  // printf abc | sha512sum
  EXPECT_EQ(put("[:convert \"abc\" from=raw to=hex transform=sha512]"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
            "454d4423643ce"
            "80e2a9ac94fa54ca49f");
  // printf '' | sha512sum
  EXPECT_EQ(put("[:convert \"\" from=raw to=hex transform=sha512]"),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f"
            "63b931bd47417a"
            "81a538327af927da3e");
  // docs/otp.md's first vector: the digest begins 5399999d3d185a98
  const std::string k = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";  // 32 zero bytes
  EXPECT_EQ(put("[:pick [:convert (\"" + k + "|knock-otp-v1|30|56666666|" + k +
                "\") from=raw to=hex transform=sha512] 0 16]"),
            "5399999d3d185a98");
}

TEST(Interpreter, TimestampDividedByAWindowIsTheWindowNumber) {
  // The run happens 4 s after kWindowStart, inside window 56666666 of 30 s.
  EXPECT_EQ(put("([:timestamp] / 30s)"), "56666666");
  EXPECT_EQ(put("[:typeof ([:timestamp] / 30s)]"), "num");
  EXPECT_EQ(put("[:typeof [:timestamp]]"), "time");
  EXPECT_EQ(put("(90s / 30s)"), "3");
  EXPECT_EQ(put("(90s / 4)"), "00:00:22.5");
  EXPECT_EQ(put("(1h30m + 30m)"), "02:00:00");
}

TEST(Interpreter, NumbersAndText) {
  EXPECT_EQ(put("[:tonum (\"0x\" . \"ff85\")]"), "65413");
  EXPECT_EQ(put("(20000 + (65413 % 40000))"), "45413");
  EXPECT_EQ(put("[:pick \"abcdef\" 2 4]"), "cd");
  EXPECT_EQ(put("[:pick \"abcdef\" 4 99]"), "ef");
  EXPECT_EQ(put("[:len \"abc\"]"), "3");
  EXPECT_EQ(put("(\"a\" . 1 . \"b\")"), "a1b");
  EXPECT_EQ(put("\"x=$v!\"", ":local v 7"), "x=7!");
  EXPECT_EQ(put("((1 = 1) && !(2 > 3))"), "true");
  EXPECT_EQ(put("(\"knock-otp-key-alice\" ~ \"^knock-otp-key-\")"), "true");
}

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

TEST(Interpreter, OutsideTheSubsetIsAnErrorWithLineAndColumn) {
  auto im = routeros::import_script("/ip firewall filter\n:delay 1s\n");
  ASSERT_FALSE(im);
  EXPECT_NE(im.error().message.find("line 2, column 1: ':delay' is outside the emulated subset"),
            std::string::npos)
      << im.error().message;
  auto regex = routeros::import_script(":local x (\"a\" ~ \"a.*\")\n");
  ASSERT_FALSE(regex);
  EXPECT_NE(regex.error().message.find("line 1, column"), std::string::npos) << regex.error().message;
  EXPECT_NE(regex.error().message.find("outside the emulated subset"), std::string::npos);
  auto undeclared = routeros::import_script(":put $nobody\n");
  ASSERT_FALSE(undeclared);
  EXPECT_NE(undeclared.error().message.find("line 1, column 6: $nobody is not declared"), std::string::npos)
      << undeclared.error().message;
}

TEST(Interpreter, AScheduledScriptOutsideTheSubsetIsRefusedAtBoot) {
  OtpSim r(
      "/system script add name=x source={\n  :local a 1\n  /tool fetch url=\"http://example.net/\"\n}\n"
      "/system scheduler add name=x interval=1m on-event=x start-time=startup\n",
      kWindowStart);
  routeros::FirewallOptions fo;
  routeros::Firewall fw(r.im.config, fo, routeros::Time{0});
  routeros::ScriptRunner runner(r.im.config, fw, std::move(r.im.scripting),
                                [](routeros::Time) { return kWindowStart; });
  auto booted = runner.boot(routeros::Time{0});
  ASSERT_FALSE(booted);
  EXPECT_NE(booted.error().message.find("line 3, column 9: /tool fetch is outside the emulated subset"),
            std::string::npos)
      << booted.error().message;
}

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

TEST(Interpreter, AddingAnAddressTwiceFailsAsOnTheRouter) {
  Scheduled r(
      "/ip firewall address-list add list=ok address=192.0.2.5\n/ip firewall address-list add list=ok "
      "address=192.0.2.5");
  EXPECT_NE(r.go().find("already have such entry"), std::string::npos);
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

TEST(Interpreter, OnlyExportsWithScriptsNeedIt) {
  EXPECT_FALSE(routeros::uses_scripts("/ip firewall filter\nadd chain=input action=accept\n"));
  EXPECT_TRUE(routeros::uses_scripts("/system scheduler add name=x on-event=y\n"));
  EXPECT_TRUE(routeros::uses_scripts(":global x 1\n"));
  EXPECT_TRUE(routeros::uses_scripts("/system\nscript add name=x source=\"\"\n"));
  EXPECT_TRUE(routeros::uses_scripts(":execute \"x\"\n")) << "outside the subset: the interpreter says where";
}

TEST(Interpreter, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  auto im = routeros::import_script(":local x " + deep + "1\n");
  ASSERT_FALSE(im);
  EXPECT_NE(im.error().message.find("nested deeper"), std::string::npos) << im.error().message;
}

TEST(Interpreter, AStrayBracketInAnArgumentIsAnErrorNotAHang) {
  for (const char* text :
       {"/ip firewall filter add c]hain=input\n", "/ip firewall filter add chain=input }\n", ":local x 1 ]\n",
        "/system script add name=a source={ :put x ] }\n"}) {
    auto im = routeros::import_script(text);
    ASSERT_FALSE(im) << text;
    EXPECT_NE(im.error().message.find("is not a key=value or a value"), std::string::npos)
        << text << ": " << im.error().message;
    EXPECT_TRUE(routeros::uses_scripts(text) || !routeros::load_config(text)) << text;
  }
}

}  // namespace
}  // namespace knock::test
