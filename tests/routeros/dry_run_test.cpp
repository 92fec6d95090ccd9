// routeros/src/dry_run.cpp: generated rules tried on the router's own export before anything is pasted
// (the knock, near misses, the LAN, open sessions), the near misses themselves, and the diff of the filter.
#include "knock/routeros/dry_run.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "generated.hpp"
#include "knock/core/plan.hpp"

namespace knock::routeros {
namespace {

using test::config;
using test::example;
using test::office;

TEST(DryRun, WithoutAnInterfaceScopeTheLanWouldLoseAccessAndItSaysSo) {
  const Config before = example("defconf.rsc");
  GenerateOptions o = office(before);
  o.in_interface_list.clear();
  const auto dry = dry_run(before, generate(o)->script, o);
  ASSERT_TRUE(dry);
  EXPECT_FALSE(dry->passed());
  const auto lan = std::find_if(dry->trials.begin(), dry->trials.end(), [](const Trial& t) {
    return t.label.rfind("a new connection from the LAN", 0) == 0;
  });
  ASSERT_NE(lan, dry->trials.end());
  EXPECT_FALSE(lan->passed);
  EXPECT_NE(lan->outcome.find("\"knock:office drop new tcp 8291,22 without the knock\""), std::string::npos)
      << lan->outcome;
  EXPECT_NE(lan->outcome.find("--interface-list WAN"), std::string::npos) << lan->outcome;
}

TEST(DryRun, AGrantByAnAcceptThatIsNotTheProfilesOwnIsNoPass) {
  const Config before = config("/ip firewall filter\nadd action=accept chain=forward\n");
  GenerateOptions o = office(before);
  o.in_interface_list.clear();
  // Whatever the knock, an accept of someone else's lets the connection in: the knock opened nothing.
  const DryRun dry = rehearse(
      before, config("/ip firewall filter\nadd action=accept chain=input comment=\"wide open\"\n"), o);
  ASSERT_FALSE(dry.trials.empty());
  const Trial& opens = dry.trials.front();
  EXPECT_EQ(opens.label, "the knock opens tcp:8291 (IPv4)");
  EXPECT_FALSE(opens.passed) << opens.outcome;
  EXPECT_NE(opens.outcome.find("accepted by rule #0 \"wide open\" (accept)"), std::string::npos)
      << opens.outcome;
  EXPECT_NE(opens.outcome.find("not the profile's own accept (its comment starts with \"knock:office \")"),
            std::string::npos)
      << opens.outcome;
  EXPECT_FALSE(dry.passed());
}

}  // namespace
}  // namespace knock::routeros
