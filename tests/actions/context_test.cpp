// What a front end hands the use cases: the store, the passphrase source, the clock and the loopback guard,
// given one by one or read from the environment.
#include "knock/actions/context.hpp"

#include <gtest/gtest.h>

#include "virtual_clock.hpp"

namespace knock::actions {
namespace {

// An interactive source that says it was asked.
struct Typed final : PassphraseSource {
  int* asked;
  explicit Typed(int* a) : asked(a) {}
  core::Expected<core::SecretString> get(const PassphraseRequest&) override {
    ++*asked;
    return core::SecretString("typed");
  }
};

TEST(Context, ItHoldsWhatItIsGiven) {
  knock::test::VirtualClock clock;
  int asked = 0;
  Context ctx(profiles::Store("somewhere/profiles.toml"), std::make_unique<Typed>(&asked), clock, false);
  EXPECT_EQ(ctx.store().path(), std::filesystem::path("somewhere/profiles.toml"));
  EXPECT_EQ(&ctx.clock(), &clock);
  EXPECT_FALSE(ctx.loopback_only());
  EXPECT_EQ(ctx.passphrase().get({})->view(), "typed");
  EXPECT_EQ(asked, 1);
}

TEST(Context, FromTheEnvironmentTheStoreThePassphraseAndTheGuard) {
  core::MapEnvironment env;
  env.set("KNOCK_CONFIG_DIR", "conf");
  env.set("KNOCK_PASSPHRASE", "from-env");
  env.set("KNOCK_LOOPBACK_ONLY", "1");
  knock::test::VirtualClock clock;
  int asked = 0;
  Context ctx = Context::from_environment(env, std::make_unique<Typed>(&asked), clock);
  EXPECT_EQ(ctx.store().path(), std::filesystem::path("conf") / "profiles.toml");
  EXPECT_EQ(ctx.passphrase().get({})->view(), "from-env");
  EXPECT_EQ(asked, 0) << "a script's passphrase comes first, and no prompt";
  EXPECT_TRUE(ctx.loopback_only());
  EXPECT_EQ(&ctx.clock(), &clock);
}

TEST(Context, WithoutTheVariablesThePromptAndTheRealNetwork) {
  core::MapEnvironment env;
  env.set("KNOCK_CONFIG_DIR", "conf");
  int asked = 0;
  Context ctx = Context::from_environment(env, std::make_unique<Typed>(&asked));
  EXPECT_EQ(ctx.passphrase().get({})->view(), "typed");
  EXPECT_EQ(asked, 1);
  EXPECT_FALSE(ctx.loopback_only());
  EXPECT_EQ(&ctx.clock(), &core::steady_clock()) << "the real clock unless one is given";
  for (const char* off : {"", "0"}) {
    env.set("KNOCK_LOOPBACK_ONLY", off);
    EXPECT_FALSE(Context::from_environment(env, nullptr).loopback_only()) << "'" << off << "'";
  }
  env.set("KNOCK_LOOPBACK_ONLY", "yes");
  EXPECT_TRUE(Context::from_environment(env, nullptr).loopback_only());
  auto none = Context::from_environment(env, nullptr)
                  .passphrase()
                  .get({PassphraseRequest::Purpose::unlock, "profile 'p'"});
  ASSERT_FALSE(none) << "no prompt to be had: an error that says how to give one";
  EXPECT_EQ(none.error().message, "profile 'p' is sealed: a passphrase is needed (set KNOCK_PASSPHRASE)");
}

}  // namespace
}  // namespace knock::actions
