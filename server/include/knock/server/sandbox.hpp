#pragma once
// A private network namespace with only loopback: nothing can leave, fixed ports never clash, and an
// unprivileged user gets CAP_NET_RAW inside it (for packet capture).
#include "knock/core/error.hpp"

namespace knock::server {

// Enters a new network namespace (through a new user namespace when not root) and brings `lo` up; the
// error says why it could not.
core::Status enter_private_network();

}  // namespace knock::server
