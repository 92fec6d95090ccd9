// The store's lock and atomic replace on Windows: LockFileEx on FILE.lock, and MoveFileExW with
// MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH, which replaces the file in one step on NTFS.
// Files under %APPDATA% inherit the user's private ACL, the counterpart of POSIX mode 0600.
#include <windows.h>

#include <thread>

#include "file_lock.hpp"

namespace knock::profiles {
namespace {

using core::Errc;
using core::make_error;

std::string why(DWORD error = ::GetLastError()) {
  char* text = nullptr;
  const DWORD n = ::FormatMessageA(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
      error, 0, reinterpret_cast<char*>(&text), 0, nullptr);
  std::string out = n ? std::string(text, n) : "error " + std::to_string(error);
  if (text) ::LocalFree(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == '.'))
    out.pop_back();
  return out;
}

}  // namespace

namespace {

core::Status write_with(const std::filesystem::path& path, std::string_view text, DWORD disposition) {
  const HANDLE h =
      ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, disposition, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    if (::GetLastError() == ERROR_FILE_EXISTS)
      return make_error(Errc::bad_input, path.string() + " exists already");
    return make_error(Errc::store, "cannot write " + path.string() + ": " + why());
  }
  std::size_t done = 0;
  bool ok = true;
  while (ok && done < text.size()) {
    DWORD n = 0;
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(text.size() - done, 1u << 20));
    ok = ::WriteFile(h, text.data() + done, chunk, &n, nullptr) != 0;
    done += n;
  }
  ok = ok && ::FlushFileBuffers(h) != 0;
  const std::string reason = ok ? "" : why();
  ::CloseHandle(h);
  if (!ok) {
    ::DeleteFileW(path.c_str());
    return make_error(Errc::store, "cannot write " + path.string() + ": " + reason);
  }
  return {};
}

}  // namespace

std::optional<FileOwner> owner_of(const std::filesystem::path&) {
  return std::nullopt;
}

core::Status write_new_file(const std::filesystem::path& path, std::string_view text,
                            std::optional<FileOwner>) {
  return write_with(path, text, CREATE_ALWAYS);
}

core::Status write_exclusive_file(const std::filesystem::path& path, std::string_view text) {
  return write_with(path, text, CREATE_NEW);
}

core::Expected<core::SecretString> read_private_file(const std::filesystem::path& path, std::size_t limit) {
  const std::string name = path.string();
  const HANDLE h = ::CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                                 FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return make_error(Errc::bad_input, "cannot read " + name + ": " + why());
  LARGE_INTEGER size{};
  const auto refuse = [&](const std::string& what) {
    ::CloseHandle(h);
    return make_error(Errc::bad_input, name + ": " + what);
  };
  if (::GetFileType(h) != FILE_TYPE_DISK || !::GetFileSizeEx(h, &size)) return refuse("not a regular file");
  if (static_cast<unsigned long long>(size.QuadPart) > limit)
    return refuse("larger than " + std::to_string(limit) + " bytes");
  core::SecretString text;
  text.resize(static_cast<std::size_t>(size.QuadPart));
  DWORD n = 0;
  const bool ok =
      text.size() == 0 || ::ReadFile(h, text.data(), static_cast<DWORD>(text.size()), &n, nullptr);
  ::CloseHandle(h);
  if (!ok) return make_error(Errc::bad_input, "cannot read " + name + ": " + why());
  text.resize(n);
  return text;
}

core::Expected<std::unique_ptr<FileLock>> FileLock::acquire(const std::filesystem::path& file, bool exclusive,
                                                            std::chrono::milliseconds wait) {
  const std::filesystem::path lock_path = with_suffix(file, ".lock");
  const HANDLE h = ::CreateFileW(lock_path.c_str(), GENERIC_READ | GENERIC_WRITE,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                                 FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const DWORD error = ::GetLastError();
    // Readers need no lock to be safe (writers replace the file in one step): without a directory, or in one
    // they may not write to, they read without one.
    if (!exclusive) return std::unique_ptr<FileLock>(new FileLock(-1));
    return make_error(Errc::store, "cannot open " + lock_path.string() + ": " + why(error));
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    OVERLAPPED whole{};
    const DWORD flags = (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0) | LOCKFILE_FAIL_IMMEDIATELY;
    if (::LockFileEx(h, flags, 0, MAXDWORD, MAXDWORD, &whole)) {
      return std::unique_ptr<FileLock>(new FileLock(reinterpret_cast<std::intptr_t>(h)));
    }
    const DWORD error = ::GetLastError();
    if (error != ERROR_LOCK_VIOLATION && error != ERROR_IO_PENDING) {
      ::CloseHandle(h);
      return make_error(Errc::store, "cannot lock " + lock_path.string() + ": " + why(error));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::CloseHandle(h);
      return make_error(Errc::store, file.string() +
                                         " is locked by another knock (the GUI or another command) "
                                         "and stayed locked; try again");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

FileLock::~FileLock() {
  if (handle_ != -1) ::CloseHandle(reinterpret_cast<HANDLE>(handle_));  // closing releases the lock
}

core::Status replace_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    return {};
  }
  const std::string reason = why();
  ::DeleteFileW(from.c_str());
  return make_error(Errc::store, reason);
}

void sync_directory(const std::filesystem::path&) {}

std::string process_tag() {
  return std::to_string(::GetCurrentProcessId());
}

}  // namespace knock::profiles
