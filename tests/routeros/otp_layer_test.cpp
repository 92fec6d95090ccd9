// The one-time knock layer's script (otp_layer.cpp): what generate_otp_layer refuses, what the script says,
// importing it again, removing it and revoking one client, the IPv6 twin; set_timeouts and client names.
#include <functional>

#include <gtest/gtest.h>

#include "knock/routeros/otp_layer.hpp"
#include "otp_sim.hpp"

namespace knock::test {
namespace {

using routeros::Family;

TEST(OtpLayer, ImportingAgainReplacesTheLayer) {
  const std::string script = layer({client("alice", kKeyA)});
  OtpSim once(script, kWindowStart);
  OtpSim twice(script + script, kWindowStart);
  EXPECT_EQ(once.im.config.rules(Family::v4).size(), twice.im.config.rules(Family::v4).size());
  EXPECT_EQ(once.im.scripting.schedulers(), twice.im.scripting.schedulers());
  OtpSim gone(script + routeros::otp_removal(true), kWindowStart);
  EXPECT_TRUE(gone.im.config.rules(Family::v4).empty());
  EXPECT_EQ(gone.im.scripting.schedulers(), 0u);
}

TEST(OtpLayer, RevokingOneClientLeavesTheOthers) {
  const std::string script = layer({client("alice", kKeyA), client("bob", kKeyB)});
  OtpSim r(script + routeros::otp_revocation("alice", false), kWindowStart - 10s);
  r.boot();
  r.next_window();
  r.knock(kKeyA, ip("192.0.2.7"));
  r.knock(kKeyB, ip("192.0.2.8"));
  r.wait(1s);
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
  EXPECT_TRUE(r.connects(ip("192.0.2.8"))) << r.all_log();
  EXPECT_EQ(r.rule("knock-otp:alice:s0:2"), nullptr);
}

TEST(OtpLayer, TheIpv6TwinLetsInIpv6Knocks) {
  Armed r(layer({client("alice", kKeyA)}, 30s, 2, true));
  r.knock(kKeyA, ip("2001:db8::7"));
  r.wait(1s);
  EXPECT_TRUE(r.logged("let in 2001:db8::7")) << r.all_log();
  EXPECT_TRUE(r.connects(ip("2001:db8::7")));
  EXPECT_FALSE(r.connects(ip("192.0.2.7")));
}

TEST(OtpLayer, RefusesToProtectAPortWhereKnockPortsAreDerived) {
  routeros::OtpLayerOptions o;
  o.clients = {client("alice", kKeyA)};
  o.protect = {{6, 30000}};
  auto g = routeros::generate_otp_layer(o);
  ASSERT_FALSE(g);
  EXPECT_NE(g.error().message.find("--protect tcp:30000: one-time knock ports are derived in 20000-59999"),
            std::string::npos)
      << g.error().message;
}

TEST(OtpLayer, RefusesTwoClientsWithOneSecret) {
  routeros::OtpLayerOptions o;
  o.clients = {client("alice", kKeyA), client("bob", kKeyA)};
  o.protect = {{6, 8291}};
  auto g = routeros::generate_otp_layer(o);
  ASSERT_FALSE(g);
  EXPECT_NE(g.error().message.find("same secret"), std::string::npos) << g.error().message;
}

TEST(OtpLayer, TheScriptSaysItHoldsTheSecrets) {
  const std::string s = layer({client("alice", kKeyA)});
  EXPECT_NE(s.find("THIS SCRIPT HOLDS THE CLIENTS' SECRETS"), std::string::npos);
  EXPECT_NE(s.find("RouterOS 7.12+"), std::string::npos);
}

TEST(OtpLayer, RefusesOptionsOutsideWhatItCanGenerate) {
  const auto refused = [](const std::function<void(routeros::OtpLayerOptions&)>& change,
                          const std::string& why) {
    routeros::OtpLayerOptions o;
    o.clients = {client("alice", kKeyA)};
    o.protect = {{6, 8291}};
    change(o);
    auto g = routeros::generate_otp_layer(o);
    ASSERT_FALSE(g) << why;
    EXPECT_NE(g.error().message.find(why), std::string::npos) << g.error().message;
  };
  refused([](auto& o) { o.clients.clear(); }, "give at least one client's secret");
  refused([](auto& o) { o.protect.clear(); }, "give at least one port to open");
  refused([](auto& o) { o.knocks = 1; }, "--otp-knocks: 1 is outside 2-8");
  refused([](auto& o) { o.knocks = 9; }, "--otp-knocks: 9 is outside 2-8");
  refused([](auto& o) { o.access = core::Duration{0}; }, "--timeouts: outside what RouterOS allows");
  refused([](auto& o) { o.clients.push_back(client("alice", kKeyB)); }, "two clients are named alice");
  refused([](auto& o) { o.clients = {client("al-ice", kKeyA)}; }, "client name 'al-ice' must be 1-32");
}

TEST(OtpLayer, SetTimeoutsTakesStageAndAccess) {
  routeros::OtpLayerOptions o;
  ASSERT_TRUE(routeros::set_timeouts(o, {}, "--timeouts"));
  EXPECT_EQ(o.stage_timeout, core::Duration(15s));
  EXPECT_EQ(o.access, core::Duration(3h));
  ASSERT_TRUE(routeros::set_timeouts(o, {10s}, "--timeouts"));
  EXPECT_EQ(o.stage_timeout, core::Duration(10s));
  EXPECT_EQ(o.access, core::Duration(3h));
  ASSERT_TRUE(routeros::set_timeouts(o, {5s, 1h}, "--timeouts"));
  EXPECT_EQ(o.stage_timeout, core::Duration(5s));
  EXPECT_EQ(o.access, core::Duration(1h));
  auto three = routeros::set_timeouts(o, {1s, 2s, 3s}, "the profile's timeouts");
  ASSERT_FALSE(three);
  EXPECT_EQ(three.error().message,
            "the profile's timeouts: a one-time knock takes STAGE,ACCESS (e.g. 15s,3h)");
}

TEST(OtpLayer, ClientNamesAreMadeAndChecked) {
  EXPECT_EQ(routeros::otp_client_name_of("laptop-alice"), "laptop_alice");
  EXPECT_EQ(routeros::otp_client_name_of(std::string(40, 'x')), std::string(32, 'x'));
  ASSERT_TRUE(routeros::otp_client_name("alice_2", "--otp"));
  EXPECT_EQ(*routeros::otp_client_name("alice_2", "--otp"), "alice_2");
  for (const std::string& bad : std::vector<std::string>{"", "a b", "al-ice", std::string(33, 'a')}) {
    auto n = routeros::otp_client_name(bad, "--otp");
    ASSERT_FALSE(n) << bad;
    EXPECT_NE(n.error().message.find("--otp: client name '" + bad + "' must be 1-32 letters, digits or _"),
              std::string::npos);
  }
}

TEST(OtpLayer, RemovalAndRevocationTouchIpv6OnlyWhenAsked) {
  EXPECT_EQ(routeros::otp_removal(false).find("/ipv6"), std::string::npos);
  EXPECT_NE(routeros::otp_removal(true).find("/ipv6 firewall filter remove"), std::string::npos);
  const std::string revoke = routeros::otp_revocation("alice", true);
  EXPECT_NE(revoke.find("name=\"knock-otp-key-alice\""), std::string::npos) << revoke;
  EXPECT_NE(revoke.find("/ipv6 firewall address-list remove [find where list~\"^knock-otp-alice-\"]"),
            std::string::npos)
      << revoke;
  EXPECT_EQ(routeros::otp_revocation("alice", false).find("/ipv6"), std::string::npos);
}

TEST(OtpLayer, AShortWindowIsWarnedAbout) {
  routeros::OtpLayerOptions o;
  o.clients = {client("alice", kKeyA)};
  o.protect = {{6, 8291}};
  auto normal = routeros::generate_otp_layer(o);
  ASSERT_TRUE(normal) << normal.error().message;
  EXPECT_TRUE(normal->warnings.empty());
  o.window = 5s;
  auto g = routeros::generate_otp_layer(o);
  if (!g) GTEST_SKIP() << "a 5 s window is refused: " << g.error().message;
  ASSERT_FALSE(g->warnings.empty());
  EXPECT_NE(g->warnings.front().find("short windows"), std::string::npos);
}

}  // namespace
}  // namespace knock::test
