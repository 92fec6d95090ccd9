#include "parse.hpp"

#include <charconv>

#include "knock/core/plan.hpp"

namespace knock::routeros::parse {

using core::Errc;
using core::Expected;
using core::make_error;

core::Error value_error(const Argument& a, const std::string& what) {
  return make_error(Errc::bad_input, where(a.value_at) + ": " + a.key + " '" + a.value + "' " + what);
}

bool parse_u16(std::string_view s, std::uint16_t& out, unsigned lo) {
  unsigned v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || v > 65535 || v < lo) return false;
  out = static_cast<std::uint16_t>(v);
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

std::string_view negation(std::string_view v, bool& negated) {
  negated = !v.empty() && v.front() == '!';
  return negated ? v.substr(1) : v;
}

Expected<bool> parse_bool(const Argument& a) {
  if (a.value == "yes" || a.value == "true") return true;
  if (a.value == "no" || a.value == "false") return false;
  return value_error(a, "is not yes or no");
}

Expected<PortRanges> parse_ports(const Argument& a, std::string_view v) {
  PortRanges out;
  for (auto part : split(v, ',')) {
    const auto dash = part.find('-');
    std::uint16_t lo = 0, hi = 0;
    const bool ok = dash == std::string_view::npos ? parse_u16(part, lo) && (hi = lo, true)
                                                   : parse_u16(part.substr(0, dash), lo) &&
                                                         parse_u16(part.substr(dash + 1), hi) && lo <= hi;
    if (!ok) {
      return value_error(
          a, "is not a port list (expected ports 0-65535 and ranges, e.g. 21,22,8291,10000-60000)");
    }
    out.ranges.emplace_back(lo, hi);
  }
  return out;
}

namespace {

// A CIDR block as an inclusive range.
AddressSpec block(const IpAddress& ip, std::uint16_t prefix) {
  AddressSpec spec;
  if (ip.is_v4()) {
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    const std::uint32_t base = ip.to_v4().to_uint() & mask;
    spec.low = boost::asio::ip::address_v4(base);
    spec.high = boost::asio::ip::address_v4(base | ~mask);
    return spec;
  }
  auto lo = ip.to_v6().to_bytes();
  auto hi = lo;
  for (int bit = prefix; bit < 128; ++bit) {
    lo[bit / 8] &= static_cast<unsigned char>(~(0x80 >> (bit % 8)));
    hi[bit / 8] |= static_cast<unsigned char>(0x80 >> (bit % 8));
  }
  spec.low = boost::asio::ip::address_v6(lo);
  spec.high = boost::asio::ip::address_v6(hi);
  return spec;
}

}  // namespace

Expected<AddressSpec> parse_address_spec(const Argument& a, std::string_view v, Family family,
                                         bool allow_names) {
  AddressSpec spec;
  spec.text = std::string(v);
  const auto want = family == Family::v4 ? "IPv4" : "IPv6";
  const auto check_family = [&](const IpAddress& ip) -> std::optional<core::Error> {
    if (family_of(ip) != family) return value_error(a, std::string("is not an ") + want + " address");
    return std::nullopt;
  };
  if (const auto dash = v.find('-'); dash != std::string_view::npos && family == Family::v4) {
    auto lo = core::parse_literal(v.substr(0, dash));
    auto hi = core::parse_literal(v.substr(dash + 1));
    if (lo && hi && lo->is_v4() && hi->is_v4() && lo->to_v4().to_uint() <= hi->to_v4().to_uint()) {
      spec.low = *lo;
      spec.high = *hi;
      return spec;
    }
    if (!allow_names)
      return value_error(a, "is not an IPv4 range (expected e.g. 192.168.33.10-192.168.33.20)");
  }
  if (const auto slash = v.find('/'); slash != std::string_view::npos) {
    auto ip = core::parse_literal(v.substr(0, slash));
    std::uint16_t prefix = 0;
    if (!ip || !parse_u16(v.substr(slash + 1), prefix) || prefix > (ip->is_v4() ? 32 : 128)) {
      return value_error(a, "is not a CIDR block (expected e.g. 10.0.0.0/8 or 2001:db8::/32)");
    }
    if (auto e = check_family(*ip)) return *e;
    AddressSpec b = block(*ip, prefix);
    b.text = spec.text;
    return b;
  }
  if (auto ip = core::parse_literal(v)) {
    if (auto e = check_family(*ip)) return *e;
    spec.low = spec.high = *ip;
    return spec;
  }
  if (allow_names && !v.empty()) {
    spec.dns_name = std::string(v);
    return spec;
  }
  return value_error(a, std::string("is not an ") + want + " address, block or range");
}

Expected<AddressSpec> parse_any_address_spec(const Argument& a, std::string_view v) {
  const auto end = v.find_first_of("/-");
  auto ip = core::parse_literal(v.substr(0, end));
  if (!ip)
    return value_error(a, "is not an IPv4 or IPv6 address or block (e.g. 192.168.88.0/24 or 2001:db8::/32)");
  return parse_address_spec(a, v, family_of(*ip), false);
}

Expected<std::vector<std::string>> parse_names(const Argument& a) {
  std::vector<std::string> out;
  if (a.value.empty()) return out;
  for (auto part : split(a.value, ',')) {
    if (part.empty()) return value_error(a, "has an empty name in its list");
    out.emplace_back(part);
  }
  return out;
}

std::optional<core::Error> repeated_key(const Command& cmd, std::string_view menu) {
  for (std::size_t i = 0; i < cmd.args.size(); ++i) {
    const Argument& a = cmd.args[i];
    if (a.key.empty()) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (cmd.args[j].key == a.key) {
        return make_error(Errc::bad_input, where(a.key_at) + ": " + a.key + "= is given twice in one /" +
                                               std::string(menu) + " " + cmd.verb + " (first at " +
                                               where(cmd.args[j].key_at) + ")");
      }
    }
  }
  return std::nullopt;
}

}  // namespace knock::routeros::parse
