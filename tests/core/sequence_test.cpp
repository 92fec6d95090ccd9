#include "knock/core/sequence.hpp"

#include <gtest/gtest.h>

namespace knock::core {
namespace {

using namespace std::chrono_literals;

Sequence parse_ok(std::string_view text, Protocol def = Protocol::tcp) {
  auto s = parse_sequence(text, def);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
  return s ? *s : Sequence{};
}

// The message of a failed parse; fails the test if the parse succeeded.
std::string parse_error(std::string_view text, Protocol def = Protocol::tcp) {
  auto s = parse_sequence(text, def);
  EXPECT_FALSE(s.has_value()) << "'" << text << "' parsed as " << (s ? format_sequence(*s) : "");
  if (s) return "";
  EXPECT_EQ(s.error().code, Errc::bad_input);
  return s.error().message;
}

TEST(Sequence, ParsesTheSeedSequence) {
  const Sequence s = parse_ok("tcp:1337 udp:17954");
  ASSERT_EQ(s.knocks.size(), 2u);
  EXPECT_EQ(s.knocks[0].protocol, Protocol::tcp);
  EXPECT_EQ(s.knocks[0].port, 1337);
  EXPECT_EQ(s.knocks[1].protocol, Protocol::udp);
  EXPECT_EQ(s.knocks[1].port, 17954);
}

TEST(Sequence, AcceptsKnockdPortColonProtocolOrder) {
  const Sequence s = parse_ok("1337:tcp 17954:udp 22:connect");
  EXPECT_EQ(s.knocks[0].protocol, Protocol::tcp);
  EXPECT_EQ(s.knocks[1].protocol, Protocol::udp);
  EXPECT_EQ(s.knocks[1].port, 17954);
  EXPECT_EQ(s.knocks[2].protocol, Protocol::connect);
}

TEST(Sequence, BarePortsTakeTheDefaultProtocol) {
  EXPECT_EQ(parse_ok("1337").knocks[0].protocol, Protocol::tcp);
  EXPECT_EQ(parse_ok("1337 2000:tcp", Protocol::udp).knocks[0].protocol, Protocol::udp);
  EXPECT_EQ(parse_ok("1337 2000:tcp", Protocol::udp).knocks[1].protocol, Protocol::tcp);
}

TEST(Sequence, ProtocolNamesIgnoreCase) {
  EXPECT_EQ(parse_ok("UDP:53").knocks[0].protocol, Protocol::udp);
}

TEST(Sequence, AcceptsPortLimits) {
  EXPECT_EQ(parse_ok("tcp:1").knocks[0].port, 1);
  EXPECT_EQ(parse_ok("tcp:65535").knocks[0].port, 65535);
}

TEST(Sequence, RejectsPortZero) {
  EXPECT_EQ(parse_error("tcp:0"), "step 'tcp:0': port 0 is out of range (expected 1-65535)");
}

TEST(Sequence, RejectsPortAbove65535) {
  EXPECT_EQ(parse_error("udp:65536"), "step 'udp:65536': port 65536 is out of range (expected 1-65535)");
  EXPECT_NE(parse_error("99999999999999999999999").find("out of range"), std::string::npos);
}

TEST(Sequence, RejectsNonNumericPort) {
  EXPECT_EQ(parse_error("tcp:ssh"), "step 'tcp:ssh': 'ssh' is not a port number (expected 1-65535)");
  EXPECT_EQ(parse_error("tcp:-1"), "step 'tcp:-1': '-1' is not a port number (expected 1-65535)");
  EXPECT_EQ(parse_error("tcp:"), "step 'tcp:': no port given (expected tcp:PORT)");
  EXPECT_EQ(parse_error("tcp"), "step 'tcp': no port given (expected tcp:PORT)");
}

TEST(Sequence, RejectsUnknownProtocol) {
  EXPECT_EQ(parse_error("sctp:22"),
            "step 'sctp:22': unknown protocol 'sctp' (expected tcp, connect, udp or icmp)");
  EXPECT_EQ(parse_error("22:sctp"), "step '22:sctp': unknown protocol 'sctp' (expected tcp, connect or udp)");
  EXPECT_NE(parse_error("knock").find("expected PROTO:PORT"), std::string::npos);
}

TEST(Sequence, RejectsAnEmptySequence) {
  EXPECT_EQ(parse_error(""), "empty sequence: give at least one knock, e.g. tcp:1337 udp:17954");
  EXPECT_EQ(parse_error("  , "), "empty sequence: give at least one knock, e.g. tcp:1337 udp:17954");
}

TEST(Sequence, DecodesTextHexAndBase64Payloads) {
  const Sequence s =
      parse_ok("udp:1:text:open:sesame udp:2:hex:6F70656e udp:3:b64:b3Blbg== connect:4:base64:b3Blbg");
  auto bytes = [](std::string_view t) { return SecretBytes(t.begin(), t.end()); };
  EXPECT_EQ(s.knocks[0].payload.bytes, bytes("open:sesame"));  // colons belong to the text
  EXPECT_EQ(s.knocks[1].payload.bytes, bytes("open"));
  EXPECT_EQ(s.knocks[2].payload.bytes, bytes("open"));
  EXPECT_EQ(s.knocks[3].payload.bytes, bytes("open"));
  EXPECT_EQ(s.knocks[3].protocol, Protocol::connect);
}

TEST(Sequence, RejectsMalformedPayloads) {
  EXPECT_EQ(parse_error("udp:1:hex:abc"),
            "step 'udp:1:hex:abc': hex payload has an odd number of digits (3)");
  EXPECT_EQ(parse_error("udp:1:hex:zz"),
            "step 'udp:1:hex:zz': hex payload has a non-hex character near position 1 ('zz')");
  EXPECT_EQ(parse_error("udp:1:b64:b3B@bg=="),
            "step 'udp:1:b64:b3B@bg==': invalid base64 payload: character '@' at position 4 is not base64");
  EXPECT_NE(parse_error("udp:1:b64:b3Blb").find("invalid base64 payload"), std::string::npos);
  EXPECT_NE(parse_error("udp:1:b64:b3Blbg="), "");
  EXPECT_EQ(parse_error("udp:1:rot13:abc"),
            "step 'udp:1:rot13:abc': unknown payload encoding 'rot13' (expected text:, hex: or b64:)");
  EXPECT_EQ(parse_error("udp:1:text:"), "step 'udp:1:text:': the payload is empty (give one after text:)");
}

TEST(Sequence, RejectsAPayloadOnASynKnock) {
  EXPECT_EQ(
      parse_error("tcp:1337:text:hi"),
      "step 'tcp:1337:text:hi': a tcp knock is a single SYN and carries no payload (use udp or connect)");
}

TEST(Sequence, ParsesIcmpWithAndWithoutSize) {
  const Sequence s = parse_ok("icmp icmp:98 icmp:28");
  EXPECT_EQ(s.knocks[0].icmp_size, kIcmpDefaultSize);
  EXPECT_EQ(s.knocks[1].icmp_size, 98);
  EXPECT_EQ(s.knocks[2].icmp_size, 28);
}

TEST(Sequence, RejectsIcmpSizeBelowTheHeaders) {
  EXPECT_NE(parse_error("icmp:27").find("ICMP size 27 is outside 28-65535"), std::string::npos);
  EXPECT_NE(parse_error("icmp:70000").find("outside 28-65535"), std::string::npos);
  EXPECT_EQ(parse_error("icmp:big"), "step 'icmp:big': 'big' is not an ICMP size (expected 28-65535)");
  EXPECT_EQ(parse_error("8:icmp"), "step '8:icmp': ICMP has no ports (write icmp or icmp:SIZE)");
}

TEST(Sequence, WaitStepsAddAPauseBeforeTheNextKnock) {
  const Sequence s = parse_ok("wait:1s tcp:1 wait:500ms wait:250 udp:2");
  EXPECT_EQ(s.knocks[0].wait_before, 1s);
  EXPECT_EQ(s.knocks[1].wait_before, 750ms);
}

TEST(Sequence, RejectsAWaitAfterTheLastKnock) {
  EXPECT_EQ(parse_error("tcp:1 wait:1s"),
            "step 'wait:1s': a wait must come before a knock (nothing waits after the last knock)");
  EXPECT_EQ(parse_error("wait:abc tcp:1"),
            "step 'wait:abc': 'abc' is not a duration (expected a number with ms, s or m, e.g. 500ms; a bare "
            "number is milliseconds)");
}

TEST(Sequence, FormatsCanonicallyAndRoundTrips) {
  const std::string text =
      "tcp:1337 wait:1500ms udp:17954:text:open-sesame connect:22:hex:00ff icmp:98 udp:9:b64:AAE=";
  const Sequence s = parse_ok(text);
  EXPECT_EQ(format_sequence(s), text);
  EXPECT_EQ(parse_ok(format_sequence(s)), s);
  EXPECT_EQ(format_sequence(parse_ok("1337:udp icmp")), "udp:1337 icmp:84");
}

TEST(Sequence, TextWithSpacesFormatsAsHexSoItStillParses) {
  auto s = parse_sequence(std::vector<std::string>{"udp:1:text:open sesame"});
  ASSERT_TRUE(s);
  EXPECT_EQ(format_sequence(*s), "udp:1:hex:6f70656e20736573616d65");
  EXPECT_EQ(parse_ok(format_sequence(*s)).knocks[0].payload.bytes, s->knocks[0].payload.bytes);
}

TEST(Sequence, RedactedFormHidesPortsAndPayloads) {
  const Sequence s = parse_ok("udp:17954:text:open-sesame");
  EXPECT_EQ(format_knock_redacted(s.knocks[0]), "udp:***:<11 bytes>");
}

TEST(Duration, ParsesUnitsAndBareMilliseconds) {
  EXPECT_EQ(*parse_duration("500"), 500ms);
  EXPECT_EQ(*parse_duration("500ms"), 500ms);
  EXPECT_EQ(*parse_duration("1.5s"), 1500ms);
  EXPECT_EQ(*parse_duration("2m"), 120s);
  EXPECT_EQ(*parse_duration("0.25ms"), 250us);
  EXPECT_EQ(*parse_duration("0"), 0ms);
  EXPECT_FALSE(parse_duration("1h"));  // hours are not a unit: no knock waits that long
}

TEST(Duration, RejectsNegativeHugeAndMalformedDurations) {
  EXPECT_EQ(parse_duration("-5ms").error().message, "duration '-5ms' is negative");
  EXPECT_EQ(parse_duration("99999999999").error().message,
            "duration '99999999999' is too long (at most 60m)");
  EXPECT_EQ(parse_duration("61m").error().message, "duration '61m' is too long (at most 60m)");
  EXPECT_NE(parse_duration("1.2.3s").error().message.find("is not a duration"), std::string::npos);
  EXPECT_NE(parse_duration("5 parsecs").error().message.find("unknown unit"), std::string::npos);
  EXPECT_NE(parse_duration("").error().message.find("empty duration"), std::string::npos);
}

TEST(Duration, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(format_duration(2min), "2m");
  EXPECT_EQ(format_duration(15s), "15s");
  EXPECT_EQ(format_duration(1500ms), "1500ms");
  EXPECT_EQ(format_duration(250us), "0.25ms");
}

TEST(Payload, Base64RoundTripsEveryLength) {
  for (std::size_t n = 0; n < 40; ++n) {
    SecretBytes bytes(n);
    for (std::size_t i = 0; i < n; ++i)
      bytes[i] = static_cast<std::uint8_t>(i * 37 + 11);
    auto decoded = decode_base64(encode_base64(bytes));
    ASSERT_TRUE(decoded) << n;
    EXPECT_EQ(*decoded, bytes);
  }
}

}  // namespace
}  // namespace knock::core
