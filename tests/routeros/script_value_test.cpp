// The values and operators of the subset (script_value.cpp): times as RouterOS writes them, strict
// arithmetic and comparisons (a mix of types is an error, not a guess), overflow, and the regular expressions
// of ~ (literal text, escapes, ^ and $).
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(ScriptValue, TimesAreWrittenAsRouterOsWritesThem) {
  EXPECT_EQ(put("(1w2d + 3h4m5s)"), "1w2d03:04:05");
  EXPECT_EQ(put("(500ms + 0s)"), "00:00:00.5");
  EXPECT_EQ(put("(0s - 30s)"), "-00:00:30");
  EXPECT_EQ(put("(00:01:00 + 1d)"), "1d00:01:00");
  EXPECT_EQ(put("(2m * 3)"), "00:06:00");
  EXPECT_EQ(put("(100s % 30s)"), "00:00:10");
}

TEST(ScriptValue, NumbersHexLiteralsAndComparisons) {
  EXPECT_EQ(put("(0x1F + 1)"), "32");
  EXPECT_EQ(put("(-7 * 3)"), "-21");
  EXPECT_EQ(put("(7 / 2)"), "3");
  EXPECT_EQ(put("(\"abc\" < \"abd\")"), "true");
  EXPECT_EQ(put("(2s >= 2000ms)"), "true");
  EXPECT_EQ(put("(1 = \"1\")"), "false") << "different types are not equal";
  EXPECT_EQ(put("(1 != \"1\")"), "true");
  EXPECT_EQ(put("(true || false)"), "true");
}

TEST(ScriptValue, AMixOfTypesIsAnErrorNotAGuess) {
  EXPECT_NE(put("(1 + \"a\")").find("'+' between a num and a str is outside the emulated subset"),
            std::string::npos);
  EXPECT_NE(put("(1s + 1)").find("'+' between a time and a num"), std::string::npos);
  EXPECT_NE(put("(\"a\" < 1)").find("'<' between a str and a num"), std::string::npos);
  EXPECT_NE(put("(1 && true)").find("'&&' between a num and a bool"), std::string::npos);
  EXPECT_NE(put("(!1)").find("'!' of a num (expected a bool)"), std::string::npos);
  EXPECT_NE(put("(1 / 1s)").find("'/' between a num and a time"), std::string::npos);
}

TEST(ScriptValue, OverflowAndDivisionByZeroAreErrors) {
  EXPECT_NE(put("(9223372036854775807 + 1)").find("'+' overflows a 64-bit number"), std::string::npos);
  EXPECT_NE(put("(4611686018427387904 * 2)").find("'*' overflows a 64-bit number"), std::string::npos);
  EXPECT_NE(put("(1 / 0)").find("division by zero"), std::string::npos);
  EXPECT_NE(put("(5s % 0)").find("division by zero"), std::string::npos);
}

TEST(ScriptValue, RegularExpressionsOfLiteralTextEscapesAndAnchors) {
  EXPECT_EQ(put("(\"abc\" ~ \"b\")"), "true");
  EXPECT_EQ(put("(\"abc\" ~ \"^b\")"), "false");
  EXPECT_EQ(put("(\"abc\" ~ \"c\\$\")"), "true");
  EXPECT_EQ(put("(\"abcd\" ~ \"c\\$\")"), "false");
  EXPECT_EQ(put("(\"abc\" ~ \"^abc\\$\")"), "true");
  EXPECT_EQ(put("(\"a.b\" ~ \"a\\\\.b\")"), "true");
  EXPECT_EQ(put("(\"axb\" ~ \"a\\\\.b\")"), "false") << "an escaped dot is a dot";
  EXPECT_NE(put("(\"aa\" ~ \"a+\")").find("uses '+', which is outside the emulated subset"),
            std::string::npos);
  EXPECT_NE(put("(\"1\" ~ 1)").find("'~' between a str and a num"), std::string::npos);
}

}  // namespace
}  // namespace knock::test
