#pragma once
// A private network namespace with only loopback: nothing can leave, fixed ports never clash, and an
// unprivileged user gets CAP_NET_RAW inside it (for packet capture).
#include <string>

namespace knock::server {

// Enters a new network namespace (through a new user namespace when not root) and brings `lo` up.
// Returns an empty string on success, else why it could not.
std::string enter_private_network();

}  // namespace knock::server
