// The gate attached by gate_linux.cpp, on a real listening socket in a private network namespace: an allowed
// source completes the handshake, a denied one gets no SYN/ACK (its connect times out), and rebuilding
// changes that at once.
#include <unistd.h>

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "knock/core/plan.hpp"
#include "knock/server/gate.hpp"

extern std::string g_netns_error;

namespace knock::server {
namespace {

namespace aip = boost::asio::ip;
using namespace std::chrono_literals;

// Connects from `source` with a deadline; true when the handshake completed.
bool connects(const char* source, const aip::tcp::endpoint& to) {
  boost::asio::io_context io;
  aip::tcp::socket s(io);
  s.open(to.protocol());
  s.bind({*core::parse_literal(source), 0});
  bool done = false, ok = false;
  s.async_connect(to, [&](const boost::system::error_code& ec) {
    done = true;
    ok = !ec;
  });
  io.run_for(2s);  // a handshake ends it at once; only a dropped SYN waits this out
  return done && ok;
}

TEST(GateKernel, DropsTheSynsOfDeniedSourcesAndLetsAllowedOnesIn) {
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  boost::asio::io_context io;
  aip::tcp::acceptor a(io, {aip::make_address("127.0.0.1"), 0});
  const auto ep = a.local_endpoint();
  ASSERT_TRUE(
      attach_gate(a.native_handle(), build_gate(false, false, {{*core::parse_literal("127.0.0.5"), true}})));
  EXPECT_TRUE(connects("127.0.0.5", ep));
  EXPECT_FALSE(connects("127.0.0.6", ep));
  ASSERT_TRUE(
      attach_gate(a.native_handle(), build_gate(false, false, {{*core::parse_literal("127.0.0.6"), true}})));
  EXPECT_TRUE(connects("127.0.0.6", ep));
  EXPECT_FALSE(connects("127.0.0.5", ep));
}

TEST(GateKernel, WorksForIpv6Too) {
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  boost::asio::io_context io;
  aip::tcp::acceptor a(io, {aip::make_address("::1"), 0});
  const auto ep = a.local_endpoint();
  ASSERT_TRUE(attach_gate(a.native_handle(), build_gate(true, false, {})));
  EXPECT_FALSE(connects("::1", ep));
  ASSERT_TRUE(attach_gate(a.native_handle(), build_gate(true, false, {{*core::parse_literal("::1"), true}})));
  EXPECT_TRUE(connects("::1", ep));
}

TEST(GateLinux, AttachingToWhatIsNotASocketIsAnError) {
  const auto program = build_gate(false, false, {});
  auto bad = attach_gate(-1, program);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, std::system_category().message(EBADF));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto pipe = attach_gate(fds[0], program);
  ASSERT_FALSE(pipe);
  EXPECT_EQ(pipe.error().message, std::system_category().message(ENOTSOCK));
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace knock::server
