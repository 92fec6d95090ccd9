// Order matters here: winsock2.h before windows.h, and mmsystem.h after it.
#include <winsock2.h>

#include <windows.h>

#include <mmsystem.h>
#include <process.h>

#include <cstdlib>

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

std::string exec_replace(const std::vector<std::string>& argv) {
  if (argv.empty()) return "no program to run";
  std::vector<const char*> args;
  for (const auto& a : argv)
    args.push_back(a.c_str());
  args.push_back(nullptr);
  // Windows has no exec that keeps the console session: run the program, then leave with its status.
  const intptr_t status = ::_spawnvp(_P_WAIT, args[0], args.data());
  if (status == -1) return argv[0] + ": could not be started";
  std::exit(static_cast<int>(status));
}

}  // namespace knock::core::platform
