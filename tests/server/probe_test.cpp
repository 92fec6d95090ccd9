// The capture probe (probe.cpp): the server starts only once its capture saw one of its own probes, and a
// probe is never a knock: the firewall does not see it, the log does not show it.
#include <gtest/gtest.h>

#include "live_server.hpp"

namespace knock::server {
namespace {

TEST(Probe, TheServersOwnProbesAreNeverEvaluated) {
  REQUIRE_PRIVATE_NETWORK();
  LiveServer s;
  // Every UDP packet would put its source on "ok": a probe that reached the firewall would show.
  auto e = s.start(
      "/ip firewall filter\nadd chain=input action=add-src-to-address-list address-list=ok "
      "address-list-timeout=1h protocol=udp\n");
  ASSERT_TRUE(e) << e.error().message;
  ASSERT_TRUE(s.logged("ready: ")) << "ready comes after the capture saw a probe";
  s.run_until([] { return false; }, std::chrono::milliseconds(100));
  EXPECT_EQ(s.server->stats().packets, 0u) << s.out.str();
  EXPECT_EQ(s.server->stats().tracked, 0u);
  EXPECT_FALSE(s.logged("packet ")) << s.out.str();
  s.udp(9);  // a datagram to the probes' port without the token is a packet like any other
  EXPECT_TRUE(s.wait_for_log("list added: 127.0.0.1")) << s.out.str();
}

}  // namespace
}  // namespace knock::server
