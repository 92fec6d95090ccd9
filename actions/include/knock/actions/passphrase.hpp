#pragma once
// Where a sealed profile's passphrase comes from. The terminal (cli), the environment (here) and a dialog
// (gui) are three implementations of one interface; the use cases only ever ask it.
#include <memory>
#include <optional>
#include <string>

#include "knock/core/environment.hpp"
#include "knock/core/error.hpp"
#include "knock/core/secret.hpp"

namespace knock::actions {

struct PassphraseRequest {
  enum class Purpose {
    unlock,  // the passphrase a profile was sealed with
    choose,  // a new one, to seal with (asked twice where someone types it)
  } purpose = Purpose::unlock;
  std::string subject;  // "profile 'office'", "the sealed profiles"
};

class PassphraseSource {
 public:
  virtual ~PassphraseSource() = default;
  // An empty passphrase is an error; so is none to be had (no terminal, a dialog cancelled).
  virtual core::Expected<core::SecretString> get(const PassphraseRequest& request) = 0;
};

// KNOCK_PASSPHRASE, and KNOCK_NEW_PASSPHRASE for a new one (else KNOCK_PASSPHRASE again), for scripts.
class EnvironmentPassphrase final : public PassphraseSource {
 public:
  EnvironmentPassphrase(core::SecretString current, std::optional<core::SecretString> next);
  core::Expected<core::SecretString> get(const PassphraseRequest& request) override;

 private:
  core::SecretString current_;
  std::optional<core::SecretString> next_;
};

// The environment's passphrase when KNOCK_PASSPHRASE is set (scripts never get a prompt); else `interactive`.
std::unique_ptr<PassphraseSource> passphrase_source(const core::Environment& env,
                                                    std::unique_ptr<PassphraseSource> interactive);

// For front ends without a way to ask: says how to give one.
class NoPassphrase final : public PassphraseSource {
 public:
  core::Expected<core::SecretString> get(const PassphraseRequest& request) override;
};

}  // namespace knock::actions
