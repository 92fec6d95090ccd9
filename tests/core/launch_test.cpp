#include "knock/core/launch.hpp"

#if !defined(_WIN32)
#include <unistd.h>
#endif

#include <csignal>
#include <thread>

#include <gtest/gtest.h>

namespace knock::core {
namespace {

using Words = std::vector<std::string>;

TEST(Launch, FillsHostIpAndPortInEveryWord) {
  const Words argv{"ssh", "-p", "{port}", "admin@{ip}", "# {host}"};
  auto out = expand_command(argv, {"router.example.net", "127.0.0.1", 22});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(*out, (Words{"ssh", "-p", "22", "admin@127.0.0.1", "# router.example.net"}));
}

TEST(Launch, DoubledBracesAreLiteral) {
  EXPECT_EQ(*expand_command(Words{"echo", "{{ip}}={ip}"}, {"h", "::1", {}}), (Words{"echo", "{ip}=::1"}));
}

TEST(Launch, RejectsUnknownPlaceholdersAndPortWithoutVerify) {
  auto unknown = expand_command(Words{"ssh", "{user}@{ip}"}, {"h", "127.0.0.1", 22});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "unknown placeholder {user} in '{user}@{ip}' (expected {host}, {ip} or {port})");
  auto port = expand_command(Words{"winbox", "{ip}:{port}"}, {"h", "127.0.0.1", {}});
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().message, "'{ip}:{port}' uses {port}, which needs --verify PORT");
  EXPECT_FALSE(expand_command(Words{"x", "{ip"}, {"h", "127.0.0.1", {}}));
}

// As CommandLineToArgvW reads them back (the examples of Microsoft's "Parsing C command-line arguments").
TEST(Launch, WindowsArgumentsSurviveTheCommandLine) {
  EXPECT_EQ(windows_argument("admin@192.0.2.1"), "admin@192.0.2.1");
  EXPECT_EQ(windows_argument(R"(C:\Program Files\WinBox\winbox64.exe)"),
            R"("C:\Program Files\WinBox\winbox64.exe")");
  EXPECT_EQ(windows_argument(""), R"("")");
  EXPECT_EQ(windows_argument(R"(a"b)"), R"("a\"b")");
  EXPECT_EQ(windows_argument(R"(a\\"b)"), R"("a\\\\\"b")");
  EXPECT_EQ(windows_argument(R"(C:\dir with space\)"), R"("C:\dir with space\\")");
  EXPECT_EQ(windows_argument(R"(C:\plain\path)"), R"(C:\plain\path)");
}

TEST(Launch, SplitsTemplatesLikeAShell) {
  EXPECT_EQ(*split_command("ssh -p 22 admin@{ip}"), (Words{"ssh", "-p", "22", "admin@{ip}"}));
  EXPECT_EQ(*split_command(R"(xdg-open 'http://{ip}/a b' "say \"hi\"" a\ b '')"),
            (Words{"xdg-open", "http://{ip}/a b", "say \"hi\"", "a b", ""}));
  EXPECT_EQ(split_command("ssh 'admin").error().message, "unterminated single quote in command 'ssh 'admin'");
  EXPECT_FALSE(split_command("   "));
}

TEST(Launch, RejectsAnEmptyCommandAndAnUnclosedBrace) {
  EXPECT_EQ(expand_command(Words{}, {"h", "127.0.0.1", {}}).error().message, "no program to launch");
  EXPECT_EQ(expand_command(Words{"ssh", "{ip"}, {"h", "127.0.0.1", {}}).error().message,
            "unclosed '{' in '{ip' (write {{ for a literal brace)");
  EXPECT_EQ(split_command("").error().message, "the launch command is empty");
  EXPECT_EQ(split_command(R"(echo "hi)").error().message,
            R"(unterminated double quote in command 'echo "hi')");
  EXPECT_EQ(*split_command(R"(a"b c"d 'x'\)"), (Words{"ab cd", "x\\"}));
}

TEST(Launch, AProgramThatCannotStartIsALaunchError) {
  ProcessLauncher launcher;
  const auto child = launcher.spawn({"knock-no-such-program", "{ip}"});
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, Errc::launch_failed);
  EXPECT_EQ(child.error().message.rfind("cannot launch knock-no-such-program: ", 0), 0u)
      << child.error().message;
  const Error exec = launcher.exec({"knock-no-such-program"});
  EXPECT_EQ(exec.code, Errc::launch_failed);
  EXPECT_EQ(exec.message.rfind("cannot launch knock-no-such-program: ", 0), 0u) << exec.message;
}

#if !defined(_WIN32)
TEST(Launch, AChildKeepsItsExitStatus) {
  ProcessLauncher launcher;
  auto child = launcher.spawn({"sh", "-c", "exit 7"});
  ASSERT_TRUE(child) << child.error().message;
  EXPECT_EQ((*child)->wait_for(std::chrono::minutes(1)), 7);
  EXPECT_EQ((*child)->wait_for(Duration{0}), 7) << "asked again, it is still known";
}
#endif

TEST(Launch, ATimeoutThatPassesIsNotAnInterruption) {
  InterruptGuard guard;
  EXPECT_FALSE(guard.sleep_for(Duration{0}));
}

// A Ctrl-C that comes while nothing waits for it (between two waits) is held, not the end of the process.
TEST(Launch, AnInterruptGuardHoldsASignalThatComesBetweenWaits) {
  InterruptGuard guard;
  EXPECT_FALSE(guard.interrupted());
  ASSERT_EQ(std::raise(SIGINT), 0);  // without the guard, the default action would end the test program
  EXPECT_TRUE(guard.interrupted());
  EXPECT_TRUE(guard.interrupted()) << "asked again, it is still known";
}

#if !defined(_WIN32)
TEST(Launch, ASleepEndsWhenTheInterruptComes) {
  InterruptGuard guard;
  std::thread ctrl_c([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(::getpid(), SIGINT);
  });
  EXPECT_TRUE(guard.sleep_for(std::chrono::minutes(10)));
  ctrl_c.join();
  EXPECT_TRUE(guard.interrupted()) << "it stays known";
  EXPECT_TRUE(guard.sleep_for(std::chrono::minutes(10))) << "a later sleep ends at once";
}
#endif

}  // namespace
}  // namespace knock::core
