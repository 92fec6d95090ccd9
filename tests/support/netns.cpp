#include "netns.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace knock::test {
namespace {

bool g_private = false;

bool write_file(const char* path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  return static_cast<bool>(f.flush());
}

std::string bring_lo_up() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
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

std::string enter_private_network() {
  if (g_private) return "";
  if (::unshare(CLONE_NEWNET) != 0) {
    const uid_t uid = ::geteuid();
    const gid_t gid = ::getegid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
      return std::string("cannot create a network namespace (unshare: ") + std::strerror(errno) + ")";
    }
    write_file("/proc/self/setgroups", "deny");
    write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
    write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
  }
  if (auto err = bring_lo_up(); !err.empty()) return err;
  g_private = true;
  return "";
}

bool in_private_network() { return g_private; }

int shell(const std::string& command, std::string* out) {
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return -1;
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) text += buf;
  const int status = ::pclose(p);
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string count_syns(unsigned short port, bool drop) {
  if (!g_private) return "not in a private network namespace";
  std::string out;
  if (shell("nft list table inet knocktest >/dev/null 2>&1 || (nft add table inet knocktest && nft add chain "
            "inet knocktest in '{ type filter hook input priority 0; }')",
            &out) != 0) {
    return "nft is not usable here: " + out;
  }
  const std::string p = std::to_string(port);
  if (shell("nft add rule inet knocktest in tcp dport " + p + " 'tcp flags & (syn|ack) == syn' counter" +
                (drop ? " drop" : " accept") + " comment syn" + p,
            &out) != 0) {
    return "nft rule failed: " + out;
  }
  return "";
}

long syn_count(unsigned short port) {
  std::string out;
  if (shell("nft list chain inet knocktest in", &out) != 0) return -1;
  const std::regex re("counter packets ([0-9]+) bytes [0-9]+ (drop|accept) comment \"syn" + std::to_string(port) + "\"");
  std::smatch m;
  if (!std::regex_search(out, m, re)) return -1;
  return std::stol(m[1]);
}

}  // namespace knock::test
