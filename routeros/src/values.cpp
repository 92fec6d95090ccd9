// Values of RouterOS settings: durations, protocols.
#include <array>
#include <cctype>
#include <charconv>

#include "knock/routeros/config.hpp"

namespace knock::routeros {
namespace {

struct NamedProtocol {
  std::string_view name;
  std::uint8_t number;
};

constexpr std::array<NamedProtocol, 32> kProtocols{{
    {"icmp", 1},      {"igmp", 2},        {"ggp", 3},        {"ip-encap", 4},   {"ipencap", 4},
    {"st", 5},        {"tcp", 6},         {"egp", 8},        {"pup", 12},       {"udp", 17},
    {"hmp", 20},      {"xns-idp", 22},    {"rdp", 27},       {"iso-tp4", 29},   {"dccp", 33},
    {"xtp", 36},      {"ddp", 37},        {"idpr-cmtp", 38}, {"ipv6-encap", 41}, {"rsvp", 46},
    {"gre", 47},      {"ipsec-esp", 50},  {"ipsec-ah", 51},  {"icmpv6", 58},    {"rspf", 73},
    {"vmtp", 81},     {"ospf", 89},       {"ipip", 94},      {"etherip", 97},   {"encap", 98},
    {"pim", 103},     {"vrrp", 112},
}};
constexpr std::array<NamedProtocol, 4> kMoreProtocols{{{"l2tp", 115}, {"sctp", 132}, {"udp-lite", 136}, {"quic", 0}}};

}  // namespace

std::optional<std::uint8_t> protocol_number(std::string_view name) {
  for (const auto& p : kProtocols) {
    if (p.name == name) return p.number;
  }
  for (const auto& p : kMoreProtocols) {
    if (p.name == name && p.number != 0) return p.number;
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), value);
  if (ec == std::errc() && ptr == name.data() + name.size() && value <= 255 && !name.empty()) {
    return static_cast<std::uint8_t>(value);
  }
  return std::nullopt;
}

std::string protocol_name(std::uint8_t number) {
  for (const auto& p : kProtocols) {
    if (p.number == number) return std::string(p.name);
  }
  return std::to_string(number);
}

core::Expected<Duration> parse_routeros_duration(std::string_view text) {
  const auto bad = [&] {
    return core::make_error(core::Errc::bad_input,
                            "'" + std::string(text) +
                                "' is not a RouterOS duration (expected e.g. 15s, 3h, 1d2h3m4s, 4w2d or 00:00:45)");
  };
  if (text.empty()) return bad();
  long long micros = 0;
  std::size_t i = 0;
  // An optional "NdNw..." part, then optionally hh:mm:ss.
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i) {
      if (text[i] == ' ') {
        ++i;
        continue;
      }
      return bad();
    }
    if (j - i > 12) return bad();
    const long long n = std::stoll(std::string(text.substr(i, j - i)));
    if (j < text.size() && text[j] == ':') {  // hh:mm:ss
      long long h = n, m = 0, s = 0;
      std::size_t k = j + 1, e = k;
      while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e]))) ++e;
      if (e == k || e >= text.size() || text[e] != ':') return bad();
      m = std::stoll(std::string(text.substr(k, e - k)));
      k = e + 1;
      e = k;
      while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e]))) ++e;
      if (e == k || e != text.size() || m > 59) return bad();
      s = std::stoll(std::string(text.substr(k, e - k)));
      if (s > 59) return bad();
      micros += ((h * 60 + m) * 60 + s) * 1000000LL;
      i = e;
      break;
    }
    std::size_t u = j;
    while (u < text.size() && std::isalpha(static_cast<unsigned char>(text[u]))) ++u;
    const std::string_view unit = text.substr(j, u - j);
    long long scale = 0;
    if (unit.empty() && u == text.size()) scale = 1000000;  // a bare number is seconds
    else if (unit == "ms") scale = 1000;
    else if (unit == "s") scale = 1000000;
    else if (unit == "m") scale = 60LL * 1000000;
    else if (unit == "h") scale = 3600LL * 1000000;
    else if (unit == "d") scale = 86400LL * 1000000;
    else if (unit == "w") scale = 7 * 86400LL * 1000000;
    else return bad();
    if (n > kMaxListTimeout.count() / scale + 1) return bad();
    micros += n * scale;
    i = u;
  }
  if (micros > kMaxListTimeout.count()) {
    return core::make_error(core::Errc::bad_input,
                            "'" + std::string(text) + "' is longer than RouterOS allows (35w3d13h13m56s)");
  }
  return Duration(micros);
}

std::string format_routeros_duration(Duration d) {
  long long us = d.count();
  if (us == 0) return "0s";
  std::string out;
  const std::pair<long long, const char*> units[] = {{7 * 86400LL * 1000000, "w"}, {86400LL * 1000000, "d"},
                                                     {3600LL * 1000000, "h"},      {60LL * 1000000, "m"},
                                                     {1000000, "s"},               {1000, "ms"}};
  for (const auto& [scale, name] : units) {
    if (us >= scale) {
      out += std::to_string(us / scale) + name;
      us %= scale;
    }
  }
  return out.empty() ? "0s" : out;
}

}  // namespace knock::routeros
