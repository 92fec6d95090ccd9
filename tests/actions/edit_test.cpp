// Changing profiles through the shared layer: one validation, sealing and re-sealing, nothing written for
// nothing.
#include "knock/actions/edit.hpp"

#include <fstream>
#include <sstream>

#include "fixture.hpp"
#include "knock/actions/lookup.hpp"

namespace knock::actions {
namespace {

using test::Fixture;

Changes host_and_sequence(const std::string& seq) {
  Changes c;
  c.host = "127.0.0.1";
  c.sequence = *core::parse_sequence(std::string_view(seq));
  return c;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Edit, AddValidatesOnceAndNamesTheProblem) {
  Fixture f("add");
  Changes no_host;
  no_host.sequence = *core::parse_sequence(std::string_view("tcp:1"));
  auto r = add(f.ctx, "a", no_host);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "profile 'a': no host (set one with --host)");
  EXPECT_TRUE(add(f.ctx, "a", host_and_sequence("tcp:1")));
  auto again = add(f.ctx, "a", host_and_sequence("tcp:1"));
  EXPECT_NE(again.error().message.find("a profile named 'a' exists"), std::string::npos);
  EXPECT_NE(add(f.ctx, "bad name", host_and_sequence("tcp:1")).error().message.find("is not valid"),
            std::string::npos);
}

TEST(Edit, ANewProfileKnocksHalfASecondApartUnlessToldOtherwise) {
  Fixture f("delay");
  ASSERT_TRUE(add(f.ctx, "a", host_and_sequence("tcp:1 udp:2")));
  Changes none = host_and_sequence("tcp:1 udp:2");
  none.delay = core::Duration{0};
  ASSERT_TRUE(add(f.ctx, "b", none));
  auto doc = load(f.ctx);
  ASSERT_TRUE(doc);
  EXPECT_EQ((*find(*doc, "a"))->delay, std::chrono::milliseconds(500));
  EXPECT_EQ((*find(*doc, "b"))->delay, core::Duration{0}) << "--delay 0 is kept";
  EXPECT_NE(slurp(f.ctx.store().path()).find("delay = '500ms'"), std::string::npos) << "written, not implied";
}

TEST(Edit, AnEditThatChangesNothingWritesNothing) {
  Fixture f("noop");
  ASSERT_TRUE(add(f.ctx, "a", host_and_sequence("tcp:1")));
  const auto file = f.ctx.store().path();
  const auto bak = std::filesystem::path(file.string() + ".bak");
  std::filesystem::remove(bak);
  Changes same;
  same.host = "127.0.0.1";
  ASSERT_TRUE(edit(f.ctx, "a", same));
  EXPECT_FALSE(std::filesystem::exists(bak)) << "the file was rewritten (and backed up) for no change";
  Changes other;
  other.host = "127.0.0.2";
  ASSERT_TRUE(edit(f.ctx, "a", other));
  EXPECT_TRUE(std::filesystem::exists(bak));
  EXPECT_NE(slurp(file).find("127.0.0.2"), std::string::npos);
}

TEST(Edit, SealingUnsealingAndANewSequenceForASealedProfile) {
  Fixture f("seal");
  Changes c = host_and_sequence("udp:1111");
  c.sealing = Sealing::seal;
  f.passphrase->choose = "right";
  ASSERT_TRUE(add(f.ctx, "s", c));
  EXPECT_EQ(slurp(f.ctx.store().path()).find("1111"), std::string::npos);
  Changes reseq;
  reseq.sequence = *core::parse_sequence(std::string_view("udp:2222"));
  ASSERT_TRUE(edit(f.ctx, "s", reseq));  // sealed again with the passphrase that opened it
  auto doc = load(f.ctx);
  ASSERT_TRUE(doc);
  auto open = unlock(f.ctx, *doc->find("s"));
  ASSERT_TRUE(open) << open.error().message;
  EXPECT_EQ(open->sequence.view(), "udp:2222");
  Changes twice;
  twice.sealing = Sealing::seal;
  EXPECT_NE(edit(f.ctx, "s", twice).error().message.find("is sealed already"), std::string::npos);
  Changes clear;
  clear.sealing = Sealing::unseal;
  ASSERT_TRUE(edit(f.ctx, "s", clear));
  EXPECT_NE(slurp(f.ctx.store().path()).find("udp:2222"), std::string::npos);
}

TEST(Edit, ChangingThePassphraseReallyChangesIt) {
  Fixture f("rekey");
  Changes c = host_and_sequence("udp:1111");
  c.sealing = Sealing::seal;
  f.passphrase->choose = "right";
  ASSERT_TRUE(add(f.ctx, "s", c));
  Changes rekey;
  rekey.sealing = Sealing::change_passphrase;
  f.passphrase->choose = "right";
  auto same = edit(f.ctx, "s", rekey);
  ASSERT_FALSE(same) << "a new passphrase that is the old one is refused, not a silent no-op";
  EXPECT_NE(same.error().message.find("nothing was changed"), std::string::npos);
  f.passphrase->choose = "other";
  ASSERT_TRUE(edit(f.ctx, "s", rekey));
  auto doc = load(f.ctx);
  EXPECT_FALSE(unlock_with(*doc->find("s"), "right"));
  auto open = unlock_with(*doc->find("s"), "other");
  ASSERT_TRUE(open);
  EXPECT_EQ(open->sequence.view(), "udp:1111");
}

TEST(Edit, WhatAnEditorChangedIsAllThatChanges) {
  profiles::Profile before = test::profile("a", "tcp:1");
  profiles::Profile after = before;
  after.group = "hq";
  after.protect = {{6, 22}};
  const Changes c = Changes::between(before, after);
  EXPECT_EQ(c.group, std::optional<std::string>("hq"));
  ASSERT_TRUE(c.protect);
  EXPECT_FALSE(c.host || c.sequence || c.delay || c.launch);
  EXPECT_TRUE(Changes::between(before, before).empty());
}

TEST(Edit, RenameCopyRemoveAndImport) {
  Fixture f("names");
  ASSERT_TRUE(add(f.ctx, "a", host_and_sequence("tcp:1")));
  ASSERT_TRUE(copy(f.ctx, "a", "b"));
  ASSERT_TRUE(rename(f.ctx, "b", "c"));
  EXPECT_NE(rename(f.ctx, "a", "c").error().message.find("a profile named 'c' exists"), std::string::npos);
  EXPECT_NE(remove(f.ctx, "b").error().message.find("no profile named 'b'"), std::string::npos);
  ASSERT_TRUE(remove(f.ctx, "a"));
  profiles::Profile imported = test::profile("c", "udp:5");
  EXPECT_NE(import_profiles(f.ctx, {imported}, false).error().message.find("use --replace"),
            std::string::npos);
  ASSERT_TRUE(import_profiles(f.ctx, {imported}, true));
  auto doc = load(f.ctx);
  ASSERT_EQ(doc->profiles.size(), 1u);
  EXPECT_EQ(doc->profiles[0].sequence.view(), "udp:5");
}

}  // namespace
}  // namespace knock::actions
