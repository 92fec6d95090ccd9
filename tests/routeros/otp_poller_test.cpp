// The layer's poller (otp_poller.cpp), run by the interpreter on a virtual clock: every window it arms
// exactly docs/otp.md's knocks, lets in the one source that sent one at the next poll, burns a window two
// sources sent, and never arms a window that may be known (before the import, the clock gone back).
#include <gtest/gtest.h>

#include "otp_sim.hpp"

namespace knock::test {
namespace {

TEST(OtpLayer, ArmsExactlyTheKnocksOfDocsOtpMd) {
  // docs/otp.md: key of 32 zero bytes, W = 30, n = 56666666, k = 3: ports 41401, 59325, 35640.
  Armed r(layer({client("alice", kKeyA)}, 30s, 3));
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  const int slot = 56666666 % 2;
  const std::string tag = "knock-otp:alice:s" + std::to_string(slot) + ":";
  ASSERT_NE(r.rule(tag + "3"), nullptr);
  EXPECT_EQ(r.rule(tag + "1")->setting("dst-port"), "dst-port=41401");
  EXPECT_EQ(r.rule(tag + "2")->setting("dst-port"), "dst-port=59325");
  EXPECT_EQ(r.rule(tag + "3")->setting("dst-port"), "dst-port=35640");
  EXPECT_EQ(r.rule(tag + "3")->setting("content"), "content=0f2d979dd89d7f132d3fca9224bf5310");
  EXPECT_FALSE(r.rule(tag + "3")->disabled);
}

TEST(OtpLayer, ArmsTheSecondVectorWithMinuteWindows) {
  // docs/otp.md: W = 60, n = 28333333: ports 54074, 39561, 38447.
  OtpSim r(layer({client("bob", kKeyB)}, 60s, 3), SysTime(std::chrono::seconds(28333333LL * 60 - 70)));
  r.boot();
  r.next_window(60s);
  r.next_window(60s);
  ASSERT_EQ(core::otp::window_of(r.wall(), 60s), 28333333);
  const std::string tag = "knock-otp:bob:s1:";
  EXPECT_EQ(r.rule(tag + "1")->setting("dst-port"), "dst-port=54074");
  EXPECT_EQ(r.rule(tag + "2")->setting("dst-port"), "dst-port=39561");
  EXPECT_EQ(r.rule(tag + "3")->setting("dst-port"), "dst-port=38447");
  EXPECT_EQ(r.rule(tag + "3")->setting("content"), "content=b481553b56201699bbce4a86a5e9174b");
}

TEST(OtpLayer, LetsInTheGenuineKnockAtTheNextPoll) {
  Armed r(layer({client("alice", kKeyA)}));
  const auto k = r.knock(kKeyA, ip("192.0.2.7"));
  EXPECT_FALSE(r.connects(ip("192.0.2.7"))) << "nobody is let in before the poll";
  r.wait(1s);
  EXPECT_TRUE(r.logged("knock-otp: alice let in 192.0.2.7 for 3h (window " + std::to_string(k.window) + ")"))
      << r.all_log();
  EXPECT_TRUE(r.connects(ip("192.0.2.7")));
  EXPECT_FALSE(r.connects(ip("192.0.2.8")));
}

TEST(OtpLayer, AReplayAfterTheGrantIsNotCounted) {
  Armed r(layer({client("alice", kKeyA)}));
  const auto k = r.knock(kKeyA, ip("192.0.2.7"));
  r.wait(1s);
  ASSERT_TRUE(r.connects(ip("192.0.2.7")));
  r.replay(k.sequence, ip("192.0.2.66"));  // the same packets from another address, in the same window
  r.wait(2s);
  EXPECT_FALSE(r.connects(ip("192.0.2.66")));
  EXPECT_FALSE(r.logged("let in 192.0.2.66")) << r.all_log();
  EXPECT_FALSE(r.logged("burned")) << "a used window's token rule counts nothing more";
  r.replay(k.sequence, ip("192.0.2.7"));  // nor does the client's own second try
  r.wait(2s);
  EXPECT_EQ(r.all_log().find("let in 192.0.2.7", r.all_log().find("let in 192.0.2.7") + 1),
            std::string::npos);
}

TEST(OtpLayer, AReplayInTheNextWindowsOpensNothing) {
  Armed r(layer({client("alice", kKeyA)}));
  const auto k = r.knock(kKeyA, ip("192.0.2.7"));
  r.wait(1s);
  ASSERT_TRUE(r.connects(ip("192.0.2.7")));
  r.next_window();  // the knock's window is the previous one now, still accepted, but used
  r.replay(k.sequence, ip("192.0.2.66"));
  r.wait(1s);
  EXPECT_FALSE(r.connects(ip("192.0.2.66")));
  r.next_window();  // and now long gone: its slot holds another window's knock
  r.replay(k.sequence, ip("192.0.2.67"));
  r.wait(1s);
  EXPECT_FALSE(r.connects(ip("192.0.2.67")));
  EXPECT_FALSE(r.logged("let in 192.0.2.6")) << r.all_log();
  EXPECT_FALSE(r.logged("burned")) << r.all_log();
}

TEST(OtpLayer, AReplayRacingTheGenuineKnockBurnsTheWindow) {
  Armed r(layer({client("alice", kKeyA)}));
  const auto k = r.knock(kKeyA, ip("192.0.2.7"));
  r.replay(k.sequence, ip("192.0.2.66"));  // before the poll: two sources sent the window's knock
  r.wait(1s);
  EXPECT_TRUE(r.logged("knock-otp: alice: window " + std::to_string(k.window) +
                       " burned: 2 sources sent its knock ( 192.0.2.7 192.0.2.66 ), nobody let in"))
      << r.all_log();
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
  EXPECT_FALSE(r.connects(ip("192.0.2.66")));
  r.replay(k.sequence, ip("192.0.2.7"));  // and it stays burned
  r.wait(2s);
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
}

TEST(OtpLayer, AcceptsThePreviousWindowButNotTheNextOne) {
  Armed r(layer({client("alice", kKeyA)}));
  r.next_window();  // window 56666667 is current, 56666666 the previous one
  r.knock(kKeyA, ip("192.0.2.7"), 30s, 0s, 2, 56666666);
  r.knock(kKeyA, ip("192.0.2.9"), 30s, 0s, 2, 56666668);  // a client whose clock is a window ahead
  r.wait(1s);
  EXPECT_TRUE(r.connects(ip("192.0.2.7"))) << r.all_log();
  EXPECT_FALSE(r.connects(ip("192.0.2.9")));
}

TEST(OtpLayer, AWrongSecretOpensNothing) {
  Armed r(layer({client("alice", kKeyA)}));
  r.knock(kKeyB, ip("192.0.2.7"));
  r.wait(2s);
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
  EXPECT_FALSE(r.logged("let in")) << r.all_log();
}

TEST(OtpLayer, AClientFortySecondsAheadIsLetInWithItsClockOffset) {
  Armed r(layer({client("alice", kKeyA)}));
  r.knock(kKeyA, ip("192.0.2.7"), 30s, 40s);  // its clock says 40 s later: a window the router has not armed
  r.wait(2s);
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
  r.knock(kKeyA, ip("192.0.2.7"), 30s, 40s - 40s);  // --clock-offset -40s
  r.wait(1s);
  EXPECT_TRUE(r.connects(ip("192.0.2.7"))) << r.all_log();
}

TEST(OtpLayer, NothingIsArmedBeforeTheWindowAfterTheImport) {
  OtpSim r(layer({client("alice", kKeyA)}), kWindowStart + 5s);  // imported in window 56666666
  r.boot();
  r.wait(6s);  // the first poll ran at 4 s
  r.knock(kKeyA, ip("192.0.2.7"));
  r.wait(2s);
  EXPECT_FALSE(r.connects(ip("192.0.2.7"))) << "a knock of the import's window may be known already";
  r.next_window();
  r.knock(kKeyA, ip("192.0.2.7"));
  r.wait(1s);
  EXPECT_TRUE(r.connects(ip("192.0.2.7"))) << r.all_log();
}

TEST(OtpLayer, ARebootKeepsTheDoorClosedUntilTheFirstPollAndUsedWindowsUsed) {
  const std::string script = layer({client("alice", kKeyA)});
  std::string state;
  core::otp::WindowKnock used;
  {
    Armed r(script);
    r.next_window();  // 56666667 current, 56666666 the previous one (armed, never used)
    used = r.knock(kKeyA, ip("192.0.2.7"));
    r.wait(1s);
    ASSERT_TRUE(r.connects(ip("192.0.2.7")));
    auto saved = r.runner->saved_state();
    ASSERT_TRUE(saved) << saved.error().message;
    state = *saved;
  }
  OtpSim r(script, kWindowStart + 32s, state);  // back at once, in the same window
  r.boot();
  EXPECT_FALSE(r.connects(ip("192.0.2.7"))) << "dynamic entries do not survive a reboot";
  r.replay(used.sequence, ip("192.0.2.66"));
  r.knock(kKeyA, ip("192.0.2.8"), 30s, 0s, 2, used.window - 1);  // valid, but before the first poll
  r.wait(4500ms);                                                // the first poll runs at 4 s
  EXPECT_TRUE(r.logged("knock-otp: alice: a knock from 192.0.2.8 came before the first poll")) << r.all_log();
  EXPECT_FALSE(r.connects(ip("192.0.2.8")));
  EXPECT_FALSE(r.connects(ip("192.0.2.66")));
  r.replay(used.sequence, ip("192.0.2.66"));  // after the poll: the used window is still used
  r.wait(2s);
  EXPECT_FALSE(r.connects(ip("192.0.2.66"))) << r.all_log();
  r.knock(kKeyA, ip("192.0.2.8"), 30s, 0s, 2, used.window - 1);
  r.wait(1s);
  EXPECT_TRUE(r.connects(ip("192.0.2.8"))) << r.all_log();
}

TEST(OtpLayer, TheClockGoingBackArmsNoOldWindow) {
  Armed r(layer({client("alice", kKeyA)}));
  r.next_window();
  r.next_window();  // window 56666668
  r.wall0 -= 90s;   // NTP steps the clock back three windows
  r.wait(1s);
  EXPECT_TRUE(r.logged("clock went back")) << r.all_log();
  r.knock(kKeyA, ip("192.0.2.7"));  // window 56666665's knock: long gone, maybe known
  r.wait(1s);
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
}

TEST(OtpLayer, AReplayOverTheOtherFamilyBurnsTheWindowToo) {
  Armed r(layer({client("alice", kKeyA)}, 30s, 2, true));
  const auto k = r.knock(kKeyA, ip("192.0.2.7"));
  r.replay(k.sequence, ip("2001:db8::66"));
  r.wait(1s);
  EXPECT_TRUE(r.logged("burned: 2 sources")) << r.all_log();
}

TEST(OtpLayer, HundredClientsKnockingAtOnceAreAllLetIn) {
  std::vector<routeros::OtpClient> clients;
  std::vector<std::string> keys;
  for (int i = 0; i < 100; ++i) {
    keys.push_back(std::string(core::otp::new_secret().view()));
    clients.push_back(client("c" + std::to_string(i), keys.back()));
  }
  Armed r(layer(std::move(clients)));
  for (int i = 0; i < 100; ++i) {
    const auto w =
        core::otp::derive(keys[static_cast<std::size_t>(i)], 30s, core::otp::window_of(r.wall(), 30s));
    for (const auto& k : w.sequence.knocks) {
      for (const auto& p : routeros::packets_for(k, ip(("10.0.0." + std::to_string(i + 1)).c_str()),
                                                 ip("198.51.100.1"), 40000))
        r.send(p);
    }
  }
  r.wait(1s);
  for (int i = 0; i < 100; ++i)
    EXPECT_TRUE(r.connects(ip(("10.0.0." + std::to_string(i + 1)).c_str()))) << i;
  EXPECT_TRUE(r.errors.empty());
}

TEST(OtpPoller, AKnockWithoutItsFirstStepOpensNothing) {
  Armed r(layer({client("alice", kKeyA)}));
  auto w = core::otp::derive(kKeyA, 30s, core::otp::window_of(r.wall(), 30s));
  ASSERT_EQ(w.sequence.knocks.size(), 2u);
  core::Sequence last_only = w.sequence;
  last_only.knocks.erase(last_only.knocks.begin());
  r.replay(last_only, ip("192.0.2.7"));
  r.wait(2s);
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
  EXPECT_FALSE(r.logged("let in")) << r.all_log();
}

}  // namespace
}  // namespace knock::test
