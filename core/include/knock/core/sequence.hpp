#pragma once
// The knock sequence grammar (README.md, "Using knock"), shared by the command line, profiles and the GUI
// editor:
//   tcp:1337  connect:22  udp:17954:text:open-sesame  1337:udp  1337  icmp:98  wait:500ms
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"
#include "knock/core/secret.hpp"
#include "knock/core/values.hpp"

namespace knock::core {

enum class Protocol : std::uint8_t {
  tcp,      // exactly one SYN, never a handshake
  connect,  // a full TCP handshake (then the payload, if any), for networks that need it
  udp,      // one datagram
  icmp,     // one echo request of a chosen total IP packet size
};

std::string_view to_string(Protocol p) noexcept;

enum class PayloadEncoding : std::uint8_t { text, hex, base64 };

struct Payload {
  PayloadEncoding encoding = PayloadEncoding::text;
  SecretBytes bytes;
  bool operator==(const Payload&) const = default;
};

// RouterOS counts packet-size over the whole IP packet: an IPv4 header is 20 bytes, IPv6 40, ICMP 8.
inline constexpr std::uint16_t kIcmpHeaderV4 = 28;
inline constexpr std::uint16_t kIcmpHeaderV6 = 48;
inline constexpr std::uint16_t kIcmpDefaultSize = 84;  // what ping sends by default on IPv4 (56 data bytes)

struct Knock {
  Protocol protocol = Protocol::tcp;
  std::uint16_t port = 0;       // 1-65535; 0 for icmp
  std::uint16_t icmp_size = 0;  // whole IP packet size, icmp only
  Payload payload;              // udp and connect only; empty = none
  Duration wait_before{0};      // extra pause before this knock, from preceding wait: steps

  // The port is the secret: wiped when a knock goes, as the payload's bytes are.
  Knock() = default;
  Knock(const Knock&) = default;
  Knock(Knock&&) = default;
  Knock& operator=(const Knock&) = default;
  Knock& operator=(Knock&&) = default;
  ~Knock() { secure_wipe(&port, sizeof port); }
  bool operator==(const Knock&) const = default;
};

struct Sequence {
  std::vector<Knock> knocks;
  bool operator==(const Sequence&) const = default;
};

// The error message quotes the step and says what was expected.
// Steps as separate words (the command line); `default_protocol` applies to bare ports (knockd's -u).
Expected<Sequence> parse_sequence(std::span<const std::string> steps,
                                  Protocol default_protocol = Protocol::tcp);
// Steps separated by white space or commas (profiles, the GUI).
Expected<Sequence> parse_sequence(std::string_view text, Protocol default_protocol = Protocol::tcp);

// Canonical text that parses back to the same sequence: "tcp:1337 wait:500ms udp:17954:hex:0a0b".
std::string format_knock(const Knock& k);
std::string format_sequence(const Sequence& s);
// The same with ports and payloads hidden, for logs: "tcp:*** udp:***:<5 bytes>".
std::string format_knock_redacted(const Knock& k);

// Payload codecs, also used by profiles and import/export.
Expected<SecretBytes> decode_hex(std::string_view hex);
Expected<SecretBytes> decode_base64(std::string_view b64);
std::string encode_hex(std::span<const std::uint8_t> bytes);
std::string encode_base64(std::span<const std::uint8_t> bytes);

}  // namespace knock::core
