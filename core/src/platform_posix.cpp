#include <cerrno>
#include <cstring>

#include <sys/socket.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "platform.hpp"

namespace knock::core::platform {

std::error_code start_connect(boost::asio::detail::socket_type s, const void* addr, std::size_t len) {
  if (::connect(s, static_cast<const sockaddr*>(addr), static_cast<socklen_t>(len)) == 0) return {};
  // EINPROGRESS: the SYN has been sent. ECONNREFUSED: it was sent and answered with a reset at once.
  if (errno == EINPROGRESS || errno == ECONNREFUSED || errno == EINTR) return {};
  return {errno, std::system_category()};
}

void tighten_timer_slack() {
#if defined(__linux__)
  ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);  // default slack is 50 us per wake-up
#endif
}

std::string icmp_privilege_hint() {
#if defined(__linux__)
  return "allow ping sockets with `sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"`, or run knock as "
         "root, "
         "or grant it CAP_NET_RAW with `setcap cap_net_raw+ep $(command -v knock)`";
#else
  return "run knock as root (sudo)";
#endif
}

unsigned process_id() {
  return static_cast<unsigned>(::getpid());
}

std::string exec_replace(const std::vector<std::string>& argv) {
  if (argv.empty()) return "no program to run";
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  return argv[0] + ": " + std::strerror(errno);
}

}  // namespace knock::core::platform
