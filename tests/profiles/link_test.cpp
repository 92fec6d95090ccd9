// profiles/src/link.cpp: knock://v1/ links that carry one profile, for another machine or a phone, and what
// import_link says of a damaged, cut-short, foreign or newer one.
#include <gtest/gtest.h>

#include "knock/profiles/interchange.hpp"
#include "knock/profiles/secret.hpp"
#include "profile_fixture.hpp"

namespace knock::profiles {
namespace {

using test::full;

// base64url without padding, as the links carry their JSON.
std::string link_base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned bits = 0;
  int have = 0;
  for (const char c : bytes) {
    bits = (bits << 8) | static_cast<unsigned char>(c);
    have += 8;
    while (have >= 6) {
      have -= 6;
      out.push_back(kAlphabet[(bits >> have) & 63]);
    }
  }
  if (have > 0) out.push_back(kAlphabet[(bits << (6 - have)) & 63]);
  return out;
}

std::string link_refused(std::string_view link) {
  auto got = import_link(link);
  EXPECT_FALSE(got) << "accepted: " << link;
  if (got) return "";
  EXPECT_EQ(got.error().code, core::Errc::bad_input);
  return got.error().message;
}

TEST(Link, AProfileGoesAcrossWhole) {
  const Profile p = full();
  const std::string link = share_link(p);
  EXPECT_EQ(link.rfind("knock://v1/", 0), 0u) << link;
  EXPECT_EQ(link.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                                   std::string("knock://v1/").size()),
            std::string::npos)
      << "base64url without padding: " << link;
  EXPECT_TRUE(is_link(link));
  auto back = import_link(link);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->profiles.size(), 1u);
  EXPECT_EQ(back->profiles.front(), p) << "spaces and quotes inside strings survive the compacted JSON";
}

TEST(Link, ItIsShorterThanTheJsonWithItsWhiteSpace) {
  const Profile p = full();
  const std::string spaced = export_json({p});
  ASSERT_NE(spaced.find('\n'), std::string::npos);
  const std::string link = share_link(p);
  EXPECT_LT(link.size() - std::string("knock://v1/").size(), link_base64url(spaced).size());
  EXPECT_EQ(share_link(p), link) << "the same profile, the same link";
}

TEST(Link, ASealedProfileTravelsSealed) {
  Profile p = full();
  auto sealed = seal(p.sequence.view(), "passphrase");
  ASSERT_TRUE(sealed) << sealed.error().message;
  p.sealed = *sealed;
  p.sequence.clear();
  const std::string link = share_link(p);
  auto back = import_link(link);
  ASSERT_TRUE(back) << back.error().message;
  const Profile& got = back->profiles.front();
  EXPECT_TRUE(got.locked());
  EXPECT_EQ(got.sealed, p.sealed);
  auto open = unseal(*got.sealed, "passphrase", got.name);
  ASSERT_TRUE(open) << open.error().message;
  EXPECT_EQ(open->view(), full().sequence.view());
}

TEST(Link, OnlyKnockLinksAreLinks) {
  EXPECT_TRUE(is_link("knock://v1/e30"));
  EXPECT_TRUE(is_link("knock://"));
  EXPECT_FALSE(is_link(""));
  EXPECT_FALSE(is_link("knock:/v1/e30"));
  EXPECT_FALSE(is_link(" knock://v1/e30"));
  EXPECT_FALSE(is_link("https://example.net/"));
  EXPECT_EQ(link_refused("https://example.net/"), "the link does not start with knock://");
}

TEST(Link, ADamagedCutShortOrNewerLinkSaysWhichItIs) {
  const std::string no_version =
      "the link has no format version (knock://v1/...): it is cut short or not knock's";
  EXPECT_EQ(link_refused("knock://"), no_version);
  EXPECT_EQ(link_refused("knock://v1"), no_version);
  EXPECT_EQ(link_refused("knock:///e30"), no_version);
  EXPECT_EQ(link_refused("knock://vx/e30"), no_version);
  EXPECT_EQ(link_refused("knock://v1234567/e30"), no_version);
  EXPECT_EQ(link_refused("knock://v2/e30"),
            "the link is of format v2; this knock reads v1 (a newer knock made it: update this one)");
  const std::string not_base64 = "the link is damaged or cut short: its data is not base64url";
  EXPECT_EQ(link_refused("knock://v1/"), not_base64);
  EXPECT_EQ(link_refused("knock://v1/e30="), not_base64) << "no padding";
  EXPECT_EQ(link_refused("knock://v1/e3+/"), not_base64) << "base64url, not base64";
  const std::string link = share_link(full());
  EXPECT_EQ(link_refused(link.substr(0, link.size() / 2)).rfind("the link is damaged or cut short: ", 0), 0u);
  EXPECT_EQ(link_refused("knock://v1/" + link_base64url("{\"schema\": 1, \"profiles\": {}}")),
            "the link does not hold exactly one profile");
  Profile other = full();
  other.name = "other";
  EXPECT_EQ(link_refused("knock://v1/" + link_base64url(export_json({full(), other}))),
            "the link does not hold exactly one profile");
  EXPECT_EQ(link_refused("knock://v1/" + std::string(64 * 1024, 'A')), "the link is longer than 64 KiB");
}

}  // namespace
}  // namespace knock::profiles
