#pragma once
// A context for the use cases' tests: a store in a directory of the test's own, a passphrase source that
// answers as the test says (and counts how often it was asked), the loopback guard on.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "knock/actions/context.hpp"
#include "knock/profiles/profile.hpp"

namespace knock::actions::test {

class ScriptedPassphrase final : public PassphraseSource {
 public:
  std::string unlock = "right", choose = "new";
  int asked = 0;
  core::Expected<core::SecretString> get(const PassphraseRequest& r) override {
    ++asked;
    return core::SecretString(r.purpose == PassphraseRequest::Purpose::choose ? choose : unlock);
  }
};

inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("knock-actions-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

struct Fixture {
  explicit Fixture(const std::string& name)
      : passphrase(new ScriptedPassphrase),
        ctx(profiles::Store(fresh_dir(name) / "profiles.toml"), std::unique_ptr<PassphraseSource>(passphrase),
            core::steady_clock(), true) {}
  ScriptedPassphrase* passphrase;  // owned by ctx
  Context ctx;
};

inline profiles::Profile profile(const std::string& name, const std::string& sequence) {
  profiles::Profile p;
  p.name = name;
  p.host = "127.0.0.1";
  p.sequence = sequence;
  return p;
}

}  // namespace knock::actions::test
