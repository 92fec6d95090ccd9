// Knock on Ports export files, in both directions: what the Android app writes (version 1 of its 2.x, and the
// bare array of its 1.x) becomes profiles, ours become a file it reads, and what cannot go across is said.
#include <gtest/gtest.h>

#include "knock/profiles/interchange.hpp"

namespace knock::profiles {
namespace {

Profile office() {
  Profile p;
  p.name = "office";
  p.host = "router.example.net";
  p.sequence = "tcp:1337 wait:1s udp:17954:text:open-sesame udp:4000:hex:00ff icmp:98 connect:22:text:x";
  p.delay = std::chrono::milliseconds(500);
  p.family = core::Family::v6;
  p.verify_port = 8291;
  p.verify_timeout = std::chrono::seconds(3);
  p.retries = 1;
  p.group = "hq";
  p.launch = "winbox {ip}";
  return p;
}

TEST(KnockOnPorts, WhatTheAppWritesBecomesAProfile) {
  // As the app's 2.0.14 writes it (impalex/knockonports, data/json/SequenceEntryData.kt and
  // SequenceStepData.kt).
  const char* file =
      R"({"version":1,"sequences":[{"name":"my router","host":"example.com","delay":100,"icmp_type":"with_ip_header",)"
      R"("ipv":"only_ipv4","ttl":64,"checkAccess":true,"check_type":"PORT","check_port":8291,"check_timeout":5,)"
      R"("steps":[{"type":"tcp","port":1337,"content":"","encoding":"raw"},)"
      R"({"type":"udp","port":17954,"content":"open-sesame","encoding":"raw"},)"
      R"({"type":"udp","port":4000,"content":"AP8=","encoding":"base64"},{"type":"icmp","icmp_size":70,"icmp_count":2}]}]})";
  auto got = import_knockonports(file, "kop.json");
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->profiles.size(), 1u);
  const Profile& p = got->profiles.front();
  EXPECT_EQ(p.name, "my-router");
  EXPECT_EQ(p.host, "example.com");
  EXPECT_EQ(p.sequence.view(), "tcp:1337 udp:17954:text:open-sesame udp:4000:b64:AP8= icmp:78 icmp:78");
  EXPECT_EQ(p.delay, std::chrono::milliseconds(100));
  EXPECT_EQ(p.family, core::Family::v4);
  EXPECT_EQ(p.verify_port, 8291);
  EXPECT_EQ(p.verify_timeout, std::chrono::seconds(5));
  ASSERT_EQ(got->notes.size(), 1u);
  EXPECT_EQ(got->notes.front(), "my-router: ttl left out (knock has no such setting)");
}

TEST(KnockOnPorts, TheOneXArrayWithNumbersForNamesIsReadToo) {
  const char* file =
      R"([{"name":"old","host":"h.example","delay":0,"localPort":5000,)"
      R"("steps":[{"type":1,"port":7000},{"type":0,"port":8000,"content":"6869","encoding":2}]}])";
  auto got = import_knockonports(file, "old.json");
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->profiles.size(), 1u);
  EXPECT_EQ(got->profiles.front().sequence.view(), "tcp:7000 udp:8000:hex:6869");
}

TEST(KnockOnPorts, OursGoAcrossAndBackAndWhatCannotIsSaid) {
  std::vector<std::string> notes;
  auto file = export_knockonports({office()}, notes);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_NE(
      file->find(R"({"version":1,"sequences":[{"name":"office","host":"router.example.net","delay":500)"),
      std::string::npos)
      << *file;
  EXPECT_NE(file->find(R"("check_port":8291)"), std::string::npos) << *file;
  std::string said;
  for (const auto& n : notes)
    said += n + "\n";
  EXPECT_NE(said.find("wait:1s has no place"), std::string::npos) << said;
  EXPECT_NE(said.find("the payload of connect:22"), std::string::npos) << said;
  EXPECT_NE(said.find("launch command stays here"), std::string::npos) << said;

  auto back = import_knockonports(*file, "ours.json");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->profiles.size(), 1u);
  const Profile& p = back->profiles.front();
  EXPECT_EQ(p.sequence.view(), "tcp:1337 udp:17954:text:open-sesame udp:4000:b64:AP8= icmp:98 tcp:22");
  EXPECT_EQ(p.delay, std::chrono::milliseconds(500));
  EXPECT_EQ(p.family, core::Family::v6);
  EXPECT_EQ(p.verify_port, 8291);
  EXPECT_EQ(p.retries, 1);
  EXPECT_EQ(p.group, "hq");
}

TEST(KnockOnPorts, AOneTimeProfileIsLeftOutWithAWord) {
  Profile p = office();
  p.sequence.clear();
  p.otp = OneTime{};
  std::vector<std::string> notes;
  auto file = export_knockonports({p}, notes);
  ASSERT_TRUE(file);
  EXPECT_EQ(*file, "{\"version\":1,\"sequences\":[]}\n");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes.front().find("one-time knock"), std::string::npos);
}

TEST(KnockOnPorts, BadFilesAreSaidToBe) {
  for (const auto& [text, words] : std::vector<std::pair<std::string, std::string>>{
           {R"({"version":2,"sequences":[]})", "export version 2"},
           {R"({"sequences":[]})", "no \"version\""},
           {R"({"version":1})", "no \"sequences\" array"},
           {R"({"version":1,"sequences":[{"name":"x","host":"h","steps":[{"type":"sctp","port":1}]}]})", ""},
           {"[", "kop.json"},
       }) {
    auto got = import_knockonports(text, "kop.json");
    if (words.empty()) {  // a sequence that cannot be ours is skipped, with its reason
      ASSERT_TRUE(got) << got.error().message;
      ASSERT_EQ(got->skipped.size(), 1u);
      EXPECT_NE(got->skipped.front().find("type 'sctp'"), std::string::npos) << got->skipped.front();
      continue;
    }
    ASSERT_FALSE(got) << text;
    EXPECT_NE(got.error().message.find(words), std::string::npos) << got.error().message;
  }
}

}  // namespace
}  // namespace knock::profiles
