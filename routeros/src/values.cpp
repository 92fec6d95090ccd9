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
    {"icmp", 1},        {"igmp", 2},     {"ggp", 3},   {"ip-encap", 4},   {"ipencap", 4},   {"st", 5},
    {"tcp", 6},         {"egp", 8},      {"pup", 12},  {"udp", 17},       {"hmp", 20},      {"xns-idp", 22},
    {"rdp", 27},        {"iso-tp4", 29}, {"dccp", 33}, {"xtp", 36},       {"ddp", 37},      {"idpr-cmtp", 38},
    {"ipv6-encap", 41}, {"rsvp", 46},    {"gre", 47},  {"ipsec-esp", 50}, {"ipsec-ah", 51}, {"icmpv6", 58},
    {"rspf", 73},       {"vmtp", 81},    {"ospf", 89}, {"ipip", 94},      {"etherip", 97},  {"encap", 98},
    {"pim", 103},       {"vrrp", 112},
}};
constexpr std::array<NamedProtocol, 4> kMoreProtocols{
    {{"l2tp", 115}, {"sctp", 132}, {"udp-lite", 136}, {"quic", 0}}};

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

}  // namespace knock::routeros
