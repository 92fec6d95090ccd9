// Order matters here: winsock2.h before windows.h, and mmsystem.h after it.
#include <winsock2.h>

#include <windows.h>

#include <mmsystem.h>
#include <process.h>

#include <cstdlib>
#include <optional>

#include "knock/core/launch.hpp"
#include "platform.hpp"

namespace knock::core::platform {

std::error_code start_connect(boost::asio::detail::socket_type s, const void* addr, std::size_t len) {
  if (::connect(s, static_cast<const sockaddr*>(addr), static_cast<int>(len)) == 0) return {};
  const int err = ::WSAGetLastError();
  if (err == WSAEWOULDBLOCK || err == WSAEINPROGRESS || err == WSAECONNREFUSED) return {};
  return {err, std::system_category()};
}

void tighten_timer_slack() {
  ::timeBeginPeriod(1);
}

std::string icmp_privilege_hint() {
  return "Windows allows raw sockets only to administrators: run knock from an elevated prompt";
}

unsigned process_id() {
  return static_cast<unsigned>(::GetCurrentProcessId());
}

// _spawnvp's argument vector: each argument quoted as the child's runtime will read it
// (core::windows_argument), the program's own name as it is for the search along PATH.
struct SpawnArgs {
  explicit SpawnArgs(const std::vector<std::string>& argv) {
    for (const auto& a : argv)
      quoted.push_back(windows_argument(a));
    for (const auto& q : quoted)
      pointers.push_back(q.c_str());
    pointers.push_back(nullptr);
  }
  std::vector<std::string> quoted;
  std::vector<const char*> pointers;
};

std::string exec_replace(const std::vector<std::string>& argv) {
  if (argv.empty()) return "no program to run";
  const SpawnArgs args(argv);
  // Windows has no exec that keeps the console session: run the program, then leave with its status.
  const intptr_t status = ::_spawnvp(_P_WAIT, argv[0].c_str(), args.pointers.data());
  if (status == -1) return argv[0] + ": could not be started";
  std::exit(static_cast<int>(status));
}

std::optional<ChildId> spawn_child(const std::vector<std::string>& argv, std::string& error) {
  if (argv.empty()) {
    error = "no program to run";
    return std::nullopt;
  }
  const SpawnArgs args(argv);
  const intptr_t handle = ::_spawnvp(_P_NOWAIT, argv[0].c_str(), args.pointers.data());
  if (handle == -1) {
    error = argv[0] + ": could not be started";
    return std::nullopt;
  }
  // Set after the start: a child would inherit the ignoring of Ctrl-C.
  ::SetConsoleCtrlHandler(nullptr, TRUE);
  return handle;
}

std::optional<int> wait_child(ChildId child, std::chrono::milliseconds timeout) {
  const auto h = reinterpret_cast<HANDLE>(child);
  if (::WaitForSingleObject(h, static_cast<DWORD>(timeout.count())) == WAIT_TIMEOUT) return std::nullopt;
  DWORD code = 127;
  ::GetExitCodeProcess(h, &code);
  return static_cast<int>(code);
}

bool process_running(std::int64_t pid) {
  HANDLE h = ::OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
  if (!h) return false;
  const bool running = ::WaitForSingleObject(h, 0) == WAIT_TIMEOUT;
  ::CloseHandle(h);
  return running;
}

void end_child(ChildId child) {
  ::SetConsoleCtrlHandler(nullptr, FALSE);
  ::CloseHandle(reinterpret_cast<HANDLE>(child));
}

}  // namespace knock::core::platform
