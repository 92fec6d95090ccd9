#pragma once
// One-time-knock secrets in files of their own (`knock otp init FILE`, `--otp FILE`): written once, private
// (0600), never over an existing file; read back only when private, regular and small.
#include <filesystem>

#include "knock/core/error.hpp"
#include "knock/core/secret.hpp"

namespace knock::profiles {

inline constexpr std::size_t kSecretFileLimit = 4096;

// A new random secret in `file`.
core::Status write_secret_file(const std::filesystem::path& file);
// The key in `file` (core::otp::parse_secret checks it).
core::Expected<core::SecretString> read_secret_file(const std::filesystem::path& file);

}  // namespace knock::profiles
