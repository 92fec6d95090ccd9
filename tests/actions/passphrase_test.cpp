// Where the passphrase comes from: the environment for scripts (never a prompt), else the interactive source.
#include "knock/actions/passphrase.hpp"

#include <gtest/gtest.h>

namespace knock::actions {
namespace {

struct Asked final : PassphraseSource {
  core::Expected<core::SecretString> get(const PassphraseRequest&) override {
    return core::SecretString("typed");
  }
};

TEST(Passphrase, TheEnvironmentComesFirstAndNeverPrompts) {
  core::MapEnvironment env;
  env.set("KNOCK_PASSPHRASE", "from-env");
  auto source = passphrase_source(env, std::make_unique<Asked>());
  EXPECT_EQ(source->get({})->view(), "from-env");
  EXPECT_EQ(source->get({PassphraseRequest::Purpose::choose, "x"})->view(), "from-env");
  env.set("KNOCK_NEW_PASSPHRASE", "next");
  auto with_new = passphrase_source(env, std::make_unique<Asked>());
  EXPECT_EQ(with_new->get({PassphraseRequest::Purpose::choose, "x"})->view(), "next");
  EXPECT_EQ(with_new->get({})->view(), "from-env");
}

TEST(Passphrase, AnEmptyVariableSaysSo) {
  core::MapEnvironment env;
  env.set("KNOCK_PASSPHRASE", "");
  auto r = passphrase_source(env, std::make_unique<Asked>())->get({});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "KNOCK_PASSPHRASE is set but empty");
}

TEST(Passphrase, WithoutTheVariableTheInteractiveSourceIsAsked) {
  core::MapEnvironment env;
  EXPECT_EQ(passphrase_source(env, std::make_unique<Asked>())->get({})->view(), "typed");
  auto none = passphrase_source(env, nullptr)->get({PassphraseRequest::Purpose::unlock, "profile 'p'"});
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("set KNOCK_PASSPHRASE"), std::string::npos);
}

}  // namespace
}  // namespace knock::actions
