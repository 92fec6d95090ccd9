// Text on its way to a terminal: control characters and bytes that are not UTF-8 escaped.
#include "knock/core/text.hpp"

#include <gtest/gtest.h>

namespace knock::core {
namespace {

TEST(Text, ControlCharactersAndBadBytesAreShownAsEscapes) {
  EXPECT_EQ(printable("office\nfake row"), "office\\nfake row");
  EXPECT_EQ(printable("\x1b[2Jclear"), "\\x1b[2Jclear");
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9") << "UTF-8 stays as it is";
  EXPECT_EQ(printable("bad\xff"), "bad\\xff");
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "a surrogate is not UTF-8";
}

TEST(Text, CarriageReturnTabAndDeleteAreEscapedToo) {
  EXPECT_EQ(printable("a\rb\tc\x7f"), "a\\rb\\tc\\x7f");
  EXPECT_EQ(printable(std::string_view("\0", 1)), "\\x00");
  EXPECT_EQ(printable(""), "");
  EXPECT_EQ(printable("\xe2\x82\xac\xf0\x9f\x98\x80"), "\xe2\x82\xac\xf0\x9f\x98\x80");
  EXPECT_EQ(printable("\xe2\x82"), "\\xe2\\x82") << "a cut-off sequence is shown byte by byte";
}

TEST(Text, Utf8SequenceLengths) {
  EXPECT_EQ(utf8_sequence(""), 0u);
  EXPECT_EQ(utf8_sequence("ab"), 1u);
  EXPECT_EQ(utf8_sequence(std::string_view("\0", 1)), 1u);
  EXPECT_EQ(utf8_sequence("\xc3\xa9x"), 2u);
  EXPECT_EQ(utf8_sequence("\xe2\x82\xac"), 3u);
  EXPECT_EQ(utf8_sequence("\xf0\x9f\x98\x80"), 4u);
  EXPECT_EQ(utf8_sequence("\xf4\x8f\xbf\xbf"), 4u) << "U+10FFFF, the last code point";
  EXPECT_EQ(utf8_sequence("\x80"), 0u) << "a continuation byte starts nothing";
  EXPECT_EQ(utf8_sequence("\xe2\x82"), 0u) << "cut off";
  EXPECT_EQ(utf8_sequence("\xe2\x28\xa1"), 0u) << "not a continuation byte";
  EXPECT_EQ(utf8_sequence("\xe0\x80\x80"), 0u) << "overlong";
  EXPECT_EQ(utf8_sequence("\xed\xbf\xbf"), 0u) << "a surrogate";
  EXPECT_EQ(utf8_sequence("\xf4\x90\x80\x80"), 0u) << "past U+10FFFF";
  EXPECT_EQ(utf8_sequence("\xf8\x88\x80\x80\x80"), 0u) << "five-byte forms are not UTF-8";
}

}  // namespace
}  // namespace knock::core
