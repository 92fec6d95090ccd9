// One-time knocks: the derivation against vectors computed with sha512sum (docs/otp.md), windows, secrets.
#include "knock/core/otp.hpp"

#include <gtest/gtest.h>

namespace knock::core::otp {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kZeroKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";  // 32 zero bytes

TEST(Otp, DigestMatchesSha512sum) {
  // printf '%s|knock-otp-v1|30|56666666|%s' "$K" "$K" | sha512sum
  EXPECT_EQ(digest(kZeroKey, 30s, 56666666).view(),
            "5399999d3d185a984928e4a96078d1657013ea0137a899d60bf1c2161fec85fa86588e397d742f358ee22a1c18d333a7"
            "0f2d979d"
            "d89d7f132d3fca9224bf5310");
}

TEST(Otp, PortsAndTokenFollowTheDigest) {
  const WindowKnock k = derive(kZeroKey, 30s, 56666666, 3);
  EXPECT_EQ(k.ports, (std::vector<std::uint16_t>{41401, 59325, 35640}));
  EXPECT_EQ(k.token.view(), "0f2d979dd89d7f132d3fca9224bf5310");
  EXPECT_EQ(format_sequence(k.sequence),
            "tcp:41401 tcp:59325 udp:35640:text:0f2d979dd89d7f132d3fca9224bf5310");
  const WindowKnock other = derive("a25vY2sgdGVzdCB2ZWN0b3Igc2VjcmV0LCAzMiBieXQ=", 60s, 28333333);
  EXPECT_EQ(other.ports, (std::vector<std::uint16_t>{54074, 39561}));
  EXPECT_EQ(other.token.view(), "b481553b56201699bbce4a86a5e9174b");
}

TEST(Otp, EveryWindowHasItsOwnKnock) {
  const WindowKnock a = derive(kZeroKey, 30s, 100), b = derive(kZeroKey, 30s, 101);
  EXPECT_NE(a.ports, b.ports);
  EXPECT_NE(a.token, b.token);
  EXPECT_NE(derive(kZeroKey, 60s, 100).token, a.token) << "the window length is part of the derivation";
  for (std::int64_t n = 0; n < 2000; ++n) {
    const WindowKnock k = derive(kZeroKey, 30s, n, 4);
    ASSERT_EQ(k.ports.size(), 4u);
    for (auto p : k.ports) {
      EXPECT_GE(p, 20000);
      EXPECT_LT(p, 60000);
    }
  }
}

TEST(Otp, WindowsAreFloorsOfUnixTime) {
  const auto at = [](long long s) { return std::chrono::system_clock::time_point(std::chrono::seconds(s)); };
  EXPECT_EQ(window_of(at(1700000000), 30s), 56666666);
  EXPECT_EQ(window_of(at(1700000009), 30s), 56666666);
  EXPECT_EQ(window_of(at(1700000010), 30s), 56666667);
  EXPECT_EQ(window_of(at(-1), 30s), -1);
  EXPECT_TRUE(check_window(30s, "--otp-window"));
  EXPECT_NE(check_window(4s, "--otp-window").error().message.find("outside 5s-1h"), std::string::npos);
  EXPECT_FALSE(check_window(61min, "--otp-window"));
  EXPECT_FALSE(check_window(1500ms, "--otp-window"));
}

TEST(Otp, SecretsAreLongEnoughBase64) {
  const SecretString fresh = new_secret();
  EXPECT_EQ(fresh.size(), 44u);
  ASSERT_TRUE(parse_secret(fresh.view(), "s"));
  EXPECT_NE(new_secret(), fresh);
  EXPECT_EQ(parse_secret("  " + std::string(kZeroKey) + "\n", "s")->view(), kZeroKey);
  EXPECT_NE(parse_secret("", "f").error().message.find("f: empty"), std::string::npos);
  EXPECT_NE(parse_secret("c2hvcnQ=", "f").error().message.find("too short"), std::string::npos);
  EXPECT_NE(parse_secret("not base64 at all!", "f").error().message.find("more than one"), std::string::npos);
  EXPECT_NE(parse_secret("!!!!", "f").error().message.find("not a knock secret"), std::string::npos);
}

}  // namespace
}  // namespace knock::core::otp
