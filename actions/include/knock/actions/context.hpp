#pragma once
// What every use case is given by its front end: the profile store, the passphrase source, the clock and the
// loopback guard. Nothing below the front ends reads the environment or the terminal; this is how it arrives.
#include <memory>

#include "knock/actions/passphrase.hpp"
#include "knock/core/clock.hpp"
#include "knock/core/environment.hpp"
#include "knock/profiles/store.hpp"

namespace knock::actions {

class Context {
 public:
  Context(profiles::Store store, std::unique_ptr<PassphraseSource> passphrase, core::Clock& clock,
          bool loopback_only);
  // The store at default_store_path(env), KNOCK_PASSPHRASE or `interactive`, KNOCK_LOOPBACK_ONLY.
  static Context from_environment(const core::Environment& env, std::unique_ptr<PassphraseSource> interactive,
                                  core::Clock& clock = core::steady_clock());

  profiles::Store& store() { return store_; }
  PassphraseSource& passphrase() { return *passphrase_; }
  core::Clock& clock() { return clock_; }
  bool loopback_only() const { return loopback_only_; }

 private:
  profiles::Store store_;
  std::unique_ptr<PassphraseSource> passphrase_;
  core::Clock& clock_;
  bool loopback_only_;
};

}  // namespace knock::actions
