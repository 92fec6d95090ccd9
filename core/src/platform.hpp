#pragma once
// The few calls that differ between POSIX and Windows; each platform has its own platform_*.cpp.
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

}  // namespace knock::core::platform
