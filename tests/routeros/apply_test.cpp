// Applying a generated script to a configuration: what knock writes is followed exactly, and anything else
// is refused with its line, never skipped.
#include "knock/routeros/apply.hpp"

#include <gtest/gtest.h>

#include "examples.hpp"

namespace knock::routeros {
namespace {

using test::config;

const char* kTable =
    "/ip firewall filter\n"
    "add action=accept chain=input comment=first connection-state=established\n"
    "add action=drop chain=forward comment=twice\n"
    "add action=drop chain=input comment=twice\n"
    "add action=drop chain=input comment=twice\n"
    "add action=drop chain=input comment=\"drop all\"\n";

std::vector<std::string> comments(const Config& c, Family f = Family::v4) {
  std::vector<std::string> out;
  for (const Rule& r : c.rules(f))
    out.push_back(r.comment);
  return out;
}

std::string refusal(std::string_view script) {
  Config c = config(kTable);
  auto done = apply_script(c, script);
  EXPECT_FALSE(done) << script;
  return done ? "" : done.error().message;
}

TEST(ApplyScript, AddsBeforeTheRuleNamedByChainAndCommentAndRemovesByPrefix) {
  Config c = config(kTable);
  ASSERT_TRUE(apply_script(c,
                           "/ip firewall filter\n"
                           "add action=accept chain=input comment=\"knock:a one\" protocol=tcp dst-port=1 "
                           "place-before=[find where chain=input comment=\"drop all\"]\n"
                           "add action=accept chain=input comment=\"knock:a two\" protocol=tcp dst-port=2 "
                           "place-before=[find where chain=input comment=\"drop all\"]\n"
                           "add action=accept chain=input comment=\"knock:ab end\"\n"));
  EXPECT_EQ(comments(c), (std::vector<std::string>{"first", "twice", "twice", "twice", "knock:a one",
                                                   "knock:a two", "drop all", "knock:ab end"}));
  EXPECT_EQ(c.rules(Family::v4)[4].number, 4u) << "renumbered";
  EXPECT_EQ(c.rules(Family::v4)[4].setting("place-before"), "")
      << "place-before= is not a setting of the rule";
  ASSERT_TRUE(apply_script(c, "/ip firewall filter\nremove [find where comment~\"^knock:a \"]\n"));
  EXPECT_EQ(comments(c),
            (std::vector<std::string>{"first", "twice", "twice", "twice", "drop all", "knock:ab end"}));
}

TEST(ApplyScript, PicksTheNthStaticRuleOfAChain) {
  Config c = config(kTable);
  ASSERT_TRUE(apply_script(c,
                           "/ip firewall filter add action=log chain=input comment=x "
                           "place-before=[:pick [find where chain=input dynamic=no] 1]\n"));
  EXPECT_EQ(comments(c), (std::vector<std::string>{"first", "twice", "x", "twice", "twice", "drop all"}));
}

TEST(ApplyScript, TheIpv6TableIsItsOwn) {
  Config c = config(kTable);
  ASSERT_TRUE(apply_script(c,
                           "/ipv6 firewall filter\nremove [find where comment~\"^f\"]\n"
                           "add action=drop chain=input comment=\"knock:a v6\"\n"));
  EXPECT_EQ(comments(c).size(), 5u);
  EXPECT_EQ(comments(c, Family::v6), (std::vector<std::string>{"knock:a v6"}));
}

TEST(ApplyScript, AnEscapedDotIsADot) {
  Config c = config(
      "/ip firewall filter\nadd chain=input comment=\"knock:a.b x\"\nadd chain=input "
      "comment=\"knock:aXb x\"\n");
  ASSERT_TRUE(apply_script(c, "/ip firewall filter remove [find where comment~\"^knock:a\\\\.b \"]\n"));
  EXPECT_EQ(comments(c), (std::vector<std::string>{"knock:aXb x"}));
}

TEST(ApplyScript, RefusesWhatItDoesNotFollow) {
  EXPECT_EQ(refusal("/ip firewall nat add chain=dstnat action=accept\n"),
            "line 1, column 18: /ip firewall nat add: only /ip firewall filter and /ipv6 firewall filter are "
            "applied here");
  EXPECT_NE(
      refusal("/ip firewall filter\nset 0 disabled=yes\n").find("line 2, column 1: /ip firewall filter set"),
      std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter move 0 destination=2\n").find("only add and remove"),
            std::string::npos);
  EXPECT_NE(refusal(":put hello\n").find("scripting is not applied here"), std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter remove 0\n").find("only remove [find where comment~"),
            std::string::npos);
  EXPECT_NE(
      refusal("/ip firewall filter remove [find where comment~\"^knock.*\"]\n").find("'.' is more regular"),
      std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter remove [find where comment~\"knock\"]\n").find("only a prefix"),
            std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter remove [find where comment=\"x\"]\n").find("only remove"),
            std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter add chain=input place-before=2\n").find("'2' is not understood"),
            std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter add chain=input place-before=[find where comment=\"drop all\"]\n")
                .find("is not understood"),
            std::string::npos)
      << "without chain=";
  EXPECT_NE(
      refusal("/ip firewall filter add chain=input place-before=[find where chain=input comment=twice]\n")
          .find("2 rules match"),
      std::string::npos);
  EXPECT_NE(
      refusal("/ip firewall filter add chain=input place-before=[find where chain=input comment=nope]\n")
          .find("0 rules match"),
      std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter add chain=input "
                    "place-before=[:pick [find where chain=input dynamic=no] 9]\n")
                .find("chain input has only 4 rules"),
            std::string::npos);
  EXPECT_NE(refusal("/ip firewall filter add chain=input dst-prot=1\n").find("unknown key 'dst-prot'"),
            std::string::npos);
}

TEST(ApplyScript, AJumpToNowhereIsRefusedAsLoadingWould) {
  EXPECT_NE(refusal("/ip firewall filter add chain=input action=jump jump-target=nowhere\n")
                .find("names a chain no rule is in"),
            std::string::npos);
}

TEST(RemoveCommented, TakesEveryFilterRuleWhoseCommentStartsWithThePrefixInBothFamilies) {
  Config c = config(std::string(kTable) +
                    "/ipv6 firewall filter\nadd action=drop chain=input comment=twice\n"
                    "add action=drop chain=input comment=other\n"
                    "/ip firewall raw add action=drop chain=prerouting comment=twice\n");
  EXPECT_EQ(remove_commented(c, "twi"), 4u);
  EXPECT_EQ(comments(c), (std::vector<std::string>{"first", "drop all"}));
  EXPECT_EQ(comments(c, Family::v6), (std::vector<std::string>{"other"}));
  EXPECT_EQ(c.rules(Family::v4)[1].number, 1u) << "renumbered";
  EXPECT_EQ(c.rules(Table::raw, Family::v4).size(), 1u) << "only the filter tables";
  EXPECT_EQ(remove_commented(c, "nothing"), 0u);
}

}  // namespace
}  // namespace knock::routeros
