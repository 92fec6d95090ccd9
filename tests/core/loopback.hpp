#pragma once
// What the core tests that use real loopback sockets share: the private network check and a UDP sink.
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

extern std::string g_netns_error;

// The test skips when its process could not enter a private network namespace (netns_main.cpp).
#define REQUIRE_PRIVATE_NETWORK() \
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error

namespace knock::test {

// A UDP socket that collects what the knocks deliver.
struct UdpSink {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket socket{io};
  explicit UdpSink(const char* address = "127.0.0.1") {
    const auto a = boost::asio::ip::make_address(address);
    socket.open(a.is_v4() ? boost::asio::ip::udp::v4() : boost::asio::ip::udp::v6());
    socket.bind({a, 0});
    socket.non_blocking(true);
  }
  unsigned short port() const { return socket.local_endpoint().port(); }
  std::vector<std::pair<std::string, boost::asio::ip::udp::endpoint>> drain() {
    std::vector<std::pair<std::string, boost::asio::ip::udp::endpoint>> out;
    std::vector<char> buf(70000);
    for (;;) {
      boost::asio::ip::udp::endpoint from;
      boost::system::error_code ec;
      const auto n = socket.receive_from(boost::asio::buffer(buf), from, 0, ec);
      if (ec) break;
      out.emplace_back(std::string(buf.data(), n), from);
    }
    return out;
  }
};

}  // namespace knock::test
