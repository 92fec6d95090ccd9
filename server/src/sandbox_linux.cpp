#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "knock/server/sandbox.hpp"

namespace knock::server {
namespace {

void write_file(const char* path, const std::string& text) {
  std::ofstream f(path);
  f << text;
}

std::string bring_lo_up() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::string("socket: ") + std::strerror(errno);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  int rc = ::ioctl(fd, SIOCGIFFLAGS, &ifr);
  if (rc == 0) {
    ifr.ifr_flags |= IFF_UP;
    rc = ::ioctl(fd, SIOCSIFFLAGS, &ifr);
  }
  const int err = errno;
  ::close(fd);
  return rc == 0 ? "" : std::string("bringing lo up: ") + std::strerror(err);
}

}  // namespace

core::Status enter_private_network() {
  if (::unshare(CLONE_NEWNET) != 0) {
    const uid_t uid = ::geteuid();
    const gid_t gid = ::getegid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
      return core::make_error(
          core::Errc::network,
          std::string("cannot create a private network namespace (unshare: ") + std::strerror(errno) +
              "); user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1)");
    }
    write_file("/proc/self/setgroups", "deny");
    write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
    write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
  }
  if (auto why = bring_lo_up(); !why.empty()) return core::make_error(core::Errc::network, why);
  return {};
}

}  // namespace knock::server
