// knock-server's Server (server.cpp) in a private network namespace: it says ready with its rules, keeps the
// served port closed to a source until the firewall lets it in, then completes the handshake and sends the
// banner; it logs what it held when it stops, and says why it cannot start.
#include <gtest/gtest.h>

#include "live_server.hpp"

namespace knock::server {
namespace {

TEST(Server, SaysReadyWithItsRulesAndWhatItServes) {
  REQUIRE_PRIVATE_NETWORK();
  LiveServer s;
  auto e = s.start(kKnockRules);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_TRUE(
      s.logged("ready: test.rsc (3 IPv4 and 0 IPv6 filter rules); watching lo for 127.0.0.1; serving "
               "tcp:8291"))
      << s.out.str();
}

TEST(Server, AKnockOpensTheServedPortToItsSourceAlone) {
  REQUIRE_PRIVATE_NETWORK();
  LiveServer s;
  auto e = s.start(kKnockRules);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_FALSE(s.connect(8291).done) << "no SYN/ACK before the knock: " << s.out.str();
  s.udp(7000);
  ASSERT_TRUE(s.wait_for_log("list added: 127.0.0.1 on \"ok\" for 1h")) << s.out.str();
  const Attempt granted = s.connect(8291, "127.0.0.1", std::chrono::milliseconds(30000));
  ASSERT_TRUE(granted.done) << s.out.str();
  EXPECT_FALSE(granted.error) << granted.error.message();
  EXPECT_EQ(granted.received, "knock-server: access granted\n");
  EXPECT_TRUE(s.logged("service tcp:8291 from 127.0.0.1: granted")) << s.out.str();
  EXPECT_FALSE(s.connect(8291, "127.0.0.2").done) << "another source stays out";
  EXPECT_EQ(s.server->stats().tracked, 1u);
}

TEST(Server, StoppingLogsWhatItSawAndHeld) {
  REQUIRE_PRIVATE_NETWORK();
  LiveServer s;
  auto e = s.start(kKnockRules);
  ASSERT_TRUE(e) << e.error().message;
  s.udp(7000, "127.0.0.3");
  ASSERT_TRUE(s.wait_for_log("list added: 127.0.0.3")) << s.out.str();
  s.server->stop();
  EXPECT_TRUE(
      s.logged("stopped: 1 packets seen, 1 list entries held, 0 evicted by --max-sources, 0 early SYNs "
               "handed on"))
      << s.out.str();
}

TEST(Server, APortItCannotServeIsAnErrorNamingIt) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context other;
  boost::asio::ip::tcp::acceptor taken(other, {*core::parse_literal("127.0.0.1"), 8291});
  LiveServer s;
  auto e = s.start(kKnockRules);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("cannot serve tcp:8291 on 127.0.0.1"), std::string::npos)
      << e.error().message;
  EXPECT_FALSE(s.logged("ready")) << s.out.str();
}

}  // namespace
}  // namespace knock::server
