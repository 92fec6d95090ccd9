// Many profiles at once: one passphrase for the sealed ones, and one that cannot start stops no other.
#include "knock/actions/fleet.hpp"

#include "fixture.hpp"
#include "knock/actions/edit.hpp"
#include "knock/actions/lookup.hpp"

namespace knock::actions {
namespace {

using test::Fixture;

TEST(Fleet, OneWrongPassphraseFailsThatProfileAndTheOthersAreKnocked) {
  Fixture f("fleet");
  for (const char* name : {"a", "b"}) {
    Changes c;
    c.host = "127.0.0.1";
    c.group = "hq";
    c.sequence = *core::parse_sequence(std::string_view("udp:9"));
    ASSERT_TRUE(add(f.ctx, name, c));
  }
  Changes sealed;
  sealed.host = "127.0.0.1";
  sealed.group = "hq";
  sealed.sequence = *core::parse_sequence(std::string_view("udp:9"));
  sealed.sealing = Sealing::seal;
  f.passphrase->choose = "right";
  ASSERT_TRUE(add(f.ctx, "s", sealed));
  f.passphrase->unlock = "wrong";
  f.passphrase->asked = 0;
  auto doc = load(f.ctx);
  auto chosen = select(*doc, {}, "hq");
  ASSERT_TRUE(chosen);
  Overrides dry;
  dry.dry_run = true;  // plans, sends nothing
  const auto results = knock_fleet(f.ctx, fleet_jobs(f.ctx, *chosen, dry), 8, false);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(f.passphrase->asked, 1);
  int ok = 0, failed = 0;
  for (const auto& r : results) {
    if (r.outcome.status == core::Errc::ok) ++ok;
    if (r.profile == "s") {
      ++failed;
      EXPECT_EQ(r.outcome.status, core::Errc::store);
      EXPECT_NE(r.outcome.message.find("wrong passphrase"), std::string::npos);
    }
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(failed, 1);
}

}  // namespace
}  // namespace knock::actions
