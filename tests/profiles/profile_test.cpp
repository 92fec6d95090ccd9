// profiles/src/profile.cpp: the profile file's TOML both ways, what it keeps that it does not know, and what
// validate refuses.
#include "knock/profiles/profile.hpp"

#include <gtest/gtest.h>

#include "profile_fixture.hpp"

namespace knock::profiles {
namespace {

using test::full;
using test::parse_ok;

std::string parse_error(std::string_view text) {
  auto d = parse_document(text, "profiles.toml");
  EXPECT_FALSE(d);
  if (d) return "";
  EXPECT_EQ(d.error().code, core::Errc::store);
  return d.error().message;
}

TEST(Profile, EveryFieldRoundTrips) {
  Document doc;
  doc.profiles.push_back(full());
  Profile sealed = full();
  sealed.name = "sealed";
  sealed.sequence.clear();
  sealed.sealed = Sealed{"argon2id13", 2, 67108864, "c2FsdA==", "bm9uY2U=", "Y2lwaGVy"};
  doc.profiles.push_back(sealed);
  const Document back = parse_ok(format_document(doc));
  ASSERT_EQ(back.profiles.size(), 2u);
  EXPECT_EQ(back.profiles[0], doc.profiles[0]);
  EXPECT_EQ(back.profiles[1], doc.profiles[1]);
  EXPECT_EQ(format_document(back), format_document(doc));
}

TEST(Profile, UnknownKeysSurviveARewrite) {
  const Document doc = parse_ok(R"(
schema = 1
editor = "vim"
[gui]
window = [800, 600]
[profiles.a]
host = "127.0.0.1"
sequence = "tcp:1"
colour = "green"
[profiles.a.verify]
port = 22
future = true
)");
  const std::string text = format_document(doc);
  EXPECT_NE(text.find("editor = 'vim'"), std::string::npos) << text;
  EXPECT_NE(text.find("window = [ 800, 600 ]"), std::string::npos) << text;
  EXPECT_NE(text.find("colour = 'green'"), std::string::npos) << text;
  EXPECT_NE(text.find("future = true"), std::string::npos) << text;
  EXPECT_EQ(parse_ok(text).profiles.at(0).verify_port, 22);
}

TEST(Profile, BadFilesSayWhatAndWhere) {
  EXPECT_EQ(parse_error("[profiles.a]\nhost = \"x\nsequence = 1\n").rfind("profiles.toml: line 2, column", 0),
            0u);
  EXPECT_NE(parse_error("[profiles.a]\nhost = 12\nsequence = \"tcp:1\"\n")
                .find("profile 'a': host must be a string"),
            std::string::npos);
  EXPECT_NE(
      parse_error("[profiles.a]\nhost = \"h\"\nsequence = \"sctp:1\"\n").find("unknown protocol 'sctp'"),
      std::string::npos);
  EXPECT_NE(parse_error("[profiles.a]\nhost = \"h\"\nsequence = \"tcp:1\"\n[profiles.a]\nhost = \"i\"\n")
                .find("line 4"),
            std::string::npos)
      << "a duplicate name is a TOML error with its position";
  EXPECT_NE(parse_error("[profiles.a]\nsequence = \"tcp:1\"\n").find("no host"), std::string::npos);
  EXPECT_NE(
      parse_error("[profiles.a]\nhost = \"h\"\nsequence = \"tcp:1\"\n[profiles.a.verify]\nport = 70000\n")
          .find("verify.port must be 1-65535"),
      std::string::npos);
  EXPECT_NE(parse_error("[profiles.a]\nhost = \"h\"\nsequence = \"tcp:1\"\nfamily = \"ipx\"\n")
                .find("family must be"),
            std::string::npos);
  EXPECT_NE(parse_error("schema = 7\n").find("newer than this knock understands"), std::string::npos);
  EXPECT_NE(parse_error("[profiles.\"bad name\"]\nhost = \"h\"\nsequence = \"tcp:1\"\n").find("is not valid"),
            std::string::npos);
}

TEST(Profile, APlainSequenceBesideASealedOneIsRefused) {
  const std::string both =
      "[profiles.a]\nhost = \"h\"\nsequence = \"tcp:1\"\n[profiles.a.secret]\nkdf = \"argon2id13\"\nopslimit "
      "= 2\n"
      "memlimit = 67108864\nsalt = \"c2FsdA==\"\nnonce = \"bm9uY2U=\"\nciphertext = \"Y2lwaGVy\"\n";
  EXPECT_NE(parse_error(both).find("both in the clear and sealed"), std::string::npos);
}

TEST(Profile, HostsAreNamesOrAddresses) {
  for (const char* bad : {"-oProxyCommand=x", "a b", "a\nb", "\x1b[2J", "router\x01"}) {
    Profile p = full();
    p.host = bad;
    p.source.clear();
    const auto r = validate(p);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << "one line, control characters escaped";
    EXPECT_EQ(r.error().message.find('\x1b'), std::string::npos);
  }
  Profile ok = full();
  ok.source.clear();
  for (const char* good :
       {"router.example.net", "192.0.2.1", "[::1]", "fe80::1%eth0", "routeur.exemple.fr"}) {
    ok.host = good;
    EXPECT_TRUE(validate(ok)) << good;
  }
}

}  // namespace
}  // namespace knock::profiles
