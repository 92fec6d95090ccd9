#pragma once
// What the tests of the profile file and of the formats profiles travel in share: a profile with every field
// set, a document that must parse, and a Profile printed as its TOML when an expectation fails.
#include <ostream>
#include <string_view>

#include <gtest/gtest.h>

#include "knock/profiles/profile.hpp"

namespace knock::profiles {

inline void PrintTo(const Profile& p, std::ostream* os) {
  *os << "\n" << format_profile(p) << "\n";
}

namespace test {

inline Profile full() {
  using namespace std::chrono_literals;
  Profile p;
  p.name = "office-1";
  p.host = "router.example.net";
  p.sequence = "tcp:1337 wait:1s udp:17954:text:open-sesame icmp:98";
  p.delay = 200ms;
  p.family = core::Family::v6;
  p.source = "::1";
  p.verify_port = 8291;
  p.verify_timeout = 1500ms;
  p.retries = 4;
  p.reknock = true;
  p.launch = "ssh -p {port} 'admin user'@{ip}";
  p.group = "hq";
  p.tags = {"mikrotik", "main"};
  p.notes = "line one\nline \"two\"";
  p.protect = {{6, 8291}, {6, 22}};
  p.timeouts = {15s, 3h};
  p.list = "Save Haven";
  return p;
}

inline Document parse_ok(std::string_view text) {
  auto d = parse_document(text, "profiles.toml");
  EXPECT_TRUE(d) << (d ? "" : d.error().message);
  return d ? *d : Document{};
}

}  // namespace test
}  // namespace knock::profiles
