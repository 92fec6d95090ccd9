#pragma once
// Platform parts of the store: the inter-process lock and the atomic replace. One file per platform.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "knock/core/error.hpp"

namespace knock::profiles {

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

// Writes `text` to a 0600 temporary file beside `file`, fsyncs it, keeps `previous` (if any) as FILE.bak,
// renames the temporary file over FILE and fsyncs the directory. Readers see the old or the new file, whole.
std::optional<core::Error> write_atomically(const std::filesystem::path& file, const std::string& text,
                                            const std::optional<std::string>& previous);

}  // namespace knock::profiles
