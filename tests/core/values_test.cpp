// Typed values: RouterOS durations, address families and service ports. (knock's own durations,
// parse_duration and format_duration, are defined in sequence.cpp and tested in sequence_test.cpp.)
#include "knock/core/values.hpp"

#include <gtest/gtest.h>

namespace knock::core {
namespace {

using namespace std::chrono_literals;

std::string routeros_error(std::string_view text) {
  auto d = parse_routeros_duration(text);
  EXPECT_FALSE(d) << "'" << text << "' parsed as " << (d ? format_routeros_duration(*d) : "");
  if (d) return "";
  EXPECT_EQ(d.error().code, Errc::bad_input);
  return d.error().message;
}

TEST(RouterOsDuration, UnitsAddUpAndSpacesAreSkipped) {
  EXPECT_EQ(*parse_routeros_duration("1w"), 7 * 24h);
  EXPECT_EQ(*parse_routeros_duration("2d3h"), 51h);
  EXPECT_EQ(*parse_routeros_duration("1m30s"), 90s);
  EXPECT_EQ(*parse_routeros_duration("1s500ms"), 1500ms);
  EXPECT_EQ(*parse_routeros_duration("1d 2h"), 26h);
  EXPECT_EQ(*parse_routeros_duration("0"), 0s);
  EXPECT_EQ(*parse_routeros_duration("0s"), 0s);
  EXPECT_EQ(*parse_routeros_duration("1:02:03"), 1h + 2min + 3s);
  EXPECT_EQ(*parse_routeros_duration("2w1d00:00:01"), 15 * 24h + 1s);
}

TEST(RouterOsDuration, RejectsWhatRouterOsWouldNot) {
  const std::string expected =
      " is not a RouterOS duration (expected e.g. 15s, 3h, 1d2h3m4s, 4w2d or 00:00:45)";
  EXPECT_EQ(routeros_error(""), "''" + expected);
  EXPECT_EQ(routeros_error("1y"), "'1y'" + expected);
  EXPECT_EQ(routeros_error("s"), "'s'" + expected);
  EXPECT_EQ(routeros_error("1.5s"), "'1.5s'" + expected);
  EXPECT_EQ(routeros_error("-1s"), "'-1s'" + expected);
  EXPECT_EQ(routeros_error("1S"), "'1S'" + expected) << "units are lower case";
  EXPECT_EQ(routeros_error("00:60:00"), "'00:60:00'" + expected);
  EXPECT_EQ(routeros_error("00:00:60"), "'00:00:60'" + expected);
  EXPECT_EQ(routeros_error("01:00"), "'01:00'" + expected) << "hours, minutes and seconds, all three";
  EXPECT_EQ(routeros_error("00:00:45s"), "'00:00:45s'" + expected);
  EXPECT_EQ(routeros_error("00:00:45 1s"), "'00:00:45 1s'" + expected) << "the clock form comes last";
  EXPECT_EQ(routeros_error("1234567890123s"), "'1234567890123s'" + expected);
}

TEST(RouterOsDuration, AtMostWhatRouterOsAllows) {
  EXPECT_EQ(*parse_routeros_duration("5965:00:00"), 5965h);
  EXPECT_EQ(routeros_error("5966:00:00"), "'5966:00:00' is longer than RouterOS allows (35w3d13h13m56s)");
  EXPECT_EQ(routeros_error("21474837"), "'21474837' is longer than RouterOS allows (35w3d13h13m56s)");
  EXPECT_EQ(*parse_routeros_duration("21474836"), kMaxListTimeout);
  EXPECT_NE(routeros_error("999999999999w").find("is not a RouterOS duration"), std::string::npos);
}

// The hours of the hh:mm:ss form are bounded before they are multiplied: once "5124095577:00:00" parsed as
// 58m10s448ms (a signed overflow) and "5124095576:00:00" as a negative duration.
TEST(RouterOsDuration, HugeHoursOfTheClockFormAreTooLong) {
  EXPECT_FALSE(parse_routeros_duration("5124095577:00:00"));
  EXPECT_FALSE(parse_routeros_duration("5124095576:00:00"));
  EXPECT_EQ(routeros_error("5967:00:00"), "'5967:00:00' is longer than RouterOS allows (35w3d13h13m56s)");
}

// The minutes and seconds of the hh:mm:ss form are two digits at most: twenty digits once threw
// std::out_of_range out of a function that reports errors as values.
TEST(RouterOsDuration, HugeMinutesOrSecondsAreAnErrorNotAnException) {
  EXPECT_NO_THROW(EXPECT_FALSE(parse_routeros_duration("0:99999999999999999999:00")));
  EXPECT_NO_THROW(EXPECT_FALSE(parse_routeros_duration("0:00:99999999999999999999")));
}

TEST(RouterOsDuration, FormatsLargestUnitsFirst) {
  EXPECT_EQ(format_routeros_duration(0s), "0s");
  EXPECT_EQ(format_routeros_duration(500ms), "500ms");
  EXPECT_EQ(format_routeros_duration(90s), "1m30s");
  EXPECT_EQ(format_routeros_duration(1500ms), "1s500ms");
  EXPECT_EQ(format_routeros_duration(15 * 24h + 1s), "2w1d1s");
  EXPECT_EQ(format_routeros_duration(kMaxListTimeout), "35w3d13h13m56s");
  for (Duration d : {Duration(1ms), Duration(59s), Duration(1h + 1ms), Duration(kMaxListTimeout)}) {
    EXPECT_EQ(*parse_routeros_duration(format_routeros_duration(d)), d) << format_routeros_duration(d);
  }
}

TEST(Family, NamesAndTheirShortForms) {
  EXPECT_EQ(to_string(Family::any), "any");
  EXPECT_EQ(to_string(Family::v4), "ipv4");
  EXPECT_EQ(to_string(Family::v6), "ipv6");
  EXPECT_EQ(to_string(Family::both), "both");
  for (Family f : {Family::any, Family::v4, Family::v6, Family::both}) {
    EXPECT_EQ(family_named(to_string(f)), f);
  }
  EXPECT_EQ(family_named("4"), Family::v4);
  EXPECT_EQ(family_named("6"), Family::v6);
  EXPECT_EQ(family_named(""), std::nullopt);
  EXPECT_EQ(family_named("IPv4"), std::nullopt);
  EXPECT_EQ(family_named("ipv5"), std::nullopt);
}

TEST(ServicePort, TcpUnlessUdpIsSaid) {
  EXPECT_EQ(*parse_service_port("tcp:8291", "--service"), (ServicePort{6, 8291}));
  EXPECT_EQ(*parse_service_port("22", "--service"), (ServicePort{6, 22}));
  EXPECT_EQ(*parse_service_port("udp:53", "--service"), (ServicePort{17, 53}));
  EXPECT_EQ(*parse_service_port("udp:65535", "--service"), (ServicePort{17, 65535}));
  EXPECT_EQ(to_string(ServicePort{17, 53}), "udp:53");
  EXPECT_EQ(to_string(ServicePort{}), "tcp:8291");
  EXPECT_EQ(to_string(*parse_service_port(to_string(ServicePort{17, 1}), "x")), "udp:1");
}

TEST(ServicePort, RejectsOtherProtocolsAndBadPorts) {
  EXPECT_EQ(parse_service_port("sctp:22", "--service").error().message,
            "--service: 'sctp:22' is not a service port (expected tcp:PORT or udp:PORT)");
  EXPECT_EQ(parse_service_port("UDP:53", "--service").error().message,
            "--service: 'UDP:53' is not a service port (expected tcp:PORT or udp:PORT)");
  for (const char* bad : {"tcp:0", "udp:65536", "tcp:", "", "ssh", "udp:dns", "tcp:22:text:x", "udp:-1"}) {
    const auto p = parse_service_port(bad, "--service");
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().code, Errc::bad_input);
    EXPECT_EQ(p.error().message, "--service: '" + std::string(bad) +
                                     "' is not a service port (expected tcp:PORT or udp:PORT, 1-65535)");
  }
}

// One port, not a list: "22,23" and "22 80" once passed as port 22 (the text was parsed as a sequence and
// its first knock taken).
TEST(ServicePort, RejectsMoreThanOnePort) {
  EXPECT_FALSE(parse_service_port("22,23", "--service"));
  EXPECT_FALSE(parse_service_port("22 80", "--service"));
  EXPECT_FALSE(parse_service_port("udp:53,54", "--service"));
  EXPECT_FALSE(parse_tcp_port("8291 1337", "--verify"));
  EXPECT_EQ(parse_service_port("22,23", "--protect").error().message,
            "--protect: '22,23' is more than one port (give each port on its own)");
}

TEST(ServicePort, TcpPortsForVerify) {
  EXPECT_EQ(*parse_tcp_port("8291", "--verify"), 8291);
  EXPECT_EQ(*parse_tcp_port("tcp:22", "--verify"), 22);
  for (const char* bad : {"udp:53", "0", "tcp:70000", "ssh", ""}) {
    const auto p = parse_tcp_port(bad, "--verify");
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().code, Errc::bad_input);
    EXPECT_EQ(p.error().message,
              "--verify: '" + std::string(bad) + "' is not a TCP port (expected PORT or tcp:PORT, 1-65535)");
  }
}

TEST(Duration, ParsesRouterOsForms) {
  EXPECT_EQ(*parse_routeros_duration("15s"), 15s);
  EXPECT_EQ(*parse_routeros_duration("3h"), 3h);
  EXPECT_EQ(*parse_routeros_duration("1d2h3m4s"), 26h + 3min + 4s);
  EXPECT_EQ(*parse_routeros_duration("4w2d"), std::chrono::hours(24 * 30));
  EXPECT_EQ(*parse_routeros_duration("00:00:45"), 45s);
  EXPECT_EQ(*parse_routeros_duration("1d00:01:00"), 24h + 1min);
  EXPECT_EQ(*parse_routeros_duration("90"), 90s);
  EXPECT_EQ(*parse_routeros_duration("500ms"), 500ms);
  EXPECT_EQ(*parse_routeros_duration("35w3d13h13m56s"), kMaxListTimeout);
  EXPECT_FALSE(parse_routeros_duration("35w3d13h13m57s"));
  EXPECT_FALSE(parse_routeros_duration("1y"));
  EXPECT_FALSE(parse_routeros_duration("00:61:00"));
  EXPECT_EQ(format_routeros_duration(26h + 3min + 4s), "1d2h3m4s");
}

}  // namespace
}  // namespace knock::core
