// A profile's router side: the generator's options from its facts, and a check of an export.
#include "knock/actions/router.hpp"

#include <fstream>
#include <sstream>

#include "fixture.hpp"
#include "knock/routeros/apply.hpp"

#ifndef KNOCK_SOURCE_DIR
#define KNOCK_SOURCE_DIR "."
#endif

namespace knock::actions {
namespace {

using namespace std::chrono_literals;

profiles::Profile router() {
  profiles::Profile p = test::profile("office", "tcp:1337 udp:17954");
  p.verify_port = 8291;
  p.protect = {{6, 8291}, {6, 22}};
  p.timeouts = {15s, 3h};
  p.list = "Save Haven";
  return p;
}

TEST(Router, OptionsFromAProfile) {
  auto o = generate_options(router());
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->protect.size(), 2u);
  EXPECT_EQ(o->list, "Save Haven");
  EXPECT_EQ(o->timeouts.size(), 2u);
  profiles::Profile bare = router();
  bare.protect.clear();
  bare.verify_port = 0;
  EXPECT_NE(generate_options(bare).error().message.find("names no port to protect"), std::string::npos);
  bare.verify_port = 22;
  EXPECT_EQ(generate_options(bare)->protect.front().port, 22);
}

TEST(Router, TheGeneratedRulesLetTheProfilesOwnKnockIn) {
  auto rules = rules_for(router());
  ASSERT_TRUE(rules) << rules.error().message;
  auto checked = check_profile(router(), rules->script, "generated.rsc");
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_TRUE(checked->result.granted) << checked->result.explanation.front();
  profiles::Profile wrong = router();
  wrong.sequence = "udp:17954 tcp:1337";
  auto denied = check_profile(wrong, rules->script, "generated.rsc");
  ASSERT_TRUE(denied);
  EXPECT_FALSE(denied->result.granted);
  EXPECT_NE(check_profile(router(), "/ip firewall filter\nadd nonsense=1\n", "bad.rsc")
                .error()
                .message.find("bad.rsc"),
            std::string::npos);
}

profiles::Profile protecting(const std::string& name, const std::string& sequence,
                             std::vector<core::ServicePort> ports) {
  profiles::Profile p = test::profile(name, sequence);
  p.protect = std::move(ports);
  return p;
}

routeros::Config defconf() {
  std::ifstream in(std::string(KNOCK_SOURCE_DIR) + "/routeros/examples/defconf.rsc");
  std::stringstream text;
  text << in.rdbuf();
  return *routeros::load_config(text.str());
}

bool opens(const routeros::Config& c, const std::string& steps, core::ServicePort p,
           std::vector<std::string> lists = {}) {
  routeros::CheckRequest r;
  if (!steps.empty()) r.sequence = *core::parse_sequence(steps);
  r.protect = p;
  if (!lists.empty()) r.view.interface_lists = std::move(lists);
  return routeros::check(c, r).granted;
}

// The case from the field: office's knock opened lab's SSH because both used the lists "knock" and
// "knock-stage1". Lab also protects Winbox, which office protects: lab's accept must come before office's
// drop.
const std::vector<profiles::Profile> kTwo = {protecting("office", "tcp:1337 udp:17954", {{6, 8291}}),
                                             protecting("lab", "tcp:1337 udp:20000", {{6, 8291}, {6, 22}})};

TEST(RouterRules, TwoProfilesPastedTogetherNeverOpenEachOthersPorts) {
  const auto rules = rules_for_all(kTwo, {});
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_TRUE(rules->failures.empty()) << rules->failures.front();
  routeros::Config c;
  ASSERT_TRUE(routeros::apply_script(c, rules->script));
  EXPECT_TRUE(opens(c, "tcp:1337 udp:17954", {6, 8291}));
  EXPECT_FALSE(opens(c, "tcp:1337 udp:17954", {6, 22})) << "lab's SSH";
  EXPECT_TRUE(opens(c, "tcp:1337 udp:20000", {6, 22}));
  EXPECT_TRUE(opens(c, "tcp:1337 udp:20000", {6, 8291})) << "lab's accept sits above office's drop";
  EXPECT_NE(rules->script.find("move [find where comment~\"^knock:[^ ]+ \"] destination=N"),
            std::string::npos)
      << "moved together, they keep their order";
}

// Without an export nothing puts an interface on WAN: placement and the checks take the knock to arrive on
// it. Lab's rules are placed among office's as the knock from WAN sees them, so lab's accept for Winbox comes
// before office's drop, and a grant by the chain's default policy (the knock never seen) is no grant.
TEST(RouterRules, LimitedToAnInterfaceListWithoutAnExportTheyStillCheckOut) {
  const auto rules = rules_for_all(kTwo, {nullptr, "", "WAN", true, true});
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_TRUE(rules->failures.empty()) << rules->failures.front();
  EXPECT_NE(rules->script.find("in-interface-list=\"WAN\""), std::string::npos);
  routeros::Config c;
  ASSERT_TRUE(routeros::apply_script(c, rules->script));
  const std::vector<std::string> wan = {"WAN"};
  EXPECT_TRUE(opens(c, "tcp:1337 udp:17954", {6, 8291}, wan));
  EXPECT_FALSE(opens(c, "tcp:1337 udp:17954", {6, 22}, wan)) << "lab's SSH";
  EXPECT_TRUE(opens(c, "tcp:1337 udp:20000", {6, 22}, wan));
  EXPECT_TRUE(opens(c, "tcp:1337 udp:20000", {6, 8291}, wan)) << "lab's accept sits above office's drop";
  EXPECT_FALSE(opens(c, "", {6, 8291}, wan)) << "no knock from WAN";
  EXPECT_TRUE(opens(c, "", {6, 8291}, {"LAN"})) << "the LAN is not the knock's business";
}

TEST(RouterRules, TwoProfilesPlacedInTheRoutersExportPassTheirDryRuns) {
  const routeros::Config router = defconf();
  std::vector<profiles::Profile> two = kTwo;
  two[0].sequence = "tcp:4001 udp:4002";
  two[1].sequence = "tcp:5001 udp:5002";
  const auto rules = rules_for_all(two, {&router, "defconf.rsc", "WAN", true, true});
  ASSERT_TRUE(rules) << rules.error().message;
  EXPECT_TRUE(rules->failures.empty()) << rules->failures.front();
  EXPECT_NE(
      rules->script.find("place-before=[find where chain=input comment=\"defconf: drop all not coming from "
                         "LAN\"]"),
      std::string::npos);
  EXPECT_NE(
      rules->script.find("place-before=[find where chain=input comment=\"knock:office drop new tcp 8291 "
                         "without the knock\"]"),
      std::string::npos)
      << rules->script;
}

TEST(RouterRules, WithoutAnInterfaceScopeTheDryRunSaysTheLanWouldLoseAccess) {
  const routeros::Config router = defconf();
  const auto rules =
      rules_for_all({protecting("office", "tcp:4001 udp:4002", {{6, 8291}})}, {&router, "x.rsc"});
  ASSERT_TRUE(rules);
  ASSERT_FALSE(rules->failures.empty());
  EXPECT_EQ(rules->failures.front().rfind("office: a new connection from the LAN", 0), 0u)
      << rules->failures.front();
}

TEST(RouterRules, ProfilesThatWouldShareAListOrAPortAreRefused) {
  std::vector<profiles::Profile> same = kTwo;
  same[0].list = same[1].list = "Save Haven";
  EXPECT_EQ(
      rules_for_all(same, {}).error().message,
      "profiles 'office' and 'lab' would share the address list \"Save Haven-stage1\", so one's knock would "
      "count for the other: give one of them another list (or none, to name it after the profile)");
  const std::vector<profiles::Profile> port = {protecting("office", "tcp:22 udp:17954", {{6, 8291}}),
                                               protecting("lab", "tcp:1 udp:2", {{6, 22}})};
  EXPECT_EQ(rules_for_all(port, {}).error().message,
            "profile 'office' knocks on tcp:22, which profile 'lab' protects: a connection to it would climb "
            "office's stage; give office another port");
}

TEST(RouterRules, TheRemovalTakesAwayEveryProfilesRules) {
  const auto removal = removal_for(kTwo);
  ASSERT_TRUE(removal);
  EXPECT_NE(removal->find("remove [find where comment~\"^knock:office \"]"), std::string::npos);
  EXPECT_NE(removal->find("remove [find where comment~\"^knock:lab \"]"), std::string::npos);
  routeros::Config c;
  ASSERT_TRUE(routeros::apply_script(c, rules_for_all(kTwo, {})->script));
  ASSERT_TRUE(routeros::apply_script(c, *removal));
  EXPECT_TRUE(c.rules(routeros::Family::v4).empty());
}

}  // namespace
}  // namespace knock::actions
