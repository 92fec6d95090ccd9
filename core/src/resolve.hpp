#pragma once
// Host name resolution off the I/O thread, so that a slow resolver never blocks cancellation.
#include <string>
#include <vector>

#include "knock/core/asio.hpp"
#include "knock/core/error.hpp"

namespace knock::core::detail {

// getaddrinfo in the calling thread: every address, in the resolver's order of preference, without repeats.
Expected<std::vector<IpAddress>> resolve_blocking(const std::string& host);

}  // namespace knock::core::detail
