#pragma once
// Raw IP output for knock-server (it has CAP_NET_RAW anyway, for the capture): answering a SYN with a
// TCP reset from the router's address, as `action=reject reject-with=tcp-reset` does, and handing the
// kernel a copy of a SYN that arrived before the gate opened for its source.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "knock/routeros/firewall.hpp"

namespace knock::server {

class RawSender {
 public:
  RawSender() = default;
  ~RawSender();
  RawSender(const RawSender&) = delete;
  RawSender& operator=(const RawSender&) = delete;
  // `syn` as captured: the reset goes from syn.dst:dst_port back to syn.src:src_port.
  std::optional<std::string> send_reset(const routeros::Packet& syn);
  // A whole IP packet (header included, checksums right), sent as if it had just arrived.
  std::optional<std::string> inject(std::span<const std::uint8_t> ip_packet);

 private:
  int fd4_ = -1, fd6_ = -1;    // TCP, for resets
  int raw4_ = -1, raw6_ = -1;  // header-included, for injection
};

}  // namespace knock::server
