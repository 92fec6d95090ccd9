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

TEST(IpService, ServicesAreFoundByNameWithTheExportsChanges) {
  const Config c = loaded("/ip service\nset ssh port=2222\nset www disabled=no\n");
  ASSERT_NE(find_service(c, "ssh"), nullptr);
  EXPECT_EQ(find_service(c, "ssh")->port, 2222);
  EXPECT_EQ(find_service(c, "ssh")->default_port, 22);
  EXPECT_FALSE(find_service(c, "www")->disabled);
  EXPECT_EQ(find_service(c, "winbox")->port, 8291) << "RouterOS's default";
  EXPECT_EQ(find_service(c, "nope"), nullptr);
  EXPECT_EQ(find_service(c, "SSH"), nullptr) << "names are as RouterOS writes them";
}

TEST(IpService, AnAddressOfTheOtherFamilyIsNotAllowedAndAMovedPortIsNoServiceThere) {
  const Config c = loaded("/ip service\nset winbox address=192.168.88.0/24\nset ssh port=2222\n");
  EXPECT_FALSE(service_answer(c, 8291, ip("2001:db8::7")).takes) << "only an IPv4 block is allowed";
  const ServiceAnswer moved = service_answer(c, 22, ip("192.0.2.9"));
  EXPECT_FALSE(moved.takes);
  ASSERT_NE(moved.service, nullptr);
  EXPECT_EQ(moved.service->name, "ssh") << "the service moved away from the port";
  EXPECT_EQ(service_answer(c, 2222, ip("192.0.2.9")).service->name, "ssh");
}

TEST(IpService, ProtectRefusesWhatIsNeitherAPortNorAService) {
  const Config c = loaded("");
  EXPECT_EQ(parse_protect(c, "22", "--protect")->port, 22);
  EXPECT_EQ(parse_protect(c, "ssh", "--protect")->port, 22);
  const auto bad = parse_protect(c, "winbux", "--service");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("--service"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("winbux"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_protect(c, "tcp:70000", "--protect"));
}

}  // namespace
}  // namespace knock::routeros
