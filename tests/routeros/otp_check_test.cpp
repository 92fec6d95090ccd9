// routeros check --otp (otp_check.cpp): the export's router booted on a virtual clock before the knock,
// the knock of the request's window sent, the connection tried after the next poll, and what it says.
#include <gtest/gtest.h>

#include "knock/routeros/otp_check.hpp"
#include "otp_sim.hpp"

namespace knock::test {
namespace {

routeros::OtpCheckRequest check_request(const std::string& key, SysTime at) {
  routeros::OtpCheckRequest q;
  q.key = core::SecretString(key);
  q.at = at;
  q.from = ip("192.0.2.7");
  return q;
}

TEST(OtpCheck, TheGenuineKnockAtTimeIsGranted) {
  const std::string script = "/system ntp client set enabled=yes\n" + layer({client("alice", kKeyA)});
  auto r = routeros::check_otp(script, check_request(kKeyA, kWindowStart + 12s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->check.granted) << r->check.explanation.front();
  EXPECT_EQ(r->window, 56666666);
  EXPECT_EQ(r->check.steps.front().packet.dst_port, 41401) << "docs/otp.md's first port";
  EXPECT_TRUE(r->check.warnings.empty()) << r->check.warnings.front();
}

TEST(OtpCheck, AClientAheadIsDeniedAndSaysWhatToSuspect) {
  auto q = check_request(kKeyA, kWindowStart + 12s);
  q.client_ahead = 40s;
  auto r = routeros::check_otp(layer({client("alice", kKeyA)}), q);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->check.granted);
  EXPECT_NE(r->check.explanation.front().find("had not armed that window"), std::string::npos)
      << r->check.explanation.front();
}

TEST(OtpCheck, AnUnknownSecretOrNoLayerIsSaidSo) {
  auto r = routeros::check_otp(layer({client("alice", kKeyA)}), check_request(kKeyB, kWindowStart));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->check.granted);
  EXPECT_NE(r->check.explanation.front().find("no knock-otp-key-* script"), std::string::npos);
  auto none = routeros::check_otp("/ip firewall filter add chain=input action=drop\n",
                                  check_request(kKeyA, kWindowStart));
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_NE(none->check.explanation.front().find("no one-time knock layer"), std::string::npos);
}

TEST(OtpCheck, WarnsWhenTheExportHasNoNtpClient) {
  auto r = routeros::check_otp(layer({client("alice", kKeyA)}), check_request(kKeyA, kWindowStart));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->check.warnings.empty());
  EXPECT_NE(r->check.warnings.front().find("no enabled /system ntp client"), std::string::npos);
}

TEST(OtpCheck, TheResultKeepsTheRoutersLogAndWhenItBooted) {
  auto q = check_request(kKeyA, kWindowStart + 12s);
  auto r = routeros::check_otp(layer({client("alice", kKeyA)}), q);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->check.granted);
  EXPECT_LT(r->boot, q.at);
  EXPECT_EQ(r->protect.port, 8291);
  bool let_in = false;
  for (const auto& l : r->log)
    let_in |= l.text.find("alice let in 192.0.2.7") != std::string::npos;
  EXPECT_TRUE(let_in);
  ASSERT_NE(r->config, nullptr);
}

}  // namespace
}  // namespace knock::test
