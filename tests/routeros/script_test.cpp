#include "knock/routeros/script.hpp"

#include <gtest/gtest.h>

namespace knock::routeros {
namespace {

Script parse_ok(std::string_view text) {
  auto s = parse_script(text);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s ? *s : Script{};
}

std::string parse_error(std::string_view text) {
  auto s = parse_script(text);
  EXPECT_FALSE(s);
  return s ? "" : s.error().message;
}

const Argument* arg(const Command& c, std::string_view key) {
  for (const auto& a : c.args) {
    if (a.key == key) return &a;
  }
  return nullptr;
}

TEST(Script, MenuLineSetsTheContextForTheCommandsThatFollow) {
  const Script s = parse_ok("/ip firewall filter\nadd chain=input action=drop\nadd chain=forward\n");
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(s.commands[0].menu, "ip firewall filter");
  EXPECT_EQ(s.commands[0].verb, "add");
  EXPECT_EQ(arg(s.commands[1], "chain")->value, "forward");
}

TEST(Script, AcceptsBothPathStylesAndAMenuOnTheCommandLine) {
  const Script s =
      parse_ok("/ip/firewall/filter\nadd chain=input\n/ipv6 firewall address-list add list=x address=::1\n");
  EXPECT_EQ(s.commands[0].menu, "ip firewall filter");
  EXPECT_EQ(s.commands[1].menu, "ipv6 firewall address-list");
}

TEST(Script, RelativeMenuWordsAndDotDot) {
  const Script s = parse_ok(
      "/ip firewall\nfilter add chain=input\naddress-list\nadd list=a address=1.2.3.4\n.. filter add "
      "chain=x\n");
  EXPECT_EQ(s.commands[0].menu, "ip firewall filter");
  EXPECT_EQ(s.commands[1].menu, "ip firewall address-list");
  EXPECT_EQ(s.commands[2].menu, "ip firewall filter");
}

TEST(Script, JoinsContinuationLinesEvenInsideAWordOrAString) {
  const Script s = parse_ok(
      "/ip firewall filter\n"
      "add action=add-src-to-address-list address-list=knock-knock address-list-\\\n"
      "    timeout=15s chain=input comment=\"Only Allow Access from Save \\\n"
      "    Haven\" list=\\\n"
      "    \"Save Haven\"\n");
  const Command& c = s.commands.at(0);
  EXPECT_EQ(arg(c, "address-list-timeout")->value, "15s");
  EXPECT_EQ(arg(c, "comment")->value, "Only Allow Access from Save Haven");
  EXPECT_EQ(arg(c, "list")->value, "Save Haven");
  EXPECT_TRUE(arg(c, "list")->quoted);
}

TEST(Script, UnescapesQuotedValues) {
  const Script s = parse_ok(R"(/ip firewall filter add chain=input comment="a\"b\\c\$d\_e\41\tf")");
  EXPECT_EQ(arg(s.commands[0], "comment")->value, "a\"b\\c$d eA\tf");
}

TEST(Script, CommentsAndBlankLinesAreSkipped) {
  const Script s = parse_ok(
      "# jan/02/1970 by RouterOS 7.1\n\n# another\n/ip firewall filter\n  # indented\nadd chain=input # "
      "trailing\n");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].args.size(), 1u);
}

TEST(Script, SemicolonsSeparateCommands) {
  EXPECT_EQ(parse_ok("/ip firewall filter; add chain=a; add chain=b").commands.size(), 2u);
}

TEST(Script, BracketedExpressionsStayWhole) {
  const Script s = parse_ok("/ip firewall filter\nset [ find where comment=\"x y\" ] disabled=yes\n");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(s.commands[0].verb, "set");
  EXPECT_EQ(s.commands[0].args[0].value, "[ find where comment=\"x y\" ]");
  EXPECT_EQ(arg(s.commands[0], "disabled")->value, "yes");
}

TEST(Script, ScriptCommandsAreSkippedWithANote) {
  const Script s = parse_ok(":global x 1\n/ip firewall filter add chain=input\n");
  EXPECT_EQ(s.commands.size(), 1u);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_EQ(s.notes[0], "line 1, column 1: skipped script command :global");
}

TEST(Script, PositionsCountOriginalLinesAcrossContinuations) {
  const Script s = parse_ok("/ip firewall filter\nadd chain=input \\\n    dst-port=22\n");
  const Argument* a = arg(s.commands[0], "dst-port");
  EXPECT_EQ(a->key_at.line, 3);
  EXPECT_EQ(a->key_at.column, 5);
  EXPECT_EQ(a->value_at.column, 14);
}

TEST(Script, ErrorsNameLineAndColumn) {
  EXPECT_EQ(parse_error("/ip firewall filter\nadd chain=input comment=\"open\n"),
            "line 2, column 25: unterminated string (a \" is missing)");
  EXPECT_EQ(parse_error("/ip firewall filter\nadd comment=\"a\\qb\"\n"),
            "line 2, column 16: unknown escape \\q in a string (expected \\\", \\\\, \\n, \\r, \\t, \\$, \\_ "
            "or \\XX)");
  EXPECT_EQ(parse_error("/ip firewall filter\n  chain=input\n"),
            "line 2, column 3: expected a command such as add or set, found 'chain='");
  EXPECT_EQ(parse_error("/ip firewall filter\nset [ find \n"), "line 2, column 5: unclosed '['");
}

}  // namespace
}  // namespace knock::routeros
