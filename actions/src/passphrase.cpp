#include "knock/actions/passphrase.hpp"

namespace knock::actions {

using core::Errc;
using core::make_error;

EnvironmentPassphrase::EnvironmentPassphrase(core::SecretString current,
                                             std::optional<core::SecretString> next)
    : current_(std::move(current)), next_(std::move(next)) {}

core::Expected<core::SecretString> EnvironmentPassphrase::get(const PassphraseRequest& request) {
  if (request.purpose == PassphraseRequest::Purpose::choose && next_) {
    if (next_->empty()) return make_error(Errc::store, "KNOCK_NEW_PASSPHRASE is set but empty");
    return *next_;
  }
  if (current_.empty()) return make_error(Errc::store, "KNOCK_PASSPHRASE is set but empty");
  return current_;
}

std::unique_ptr<PassphraseSource> passphrase_source(const core::Environment& env,
                                                    std::unique_ptr<PassphraseSource> interactive) {
  auto current = env.get("KNOCK_PASSPHRASE");
  if (!current) return interactive ? std::move(interactive) : std::make_unique<NoPassphrase>();
  std::optional<core::SecretString> next;
  if (auto n = env.get("KNOCK_NEW_PASSPHRASE")) next = core::SecretString(*n);
  auto source = std::make_unique<EnvironmentPassphrase>(core::SecretString(*current), std::move(next));
  core::secure_wipe(current->data(), current->size());
  return source;
}

core::Expected<core::SecretString> NoPassphrase::get(const PassphraseRequest& request) {
  return make_error(Errc::store,
                    request.subject + " is sealed: a passphrase is needed (set KNOCK_PASSPHRASE)");
}

}  // namespace knock::actions
