#pragma once
// Secrets at rest: a profile's sequence (payloads included) sealed with a passphrase. Argon2id derives the
// key (its parameters are stored beside the data), XChaCha20-Poly1305 encrypts and authenticates. Keys and
// plaintexts live in wiped memory (core::SecretString).
#include <string_view>

#include "knock/core/secret.hpp"
#include "knock/profiles/profile.hpp"

namespace knock::profiles {

core::Expected<Sealed> seal(std::string_view plaintext, std::string_view passphrase);
// A wrong passphrase and tampered data look the same (the tag does not verify): Errc::store either way.
core::Expected<core::SecretString> unseal(const Sealed& sealed, std::string_view passphrase,
                                          std::string_view profile);

}  // namespace knock::profiles
