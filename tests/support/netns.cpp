#include "netns.hpp"

#include "knock/server/sandbox.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>

namespace knock::test {
namespace {

bool g_private = false;

}  // namespace

bool running_under_wine() {
  return false;
}

std::string enter_private_network() {
  if (g_private) return "";
  auto entered = server::enter_private_network();
  g_private = entered.has_value();
  return entered ? "" : entered.error().message;
}

int shell(const std::string& command, std::string* out) {
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return -1;
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p))
    text += buf;
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
  const std::regex re("counter packets ([0-9]+) bytes [0-9]+ (drop|accept) comment \"syn" +
                      std::to_string(port) + "\"");
  std::smatch m;
  if (!std::regex_search(out, m, re)) return -1;
  return std::stol(m[1]);
}

std::string dual_stack_name(const std::string& name) {
  if (!g_private) return "not in a private network namespace";
  if (::unshare(CLONE_NEWNS) != 0) return std::string("no mount namespace: ") + std::strerror(errno);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return std::string("cannot make / private: ") + std::strerror(errno);
  std::stringstream hosts;
  hosts << std::ifstream("/etc/hosts").rdbuf();
  const std::string copy = std::string(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") +
                           "/hosts." + std::to_string(::getpid());
  std::ofstream(copy) << hosts.str() << "\n127.0.0.1 " << name << "\n::1 " << name << "\n";
  if (::mount(copy.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) != 0)
    return std::string("cannot bind a copy over /etc/hosts: ") + std::strerror(errno);
  return "";
}

}  // namespace knock::test
