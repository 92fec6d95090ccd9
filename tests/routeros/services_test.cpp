// routeros/src/services.cpp: what /ip service makes of a connection the firewall lets in, and --protect by
// a service's name. Every address here is data for the parser.
#include "knock/routeros/router.hpp"

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/core/plan.hpp"

namespace knock::routeros {
namespace {

using test::ip;
using test::loaded;

TEST(IpService, AConnectionNeedsAServiceThatTakesIt) {
  const Config c =
      loaded("/ip service\nset telnet disabled=yes\nset ssh port=2222\nset winbox address=192.168.88.0/24\n");
  EXPECT_TRUE(service_answer(c, 8291, ip("192.168.88.7")).takes);
  const ServiceAnswer restricted = service_answer(c, 8291, ip("203.0.113.9"));
  EXPECT_FALSE(restricted.takes);
  EXPECT_EQ(restricted.why,
            "/ip service winbox takes connections only from 192.168.88.0/24 (line 4, column 1), and "
            "203.0.113.9 is not among them: add the address the knock comes from to its address=, "
            "or clear it and let the firewall decide");
  EXPECT_NE(
      service_answer(c, 23, ip("192.0.2.9")).why.find("/ip service telnet is disabled (line 2, column 1)"),
      std::string::npos);
  EXPECT_NE(service_answer(c, 22, ip("192.0.2.9"))
                .why.find("/ip service ssh listens on port 2222 (line 3, column 1), not 22"),
            std::string::npos);
  EXPECT_TRUE(service_answer(c, 2222, ip("192.0.2.9")).takes);
  const ServiceAnswer none = service_answer(c, 4444, ip("192.0.2.9"));
  EXPECT_TRUE(none.takes);
  EXPECT_FALSE(none.service);
}

TEST(IpService, ProtectTakesAServicesPortFromTheExport) {
  const Config c = loaded("/ip service set winbox port=18291\n");
  EXPECT_EQ(parse_protect(c, "winbox", "--protect")->port, 18291);
  EXPECT_EQ(parse_protect(c, "api-ssl", "--protect")->port, 8729);
  EXPECT_EQ(parse_protect(c, "udp:53", "--protect")->protocol, 17);
  EXPECT_FALSE(parse_protect(c, "winbux", "--protect"));
}

}  // namespace
}  // namespace knock::routeros
