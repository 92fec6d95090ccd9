#pragma once
// Captured frames to the packets the firewall evaluates: TCP SYNs (no ACK), UDP datagrams with their
// payload, ICMP and ICMPv6 echo requests with their size; IPv4 and IPv6. Everything else is not a knock.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "knock/routeros/firewall.hpp"

namespace knock::server {

enum class LinkType {
  ethernet,   // DLT_EN10MB: Linux loopback
  null,       // DLT_NULL: BSD and macOS loopback (4-byte host-order family)
  raw,        // DLT_RAW: an IP packet with no link header
  linux_sll,  // DLT_LINUX_SLL: the "any" device
};

// Bounds-checked: truncated or malformed frames give nullopt, never a read past the end.
std::optional<routeros::Packet> decode_frame(std::span<const std::uint8_t> frame, LinkType link);

// Fills in the TCP checksum of a captured TCP frame. Loopback leaves it to "hardware" that never computes
// it, so a captured SYN must get one before it can be injected back. False if the frame is not TCP.
bool fix_tcp_checksum(std::span<std::uint8_t> frame, LinkType link);
// Where the IP packet starts in a frame of this link type.
std::size_t ip_offset(std::span<const std::uint8_t> frame, LinkType link);

}  // namespace knock::server
