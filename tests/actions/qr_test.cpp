// QR codes of a profile's link: from libqrencode (opened when first asked for), and drawn in half blocks for
// a terminal, with the quiet zone around.
#include "knock/actions/qr.hpp"

#include <gtest/gtest.h>

namespace knock::actions {
namespace {

const std::string kNone = " ", kLower = "\u2584", kUpper = "\u2580", kBoth = "\u2588";

// A code of `width` modules per side with these dark.
QrCode qr_of(int width, std::vector<std::pair<int, int>> dark) {
  QrCode c;
  c.width = width;
  c.dark.assign(static_cast<std::size_t>(width * width), false);
  for (auto [x, y] : dark)
    c.dark[static_cast<std::size_t>(y * width + x)] = true;
  return c;
}

std::vector<std::string> qr_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1)
    out.push_back(text.substr(from, nl - from));
  EXPECT_EQ(from, text.size()) << "every line ends in a newline";
  return out;
}

std::string repeated(const std::string& glyph, int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += glyph;
  return s;
}

TEST(Qr, AModuleOutsideTheCodeIsLight) {
  const QrCode c = qr_of(2, {{0, 0}, {1, 1}});
  EXPECT_TRUE(c.at(0, 0));
  EXPECT_FALSE(c.at(1, 0));
  EXPECT_TRUE(c.at(1, 1));
  for (auto [x, y] : std::vector<std::pair<int, int>>{{-1, 0}, {0, -1}, {2, 0}, {0, 2}, {2, 2}})
    EXPECT_FALSE(c.at(x, y)) << x << "," << y;
  EXPECT_EQ(qr_columns(c), 2 + 2 * kQrQuietZone);
}

TEST(Qr, TwoRowsOfModulesMakeALineOfHalfBlocksInsideTheQuietZone) {
  // Rows 0 and 1: dark above only, below only, both; row 2 (with the quiet zone's row 3 below): dark above.
  const QrCode c = qr_of(3, {{0, 0}, {1, 1}, {2, 0}, {2, 1}, {1, 2}});
  const auto lines = qr_lines(qr_text(c, false));
  ASSERT_EQ(lines.size(), static_cast<std::size_t>((3 + 2 * kQrQuietZone + 1) / 2));
  const std::string margin = repeated(kNone, kQrQuietZone);
  const std::string blank = repeated(kNone, qr_columns(c));
  EXPECT_EQ(lines[0], blank);
  EXPECT_EQ(lines[1], blank);
  EXPECT_EQ(lines[2], margin + kUpper + kLower + kBoth + margin);
  EXPECT_EQ(lines[3], margin + kNone + kUpper + kNone + margin);
  EXPECT_EQ(lines[4], blank);
  EXPECT_EQ(lines[5], blank);
}

TEST(Qr, ColoursPutDarkOnLightWhateverTheTheme) {
  const QrCode c = qr_of(1, {{0, 0}});
  const auto plain = qr_lines(qr_text(c, false));
  const auto coloured = qr_lines(qr_text(c, true));
  ASSERT_EQ(coloured.size(), plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i)
    EXPECT_EQ(coloured[i], "\x1b[30;47m" + plain[i] + "\x1b[0m") << i;
  EXPECT_EQ(plain[2], repeated(kNone, kQrQuietZone) + kUpper + repeated(kNone, kQrQuietZone));
}

#if defined(_WIN32)
TEST(Qr, TheWindowsBuildSaysToUseTheLink) {
  auto code = qr_code("knock://v1/e30");
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().code, core::Errc::bad_input);
  EXPECT_NE(code.error().message.find("use the link"), std::string::npos);
}
#else
// The library is opened at run time; where it is not installed, qr_code says so and these are skipped.
#define REQUIRE_QRENCODE(code)                                                         \
  if (!(code) && (code).error().message.find("need libqrencode") != std::string::npos) \
  GTEST_SKIP() << (code).error().message

TEST(Qr, AShortLinkIsAVersionOneCodeWithItsFinderPatterns) {
  auto code = qr_code("knock://v1/e30");
  REQUIRE_QRENCODE(code);
  ASSERT_TRUE(code) << code.error().message;
  ASSERT_EQ(code->width, 21) << "14 bytes fit version 1 at level L";
  ASSERT_EQ(code->dark.size(), 21u * 21u);
  // The three finder patterns: a dark 7x7 ring around a dark 3x3 square, a light ring between them.
  for (auto [ox, oy] : std::vector<std::pair<int, int>>{{0, 0}, {14, 0}, {0, 14}}) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_TRUE(code->at(ox + i, oy) && code->at(ox + i, oy + 6) && code->at(ox, oy + i) &&
                  code->at(ox + 6, oy + i))
          << ox << "," << oy << " ring " << i;
    }
    EXPECT_FALSE(code->at(ox + 1, oy + 1)) << ox << "," << oy;
    EXPECT_TRUE(code->at(ox + 3, oy + 3)) << ox << "," << oy;
  }
  EXPECT_FALSE(code->at(20, 20) && code->at(14, 20) && code->at(20, 14) && code->at(17, 17))
      << "no fourth finder pattern at the bottom right";
  EXPECT_EQ(qr_lines(qr_text(*code, false)).size(),
            static_cast<std::size_t>((21 + 2 * kQrQuietZone + 1) / 2));
}

TEST(Qr, ALongerLinkTakesALargerCodeUntilNoneHoldsIt) {
  auto small = qr_code(std::string(14, 'a'));
  REQUIRE_QRENCODE(small);
  auto large = qr_code(std::string(1000, 'a'));
  ASSERT_TRUE(large) << large.error().message;
  EXPECT_GT(large->width, small->width);
  EXPECT_EQ((large->width - 17) % 4, 0) << "a QR version's size: 17 + 4 modules a version";
  auto most = qr_code(std::string(2953, 'a'));
  ASSERT_TRUE(most) << most.error().message;
  EXPECT_EQ(most->width, 177) << "version 40";
  auto too_long = qr_code(std::string(2954, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, core::Errc::bad_input);
  EXPECT_EQ(too_long.error().message,
            "the link is 2954 bytes, more than a QR code holds (2 953): use the link");
}
#endif

}  // namespace
}  // namespace knock::actions
