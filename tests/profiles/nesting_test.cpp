// profiles/src/nesting.cpp, through parse_document: files nested too deeply are refused with line and
// column before toml++ builds them (a 50 000-part header used to overflow the stack).
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

TEST(Nesting, AHeaderOfFiftyThousandPartsIsRefusedWithItsPosition) {
  const std::string m = refused("schema = 1\n[" + repeat("a", 50000, ".") + "]\n");
  EXPECT_EQ(m, "profiles.toml: line 2, column 129: tables, arrays and dotted keys nested more than 64 deep");
}

TEST(Nesting, DeepKeysArraysInlineTablesAndArraysOfTablesAreRefused) {
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

TEST(Nesting, SixtyFourLevelsAreAccepted) {
  // 62 header parts, the key, one array: 64.
  auto d = parse_document("[" + repeat("a", 62, ".") + "]\nk = [1]\n", "profiles.toml");
  EXPECT_TRUE(d) << d.error().message;
  EXPECT_NE(refused("[" + repeat("a", 62, ".") + "]\nk = [[1]]\n").find("line 2, column 6:"),
            std::string::npos);
}

TEST(Nesting, BracketsAndDotsInStringsAndCommentsDoNotCount) {
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

TEST(Nesting, InvalidTomlIsLeftToTheParser) {
  // Not deep, just broken: the parser's own message, with its position.
  EXPECT_NE(refused("[profiles.a]\nhost = \"unterminated\n").find("line 2, column"), std::string::npos);
  EXPECT_NE(refused("x = [1, 2\n").find("line"), std::string::npos);
}

}  // namespace
}  // namespace knock::profiles
