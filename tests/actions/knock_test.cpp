// Jobs from profiles and ad-hoc command lines: the settings, the overrides over them, the launch command.
#include "knock/actions/knock.hpp"

#include "fixture.hpp"
#include "knock/actions/edit.hpp"

namespace knock::actions {
namespace {

using namespace std::chrono_literals;
using test::Fixture;

profiles::Profile full() {
  profiles::Profile p = test::profile("office-1", "tcp:1337 wait:1s udp:17954:text:open-sesame icmp:98");
  p.host = "router.example.net";
  p.delay = 200ms;
  p.family = core::Family::v6;
  p.verify_port = 8291;
  p.verify_timeout = 1500ms;
  p.retries = 4;
  p.reknock = true;
  p.launch = "ssh -p {port} 'admin user'@{ip}";
  return p;
}

TEST(KnockJob, AProfileCarriesItsSettings) {
  Fixture f("settings");
  auto job = unlocked_job(f.ctx, full(), {}, {});
  ASSERT_TRUE(job) << job.error().message;
  const core::KnockRequest& r = job->request;
  EXPECT_EQ(r.host, "router.example.net");
  EXPECT_EQ(r.sequence.knocks.size(), 3u);
  EXPECT_EQ(r.options.delay, 200ms);
  EXPECT_EQ(r.options.family, core::Family::v6);
  ASSERT_TRUE(r.options.verify);
  EXPECT_EQ(r.options.verify->port, 8291);
  EXPECT_EQ(r.options.verify->retries, 4);
  EXPECT_TRUE(r.options.verify->reknock);
  EXPECT_TRUE(r.loopback_only);
  EXPECT_EQ(job->command, (std::vector<std::string>{"ssh", "-p", "{port}", "admin user@{ip}"}));
}

TEST(KnockJob, OverridesGoOverTheProfile) {
  Fixture f("overrides");
  Overrides o;
  o.delay = 0ms;
  o.family = core::Family::v4;
  o.verify_timeout = 3s;
  o.retries = 0;
  auto job = unlocked_job(f.ctx, full(), o, {Launch::Use::given, {"echo", "{ip}"}});
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(job->request.options.delay, 0ms);
  EXPECT_EQ(job->request.options.family, core::Family::v4);
  EXPECT_EQ(job->request.options.verify->timeout, 3s);
  EXPECT_EQ(job->request.options.verify->retries, 0);
  EXPECT_EQ(job->command, (std::vector<std::string>{"echo", "{ip}"}));
}

TEST(KnockJob, ASealedProfileIsUnlockedThroughThePassphraseSource) {
  Fixture f("sealed");
  Changes c;
  c.host = "127.0.0.1";
  c.sequence = *core::parse_sequence(std::string_view("udp:9"));
  c.sealing = Sealing::seal;
  f.passphrase->choose = "right";
  auto added = add(f.ctx, "s", c);
  ASSERT_TRUE(added) << added.error().message;
  auto doc = f.ctx.store().load();
  ASSERT_TRUE(doc && doc->find("s") && doc->find("s")->locked());
  auto job = profile_job(f.ctx, *doc->find("s"), {}, {});
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(job->request.sequence.knocks.front().port, 9);
  f.passphrase->unlock = "wrong";
  auto refused = profile_job(f.ctx, *doc->find("s"), {}, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::store);
  auto still_locked = unlocked_job(f.ctx, *doc->find("s"), {}, {});
  EXPECT_EQ(still_locked.error().code, core::Errc::internal);
}

TEST(KnockJob, TheLaunchTemplateIsCheckedBeforeAnythingIsSent) {
  Fixture f("template");
  auto job =
      adhoc_job(f.ctx, "127.0.0.1", *core::parse_sequence(std::string_view("udp:9")), {}, {"ssh", "{nope}"});
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code, core::Errc::bad_input);
  profiles::Profile none = test::profile("none", "udp:9");
  auto open = unlocked_job(f.ctx, none, {}, {Launch::Use::profile_required, {}});
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("has no launch command"), std::string::npos);
  EXPECT_TRUE(unlocked_job(f.ctx, none, {}, {Launch::Use::profile_if_set, {}}));
}

TEST(KnockJob, TheLaunchCommandGetsTheAddressThatGotIn) {
  Fixture f("argv");
  auto job = unlocked_job(f.ctx, full(), {}, {});
  ASSERT_TRUE(job);
  core::Outcome granted;
  granted.address = boost::asio::ip::make_address("::1");
  auto argv = launch_argv(*job, granted);
  ASSERT_TRUE(argv);
  EXPECT_EQ(*argv, (std::vector<std::string>{"ssh", "-p", "8291", "admin user@::1"}));
  core::Outcome failed{core::Errc::not_verified, "no"};
  failed.address = granted.address;
  EXPECT_TRUE(launch_argv(*job, failed)->empty());
}

}  // namespace
}  // namespace knock::actions
