// profiles/src/toml_check.cpp, through parse_document: what toml++ 3.3 must not be given is refused with line
// and column before it parses: nesting past 64 levels (a 50 000-part header overflowed the stack), non-ASCII
// characters where its whitespace test is undefined behaviour (found by the profiles fuzzer).
#include <gtest/gtest.h>

#include "knock/profiles/profile.hpp"

namespace knock::profiles {
namespace {

std::string repeat(std::string_view part, int n, std::string_view separator = "") {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += separator;
    s += part;
  }
  return s;
}

std::string refused(const std::string& text) {
  auto d = parse_document(text, "profiles.toml");
  EXPECT_FALSE(d) << "accepted: " << text.substr(0, 80);
  if (d) return "";
  EXPECT_EQ(d.error().code, core::Errc::store);
  EXPECT_EQ(d.error().message.find('\n'), std::string::npos) << d.error().message;
  return d.error().message;
}

TEST(TomlCheck, AHeaderOfFiftyThousandPartsIsRefusedWithItsPosition) {
  const std::string m = refused("schema = 1\n[" + repeat("a", 50000, ".") + "]\n");
  EXPECT_EQ(m, "profiles.toml: line 2, column 129: tables, arrays and dotted keys nested more than 64 deep");
}

TEST(TomlCheck, DeepKeysArraysInlineTablesAndArraysOfTablesAreRefused) {
  EXPECT_NE(refused(repeat("a", 50000, ".") + " = 1\n").find("line 1, column 128:"), std::string::npos);
  EXPECT_NE(refused("x = " + repeat("[", 100) + repeat("]", 100) + "\n").find("line 1, column 68:"),
            std::string::npos);
  EXPECT_NE(refused("x = " + repeat("{a = ", 100) + "1" + repeat("}", 100) + "\n").find("line 1, column"),
            std::string::npos);
  EXPECT_NE(refused("x = {" + repeat("a", 50000, ".") + " = 1}\n").find("line 1, column"), std::string::npos);
  EXPECT_NE(refused("[[" + repeat("a", 70, ".") + "]]\n").find("line 1, column"), std::string::npos);
  // Each kind adds to the others: 20 header parts, 20 key parts, 30 arrays.
  EXPECT_NE(refused("[" + repeat("t", 20, ".") + "]\n" + repeat("k", 20, ".") + " = " + repeat("[", 30) +
                    repeat("]", 30) + "\n")
                .find("line 2, column"),
            std::string::npos);
}

TEST(TomlCheck, SixtyFourLevelsAreAccepted) {
  // 62 header parts, the key, one array: 64.
  auto d = parse_document("[" + repeat("a", 62, ".") + "]\nk = [1]\n", "profiles.toml");
  EXPECT_TRUE(d) << d.error().message;
  EXPECT_NE(refused("[" + repeat("a", 62, ".") + "]\nk = [[1]]\n").find("line 2, column 6:"),
            std::string::npos);
}

TEST(TomlCheck, BracketsAndDotsInStringsAndCommentsDoNotCount) {
  const std::string deep = repeat("[{.", 100);
  const std::string text = "# " + deep + "\n" +                            //
                           "[profiles.a]\n" +                              //
                           "host = \"h\"\n" +                              //
                           "sequence = 'tcp:1' # " + deep + "\n" +         // a comment after a value
                           "notes = \"" + deep + "\\\"" + deep + "\"\n" +  // basic, with an escaped quote
                           "basic = \"\"\"" + deep + "\n" + deep + "\"\"\"\n" +  // multi-line basic
                           "literal = '" + deep + "'\n" +                        //
                           "lines = '''" + deep + "\n" + deep + "'''\n" +        // multi-line literal
                           "\"" + deep + "\" = 1\n" +                            // a quoted key
                           "[profiles.a.verify] # " + deep + "\n" + "port = 22\n";
  auto d = parse_document(text, "profiles.toml");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->profiles.at(0).notes, deep + "\"" + deep);
  EXPECT_EQ(d->profiles.at(0).verify_port, 22);
}

TEST(TomlCheck, NonAsciiOutsideStringsAndCommentsIsRefused) {
  EXPECT_EQ(refused("s\xd1\x8a = 1\n"),  // the fuzzer's find: U+044A after a bare key
            "profiles.toml: line 1, column 2: a non-ASCII character outside a string or comment");
  EXPECT_NE(refused("x = 1\xc3\xa9\n").find("line 1, column 6: a non-ASCII"), std::string::npos);
  EXPECT_NE(refused("[profiles.caf\xc3\xa9]\n").find("line 1, column 14: a non-ASCII"), std::string::npos);
  EXPECT_NE(refused("[a] \xc3\xa9\n").find("line 1, column 5: a non-ASCII"), std::string::npos);
  EXPECT_NE(refused("\xef\xbb\xbfx = 1\n\xe2\x80\x83y = 2\n").find("line 2, column 1: a non-ASCII"),
            std::string::npos)
      << "a byte order mark is skipped, an em space is not whitespace";
}

TEST(TomlCheck, NonAsciiAfterABackslashIsRefused) {
  EXPECT_NE(refused("x = \"a\\\xc3\xa9\"\n").find("line 1, column 8: a backslash before a non-ASCII"),
            std::string::npos);
  EXPECT_NE(refused("x = \"\"\"a\\\xd1\x8a\"\"\"\n").find("a backslash before a non-ASCII"),
            std::string::npos);
  EXPECT_NE(refused("x = \"\"\"a \\  \n\n   \xd1\x8a"
                    "b\"\"\"\n")
                .find("line 3, column 4: a non-ASCII character after a backslash and whitespace"),
            std::string::npos);
  EXPECT_NE(
      refused("x = \"\"\"a\\\t\xef\xbb\xbd\"\"\"\n").find("line 1, column 11: a non-ASCII character after a"),
      std::string::npos)
      << "a backslash, then whitespace but no line break (the fuzzer's second find)";
}

TEST(TomlCheck, NonAsciiInStringsAndCommentsIsKept) {
  const std::string text =
      "# caf\xc3\xa9 \xd1\x8a\n"
      "[profiles.a]\n"
      "\"caf\xc3\xa9\" = 1\n"
      "host = \"h\"\n"
      "sequence = \"tcp:1\"\n"
      "notes = \"\"\"caf\xc3\xa9 \\\n  line two \xd1\x8a\n\xd1\x8a\"\"\" # \xd1\x8a\n"
      "group = 'caf\xc3\xa9'\n";
  auto d = parse_document(text, "profiles.toml");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_NE(format_document(*d).find("'caf\xc3\xa9' = 1"), std::string::npos) << format_document(*d);
  EXPECT_EQ(d->profiles.at(0).notes, "caf\xc3\xa9 line two \xd1\x8a\n\xd1\x8a");
  EXPECT_EQ(d->profiles.at(0).group, "caf\xc3\xa9");
}

TEST(TomlCheck, InvalidTomlIsLeftToTheParser) {
  // Not deep, just broken: the parser's own message, with its position.
  EXPECT_NE(refused("[profiles.a]\nhost = \"unterminated\n").find("line 2, column"), std::string::npos);
  EXPECT_NE(refused("x = [1, 2\n").find("line"), std::string::npos);
}

}  // namespace
}  // namespace knock::profiles
