// Text on its way to a terminal or into JSON: control characters escaped, JSON always valid UTF-8.
#include "knock/core/text.hpp"

#include <gtest/gtest.h>

#include "knock/core/json.hpp"
#include "knock/core/text_file.hpp"

namespace knock::core {
namespace {

TEST(Text, ControlCharactersAndBadBytesAreShownAsEscapes) {
  EXPECT_EQ(printable("office\nfake row"), "office\\nfake row");
  EXPECT_EQ(printable("\x1b[2Jclear"), "\\x1b[2Jclear");
  EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9") << "UTF-8 stays as it is";
  EXPECT_EQ(printable("bad\xff"), "bad\\xff");
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "a surrogate is not UTF-8";
}

TEST(Text, JsonIsAlwaysValidUtf8) {
  EXPECT_EQ(json_quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(json_quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(json_quote("x\xff\xfey"), "\"x\\ufffd\\ufffdy\"");
  EXPECT_EQ(json_quote("\xc0\xaf"), "\"\\ufffd\\ufffd\"") << "an overlong form is not UTF-8";
}

TEST(TextFile, OnlyRegularFilesOfABoundedSize) {
  const auto dir = std::filesystem::path(::testing::TempDir());
  EXPECT_NE(read_text_file(dir).error().message.find("not a regular file (a directory)"), std::string::npos);
  EXPECT_NE(read_text_file(dir / "none.rsc").error().message.find("cannot read '"), std::string::npos);
  const auto small = dir / "small.txt";
  {
    std::FILE* f = std::fopen(small.string().c_str(), "wb");
    std::fputs("0123456789", f);
    std::fclose(f);
  }
  EXPECT_EQ(*read_text_file(small), "0123456789");
  EXPECT_NE(read_text_file(small, "--rules ", 5).error().message.find("--rules '"), std::string::npos);
}

}  // namespace
}  // namespace knock::core
