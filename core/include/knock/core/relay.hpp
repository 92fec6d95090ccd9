#pragma once
// `knock proxy`'s second half: one TCP connection to the door that the knock opened, joined to two file
// descriptors (ssh's ProxyCommand gives its own ends of a pipe as stdin and stdout).
#include <cstdint>
#include <optional>

#include "knock/core/asio.hpp"
#include "knock/core/error.hpp"
#include "knock/core/values.hpp"

namespace knock::core {

// Connects to address:port within `timeout` (TCP repeats its SYN meanwhile), then copies in_fd to the
// connection and the connection to out_fd until the server closes it. EOF on in_fd half-closes the
// connection: the server still answers what it was sent. Returns when the server has closed.
// Errors: not_verified when the connection is refused or not answered in time; network when it breaks.
// With `source`, the connection comes from there, as the knock did (the router let that address in).
Status relay(const IpAddress& address, std::uint16_t port, const std::optional<IpAddress>& source,
             Duration timeout, int in_fd, int out_fd);

}  // namespace knock::core
