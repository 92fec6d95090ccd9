// profiles/src/interchange.cpp: knockd.conf doors in and out, our JSON both ways, random sequences.
#include "knock/profiles/interchange.hpp"

#include <set>

#include <gtest/gtest.h>

#include "knock/core/sequence.hpp"
#include "profile_fixture.hpp"

namespace knock::profiles {
namespace {

using namespace std::chrono_literals;
using test::full;
using test::parse_ok;

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
