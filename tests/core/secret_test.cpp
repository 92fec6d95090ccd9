// Secrets in wiped memory: secure_wipe, and the SecretString that keeps every byte in wiped memory.
#include "knock/core/secret.hpp"

#include <algorithm>
#include <array>

#include <gtest/gtest.h>

namespace knock::core {
namespace {

TEST(Secret, WipeZeroesExactlyTheBytesAsked) {
  std::array<unsigned char, 64> buf;
  buf.fill(0xab);
  secure_wipe(buf.data() + 8, 32);
  EXPECT_TRUE(std::all_of(buf.begin(), buf.begin() + 8, [](unsigned char c) { return c == 0xab; }));
  EXPECT_TRUE(std::all_of(buf.begin() + 8, buf.begin() + 40, [](unsigned char c) { return c == 0; }));
  EXPECT_TRUE(std::all_of(buf.begin() + 40, buf.end(), [](unsigned char c) { return c == 0xab; }));
}

TEST(Secret, WipingNothingIsHarmless) {
  std::array<unsigned char, 4> buf{1, 2, 3, 4};
  secure_wipe(buf.data(), 0);
  secure_wipe(nullptr, 16);
  EXPECT_EQ(buf, (std::array<unsigned char, 4>{1, 2, 3, 4}));
}

TEST(Secret, SecretBytesAreAVectorOfBytes) {
  SecretBytes bytes{1, 2, 3};
  bytes.push_back(4);
  bytes.resize(1000, 9);  // reallocates: the old buffer is wiped as it goes
  EXPECT_EQ(bytes.size(), 1000u);
  EXPECT_EQ(bytes[3], 4);
  EXPECT_EQ(bytes[999], 9);
  EXPECT_TRUE(WipingAllocator<char>() == WipingAllocator<std::uint8_t>());
}

TEST(Secret, SecretStringHoldsTextLikeAString) {
  SecretString s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.view(), "");
  s.append("open");
  s.push_back('-');
  s.append("sesame");
  EXPECT_EQ(s.view(), "open-sesame");
  EXPECT_EQ(s.size(), 11u);
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s, SecretString("open-sesame"));
  EXPECT_EQ(SecretString(std::string("open-sesame")), s);
  EXPECT_EQ(SecretString(std::string_view("open-sesame!").substr(0, 11)), s);
  EXPECT_FALSE(s == SecretString("open-sesam"));
  SecretString copy = s;
  s.clear();
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(copy.view(), "open-sesame") << "a copy has bytes of its own";
}

TEST(Secret, SecretStringIsFilledInPlace) {
  SecretString s;
  s.resize(3);
  std::copy_n("abc", 3, s.data());
  EXPECT_EQ(s.view(), "abc");
  s.resize(1);
  EXPECT_EQ(s.view(), "a");
  EXPECT_EQ(SecretString(std::string_view("a\0b", 3)).size(), 3u) << "NUL bytes are kept";
}

}  // namespace
}  // namespace knock::core
