#include "knock/actions/context.hpp"

namespace knock::actions {

Context::Context(profiles::Store store, std::unique_ptr<PassphraseSource> passphrase, core::Clock& clock,
                 bool loopback_only)
    : store_(std::move(store)),
      passphrase_(std::move(passphrase)),
      clock_(clock),
      loopback_only_(loopback_only) {}

Context Context::from_environment(const core::Environment& env, std::unique_ptr<PassphraseSource> interactive,
                                  core::Clock& clock) {
  return Context(profiles::Store(profiles::default_store_path(env)),
                 passphrase_source(env, std::move(interactive)), clock, core::loopback_only(env));
}

}  // namespace knock::actions
