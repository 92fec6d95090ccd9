#include "knock/profiles/profile.hpp"

#include <gtest/gtest.h>

#include "knock/core/sequence.hpp"
#include "knock/profiles/interchange.hpp"
#include "knock/profiles/secret.hpp"

namespace knock::profiles {

void PrintTo(const Profile& p, std::ostream* os) {
  *os << "\n" << format_profile(p) << "\n";
}

namespace {

using namespace std::chrono_literals;

Profile full() {
  Profile p;
  p.name = "office-1";
  p.host = "router.example.net";
  p.sequence = "tcp:1337 wait:1s udp:17954:text:open-sesame icmp:98";
  p.delay = 200ms;
  p.family = core::Family::v6;
  p.source = "::1";
  p.verify_port = 8291;
  p.verify_timeout = 1500ms;
  p.retries = 4;
  p.reknock = true;
  p.launch = "ssh -p {port} 'admin user'@{ip}";
  p.group = "hq";
  p.tags = {"mikrotik", "main"};
  p.notes = "line one\nline \"two\"";
  p.protect = {{6, 8291}, {6, 22}};
  p.timeouts = {15s, 3h};
  p.list = "Save Haven";
  return p;
}

Document parse_ok(std::string_view text) {
  auto d = parse_document(text, "profiles.toml");
  EXPECT_TRUE(d) << (d ? "" : d.error().message);
  return d ? *d : Document{};
}

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

TEST(Secret, SealAndUnsealRoundTrip) {
  auto sealed = seal("tcp:1337 udp:17954:text:open-sesame", "correct horse");
  ASSERT_TRUE(sealed) << sealed.error().message;
  EXPECT_EQ(sealed->ciphertext.find("open-sesame"), std::string::npos);
  auto plain = unseal(*sealed, "correct horse", "p");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->view(), "tcp:1337 udp:17954:text:open-sesame");
  auto again = seal("tcp:1337 udp:17954:text:open-sesame", "correct horse");
  EXPECT_NE(again->ciphertext, sealed->ciphertext) << "a fresh salt and nonce every time";
}

TEST(Secret, AWrongPassphraseIsAStoreError) {
  auto sealed = seal("tcp:1", "right");
  auto plain = unseal(*sealed, "wrong", "office");
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().code, core::Errc::store);
  EXPECT_EQ(plain.error().message, "profile 'office': wrong passphrase, or the sealed secret was altered");
  EXPECT_EQ(core::exit_code(plain.error().code), 5);
}

TEST(Secret, TamperedDataIsRefused) {
  auto sealed = seal("tcp:1 udp:2", "pass");
  ASSERT_TRUE(sealed);
  for (std::size_t i = 0; i < sealed->ciphertext.size() - 2; i += 3) {  // every part of it is authenticated
    Sealed t = *sealed;
    t.ciphertext[i] = t.ciphertext[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(unseal(t, "pass", "p")) << i;
  }
  Sealed t = *sealed;
  t.nonce[0] = t.nonce[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(unseal(t, "pass", "p"));
  t = *sealed;
  t.ciphertext = "!!!";
  EXPECT_EQ(unseal(t, "pass", "p").error().message, "profile 'p': the sealed ciphertext is damaged");
  t = *sealed;
  t.memlimit = 1ull << 40;  // a file asking for a terabyte is refused, not obeyed
  EXPECT_FALSE(unseal(t, "pass", "p"));
}

constexpr std::string_view kDebianKnockd = R"(# Debian's /etc/knockd.conf
[options]
	UseSyslog

[openSSH]
	sequence    = 7000,8000,9000
	seq_timeout = 5
	command     = /sbin/iptables -A INPUT -s %IP% -p tcp --dport 22 -j ACCEPT
	tcpflags    = syn

[closeSSH]
	sequence    = 9000,8000,7000
	seq_timeout = 5
	command     = /sbin/iptables -D INPUT -s %IP% -p tcp --dport 22 -j ACCEPT
	tcpflags    = syn

[openHTTPS]
	one_time_sequences = /etc/knockd/onetime
	seq_timeout = 30
	command = /usr/local/sbin/knock_add -i -c INPUT -p tcp -d 443 -f %IP%

[opencloseSMTP]
	sequence      = 2222:udp,3333:tcp,4444:udp
	seq_timeout   = 15
	tcpflags      = syn,ack
	start_command = /usr/sbin/nft add element inet filter allowed { %IP% } ; nft add rule inet filter input ip saddr %IP% tcp dport 25 accept
	cmd_timeout   = 10
	stop_command  = /usr/sbin/nft delete element inet filter allowed { %IP% }
)";

TEST(Interchange, ImportsRealisticKnockdConf) {
  auto r = import_knockd(kDebianKnockd, "router.example.net", "knockd.conf");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->profiles.size(), 3u);
  EXPECT_EQ(r->profiles[0].name, "openSSH");
  EXPECT_EQ(r->profiles[0].sequence, "tcp:7000 tcp:8000 tcp:9000");
  EXPECT_EQ(r->profiles[0].verify_port, 22);
  // seq_timeout bounds the stages; access keeps 3h (it once became "open tcp:22 for 5s").
  EXPECT_EQ(r->profiles[0].timeouts, (std::vector<core::Duration>{5s, 3h}));
  EXPECT_EQ(r->profiles[1].name, "closeSSH");
  EXPECT_EQ(r->profiles[1].verify_port, 0) << "a closing door (iptables -D) has nothing to verify";
  EXPECT_EQ(r->profiles[2].name, "opencloseSMTP");
  EXPECT_EQ(r->profiles[2].sequence, "udp:2222 tcp:3333 udp:4444");
  EXPECT_EQ(r->profiles[2].verify_port, 25);
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_NE(r->skipped[0].find("[openHTTPS]"), std::string::npos);
  EXPECT_NE(r->skipped[0].find("one_time_sequences"), std::string::npos);
  EXPECT_FALSE(import_knockd(kDebianKnockd, "", "knockd.conf"));
  EXPECT_NE(import_knockd("sequence = 1\n", "h", "k.conf").error().message.find("line 1"), std::string::npos);
  auto bom = import_knockd("\xEF\xBB\xBF[a]\nsequence = 1,2\n", "h", "bom.conf");
  ASSERT_TRUE(bom) << bom.error().message;
  auto nothing = import_knockd("[options]\nUseSyslog\n[x]\none_time_sequences = /f\n", "h", "k.conf");
  ASSERT_FALSE(nothing) << "a file whose every door is skipped imports nothing: an error, with the reasons";
  EXPECT_NE(nothing.error().message.find("no door could be imported: k.conf: [x]"), std::string::npos)
      << nothing.error().message;
}

TEST(Interchange, ExportsKnockdDoorsThatKnockdAccepts) {
  auto r = import_knockd(kDebianKnockd, "h", "knockd.conf");
  auto text = export_knockd(r->profiles);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_NE(text->find("[openSSH]\n  sequence    = 7000:tcp,8000:tcp,9000:tcp\n  seq_timeout = 5\n"),
            std::string::npos)
      << *text;
  auto back = import_knockd(*text, "h", "exported");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->profiles.size(), 3u);
  Profile icmp = full();
  EXPECT_NE(export_knockd({icmp}).error().message.find("cannot listen for"), std::string::npos);
}

TEST(Interchange, JsonRoundTrips) {
  Profile a = full();
  Profile b = full();
  b.name = "b";
  b.sequence.clear();
  b.sealed = Sealed{"argon2id13", 2, 67108864, "c2FsdA==", "bm9uY2U=", "Y2lwaGVy"};
  b.unknown = parse_ok("[profiles.b]\nhost = \"h\"\nsequence = \"tcp:1\"\ncolour = \"green\"\n")
                  .profiles.front()
                  .unknown;
  const std::string json = export_json({a, b});
  auto back = import_json(json, "export.json");
  ASSERT_TRUE(back) << back.error().message << "\n" << json;
  ASSERT_EQ(back->profiles.size(), 2u);
  Document d{kSchemaVersion, back->profiles, {}};
  ASSERT_TRUE(d.find("office-1") && d.find("b"));
  EXPECT_EQ(*d.find("office-1"), a);
  EXPECT_EQ(*d.find("b"), b);
  EXPECT_NE(import_json("{\"profiles\": [1, 2]", "x.json").error().message.find("invalid JSON"),
            std::string::npos);
  EXPECT_FALSE(import_json("[]", "x.json"));
  auto twice = import_json("{\"profiles\": {\"a\": {\"host\": \"h\", \"host\": \"evil\"}}}", "x.json");
  ASSERT_FALSE(twice) << "a key given twice is an error, not the last one winning";
  EXPECT_NE(twice.error().message.find("appears twice"), std::string::npos);
}

TEST(Interchange, RandomSequencesAvoidScannedPortsAndRepeats) {
  for (int n = 1; n <= 6; ++n) {
    const core::SecretString s = random_sequence(n);
    auto seq = core::parse_sequence(s.view());
    ASSERT_TRUE(seq) << s.view();
    ASSERT_EQ(seq->knocks.size(), static_cast<std::size_t>(n));
    std::set<int> ports;
    for (const auto& k : seq->knocks) {
      EXPECT_FALSE(commonly_scanned(k.port)) << k.port;
      EXPECT_GE(k.port, 1024);
      EXPECT_LT(k.port, 32768);
      ports.insert(k.port);
    }
    EXPECT_EQ(ports.size(), static_cast<std::size_t>(n));
  }
  EXPECT_NE(random_sequence(3), random_sequence(3));
  EXPECT_TRUE(commonly_scanned(22) && commonly_scanned(8291) && commonly_scanned(3389) &&
              !commonly_scanned(23456));
}

}  // namespace
}  // namespace knock::profiles
