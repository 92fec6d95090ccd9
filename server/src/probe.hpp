#pragma once
// How knock-server knows that its capture is live before it says `ready`: it sends itself a UDP datagram with
// a random token, over loopback to the router's address, until the capture has seen one. A client that waits
// for `ready` (a --sandbox command, a test, a CI smoke test) then never races the capture: right after
// pcap_activate, a knock sent at once was missed in 1 of 100 runs on a busy machine.
#include <optional>
#include <string>

#include "knock/routeros/firewall.hpp"

namespace knock::server {

class CaptureProbe {
 public:
  CaptureProbe();
  ~CaptureProbe();
  CaptureProbe(const CaptureProbe&) = delete;
  CaptureProbe& operator=(const CaptureProbe&) = delete;

  // One probe to `to`, UDP port 9 (discard): nothing answers it.
  std::optional<std::string> send(const IpAddress& to);
  // A probe is no knock: the firewall never sees it.
  bool matches(const routeros::Packet& p) const { return p.protocol == 17 && p.payload == token_; }

 private:
  std::string token_;
  int fd4_ = -1, fd6_ = -1;
};

}  // namespace knock::server
