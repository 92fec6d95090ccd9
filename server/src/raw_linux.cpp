#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "raw.hpp"

namespace knock::server {
namespace {

std::uint16_t checksum(const std::vector<std::uint8_t>& bytes) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
    sum += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.size() % 2) sum += bytes.back() << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void put32(std::uint8_t* p, std::uint32_t v) {
  put16(p, static_cast<std::uint16_t>(v >> 16));
  put16(p + 2, static_cast<std::uint16_t>(v));
}

}  // namespace

RawSender::~RawSender() {
  for (int fd : {fd4_, fd6_, raw4_, raw6_}) {
    if (fd >= 0) ::close(fd);
  }
}

std::optional<std::string> RawSender::inject(std::span<const std::uint8_t> ip) {
  if (ip.size() < 20) return "packet too short";
  const bool v6 = (ip[0] >> 4) == 6;
  int& fd = v6 ? raw6_ : raw4_;
  if (fd < 0) {
    fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);  // IPv4: header included
    if (fd < 0) return std::string("raw socket: ") + std::strerror(errno);
    if (v6) {
      int on = 1;
      constexpr int kIpv6HdrIncl = 36;  // IPV6_HDRINCL, Linux 4.5 and later
      if (::setsockopt(fd, IPPROTO_IPV6, kIpv6HdrIncl, &on, sizeof on) != 0) return std::strerror(errno);
    }
  }
  sockaddr_storage to{};
  socklen_t len = 0;
  if (v6) {
    if (ip.size() < 40) return "packet too short";
    auto* a = reinterpret_cast<sockaddr_in6*>(&to);
    a->sin6_family = AF_INET6;
    std::memcpy(&a->sin6_addr, ip.data() + 24, 16);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&to);
    a->sin_family = AF_INET;
    std::memcpy(&a->sin_addr, ip.data() + 16, 4);
    len = sizeof *a;
  }
  if (::sendto(fd, ip.data(), ip.size(), 0, reinterpret_cast<sockaddr*>(&to), len) < 0)
    return std::strerror(errno);
  return std::nullopt;
}

std::optional<std::string> RawSender::send_reset(const routeros::Packet& syn) {
  const bool v6 = syn.src.is_v6();
  int& fd = v6 ? fd6_ : fd4_;
  if (fd < 0) {
    fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) return std::string("raw socket: ") + std::strerror(errno);
    if (v6) {
      int offset = 16;  // the kernel fills in the TCP checksum over IPv6's pseudo-header
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_CHECKSUM, &offset, sizeof offset);
    }
  }
  std::uint8_t tcp[20] = {};
  put16(tcp, syn.dst_port);
  put16(tcp + 2, syn.src_port);
  put32(tcp + 4, 0);
  put32(tcp + 8, syn.tcp_seq + 1);
  tcp[12] = 5 << 4;
  tcp[13] = routeros::kRst | routeros::kAck;
  // The reset leaves from the router's address (the SYN's destination), set per packet with PKTINFO.
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))] = {};
  iovec iov{tcp, sizeof tcp};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  sockaddr_in to4{};
  sockaddr_in6 to6{};
  if (!v6) {
    const auto s = syn.dst.to_v4().to_bytes();
    const auto d = syn.src.to_v4().to_bytes();
    std::vector<std::uint8_t> pseudo(s.begin(), s.end());
    pseudo.insert(pseudo.end(), d.begin(), d.end());
    pseudo.insert(pseudo.end(), {0, 6, 0, 20});
    pseudo.insert(pseudo.end(), tcp, tcp + 20);
    put16(tcp + 16, checksum(pseudo));
    to4.sin_family = AF_INET;
    std::memcpy(&to4.sin_addr, d.data(), 4);
    msg.msg_name = &to4;
    msg.msg_namelen = sizeof to4;
    msg.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    std::memcpy(&info.ipi_spec_dst, s.data(), 4);
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  } else {
    const auto s = syn.dst.to_v6().to_bytes();
    const auto d = syn.src.to_v6().to_bytes();
    to6.sin6_family = AF_INET6;
    std::memcpy(&to6.sin6_addr, d.data(), 16);
    msg.msg_name = &to6;
    msg.msg_namelen = sizeof to6;
    msg.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
    in6_pktinfo info{};
    std::memcpy(&info.ipi6_addr, s.data(), 16);
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  }
  if (::sendmsg(fd, &msg, 0) < 0) return std::strerror(errno);
  return std::nullopt;
}

}  // namespace knock::server
