#include "knock/routeros/script.hpp"

#include <gtest/gtest.h>

#include "knock/routeros/config.hpp"

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

TEST(Config, UnknownKeyInAFilterRuleIsAnErrorWithPosition) {
  auto c = load_config("/ip firewall filter\nadd chain=input dst-prot=22 protocol=tcp\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "line 2, column 17: unknown key 'dst-prot' in /ip firewall filter add");
}

TEST(Config, BadValuesNameKeyValueAndPosition) {
  const auto err = [](std::string_view text) {
    auto c = load_config(text);
    EXPECT_FALSE(c) << text;
    return c ? "" : c.error().message;
  };
  EXPECT_EQ(err("/ip firewall filter add chain=input protocol=tcp dst-port=70000"),
            "line 1, column 59: dst-port '70000' is not a port list (expected ports 0-65535 and ranges, e.g. "
            "21,22,8291,10000-60000)");
  EXPECT_NE(
      err("/ip firewall filter add chain=input action=allow").find("action 'allow' is not a filter action"),
      std::string::npos);
  EXPECT_NE(
      err("/ip firewall filter add chain=input protocol=tcpp").find("protocol 'tcpp' is not a protocol"),
      std::string::npos);
  EXPECT_NE(err("/ip firewall filter add chain=input src-address=::1").find("is not an IPv4 address"),
            std::string::npos);
  EXPECT_NE(err("/ip firewall filter add chain=input action=add-src-to-address-list address-list=a "
                "address-list-timeout=1x")
                .find("is not a RouterOS duration"),
            std::string::npos);
  EXPECT_NE(err("/ip firewall filter add action=drop").find("has no chain="), std::string::npos);
  EXPECT_NE(err("/ip firewall filter add chain=input action=jump").find("jumps but has no jump-target="),
            std::string::npos);
  EXPECT_NE(err("/ipv6 firewall filter add chain=input action=tarpit").find("tarpit is IPv4 only"),
            std::string::npos);
  EXPECT_NE(err("/ip firewall address-list add list=x").find("has no address="), std::string::npos);
}

TEST(Config, OtherMenusAndVerbsAreSkippedWithNotes) {
  auto c = load_config(
      "/interface bridge add name=br0\n/ip firewall nat add chain=srcnat action=masquerade\n"
      "/ip firewall filter set [ find ] disabled=no\n/ip firewall filter add chain=input\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rules(Family::v4).size(), 1u);
  EXPECT_EQ(c->rules(Table::nat, Family::v4).size(), 1u);  // the nat table is read since it is emulated
  ASSERT_EQ(c->notes.size(), 2u);
  EXPECT_EQ(c->notes[0], "line 1, column 19: skipped /interface bridge add");
}

TEST(Config, UnsupportedMatchersAreNotedPerRule) {
  auto c =
      load_config("/ip firewall filter add chain=input action=accept time=8h-17h,mon,tue comment=office");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->rules(Family::v4)[0].unsupported, std::vector<std::string>{"time=8h-17h,mon,tue"});
  ASSERT_EQ(c->notes.size(), 1u);
  EXPECT_NE(c->notes[0].find("rule #0 \"office\" (accept) uses time=8h-17h,mon,tue"), std::string::npos);
}

TEST(Duration, ParsesRouterOsForms) {
  using namespace std::chrono_literals;
  EXPECT_EQ(*parse_routeros_duration("15s"), 15s);
  EXPECT_EQ(*parse_routeros_duration("3h"), 3h);
  EXPECT_EQ(*parse_routeros_duration("1d2h3m4s"), 26h + 3min + 4s);
  EXPECT_EQ(*parse_routeros_duration("4w2d"), std::chrono::hours(24 * 30));
  EXPECT_EQ(*parse_routeros_duration("00:00:45"), 45s);
  EXPECT_EQ(*parse_routeros_duration("1d00:01:00"), 24h + 1min);
  EXPECT_EQ(*parse_routeros_duration("90"), 90s);
  EXPECT_EQ(*parse_routeros_duration("500ms"), 500ms);
  EXPECT_EQ(*parse_routeros_duration("35w3d13h13m56s"), kMaxListTimeout);
  EXPECT_FALSE(parse_routeros_duration("35w3d13h13m57s"));
  EXPECT_FALSE(parse_routeros_duration("1y"));
  EXPECT_FALSE(parse_routeros_duration("00:61:00"));
  EXPECT_EQ(format_routeros_duration(26h + 3min + 4s), "1d2h3m4s");
}

}  // namespace
}  // namespace knock::routeros
