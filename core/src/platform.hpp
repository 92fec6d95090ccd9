#pragma once
// The few calls that differ between POSIX and Windows; each platform has its own platform_*.cpp.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <boost/asio/detail/socket_types.hpp>

namespace knock::core::platform {

// Start a TCP connect on a non-blocking socket without waiting: returns {} once the SYN is on its way.
std::error_code start_connect(boost::asio::detail::socket_type s, const void* addr, std::size_t len);
// Ask the OS for sub-millisecond timer precision, so knocks leave on their deadlines.
void tighten_timer_slack();
// What to do when neither a ping socket nor a raw socket may be opened, in the platform's own terms.
std::string icmp_privilege_hint();
// The identifier for ICMP echo requests.
unsigned process_id();
// Replace this process with argv (POSIX exec) or run it and exit with its status (Windows).
// Returns only on failure, with the reason.
std::string exec_replace(const std::vector<std::string>& argv);

// A child process: its pid on POSIX, its process handle on Windows.
using ChildId = std::intptr_t;
// Starts argv beside this process, sharing its terminal; while it runs, this process ignores the terminal's
// interrupt (Ctrl-C reaches the child, as with system()) until end_child. The error says why it cannot start.
std::optional<ChildId> spawn_child(const std::vector<std::string>& argv, std::string& error);
// Waits up to `timeout` for the child to end: its exit status (128 + N after signal N), or nullopt.
std::optional<int> wait_child(ChildId child, std::chrono::milliseconds timeout);
// Whether any process `pid` runs (not only this process's children).
bool process_running(std::int64_t pid);
// The child has ended (or is left to run on): this process takes its interrupt back.
void end_child(ChildId child);

}  // namespace knock::core::platform
