// Raw IP output (raw_linux.cpp), through the Server: a SYN the rules reject with tcp-reset gets a reset
// from the router's address, so the client's connect is refused at once instead of timing out.
#include <gtest/gtest.h>

#include "live_server.hpp"

namespace knock::server {
namespace {

TEST(RawLinux, ATcpResetRejectRefusesTheConnection) {
  REQUIRE_PRIVATE_NETWORK();
  LiveServer s;
  auto e = s.start(
      "/ip firewall filter\nadd chain=input action=reject reject-with=tcp-reset protocol=tcp "
      "dst-port=8291\n");
  ASSERT_TRUE(e) << e.error().message;
  const Attempt a = s.connect(8291, "127.0.0.1", std::chrono::milliseconds(30000));
  ASSERT_TRUE(a.done) << "a reset, not a SYN dropped: " << s.out.str();
  EXPECT_EQ(a.error, boost::asio::error::connection_refused) << a.error.message();
  EXPECT_TRUE(s.logged("service tcp:8291 from 127.0.0.1: reset")) << s.out.str();
  EXPECT_FALSE(s.logged("cannot send a reset")) << s.out.str();
}

}  // namespace
}  // namespace knock::server
