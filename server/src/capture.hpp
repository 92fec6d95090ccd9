#pragma once
// The capture knock-server watches: libpcap on an interface, filtered to what can be a knock, non-blocking.
#include <pcap/pcap.h>

#include <string>

#include "knock/core/error.hpp"
#include "knock/server/decode.hpp"

namespace knock::server {

struct Capture {
  pcap_t* pcap = nullptr;  // the caller closes it
  LinkType link = LinkType::ethernet;
  int fd = -1;  // to wait on; pcap_close closes it
};

// Errors say what to do (CAP_NET_RAW, --sandbox); the capture is closed again on failure.
core::Expected<Capture> open_capture(const std::string& interface);

}  // namespace knock::server
