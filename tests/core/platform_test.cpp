// The calls that differ between POSIX and Windows (platform_posix.cpp / platform_windows.cpp, private to
// core): the process, its children and the interrupt while a child runs.
#include "../../core/src/platform.hpp"

#include <gtest/gtest.h>

#if defined(_WIN32)
#include <process.h>
#else
#include <csignal>

#include <unistd.h>
#endif

namespace knock::core::platform {
namespace {

std::int64_t own_process_id() {
#if defined(_WIN32)
  return ::_getpid();
#else
  return ::getpid();
#endif
}

TEST(Platform, TheProcessIdIsThisProcesssOwn) {
  EXPECT_EQ(static_cast<std::int64_t>(process_id()), own_process_id());
}

TEST(Platform, ProcessRunningKnowsThisProcessAndNoImpossibleOne) {
  EXPECT_TRUE(process_running(own_process_id()));
  EXPECT_FALSE(process_running(-1));
  EXPECT_FALSE(process_running(0));
}

TEST(Platform, TheIcmpHintSaysHowToGetPrivilege) {
#if defined(__linux__)
  EXPECT_NE(icmp_privilege_hint().find("net.ipv4.ping_group_range"), std::string::npos);
  EXPECT_NE(icmp_privilege_hint().find("cap_net_raw"), std::string::npos);
#elif defined(_WIN32)
  EXPECT_NE(icmp_privilege_hint().find("elevated"), std::string::npos);
#else
  EXPECT_NE(icmp_privilege_hint().find("root"), std::string::npos);
#endif
}

TEST(Platform, NothingToRunIsAnError) {
  EXPECT_EQ(exec_replace({}), "no program to run");
  std::string error;
  EXPECT_EQ(spawn_child({}, error), std::nullopt);
  EXPECT_EQ(error, "no program to run");
}

TEST(Platform, AProgramThatIsNotThereIsNamedInTheError) {
  EXPECT_EQ(exec_replace({"knock-no-such-program", "-x"}).rfind("knock-no-such-program: ", 0), 0u);
  std::string error;
  EXPECT_EQ(spawn_child({"knock-no-such-program"}, error), std::nullopt);
  EXPECT_EQ(error.rfind("knock-no-such-program: ", 0), 0u) << error;
}

#if !defined(_WIN32)
TEST(Platform, AChildsExitStatusOrItsSignal) {
  std::string error;
  const auto exits = spawn_child({"sh", "-c", "exit 3"}, error);
  ASSERT_TRUE(exits) << error;
  EXPECT_EQ(wait_child(*exits, std::chrono::minutes(1)), 3);
  end_child(*exits);
  const auto killed = spawn_child({"sh", "-c", "kill -TERM $$"}, error);
  ASSERT_TRUE(killed) << error;
  EXPECT_EQ(wait_child(*killed, std::chrono::minutes(1)), 128 + SIGTERM);
  end_child(*killed);
}

TEST(Platform, WaitingForARunningChildEndsWithItsTimeout) {
  std::string error;
  const auto child = spawn_child({"sleep", "600"}, error);
  ASSERT_TRUE(child) << error;
  EXPECT_EQ(wait_child(*child, std::chrono::milliseconds(0)), std::nullopt);
  EXPECT_TRUE(process_running(*child));
  ASSERT_EQ(::kill(static_cast<pid_t>(*child), SIGKILL), 0);
  EXPECT_EQ(wait_child(*child, std::chrono::minutes(1)), 128 + SIGKILL);
  EXPECT_FALSE(process_running(*child)) << "reaped";
  EXPECT_EQ(wait_child(*child, std::chrono::minutes(1)), 127) << "no longer a child to wait for";
  end_child(*child);
}

void (*interrupt_handler())(int) {
  struct sigaction now {};
  ::sigaction(SIGINT, nullptr, &now);
  return now.sa_handler;
}

void test_interrupt_handler(int) {}

// As system() does: Ctrl-C reaches the child, and this process lets it pass until the child has ended.
TEST(Platform, TheInterruptIsTheChildsWhileItRuns) {
  struct sigaction mine {};
  mine.sa_handler = test_interrupt_handler;
  sigemptyset(&mine.sa_mask);
  struct sigaction before {};
  ASSERT_EQ(::sigaction(SIGINT, &mine, &before), 0);
  std::string error;
  const auto child = spawn_child({"sh", "-c", "exit 0"}, error);
  ASSERT_TRUE(child) << error;
  EXPECT_EQ(interrupt_handler(), SIG_IGN);
  EXPECT_EQ(wait_child(*child, std::chrono::minutes(1)), 0);
  end_child(*child);
  EXPECT_EQ(interrupt_handler(), &test_interrupt_handler);
  ::sigaction(SIGINT, &before, nullptr);
}

TEST(Platform, AChildGetsTheDefaultInterruptEvenWhenThisProcessIgnoresIt) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  struct sigaction before {};
  ASSERT_EQ(::sigaction(SIGINT, &ignore, &before), 0);
  std::string error;
  // A shell keeps a signal ignored that was ignored when it started: this one ends only if it was not.
  const auto child = spawn_child({"sh", "-c", "kill -INT $$; exit 9"}, error);
  ASSERT_TRUE(child) << error;
  EXPECT_EQ(wait_child(*child, std::chrono::minutes(1)), 128 + SIGINT);
  end_child(*child);
  ::sigaction(SIGINT, &before, nullptr);
}
#endif

}  // namespace
}  // namespace knock::core::platform
