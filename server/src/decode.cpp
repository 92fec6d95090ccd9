#include "knock/server/decode.hpp"

#include <cstring>

namespace knock::server {
namespace {

std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

std::optional<routeros::Packet> decode_ip(std::span<const std::uint8_t> ip) {
  if (ip.empty()) return std::nullopt;
  routeros::Packet p;
  const int version = ip[0] >> 4;
  std::span<const std::uint8_t> l4;
  std::uint8_t proto = 0;
  if (version == 4) {
    if (ip.size() < 20) return std::nullopt;
    const std::size_t ihl = (ip[0] & 0x0f) * 4u;
    const std::size_t total = be16(&ip[2]);
    if (ihl < 20 || total < ihl || ip.size() < ihl) return std::nullopt;
    if ((be16(&ip[6]) & 0x1fff) != 0) return std::nullopt;  // a later fragment: no transport header
    boost::asio::ip::address_v4::bytes_type src, dst;
    std::memcpy(src.data(), &ip[12], 4);
    std::memcpy(dst.data(), &ip[16], 4);
    p.src = boost::asio::ip::address_v4(src);
    p.dst = boost::asio::ip::address_v4(dst);
    p.size = static_cast<std::uint16_t>(total);
    proto = ip[9];
    l4 = ip.subspan(ihl, std::min(ip.size(), total) - ihl);
  } else if (version == 6) {
    if (ip.size() < 40) return std::nullopt;
    boost::asio::ip::address_v6::bytes_type src, dst;
    std::memcpy(src.data(), &ip[8], 16);
    std::memcpy(dst.data(), &ip[24], 16);
    p.src = boost::asio::ip::address_v6(src);
    p.dst = boost::asio::ip::address_v6(dst);
    const std::size_t payload = be16(&ip[4]);
    p.size = static_cast<std::uint16_t>(std::min<std::size_t>(40 + payload, 65535));
    proto = ip[6];  // extension headers are not followed: knocks do not carry them
    l4 = ip.subspan(40, std::min(ip.size() - 40, payload));
  } else {
    return std::nullopt;
  }
  p.protocol = proto;
  switch (proto) {
    case 6: {
      if (l4.size() < 20) return std::nullopt;
      p.src_port = be16(&l4[0]);
      p.dst_port = be16(&l4[2]);
      p.tcp_flags = l4[13];
      p.tcp_seq =
          (std::uint32_t{l4[4]} << 24) | (std::uint32_t{l4[5]} << 16) | (std::uint32_t{l4[6]} << 8) | l4[7];
      if ((p.tcp_flags & (routeros::kSyn | routeros::kAck)) != routeros::kSyn) return std::nullopt;
      return p;
    }
    case 17: {
      if (l4.size() < 8) return std::nullopt;
      p.src_port = be16(&l4[0]);
      p.dst_port = be16(&l4[2]);
      p.payload.assign(l4.begin() + 8, l4.end());
      return p;
    }
    case 1:
    case 58: {
      if (l4.size() < 8) return std::nullopt;
      p.icmp_type = l4[0];
      p.icmp_code = l4[1];
      if (p.icmp_type != (proto == 1 ? 8 : 128)) return std::nullopt;  // echo requests only
      return p;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::size_t ip_offset(std::span<const std::uint8_t> frame, LinkType link) {
  switch (link) {
    case LinkType::ethernet:
      return frame.size() >= 18 && be16(&frame[12]) == 0x8100 ? 18 : 14;
    case LinkType::null:
      return 4;
    case LinkType::raw:
      return 0;
    case LinkType::linux_sll:
      return 16;
  }
  return 0;
}

bool fix_tcp_checksum(std::span<std::uint8_t> frame, LinkType link) {
  const std::size_t off = ip_offset(frame, link);
  if (frame.size() < off + 20) return false;
  std::uint8_t* ip = frame.data() + off;
  const std::size_t avail = frame.size() - off;
  std::uint32_t sum = 0;
  const auto add = [&sum](const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i + 1 < n; i += 2)
      sum += (p[i] << 8) | p[i + 1];
    if (n % 2) sum += p[n - 1] << 8;
  };
  std::size_t l4 = 0, len = 0;
  if ((ip[0] >> 4) == 4) {
    l4 = (ip[0] & 0x0f) * 4u;
    if (ip[9] != 6 || be16(&ip[2]) > avail || be16(&ip[2]) < l4 + 20) return false;
    len = be16(&ip[2]) - l4;
    add(ip + 12, 8);
  } else if ((ip[0] >> 4) == 6) {
    l4 = 40;
    if (avail < 60 || ip[6] != 6 || 40u + be16(&ip[4]) > avail || be16(&ip[4]) < 20) return false;
    len = be16(&ip[4]);
    add(ip + 8, 32);
  } else {
    return false;
  }
  std::uint8_t* tcp = ip + l4;
  sum += 6 + static_cast<std::uint32_t>(len);
  tcp[16] = tcp[17] = 0;
  add(tcp, len);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  const std::uint16_t c = static_cast<std::uint16_t>(~sum);
  tcp[16] = static_cast<std::uint8_t>(c >> 8);
  tcp[17] = static_cast<std::uint8_t>(c);
  return true;
}

std::optional<routeros::Packet> decode_frame(std::span<const std::uint8_t> frame, LinkType link) {
  switch (link) {
    case LinkType::ethernet: {
      if (frame.size() < 14) return std::nullopt;
      std::size_t off = 12;
      std::uint16_t type = be16(&frame[off]);
      if (type == 0x8100 && frame.size() >= 18) {  // one VLAN tag
        off += 4;
        type = be16(&frame[off]);
      }
      if (type != 0x0800 && type != 0x86dd) return std::nullopt;
      return decode_ip(frame.subspan(off + 2));
    }
    case LinkType::null: {
      if (frame.size() < 4) return std::nullopt;
      return decode_ip(frame.subspan(4));
    }
    case LinkType::raw:
      return decode_ip(frame);
    case LinkType::linux_sll: {
      if (frame.size() < 16) return std::nullopt;
      const std::uint16_t type = be16(&frame[14]);
      if (type != 0x0800 && type != 0x86dd) return std::nullopt;
      return decode_ip(frame.subspan(16));
    }
  }
  return std::nullopt;
}

}  // namespace knock::server
