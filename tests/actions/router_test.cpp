// A profile's router side: the generator's options from its facts, and a check of an export.
#include "knock/actions/router.hpp"

#include "fixture.hpp"

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

}  // namespace
}  // namespace knock::actions
