#pragma once
// Typed values every part shares: durations (knock's notation and RouterOS's) and service ports. Parsed once
// at the edge, passed on as types; each parser's message names the offending text.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "knock/core/error.hpp"

namespace knock::core {

using Duration = std::chrono::microseconds;

inline constexpr Duration kMaxDelay = std::chrono::hours(1);

// knock's durations: 500ms, 1.5s, 2m; a bare number is milliseconds (as knockd's -d). At most kMaxDelay.
Expected<Duration> parse_duration(std::string_view text);
// Canonical text that parses back to the same duration: "500ms", "2s", "1.5ms".
std::string format_duration(Duration d);

// RouterOS durations: 15s, 3h, 1d2h3m4s, 4w2d, 500ms, 00:00:45, 1d00:00:45; a bare number is seconds.
Expected<Duration> parse_routeros_duration(std::string_view text);
// The same, in RouterOS's own format: 1d2h3m4s (0s for zero).
std::string format_routeros_duration(Duration d);
inline constexpr Duration kMaxListTimeout = std::chrono::seconds(21474836);  // 35w3d13h13m56s

// Which of a host's addresses to knock.
enum class Family {
  any,   // the resolver's first answer
  v4,    // -4
  v6,    // -6
  both,  // the first IPv4 and the first IPv6 address, each knocked with the whole sequence
};
std::string_view to_string(Family f);                    // "any", "ipv4", "ipv6", "both"
std::optional<Family> family_named(std::string_view s);  // those, and "4", "6"

// A port a service listens on: "tcp:8291", "8291" (tcp), "udp:53".
struct ServicePort {
  std::uint8_t protocol = 6;  // 6 tcp, 17 udp
  std::uint16_t port = 8291;
  bool operator==(const ServicePort&) const = default;
};
// The message names `option` and the text.
Expected<ServicePort> parse_service_port(std::string_view text, std::string_view option);
// A TCP port for an option such as --verify: "8291" or "tcp:8291".
Expected<std::uint16_t> parse_tcp_port(std::string_view text, std::string_view option);
std::string to_string(const ServicePort& p);

}  // namespace knock::core
