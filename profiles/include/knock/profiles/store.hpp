#pragma once
// The profile file: read under a shared lock, changed under an exclusive one (the CLI and the GUI may run at
// the same time), written atomically (temporary file, fsync, rename) with the previous version kept as
// .bak, always 0600, keeping its owner; a symbolic link is written through to its target. A file that does
// not parse is reported with line and column and never overwritten; one that is not a regular file, or larger
// than kStoreLimit, is refused.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>

#include "knock/core/environment.hpp"
#include "knock/profiles/profile.hpp"

namespace knock::profiles {

// $KNOCK_CONFIG_DIR, else the platform's config directory (~/.config/knock on Linux), + profiles.toml.
std::filesystem::path default_store_path(const core::Environment& env);

// The largest profile file knock reads (10 000 profiles take about 1 MiB).
inline constexpr std::size_t kStoreLimit = std::size_t{64} << 20;

class Store {
 public:
  explicit Store(std::filesystem::path file, std::chrono::milliseconds lock_wait = std::chrono::seconds(10));
  const std::filesystem::path& path() const { return file_; }

  // The profiles as they are now (an empty document when there is no file yet).
  core::Expected<Document> load() const;
  // Locks, loads, lets `edit` change the document, validates and writes it; nothing is written when
  // `edit` returns an error, the file does not parse, or the lock cannot be had within lock_wait; nor when
  // the edit changed nothing.
  core::Expected<Document> update(const std::function<core::Status(Document&)>& edit);

 private:
  std::filesystem::path file_;
  std::chrono::milliseconds lock_wait_;
};

}  // namespace knock::profiles
