// The interpreter's parser (script_parser.cpp): what is outside the subset is an error naming line and
// column, positions inside a script's source count from the file, nesting has a limit, stray brackets end
// in an error rather than a hang.
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(Interpreter, OutsideTheSubsetIsAnErrorWithLineAndColumn) {
  auto im = routeros::import_script("/ip firewall filter\n:delay 1s\n");
  ASSERT_FALSE(im);
  EXPECT_NE(im.error().message.find("line 2, column 1: ':delay' is outside the emulated subset"),
            std::string::npos)
      << im.error().message;
  auto regex = routeros::import_script(":local x (\"a\" ~ \"a.*\")\n");
  ASSERT_FALSE(regex);
  EXPECT_NE(regex.error().message.find("line 1, column"), std::string::npos) << regex.error().message;
  EXPECT_NE(regex.error().message.find("outside the emulated subset"), std::string::npos);
  auto undeclared = routeros::import_script(":put $nobody\n");
  ASSERT_FALSE(undeclared);
  EXPECT_NE(undeclared.error().message.find("line 1, column 6: $nobody is not declared"), std::string::npos)
      << undeclared.error().message;
}

TEST(Interpreter, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  auto im = routeros::import_script(":local x " + deep + "1\n");
  ASSERT_FALSE(im);
  EXPECT_NE(im.error().message.find("nested deeper"), std::string::npos) << im.error().message;
}

TEST(Interpreter, AStrayBracketInAnArgumentIsAnErrorNotAHang) {
  for (const char* text :
       {"/ip firewall filter add c]hain=input\n", "/ip firewall filter add chain=input }\n", ":local x 1 ]\n",
        "/system script add name=a source={ :put x ] }\n"}) {
    auto im = routeros::import_script(text);
    ASSERT_FALSE(im) << text;
    EXPECT_NE(im.error().message.find("is not a key=value or a value"), std::string::npos)
        << text << ": " << im.error().message;
    EXPECT_TRUE(routeros::uses_scripts(text) || !routeros::load_config(text)) << text;
  }
}

TEST(ScriptParser, PositionsInsideAScriptsSourceCountFromTheFile) {
  // Scheduled's script: its source begins on line 2, the expression's line is line 3.
  const std::string out = put("$nobody");
  EXPECT_NE(out.find("line 3, column 6: $nobody is not declared"), std::string::npos) << out;
}

TEST(ScriptParser, UnclosedPartsAndBareDollarsAreErrorsWithPositions) {
  const auto error_of = [](const std::string& text) {
    auto im = routeros::import_script(text);
    EXPECT_FALSE(im) << text;
    return im ? "" : im.error().message;
  };
  EXPECT_NE(error_of(":local x \"open\n").find("line 1, column"), std::string::npos);
  EXPECT_NE(error_of(":if (true) do={ :put 1\n").find("line 1, column"), std::string::npos);
  EXPECT_NE(error_of(":local x (1 + 2\n").find("line 1, column"), std::string::npos);
  EXPECT_NE(error_of(":put $\n").find("'$' without a variable name"), std::string::npos);
  EXPECT_NE(error_of(":local x 1\n:foo x\n").find("line 2, column 1: ':foo' is outside the emulated subset"),
            std::string::npos);
}

TEST(ScriptParser, ContinuationLinesCommentsAndSemicolonsAsInExports) {
  auto im = routeros::import_script(
      "# a comment\n/ip firewall filter add chain=input \\\n    action=drop comment=x\n"
      "  # an indented one\n:local a 1; :local b 2; /ip firewall filter add chain=forward\n");
  ASSERT_TRUE(im) << im.error().message;
  const auto& rules = im->config.rules(routeros::Family::v4);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].comment, "x");
  EXPECT_EQ(rules[1].chain, "forward");
  // A comment after a command is not one: the interpreter says where (load_config, for exports without
  // scripts, skips it).
  auto trailing = routeros::import_script(":global g 1\n/ip firewall filter add chain=input # note\n");
  ASSERT_FALSE(trailing);
  EXPECT_NE(trailing.error().message.find("line 2, column 37: unexpected '#'"), std::string::npos)
      << trailing.error().message;
}

}  // namespace
}  // namespace knock::test
