// routeros/src/explain.cpp, through check: why a source was not on an address list when it needed to be
// (knocks in the wrong order, an entry that expired, a missing step, a rule above that decided first, a list
// nobody adds to, a raw drop), in words a user can act on.
#include <string>

#include <gtest/gtest.h>

#include "check_requests.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::all;
using test::config;
using test::example;
using test::kSeedRules;
using test::run;
using test::says;

TEST(CheckSeed, TheWrongOrderIsDeniedAndSaysSo) {
  const CheckResult r = run(example("seed.rsc"), {"udp:17954 tcp:1337"});
  EXPECT_FALSE(r.granted);
  EXPECT_TRUE(says(r, "dropped by rule #3 \"Drop Everything Else\""));
  EXPECT_TRUE(says(r, "the knocks are in the wrong order")) << all(r.explanation);
}

TEST(CheckSeed, ASecondKnockAfterTheStageTimeoutIsDenied) {
  const Config c = example("seed.rsc");
  EXPECT_TRUE(run(c, {"tcp:1337 udp:17954", 14999ms}).granted);
  const CheckResult late = run(c, {"tcp:1337 udp:17954", 15s});
  EXPECT_FALSE(late.granted);
  EXPECT_TRUE(says(late, "expired at +15s, before step 2 udp:17954 at +15s")) << all(late.explanation);
}

TEST(CheckSeed, AMissingStepIsNamed) {
  const CheckResult r = run(example("seed.rsc"), {"udp:17954"});
  EXPECT_FALSE(r.granted);
  EXPECT_TRUE(
      says(r, "no knock matches it (it wants protocol=tcp dst-port=1337): a step is missing or wrong"));
}

TEST(CheckPitfalls, AKnockRuleBelowADropNeverSeesTheKnock) {
  auto c = load_config(
      "/ip firewall filter\n"
      "add chain=input action=accept src-address-list=ok protocol=tcp dst-port=22\n"
      "add chain=input action=drop\n"
      "add chain=input action=add-src-to-address-list address-list=ok address-list-timeout=1h "
      "protocol=udp dst-port=4000\n");
  const CheckResult r = run(*c, {"udp:4000", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_FALSE(r.granted);
  EXPECT_TRUE(says(r,
                   "rule #2 (add-src-to-address-list ok) never saw step 1 udp:4000: rule #1 (drop) above it "
                   "dropped the packet first; move the knock rules above it"))
      << all(r.explanation);
}

TEST(CheckPitfalls, AListNobodyAddsToIsNamed) {
  auto c = load_config(
      "/ip firewall filter\n"
      "add chain=input action=add-src-to-address-list address-list=Safe-Haven address-list-timeout=1h "
      "protocol=udp dst-port=1\n"
      "add chain=input action=accept src-address-list=Save-Haven protocol=tcp dst-port=22\n"
      "add chain=input action=drop\n");
  const CheckResult r = run(*c, {"udp:1", 0s, "127.0.0.1", "tcp:22"});
  EXPECT_TRUE(says(r, "no enabled rule adds the source address to \"Save-Haven\"")) << all(r.explanation);
}

TEST(CheckRaw, ARawDropThatEatsAKnockStageIsNamed) {
  const Config c = config(
      "/ip firewall raw add chain=prerouting action=drop protocol=tcp dst-port=1000-1999 "
      "comment=\"no probes\"\n" +
      std::string(kSeedRules));
  const CheckResult r = run(c, {"tcp:1337 udp:17954"});
  EXPECT_FALSE(r.granted);
  EXPECT_TRUE(
      says(r,
           "rule #0 \"Knock 1\" (add-src-to-address-list knock-knock) never saw step 1 tcp:1337: raw rule #0 "
           "\"no probes\" (drop) dropped it in prerouting; the raw table runs before nat and filter"))
      << all(r.explanation);
}

}  // namespace
}  // namespace knock::routeros
