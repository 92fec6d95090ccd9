// Single knock packets on the wire (sender.cpp, private to core): checksums, echo requests, UDP and SYNs.
#include "../../core/src/sender.hpp"

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/icmp.hpp>

#include "loopback.hpp"
#include "netns.hpp"

namespace knock::core::detail {
namespace {

namespace ip = boost::asio::ip;
using Bytes = std::vector<std::uint8_t>;

std::span<const std::uint8_t> sender_test_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Sender, InternetChecksumIsTheOnesComplementOfTheSum) {
  // RFC 1071, section 3: the words sum to 0xddf2.
  EXPECT_EQ(internet_checksum(Bytes{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}), 0x220d);
  EXPECT_EQ(internet_checksum(Bytes{}), 0xffff);
  EXPECT_EQ(internet_checksum(Bytes{0x01}), 0xfeff) << "an odd byte is padded with a zero";
  EXPECT_EQ(internet_checksum(Bytes{0xff, 0xff, 0x00, 0x01}), 0xfffe) << "the carry wraps around";
  Bytes with_sum{0x45, 0x00, 0x00, 0x1c, 0x00, 0x00};
  const std::uint16_t sum = internet_checksum(with_sum);
  with_sum.push_back(static_cast<std::uint8_t>(sum >> 8));
  with_sum.push_back(static_cast<std::uint8_t>(sum));
  EXPECT_EQ(internet_checksum(with_sum), 0) << "data that carries its checksum sums to zero";
}

TEST(Sender, EchoRequestsFillTheIpPacketSize) {
  const Bytes v4 = build_echo_request(false, 84, 0x1234, 0x0102);
  ASSERT_EQ(v4.size(), 64u) << "84 less 20 bytes of IPv4 header";
  EXPECT_EQ(v4[0], 8) << "echo request";
  EXPECT_EQ(v4[1], 0);
  EXPECT_EQ(v4[4], 0x12);
  EXPECT_EQ(v4[5], 0x34);
  EXPECT_EQ(v4[6], 0x01);
  EXPECT_EQ(v4[7], 0x02);
  for (std::size_t i = 8; i < v4.size(); ++i)
    EXPECT_EQ(v4[i], i) << i;
  EXPECT_EQ(internet_checksum(v4), 0) << "the ICMPv4 checksum is filled in";
  EXPECT_EQ(build_echo_request(false, 28, 1, 1).size(), 8u) << "the smallest: the ICMP header alone";

  const Bytes v6 = build_echo_request(true, 100, 0xbeef, 7);
  ASSERT_EQ(v6.size(), 60u) << "100 less 40 bytes of IPv6 header";
  EXPECT_EQ(v6[0], 128) << "ICMPv6 echo request";
  EXPECT_EQ(v6[2], 0) << "the kernel computes the ICMPv6 checksum";
  EXPECT_EQ(v6[3], 0);
  EXPECT_EQ(v6[4], 0xbe);
  EXPECT_EQ(v6[5], 0xef);
  EXPECT_EQ(v6[7], 7);
  EXPECT_EQ(build_echo_request(true, 48, 1, 1).size(), 8u);
}

TEST(Sender, UdpKnocksLeaveFromOneSocketPerFamily) {
  REQUIRE_PRIVATE_NETWORK();
  test::UdpSink v4;
  boost::asio::io_context io;
  Sender sender(io.get_executor(), std::nullopt);
  EXPECT_EQ(sender.udp(ip::make_address("127.0.0.1"), v4.port(), sender_test_bytes("open")), std::nullopt);
  EXPECT_EQ(sender.udp(ip::make_address("127.0.0.1"), v4.port(), {}), std::nullopt);
  EXPECT_EQ(sender.udp(ip::make_address("127.0.0.1"), v4.port(), sender_test_bytes("sesame")), std::nullopt);
  const auto got = v4.drain();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].first, "open");
  EXPECT_EQ(got[1].first, "");
  EXPECT_EQ(got[2].first, "sesame");
  EXPECT_EQ(got[0].second, got[2].second) << "the same socket sends every knock of a run";
}

TEST(Sender, ASourceOfTheOtherFamilyIsAnError) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  Sender sender(io.get_executor(), ip::make_address("::1"));
  EXPECT_TRUE(sender.udp(ip::make_address("127.0.0.1"), 9, sender_test_bytes("x")));
  EXPECT_TRUE(sender.tcp_syn(ip::make_address("127.0.0.1"), 9));
}

TEST(Sender, ATcpKnockToAClosedPortIsOneSynAndCountsAsSent) {
  REQUIRE_PRIVATE_NETWORK();
  const unsigned short port = 1339;
  if (auto why = test::count_syns(port, false); !why.empty()) GTEST_SKIP() << why;
  boost::asio::io_context io;
  Sender sender(io.get_executor(), std::nullopt);
  EXPECT_EQ(sender.tcp_syn(ip::make_address("127.0.0.1"), port), std::nullopt)
      << "a reset is the answer to a SYN that went out";
  EXPECT_EQ(test::syn_count(port), 1);
}

TEST(Sender, AnIcmpKnockIsAnEchoRequestOfThisProcess) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  boost::system::error_code ec;
  ip::icmp::socket raw(io);
  raw.open(ip::icmp::v4(), ec);
  if (ec) GTEST_SKIP() << "no raw ICMP socket to observe with: " << ec.message();
  raw.non_blocking(true);
  Sender sender(io.get_executor(), std::nullopt);
  const auto err = sender.icmp(ip::make_address("127.0.0.1"), 98, 7);
  ASSERT_EQ(err, std::nullopt) << *err;
  std::vector<std::uint8_t> buf(70000);
  bool seen = false;
  for (;;) {
    const auto n = raw.receive(boost::asio::buffer(buf), 0, ec);
    if (ec) break;
    const std::size_t ihl = (buf[0] & 0x0f) * 4;
    if (n < ihl + 8 || buf[ihl] != 8) continue;  // type 8: echo request
    seen = true;
    EXPECT_EQ((buf[2] << 8) | buf[3], 98) << "the whole IP packet's size";
    EXPECT_EQ((buf[ihl + 6] << 8) | buf[ihl + 7], 7) << "the sequence number";
    // A ping socket sets the identifier itself; a raw socket sends this process's.
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace knock::core::detail
