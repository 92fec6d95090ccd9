#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

extern char** environ;

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

namespace {
struct sigaction saved_int, saved_quit;
}  // namespace

std::optional<ChildId> spawn_child(const std::vector<std::string>& argv, std::string& error) {
  if (argv.empty()) {
    error = "no program to run";
    return std::nullopt;
  }
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The child gets the default interrupt whatever this process does with it.
  posix_spawnattr_t attr;
  ::posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGQUIT);
  ::posix_spawnattr_setsigdefault(&attr, &defaults);
  ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int failed = ::posix_spawnp(&pid, args[0], nullptr, &attr, args.data(), environ);
  ::posix_spawnattr_destroy(&attr);
  if (failed) {
    error = argv[0] + ": " + std::strerror(failed);
    return std::nullopt;
  }
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGINT, &ignore, &saved_int);
  ::sigaction(SIGQUIT, &ignore, &saved_quit);
  return pid;
}

std::optional<int> wait_child(ChildId child, std::chrono::milliseconds timeout) {
  const auto pid = static_cast<pid_t>(child);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
#if defined(__linux__)
  // A pidfd becomes readable when the child ends: no polling, no SIGCHLD handler.
  const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  const int fd = -1;
#endif
  std::optional<int> status;
  for (;;) {
    int st = 0;
    const pid_t r = ::waitpid(pid, &st, WNOHANG);
    if (r == pid) {
      status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    if (r < 0 && errno != EINTR) {
      status = 127;  // not our child any more: nothing to wait for
      break;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (fd >= 0) {
      pollfd p{fd, POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
    } else {
      ::usleep(static_cast<useconds_t>(std::min<long long>(left.count(), 50) * 1000));
    }
  }
  if (fd >= 0) ::close(fd);
  return status;
}

bool process_running(std::int64_t pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

void end_child(ChildId) {
  ::sigaction(SIGINT, &saved_int, nullptr);
  ::sigaction(SIGQUIT, &saved_quit, nullptr);
}

}  // namespace knock::core::platform
