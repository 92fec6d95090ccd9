// The environment as a parameter: a fixed map for tests, the real one for main(), and the loopback guard.
#include "knock/core/environment.hpp"

#include <gtest/gtest.h>

#include "netns.hpp"

namespace knock::core {
namespace {

using EnvironmentVars = std::map<std::string, std::string, std::less<>>;

TEST(Environment, AMapHoldsWhatItWasGiven) {
  MapEnvironment env(EnvironmentVars{{"HOME", "/root"}, {"EMPTY", ""}});
  EXPECT_EQ(env.get("HOME"), "/root");
  EXPECT_EQ(env.get("EMPTY"), "") << "set but empty is not unset";
  EXPECT_EQ(env.get("PATH"), std::nullopt);
  EXPECT_EQ(env.get("home"), std::nullopt) << "names are exact";
  env.set("PATH", "/bin");
  env.set("HOME", "/home/knock");
  EXPECT_EQ(env.get("PATH"), "/bin");
  EXPECT_EQ(env.get("HOME"), "/home/knock");
  EXPECT_EQ(MapEnvironment().get("HOME"), std::nullopt);
}

TEST(Environment, TheProcessEnvironmentIsTheRealOne) {
  test::set_env("KNOCK_ENVIRONMENT_TEST", "a value = with spaces");
  EXPECT_EQ(process_environment().get("KNOCK_ENVIRONMENT_TEST"), "a value = with spaces");
  EXPECT_EQ(process_environment().get("KNOCK_ENVIRONMENT_TEST_NEVER_SET"), std::nullopt);
  EXPECT_EQ(&process_environment(), &process_environment());
}

TEST(Environment, LoopbackOnlyUnlessUnsetEmptyOrZero) {
  EXPECT_FALSE(loopback_only(MapEnvironment()));
  EXPECT_FALSE(loopback_only(MapEnvironment(EnvironmentVars{{"KNOCK_LOOPBACK_ONLY", ""}})));
  EXPECT_FALSE(loopback_only(MapEnvironment(EnvironmentVars{{"KNOCK_LOOPBACK_ONLY", "0"}})));
  EXPECT_TRUE(loopback_only(MapEnvironment(EnvironmentVars{{"KNOCK_LOOPBACK_ONLY", "1"}})));
  EXPECT_TRUE(loopback_only(MapEnvironment(EnvironmentVars{{"KNOCK_LOOPBACK_ONLY", "yes"}})));
  EXPECT_TRUE(loopback_only(MapEnvironment(EnvironmentVars{{"KNOCK_LOOPBACK_ONLY", "00"}})));
  EXPECT_FALSE(loopback_only(MapEnvironment(EnvironmentVars{{"KNOCK_LOOPBACK", "1"}})));
}

}  // namespace
}  // namespace knock::core
