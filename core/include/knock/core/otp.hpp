#pragma once
// One-time knocks: each time window has its own knock, derived from a secret shared with the router, so a
// sniffed knock opens nothing later. The derivation uses only what a RouterOS 7.12+ script can compute
// (SHA-512 as hex, :pick, :tonum); docs/otp.md gives it in full, with test vectors.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"
#include "knock/core/secret.hpp"
#include "knock/core/sequence.hpp"

namespace knock::core::otp {

inline constexpr Duration kDefaultWindow = std::chrono::seconds(30);
inline constexpr Duration kMinWindow = std::chrono::seconds(5);
inline constexpr Duration kMaxWindow = std::chrono::hours(1);
inline constexpr int kDefaultKnocks = 2;  // the stage knocks, then the token: tcp:P1 udp:P2:text:TOKEN
inline constexpr std::uint16_t kPortBase = 20000, kPortSpan = 40000;  // derived ports are 20000-59999
inline constexpr std::size_t kSecretBytes = 32;

// A new secret: kSecretBytes random bytes as one line of base64 (the key text the router holds too).
SecretString new_secret();
// The key from a secret file's text: base64 of at least kSecretBytes bytes, white space around it allowed.
Expected<SecretString> parse_secret(std::string_view text, std::string_view source_name);
// A window length for --otp-window and profiles: 5s to 1h, whole seconds.
Expected<Duration> check_window(Duration window, std::string_view what);

// The window a moment falls in: floor(unix seconds / window).
std::int64_t window_of(std::chrono::system_clock::time_point t, Duration window);

struct WindowKnock {
  std::int64_t window = 0;
  std::vector<std::uint16_t> ports;  // one per knock, all different
  SecretString token;                // 32 hex digits, the last knock's payload
  Sequence sequence;                 // tcp:P1 ... udp:Pn:text:TOKEN
};

// SHA-512 of KEY "|knock-otp-v1|" WINDOW_SECONDS "|" N "|" KEY, as 128 lower-case hex digits.
SecretString digest(std::string_view key, Duration window, std::int64_t n);
WindowKnock derive(std::string_view key, Duration window, std::int64_t n, int knocks = kDefaultKnocks);

}  // namespace knock::core::otp
