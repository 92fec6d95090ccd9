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

core::Status write_to(int fd, const std::filesystem::path& path, std::string_view text,
                      std::optional<FileOwner> owner = std::nullopt) {
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
  if (owner && ::geteuid() == 0 && (owner->uid != 0 || owner->gid != 0)) {
    (void)!::fchown(fd, static_cast<uid_t>(owner->uid), static_cast<gid_t>(owner->gid));
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string reason = why();
    ::unlink(path.c_str());
    return make_error(Errc::store, "cannot write " + path.string() + ": " + reason);
  }
  return {};
}

}  // namespace

std::optional<FileOwner> owner_of(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileOwner{static_cast<unsigned>(st.st_uid), static_cast<unsigned>(st.st_gid)};
}

core::Status write_new_file(const std::filesystem::path& path, std::string_view text,
                            std::optional<FileOwner> owner) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::store, "cannot write " + path.string() + ": " + why());
  return write_to(fd, path, text, owner);
}

core::Status write_exclusive_file(const std::filesystem::path& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) return make_error(Errc::bad_input, path.string() + " exists already");
  if (fd < 0) return make_error(Errc::bad_input, "cannot write " + path.string() + ": " + why());
  return write_to(fd, path, text);
}

core::Expected<core::SecretString> read_private_file(const std::filesystem::path& path, std::size_t limit) {
  const std::string name = path.string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO must not hang us
  if (fd < 0) return make_error(Errc::bad_input, "cannot read " + name + ": " + why());
  struct stat st {};
  const auto refuse = [&](const std::string& what) {
    ::close(fd);
    return make_error(Errc::bad_input, name + ": " + what);
  };
  if (::fstat(fd, &st) != 0) return refuse(why());
  if (!S_ISREG(st.st_mode)) return refuse("not a regular file");
  if ((st.st_mode & 077) != 0)
    return refuse("others may read it; a secret must be private (chmod 600 " + name + ")");
  if (static_cast<std::size_t>(st.st_size) > limit)
    return refuse("larger than " + std::to_string(limit) + " bytes");
  core::SecretString text;
  text.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  ::close(fd);
  return text;
}

core::Expected<std::unique_ptr<FileLock>> FileLock::acquire(const std::filesystem::path& file, bool exclusive,
                                                            std::chrono::milliseconds wait) {
  const std::filesystem::path lock_path = with_suffix(file, ".lock");
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  // Readers need no lock to be safe (writers replace the file in one rename): in a directory they may not
  // write to, or with no directory yet, they read without one.
  if (fd < 0 && !exclusive) fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && !exclusive) return std::unique_ptr<FileLock>(new FileLock(-1));
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
