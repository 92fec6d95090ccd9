#include "sender.hpp"

#include <boost/asio/ip/tcp.hpp>

#include "platform.hpp"

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netinet/in.h>
#endif

namespace knock::core::detail {

namespace ip = boost::asio::ip;

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
    sum += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.size() % 2) sum += bytes.back() << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::vector<std::uint8_t> build_echo_request(bool v6, std::uint16_t total_size, std::uint16_t id,
                                             std::uint16_t seq) {
  const std::size_t ip_header = v6 ? 40 : 20;
  std::vector<std::uint8_t> packet(total_size - ip_header, 0);
  packet[0] = v6 ? 128 : 8;  // echo request
  packet[1] = 0;
  packet[4] = static_cast<std::uint8_t>(id >> 8);
  packet[5] = static_cast<std::uint8_t>(id);
  packet[6] = static_cast<std::uint8_t>(seq >> 8);
  packet[7] = static_cast<std::uint8_t>(seq);
  for (std::size_t i = 8; i < packet.size(); ++i)
    packet[i] = static_cast<std::uint8_t>(i);  // as ping does
  if (!v6) {  // the kernel computes ICMPv6 checksums itself (they cover a pseudo-header)
    const std::uint16_t sum = internet_checksum(packet);
    packet[2] = static_cast<std::uint8_t>(sum >> 8);
    packet[3] = static_cast<std::uint8_t>(sum);
  }
  return packet;
}

Sender::Sender(asio::any_io_executor ex, std::optional<IpAddress> source)
    : ex_(std::move(ex)), source_(std::move(source)) {}

std::optional<std::string> Sender::tcp_syn(const IpAddress& to, std::uint16_t port) {
  const ip::tcp::endpoint ep(to, port);
  ip::tcp::socket s(ex_);
  boost::system::error_code ec;
  s.open(ep.protocol(), ec);
  if (!ec && source_) s.bind(ip::tcp::endpoint(*source_, 0), ec);
  if (!ec) s.non_blocking(true, ec);
  if (ec) return ec.message();
  if (auto err = platform::start_connect(s.native_handle(), ep.data(), ep.size())) return err.message();
  // Closing a socket in SYN-SENT sends nothing more: the knock stays exactly one SYN, with no retransmission.
  s.close(ec);
  return std::nullopt;
}

std::optional<std::string> Sender::udp(const IpAddress& to, std::uint16_t port,
                                       std::span<const std::uint8_t> payload) {
  const ip::udp::endpoint ep(to, port);
  auto& socket = udp_[to.is_v6()];
  boost::system::error_code ec;
  if (!socket) {
    socket.emplace(ex_);
    socket->open(ep.protocol(), ec);
    if (!ec && source_) socket->bind(ip::udp::endpoint(*source_, 0), ec);
    if (ec) {
      socket.reset();
      return ec.message();
    }
  }
  socket->send_to(asio::buffer(payload.data(), payload.size()), ep, 0, ec);
  if (ec) return ec.message();
  return std::nullopt;
}

std::optional<std::string> Sender::open_icmp(bool v6) {
  auto& socket = icmp_[v6];
  const int family = v6 ? AF_INET6 : AF_INET;
  const int proto = v6 ? static_cast<int>(IPPROTO_ICMPV6) : static_cast<int>(IPPROTO_ICMP);
  boost::system::error_code ec;
  socket.emplace(ex_);
  socket->open(IcmpProtocol(family, proto, SOCK_DGRAM), ec);  // an unprivileged ping socket
  if (ec) {
    boost::system::error_code raw_ec;
    socket->open(IcmpProtocol(family, proto, SOCK_RAW), raw_ec);
    if (raw_ec) {
      socket.reset();
      return "ICMP knocks need a ping socket or a raw socket and neither may be opened here (" +
             ec.message() + "): " + platform::icmp_privilege_hint();
    }
  }
  if (source_) {
    socket->bind(
        IcmpProtocol::endpoint(ip::udp::endpoint(*source_, 0).data(), ip::udp::endpoint(*source_, 0).size()),
        ec);
    if (ec) {
      socket.reset();
      return "cannot bind to --source " + source_->to_string() + ": " + ec.message();
    }
  }
  return std::nullopt;
}

std::optional<std::string> Sender::icmp(const IpAddress& to, std::uint16_t total_size, std::uint16_t seq) {
  const bool v6 = to.is_v6();
  if (!icmp_[v6]) {
    if (auto err = open_icmp(v6)) return err;
  }
  const auto packet =
      build_echo_request(v6, total_size, static_cast<std::uint16_t>(platform::process_id()), seq);
  const ip::udp::endpoint ip_ep(to, 0);
  boost::system::error_code ec;
  icmp_[v6]->send_to(asio::buffer(packet), IcmpProtocol::endpoint(ip_ep.data(), ip_ep.size()), 0, ec);
  if (ec) return ec.message();
  return std::nullopt;
}

}  // namespace knock::core::detail
