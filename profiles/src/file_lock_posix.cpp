#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "file_lock.hpp"

namespace knock::profiles {
namespace {

using core::Errc;
using core::make_error;

std::string why() {
  return std::strerror(errno);
}

}  // namespace

core::Status write_new_file(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::store, "cannot write " + path.string() + ": " + why());
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = why();
      ::close(fd);
      ::unlink(path.c_str());
      return make_error(Errc::store, "cannot write " + path.string() + ": " + reason);
    }
    done += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0600);  // whatever the umask made of it
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string reason = why();
    ::unlink(path.c_str());
    return make_error(Errc::store, "cannot write " + path.string() + ": " + reason);
  }
  return {};
}

core::Expected<std::unique_ptr<FileLock>> FileLock::acquire(const std::filesystem::path& file, bool exclusive,
                                                            std::chrono::milliseconds wait) {
  const std::filesystem::path lock_path = with_suffix(file, ".lock");
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 && !exclusive && errno == ENOENT)
    return std::unique_ptr<FileLock>(new FileLock(-1));  // no dir yet
  if (fd < 0) return make_error(Errc::store, "cannot open " + lock_path.string() + ": " + why());
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
      return std::unique_ptr<FileLock>(new FileLock(fd));
    if (errno != EWOULDBLOCK && errno != EINTR) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return make_error(Errc::store, file.string() +
                                         " is locked by another knock (the GUI or another command) "
                                         "and stayed locked; try again");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const std::string reason = why();
  ::close(fd);
  return make_error(Errc::store, "cannot lock " + lock_path.string() + ": " + reason);
}

FileLock::~FileLock() {
  if (handle_ >= 0) ::close(static_cast<int>(handle_));  // closing drops the flock
}

core::Status replace_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) == 0) return {};
  const std::string reason = why();
  ::unlink(from.c_str());
  return make_error(Errc::store, reason);
}

void sync_directory(const std::filesystem::path& dir) {
  const std::string name = dir.empty() ? "." : dir.string();
  if (const int d = ::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
    ::fsync(d);
    ::close(d);
  }
}

std::string process_tag() {
  return std::to_string(::getpid());
}

}  // namespace knock::profiles
