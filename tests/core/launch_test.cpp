#include "knock/core/launch.hpp"

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

}  // namespace
}  // namespace knock::core
