#include "knock/server/decode.hpp"

#include <gtest/gtest.h>

namespace knock::server {
namespace {

// An Ethernet frame as Linux loopback captures it, around an IP packet.
std::vector<std::uint8_t> ether(std::vector<std::uint8_t> ip, bool v6 = false) {
  std::vector<std::uint8_t> f(12, 0);
  f.push_back(v6 ? 0x86 : 0x08);
  f.push_back(v6 ? 0xdd : 0x00);
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

std::vector<std::uint8_t> ipv4(std::uint8_t proto, std::vector<std::uint8_t> l4) {
  const std::size_t total = 20 + l4.size();
  std::vector<std::uint8_t> p{0x45,
                              0,
                              static_cast<std::uint8_t>(total >> 8),
                              static_cast<std::uint8_t>(total),
                              0,
                              0,
                              0x40,
                              0,
                              64,
                              proto,
                              0,
                              0,
                              127,
                              0,
                              0,
                              2,
                              127,
                              0,
                              0,
                              1};
  p.insert(p.end(), l4.begin(), l4.end());
  return p;
}

std::vector<std::uint8_t> tcp(std::uint16_t dport, std::uint8_t flags) {
  std::vector<std::uint8_t> t(20, 0);
  t[0] = 0x9c;  // 40000
  t[1] = 0x40;
  t[2] = static_cast<std::uint8_t>(dport >> 8);
  t[3] = static_cast<std::uint8_t>(dport);
  t[4] = 0x01;  // seq 0x01020304
  t[5] = 0x02;
  t[6] = 0x03;
  t[7] = 0x04;
  t[12] = 0x50;
  t[13] = flags;
  return t;
}

TEST(Decode, ATcpSynIsAKnock) {
  auto p = decode_frame(ether(ipv4(6, tcp(1337, 0x02))), LinkType::ethernet);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->src.to_string(), "127.0.0.2");
  EXPECT_EQ(p->dst.to_string(), "127.0.0.1");
  EXPECT_EQ(p->dst_port, 1337);
  EXPECT_EQ(p->src_port, 40000);
  EXPECT_EQ(p->size, 40);
  EXPECT_EQ(p->tcp_seq, 0x01020304u);
}

TEST(Decode, SynAcksAndOtherSegmentsAreNotKnocks) {
  EXPECT_FALSE(decode_frame(ether(ipv4(6, tcp(1337, 0x12))), LinkType::ethernet));
  EXPECT_FALSE(decode_frame(ether(ipv4(6, tcp(1337, 0x10))), LinkType::ethernet));
  EXPECT_FALSE(decode_frame(ether(ipv4(6, tcp(1337, 0x14))), LinkType::ethernet));
}

TEST(Decode, UdpCarriesItsPayload) {
  std::vector<std::uint8_t> u{0x9c, 0x40, 0x46, 0x22, 0, 13, 0, 0, 'h', 'e', 'l', 'l', 'o'};
  auto p = decode_frame(ether(ipv4(17, u)), LinkType::ethernet);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->dst_port, 17954);
  EXPECT_EQ(p->payload, "hello");
  EXPECT_EQ(p->size, 33);
}

TEST(Decode, IcmpEchoRequestsOnlyWithTheirWholeSize) {
  std::vector<std::uint8_t> echo(78, 0);
  echo[0] = 8;
  auto p = decode_frame(ether(ipv4(1, echo)), LinkType::ethernet);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->size, 98);
  EXPECT_EQ(p->icmp_type, 8);
  echo[0] = 0;  // a reply
  EXPECT_FALSE(decode_frame(ether(ipv4(1, echo)), LinkType::ethernet));
}

TEST(Decode, Ipv6SynAndEcho) {
  std::vector<std::uint8_t> ip(40, 0);
  ip[0] = 0x60;
  ip[5] = 20;
  ip[6] = 6;
  ip[23] = 1;  // ::1
  ip[39] = 1;
  auto t = tcp(8291, 0x02);
  ip.insert(ip.end(), t.begin(), t.end());
  auto p = decode_frame(ether(ip, true), LinkType::ethernet);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->src.to_string(), "::1");
  EXPECT_EQ(p->size, 60);
  EXPECT_EQ(p->dst_port, 8291);
}

TEST(Decode, OtherLinkTypes) {
  const auto ip = ipv4(6, tcp(22, 0x02));
  EXPECT_TRUE(decode_frame(ip, LinkType::raw));
  std::vector<std::uint8_t> null{2, 0, 0, 0};
  null.insert(null.end(), ip.begin(), ip.end());
  EXPECT_TRUE(decode_frame(null, LinkType::null));
}

TEST(Decode, TruncatedAndMalformedFramesNeverReadPastTheEnd) {
  const auto full = ether(ipv4(6, tcp(1337, 0x02)));
  for (std::size_t n = 0; n < full.size(); ++n) {
    std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode_frame(cut, LinkType::ethernet)) << n;  // ASan would catch an overread
  }
  auto bad = full;
  bad[14] = 0x4f;  // an IHL beyond the packet
  EXPECT_FALSE(decode_frame(bad, LinkType::ethernet));
}

TEST(Decode, FixesTheTcpChecksumOfACapturedSyn) {
  auto frame = ether(ipv4(6, tcp(8291, 0x02)));
  ASSERT_TRUE(fix_tcp_checksum(frame, LinkType::ethernet));
  // Summing the pseudo-header and the segment, checksum included, gives 0xffff.
  std::uint32_t sum = 0;
  const std::uint8_t* ip = frame.data() + 14;
  for (int i = 12; i < 20; i += 2)
    sum += (ip[i] << 8) | ip[i + 1];
  sum += 6 + 20;
  for (int i = 20; i < 40; i += 2)
    sum += (ip[i] << 8) | ip[i + 1];
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  EXPECT_EQ(sum, 0xffffu);
}

}  // namespace
}  // namespace knock::server
