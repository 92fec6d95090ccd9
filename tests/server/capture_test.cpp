// The capture (capture.cpp), through the Server that opens it: an interface that is not there is named in
// the error, and only what can be a knock is captured (new TCP connections, UDP, echo requests), not the
// rest of a connection nor the ICMP errors a knock to a closed port brings back.
#include <gtest/gtest.h>

#include "live_server.hpp"

namespace knock::server {
namespace {

TEST(Capture, AnInterfaceThatIsNotThereIsNamed) {
  REQUIRE_PRIVATE_NETWORK();
  LiveServer s;
  auto e = s.start(kKnockRules, {8291}, "knock-none0");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("knock-none0"), std::string::npos) << e.error().message;
}

TEST(Capture, OnlyWhatCanBeAKnockIsSeen) {
  REQUIRE_PRIVATE_NETWORK();
  LiveServer s;
  auto e = s.start(kKnockRules);
  ASSERT_TRUE(e) << e.error().message;
  s.udp(7000);  // nothing listens there: an ICMP port unreachable comes back
  ASSERT_TRUE(s.wait_for_log("list added")) << s.out.str();
  const Attempt a = s.connect(8291, "127.0.0.1", std::chrono::milliseconds(30000));
  ASSERT_TRUE(a.done && !a.error) << s.out.str();
  EXPECT_EQ(a.received, "knock-server: access granted\n");
  s.run_until([&] { return s.server->stats().packets >= 2; });        // the SYN is evaluated once captured
  s.run_until([] { return false; }, std::chrono::milliseconds(100));  // anything more would come now
  EXPECT_EQ(s.server->stats().packets, 2u)
      << "the knock and the SYN, no ACK, data, FIN or ICMP error: " << s.out.str();
}

}  // namespace
}  // namespace knock::server
