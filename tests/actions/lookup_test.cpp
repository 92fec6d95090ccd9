// Finding profiles by name or group, and opening sealed ones: through the context's passphrase source, or
// with a passphrase at hand.
#include "knock/actions/lookup.hpp"

#include <fstream>

#include "fixture.hpp"
#include "knock/profiles/secret.hpp"

namespace knock::actions {
namespace {

using test::Fixture;

// a (hq), b (hq), c (no group), d (hq).
profiles::Document lookup_doc() {
  profiles::Document doc;
  for (const char* name : {"a", "b", "c", "d"}) {
    doc.profiles.push_back(test::profile(name, "tcp:1"));
    if (std::string_view(name) != "c") doc.profiles.back().group = "hq";
  }
  return doc;
}

std::vector<std::string> names_of(const std::vector<const profiles::Profile*>& chosen) {
  std::vector<std::string> out;
  for (const auto* p : chosen)
    out.push_back(p->name);
  return out;
}

// The profile with its secret sealed with `passphrase`, as the store holds it.
profiles::Profile sealed_with(profiles::Profile p, const std::string& passphrase) {
  auto sealed = profiles::seal(p.secret().view(), passphrase);
  EXPECT_TRUE(sealed) << sealed.error().message;
  if (sealed) p.sealed = *sealed;
  p.secret().clear();
  return p;
}

struct RefusingPassphrase final : PassphraseSource {
  int asked = 0;
  core::Expected<core::SecretString> get(const PassphraseRequest& r) override {
    ++asked;
    return core::make_error(core::Errc::store, r.subject + ": cancelled");
  }
};

TEST(Fleet, SelectNamesWhatIsMissing) {
  profiles::Document doc;
  doc.profiles.push_back(test::profile("a", "tcp:1"));
  EXPECT_NE(select(doc, {"nope"}, "").error().message.find("no profile named 'nope'"), std::string::npos);
  EXPECT_NE(select(doc, {}, "g").error().message.find("no profiles in group 'g'"), std::string::npos);
  EXPECT_NE(select(doc, {}, "").error().message.find("give --group"), std::string::npos);
  EXPECT_EQ(select(doc, {"a"}, "")->size(), 1u);
}

TEST(Lookup, FindGivesTheProfileOrSaysHowToSeeTheNames) {
  const profiles::Document doc = lookup_doc();
  auto b = find(doc, "b");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(*b, &doc.profiles[1]) << "the document's own profile, not a copy";
  auto none = find(doc, "B");
  ASSERT_FALSE(none) << "names are matched exactly";
  EXPECT_EQ(none.error().code, core::Errc::bad_input);
  EXPECT_EQ(none.error().message, "no profile named 'B' (knock profile list shows them)");
}

TEST(Lookup, SelectTakesTheNamesInTheirOrderThenTheGroupsOthers) {
  const profiles::Document doc = lookup_doc();
  EXPECT_EQ(names_of(*select(doc, {}, "hq")), (std::vector<std::string>{"a", "b", "d"}));
  EXPECT_EQ(names_of(*select(doc, {"d", "c"}, "")), (std::vector<std::string>{"d", "c"}));
  EXPECT_EQ(names_of(*select(doc, {"d", "c"}, "hq")), (std::vector<std::string>{"d", "c", "a", "b"}))
      << "a named member of the group is knocked once";
  auto unknown = select(doc, {"c", "x"}, "hq");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "no profile named 'x' (knock profile list shows them)");
  auto empty = select(doc, {"c"}, "lab");
  ASSERT_FALSE(empty) << "a group with no profiles is an error, names or not";
  EXPECT_EQ(empty.error().message, "no profiles in group 'lab'");
}

// A group whose every profile was also named is not an empty one (`knock run a --group hq` where hq holds
// only a once failed with "no profiles in group 'hq'").
TEST(Lookup, AGroupWhoseProfilesWereAllNamedIsNotEmpty) {
  const profiles::Document doc = lookup_doc();
  auto all_named = select(doc, {"b", "a", "d"}, "hq");
  ASSERT_TRUE(all_named) << all_named.error().message;
  EXPECT_EQ(names_of(*all_named), (std::vector<std::string>{"b", "a", "d"}));
}

TEST(Lookup, LoadReadsTheContextsStore) {
  Fixture f("lookup-load");
  auto nothing = load(f.ctx);
  ASSERT_TRUE(nothing) << nothing.error().message;
  EXPECT_TRUE(nothing->profiles.empty()) << "no file yet: no profiles";
  ASSERT_TRUE(f.ctx.store().update([](profiles::Document& d) {
    d.profiles.push_back(test::profile("a", "udp:5"));
    return core::Status{};
  }));
  auto doc = load(f.ctx);
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->profiles.size(), 1u);
  EXPECT_EQ(doc->profiles.front().sequence.view(), "udp:5");
  std::ofstream(f.ctx.store().path(), std::ios::binary) << "[profiles.a\n";
  auto broken = load(f.ctx);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, core::Errc::store);
}

TEST(Lookup, UnlockAsksThePassphraseOnlyForASealedProfile) {
  Fixture f("lookup-unlock");
  const profiles::Profile clear = test::profile("c", "udp:7");
  auto same = unlock(f.ctx, clear);
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(*same, clear);
  EXPECT_EQ(f.passphrase->asked, 0) << "a clear profile needs no passphrase";
  const profiles::Profile sealed = sealed_with(test::profile("s", "udp:7 tcp:8"), "right");
  ASSERT_TRUE(sealed.locked());
  auto open = unlock(f.ctx, sealed);
  ASSERT_TRUE(open) << open.error().message;
  EXPECT_EQ(f.passphrase->asked, 1);
  EXPECT_EQ(open->sequence.view(), "udp:7 tcp:8");
  EXPECT_FALSE(open->locked());
  EXPECT_EQ(open->sealed, sealed.sealed) << "still sealed at rest: it can be saved again";
  f.passphrase->unlock = "wrong";
  auto refused = unlock(f.ctx, sealed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::Errc::store);
  EXPECT_EQ(refused.error().message, "profile 's': wrong passphrase, or the sealed secret was altered");
}

TEST(Lookup, AnUnlockTheSourceRefusesSaysWhoseIsMissing) {
  auto* source = new RefusingPassphrase;
  Context ctx(profiles::Store(test::fresh_dir("lookup-refused") / "profiles.toml"),
              std::unique_ptr<PassphraseSource>(source), core::steady_clock(), true);
  auto r = unlock(ctx, sealed_with(test::profile("office", "udp:7"), "right"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "profile 'office': cancelled") << "the request names the profile";
  EXPECT_EQ(source->asked, 1);
}

TEST(Lookup, UnlockWithOpensTheSequenceOrTheOneTimeKey) {
  const profiles::Profile clear = test::profile("c", "udp:7");
  EXPECT_EQ(*unlock_with(clear, "anything"), clear);
  const profiles::Profile sealed = sealed_with(test::profile("s", "udp:7"), "right");
  EXPECT_EQ(unlock_with(sealed, "right")->sequence.view(), "udp:7");
  auto wrong = unlock_with(sealed, "Right");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::Errc::store);
  profiles::Profile otp = test::profile("o", "");
  otp.otp = profiles::OneTime{};
  otp.otp_key = "c2VjcmV0IGtleSBvZiB0aGlydHktdHdvIGJ5dGVzISE=";
  const profiles::Profile otp_sealed = sealed_with(otp, "right");
  ASSERT_TRUE(otp_sealed.locked() && otp_sealed.otp_key.empty());
  auto otp_open = unlock_with(otp_sealed, "right");
  ASSERT_TRUE(otp_open) << otp_open.error().message;
  EXPECT_EQ(otp_open->otp_key.view(), "c2VjcmV0IGtleSBvZiB0aGlydHktdHdvIGJ5dGVzISE=");
  EXPECT_TRUE(otp_open->sequence.empty());
}

}  // namespace
}  // namespace knock::actions
