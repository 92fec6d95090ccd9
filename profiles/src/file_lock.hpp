#pragma once
// Platform parts of the store: the inter-process lock and the file primitives. One file per platform.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "knock/core/error.hpp"
#include "knock/core/secret.hpp"

namespace knock::profiles {

// FILE.lock, FILE.bak, ...: the name with a suffix, in the platform's own characters.
inline std::filesystem::path with_suffix(const std::filesystem::path& file, const std::string& suffix) {
  return std::filesystem::path(file.native() + std::filesystem::path(suffix).native());
}

// A lock on FILE.lock, shared (readers) or exclusive (writers), held until destroyed.
class FileLock {
 public:
  static core::Expected<std::unique_ptr<FileLock>> acquire(const std::filesystem::path& file, bool exclusive,
                                                           std::chrono::milliseconds wait);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(std::intptr_t handle) : handle_(handle) {}
  std::intptr_t handle_;  // a file descriptor (POSIX) or a HANDLE (Windows); -1 for none
};

// The file primitives the store's atomic save (store.cpp) is made of.
// Writes `text` to a new file that only its owner may read (0600; on Windows the private ACL %APPDATA%
// passes on) and flushes it to the disk.
// Who owns an existing file (POSIX uid and gid; nothing on Windows, where the ACL of the folder rules).
struct FileOwner {
  unsigned uid = 0, gid = 0;
};
std::optional<FileOwner> owner_of(const std::filesystem::path& path);
// `owner`: the new file gets that owner (root editing another user's store must not take it from them).
core::Status write_new_file(const std::filesystem::path& path, std::string_view text,
                            std::optional<FileOwner> owner = std::nullopt);
// The same, but never over an existing file (an error with Errc::bad_input names it).
core::Status write_exclusive_file(const std::filesystem::path& path, std::string_view text);
// A file that holds a secret: a regular file of at most `limit` bytes that only its owner may read
// (POSIX modes; on Windows the private ACL of %APPDATA% is relied on). Errors name the file and the fix.
core::Expected<core::SecretString> read_private_file(const std::filesystem::path& path, std::size_t limit);

// Renames `from` over `to` in one step; on failure removes `from` and says why.
core::Status replace_file(const std::filesystem::path& from, const std::filesystem::path& to);
// Makes the last rename in `dir` survive a crash (Windows: MoveFileEx's write-through already did).
void sync_directory(const std::filesystem::path& dir);
// Names this process's temporary files apart from other writers'.
std::string process_tag();

}  // namespace knock::profiles
