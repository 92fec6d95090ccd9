#pragma once
// Puts single knock packets on the wire. Private to core.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/basic_datagram_socket.hpp>
#include <boost/asio/generic/basic_endpoint.hpp>
#include <boost/asio/ip/udp.hpp>

#include "knock/core/asio.hpp"
#include "knock/core/error.hpp"

namespace knock::core::detail {

// A protocol for ICMP echo sockets: SOCK_DGRAM (Linux/macOS ping sockets) or SOCK_RAW (privileged).
class IcmpProtocol {
 public:
  using endpoint = asio::generic::basic_endpoint<IcmpProtocol>;
  IcmpProtocol(int family, int protocol, int type = 0) : family_(family), protocol_(protocol), type_(type) {}
  int family() const { return family_; }
  int protocol() const { return protocol_; }
  int type() const { return type_; }

 private:
  int family_, protocol_, type_;
};

// An echo request whose IP packet will be `total_size` bytes: 8 bytes of ICMP header, the rest pattern.
std::vector<std::uint8_t> build_echo_request(bool v6, std::uint16_t total_size, std::uint16_t id,
                                             std::uint16_t seq);
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes);

// Owns the sockets reused across the knocks of one run (UDP and ICMP per family); TCP gets a new one each.
class Sender {
 public:
  Sender(asio::any_io_executor ex, std::optional<IpAddress> source);
  // One SYN: start a non-blocking connect and close at once, whatever the answer.
  std::optional<std::string> tcp_syn(const IpAddress& to, std::uint16_t port);
  std::optional<std::string> udp(const IpAddress& to, std::uint16_t port,
                                 std::span<const std::uint8_t> payload);
  // Errors that no retry can fix (no ping or raw socket allowed) come back as Errc::network with the fix.
  std::optional<std::string> icmp(const IpAddress& to, std::uint16_t total_size, std::uint16_t seq);

 private:
  using IcmpSocket = asio::basic_datagram_socket<IcmpProtocol>;
  std::optional<std::string> open_icmp(bool v6);

  asio::any_io_executor ex_;
  std::optional<IpAddress> source_;
  std::optional<asio::ip::udp::socket> udp_[2];
  std::optional<IcmpSocket> icmp_[2];
};

}  // namespace knock::core::detail
