#pragma once
// Secrets at rest: a profile's sequence (payloads included) sealed with a passphrase. Argon2id derives the
// key (its parameters are stored beside the data), XChaCha20-Poly1305 encrypts and authenticates. Keys and
// plaintexts are wiped from memory after use.
#include <string>
#include <string_view>

#include "knock/profiles/profile.hpp"

namespace knock::profiles {

// A string that is wiped (sodium_memzero) when it goes; move-only.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string s) : s_(std::move(s)) {}
  SecretString(SecretString&& o) noexcept : s_(std::move(o.s_)) { o.wipe(); }
  SecretString& operator=(SecretString&& o) noexcept;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString() { wipe(); }
  const std::string& str() const { return s_; }
  std::string_view view() const { return s_; }
  bool empty() const { return s_.empty(); }

 private:
  void wipe() noexcept;
  std::string s_;
};

core::Expected<Sealed> seal(std::string_view plaintext, std::string_view passphrase);
// A wrong passphrase and tampered data look the same (the tag does not verify): Errc::store either way.
core::Expected<SecretString> unseal(const Sealed& sealed, std::string_view passphrase, std::string_view profile);

// KNOCK_PASSPHRASE if set; else asked on the terminal without echo (twice when `confirm`); else an error
// that says how to give it (scripts never get a prompt).
core::Expected<SecretString> read_passphrase(std::string_view prompt, bool confirm);

// Opens every sealed profile of `doc` in place (sequence filled in), asking for the passphrase once.
std::optional<core::Error> unlock(Profile& p);

}  // namespace knock::profiles
