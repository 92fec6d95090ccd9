// Loading filter rules and address-list entries from a parsed script, every value checked.
#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <map>

#include "knock/core/plan.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros {
namespace {

using core::Errc;
using core::Expected;
using core::make_error;

core::Error value_error(const Argument& a, const std::string& what) {
  return make_error(Errc::bad_input, where(a.value_at) + ": " + a.key + " '" + a.value + "' " + what);
}

// Matchers that RouterOS has but a loopback emulator cannot honour: parsed, reported, never matching.
constexpr std::array kUnsupportedMatchers = {
    "time", "layer7-protocol", "src-mac-address", "out-interface", "out-interface-list", "connection-nat-state",
    "connection-type", "connection-mark", "packet-mark", "routing-mark", "dst-address-type", "src-address-type",
    "limit", "dst-limit", "connection-limit", "psd", "nth", "random", "ttl", "hotspot", "ipsec-policy",
    "tls-host", "fragment", "priority", "dscp", "ingress-priority", "per-connection-classifier",
    "connection-rate", "connection-bytes", "p2p", "hop-limit", "headers", "in-bridge-port", "out-bridge-port",
    "in-bridge-port-list", "out-bridge-port-list", "routing-table", "realm", "tcp-mss", "src-port-list",
    "dst-address-list-timeout"};
// Settings that change nothing about matching here.
constexpr std::array kIgnoredKeys = {"place-before", "log", "log-prefix", "hw-offload", "copy-from", "numbers"};

template <std::size_t N>
bool listed(const std::array<const char*, N>& list, std::string_view key) {
  return std::find_if(list.begin(), list.end(), [&](const char* k) { return key == k; }) != list.end();
}

bool parse_u16(std::string_view s, std::uint16_t& out, unsigned lo = 0) {
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

// Strips a leading '!' and reports it.
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
    const bool ok = dash == std::string_view::npos
                        ? parse_u16(part, lo) && (hi = lo, true)
                        : parse_u16(part.substr(0, dash), lo) && parse_u16(part.substr(dash + 1), hi) && lo <= hi;
    if (!ok) {
      return value_error(a, "is not a port list (expected ports 0-65535 and ranges, e.g. 21,22,8291,10000-60000)");
    }
    out.ranges.emplace_back(lo, hi);
  }
  return out;
}

Expected<AddressSpec> parse_address_spec(const Argument& a, std::string_view v, Family family, bool allow_names) {
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
    if (!allow_names) return value_error(a, "is not an IPv4 range (expected e.g. 192.168.33.10-192.168.33.20)");
  }
  if (const auto slash = v.find('/'); slash != std::string_view::npos) {
    auto ip = core::parse_literal(v.substr(0, slash));
    std::uint16_t prefix = 0;
    if (!ip || !parse_u16(v.substr(slash + 1), prefix) || prefix > (ip->is_v4() ? 32 : 128)) {
      return value_error(a, "is not a CIDR block (expected e.g. 10.0.0.0/8 or 2001:db8::/32)");
    }
    if (auto e = check_family(*ip)) return *e;
    if (ip->is_v4()) {
      const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
      const std::uint32_t base = ip->to_v4().to_uint() & mask;
      spec.low = boost::asio::ip::address_v4(base);
      spec.high = boost::asio::ip::address_v4(base | ~mask);
    } else {
      auto lo = ip->to_v6().to_bytes();
      auto hi = lo;
      for (int bit = prefix; bit < 128; ++bit) {
        lo[bit / 8] &= static_cast<unsigned char>(~(0x80 >> (bit % 8)));
        hi[bit / 8] |= static_cast<unsigned char>(0x80 >> (bit % 8));
      }
      spec.low = boost::asio::ip::address_v6(lo);
      spec.high = boost::asio::ip::address_v6(hi);
    }
    return spec;
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

Expected<std::uint8_t> parse_conn_state(const Argument& a, std::string_view v) {
  std::uint8_t bits = 0;
  for (auto s : split(v, ',')) {
    if (s == "new") bits |= kNew;
    else if (s == "established") bits |= kEstablished;
    else if (s == "related") bits |= kRelated;
    else if (s == "invalid") bits |= kInvalid;
    else if (s == "untracked") bits |= kUntracked;
    else return value_error(a, "has an unknown state (expected new, established, related, invalid, untracked)");
  }
  return bits;
}

Expected<TcpFlagsMatch> parse_tcp_flags(const Argument& a) {
  TcpFlagsMatch m;
  static const std::pair<std::string_view, TcpFlag> names[] = {{"fin", kFin}, {"syn", kSyn}, {"rst", kRst},
                                                               {"psh", kPsh}, {"ack", kAck}, {"urg", kUrg},
                                                               {"ece", kEce}, {"cwr", kCwr}};
  for (auto f : split(a.value, ',')) {
    bool neg = false;
    f = negation(f, neg);
    auto it = std::find_if(std::begin(names), std::end(names), [&](const auto& n) { return n.first == f; });
    if (it == std::end(names)) return value_error(a, "has an unknown flag (expected fin, syn, rst, psh, ack, urg, ece, cwr)");
    (neg ? m.must_clear : m.must_set) |= it->second;
  }
  return m;
}

Expected<IcmpOptions> parse_icmp_options(const Argument& a, std::string_view v) {
  IcmpOptions o;
  const auto bad = [&] { return value_error(a, "is not type[:code[-code]] (e.g. 8:0)"); };
  const auto colon = v.find(':');
  std::uint16_t type = 0;
  if (!parse_u16(v.substr(0, colon), type) || type > 255) return bad();
  o.type = type;
  if (colon != std::string_view::npos) {
    const auto codes = v.substr(colon + 1);
    const auto dash = codes.find('-');
    std::uint16_t lo = 0, hi = 0;
    if (!parse_u16(codes.substr(0, dash), lo) || lo > 255) return bad();
    hi = lo;
    if (dash != std::string_view::npos && (!parse_u16(codes.substr(dash + 1), hi) || hi > 255 || hi < lo)) return bad();
    o.code_low = lo;
    o.code_high = hi;
  }
  return o;
}

Expected<ListTimeout> parse_list_timeout(const Argument& a) {
  if (a.value == "none-dynamic") return ListTimeout{ListTimeout::none_dynamic, {}};
  if (a.value == "none-static") return ListTimeout{ListTimeout::none_static, {}};
  auto d = parse_routeros_duration(a.value);
  if (!d) return make_error(Errc::bad_input, where(a.value_at) + ": " + a.key + ": " + d.error().message);
  return ListTimeout{ListTimeout::duration, *d};
}

Expected<Action> parse_action(const Argument& a) {
  static const std::map<std::string_view, Action> actions{
      {"accept", Action::accept},
      {"drop", Action::drop},
      {"reject", Action::reject},
      {"tarpit", Action::tarpit},
      {"jump", Action::jump},
      {"return", Action::return_},
      {"passthrough", Action::passthrough},
      {"log", Action::log},
      {"add-src-to-address-list", Action::add_src_to_address_list},
      {"add-dst-to-address-list", Action::add_dst_to_address_list},
      {"fasttrack-connection", Action::fasttrack_connection}};
  auto it = actions.find(a.value);
  if (it == actions.end()) {
    return value_error(a, "is not a filter action (expected accept, drop, reject, tarpit, jump, return, "
                          "passthrough, log, add-src-to-address-list or add-dst-to-address-list)");
  }
  return it->second;
}

constexpr std::array kRejectWith = {"icmp-network-unreachable", "icmp-host-unreachable", "icmp-port-unreachable",
                                    "icmp-protocol-unreachable", "icmp-net-prohibited", "icmp-host-prohibited",
                                    "icmp-admin-prohibited", "tcp-reset", "icmp-no-route", "icmp-address-unreachable",
                                    "icmp-err-src-routing-header", "icmp-headers-too-long"};

// One "add" in a filter menu.
std::optional<core::Error> load_rule(const Command& cmd, Family family, Rule& r, std::vector<std::string>& notes) {
  r.at = cmd.at;
  r.family = family;
  const std::string menu = family == Family::v4 ? "/ip firewall filter" : "/ipv6 firewall filter";
  const Argument* action_arg = nullptr;
  for (const Argument& a : cmd.args) {
    if (a.key.empty()) {
      return make_error(Errc::bad_input, where(a.key_at) + ": unexpected '" + a.value + "' in " + menu + " add");
    }
    r.settings.emplace_back(a.key, a.value);
    bool neg = false;
    const std::string_view v = negation(a.value, neg);
    const auto fail = [](core::Error e) { return std::optional<core::Error>(std::move(e)); };
    if (a.key == "chain") {
      if (a.value.empty()) return fail(value_error(a, "is empty"));
      r.chain = a.value;
    } else if (a.key == "action") {
      auto act = parse_action(a);
      if (!act) return fail(act.error());
      r.action = *act;
      action_arg = &a;
    } else if (a.key == "comment") {
      r.comment = a.value;
    } else if (a.key == "disabled") {
      auto b = parse_bool(a);
      if (!b) return fail(b.error());
      r.disabled = *b;
    } else if (a.key == "protocol") {
      auto p = protocol_number(v);
      if (!p) return fail(value_error(a, "is not a protocol (expected a name such as tcp, udp, icmp or a number 0-255)"));
      r.protocol = Match<std::uint8_t>{*p, neg};
    } else if (a.key == "dst-port" || a.key == "src-port" || a.key == "port") {
      auto ports = parse_ports(a, v);
      if (!ports) return fail(ports.error());
      auto& slot = a.key == "dst-port" ? r.dst_port : a.key == "src-port" ? r.src_port : r.port;
      slot = Match<PortRanges>{std::move(*ports), neg};
    } else if (a.key == "src-address" || a.key == "dst-address") {
      auto spec = parse_address_spec(a, v, family, false);
      if (!spec) return fail(spec.error());
      (a.key == "src-address" ? r.src_address : r.dst_address) = Match<AddressSpec>{std::move(*spec), neg};
    } else if (a.key == "src-address-list" || a.key == "dst-address-list") {
      if (v.empty()) return fail(value_error(a, "is empty"));
      (a.key == "src-address-list" ? r.src_address_list : r.dst_address_list) = Match<std::string>{std::string(v), neg};
    } else if (a.key == "packet-size") {
      const auto dash = v.find('-');
      std::uint16_t lo = 0, hi = 0;
      const bool ok = parse_u16(v.substr(0, dash), lo) &&
                      (dash == std::string_view::npos ? (hi = lo, true) : parse_u16(v.substr(dash + 1), hi) && lo <= hi);
      if (!ok) return fail(value_error(a, "is not a size or min-max range (0-65535)"));
      r.packet_size = Match<std::pair<std::uint16_t, std::uint16_t>>{{lo, hi}, neg};
    } else if (a.key == "content") {
      r.content = Match<std::string>{std::string(v), neg};
    } else if (a.key == "icmp-options") {
      auto o = parse_icmp_options(a, v);
      if (!o) return fail(o.error());
      r.icmp_options = Match<IcmpOptions>{*o, neg};
    } else if (a.key == "connection-state") {
      auto s = parse_conn_state(a, v);
      if (!s) return fail(s.error());
      r.connection_state = Match<std::uint8_t>{*s, neg};
    } else if (a.key == "tcp-flags") {
      auto f = parse_tcp_flags(a);
      if (!f) return fail(f.error());
      r.tcp_flags = *f;
    } else if (a.key == "in-interface") {
      r.in_interface = Match<std::string>{std::string(v), neg};
    } else if (a.key == "in-interface-list") {
      r.in_interface_list = Match<std::string>{std::string(v), neg};
    } else if (a.key == "address-list") {
      r.address_list = a.value;
    } else if (a.key == "address-list-timeout") {
      auto t = parse_list_timeout(a);
      if (!t) return fail(t.error());
      r.address_list_timeout = *t;
    } else if (a.key == "jump-target") {
      r.jump_target = a.value;
    } else if (a.key == "reject-with") {
      if (!listed(kRejectWith, a.value) && a.value.rfind("icmp", 0) != 0) {
        return fail(value_error(a, "is not a reject-with value (e.g. icmp-port-unreachable or tcp-reset)"));
      }
      r.reject_with = a.value;
    } else if (listed(kUnsupportedMatchers, a.key)) {
      r.unsupported.push_back(a.key + "=" + a.value);
    } else if (!listed(kIgnoredKeys, a.key)) {
      return fail(make_error(Errc::bad_input, where(a.key_at) + ": unknown key '" + a.key + "' in " + menu + " add"));
    }
  }
  const auto missing = [&](const std::string& what) {
    return make_error(Errc::bad_input, where(cmd.at) + ": " + menu + " rule " + what);
  };
  if (r.chain.empty()) return missing("has no chain= (input, forward, output or a chain of your own)");
  if (r.action == Action::jump && r.jump_target.empty()) return missing("jumps but has no jump-target=");
  if ((r.action == Action::add_src_to_address_list || r.action == Action::add_dst_to_address_list) &&
      r.address_list.empty()) {
    return missing("adds to an address list but has no address-list=");
  }
  if (r.action == Action::tarpit && family == Family::v6) {
    return make_error(Errc::bad_input, where(action_arg ? action_arg->value_at : cmd.at) + ": tarpit is IPv4 only");
  }
  if (!r.unsupported.empty()) {
    std::string list;
    for (const auto& u : r.unsupported) list += (list.empty() ? "" : ", ") + u;
    notes.push_back(where(cmd.at) + ": " + r.describe() + " uses " + list +
                    ", which this emulator cannot evaluate: the rule is treated as never matching");
  }
  return std::nullopt;
}

std::optional<core::Error> load_entry(const Command& cmd, Family family, ListEntry& e, std::vector<std::string>& notes) {
  e.family = family;
  e.at = cmd.at;
  const std::string menu = family == Family::v4 ? "/ip firewall address-list" : "/ipv6 firewall address-list";
  bool have_address = false;
  for (const Argument& a : cmd.args) {
    if (a.key == "list") {
      e.list = a.value;
    } else if (a.key == "address") {
      auto spec = parse_address_spec(a, a.value, family, true);
      if (!spec) return spec.error();
      e.address = std::move(*spec);
      have_address = true;
    } else if (a.key == "timeout") {
      auto d = parse_routeros_duration(a.value);
      if (!d) return make_error(Errc::bad_input, where(a.value_at) + ": timeout: " + d.error().message);
      e.timeout = *d;
    } else if (a.key == "disabled") {
      auto b = parse_bool(a);
      if (!b) return b.error();
      e.disabled = *b;
    } else if (a.key != "comment" && a.key != "dynamic" && a.key != "creation-time") {
      return make_error(Errc::bad_input, where(a.key_at) + ": unknown key '" + (a.key.empty() ? a.value : a.key) +
                                             "' in " + menu + " add");
    }
  }
  if (e.list.empty()) return make_error(Errc::bad_input, where(cmd.at) + ": " + menu + " entry has no list=");
  if (!have_address) return make_error(Errc::bad_input, where(cmd.at) + ": " + menu + " entry has no address=");
  if (!e.address.dns_name.empty()) {
    notes.push_back(where(cmd.at) + ": address-list \"" + e.list + "\" entry " + e.address.dns_name +
                    " is a DNS name, which the emulator does not resolve: it never matches");
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Action a) {
  switch (a) {
    case Action::accept: return "accept";
    case Action::drop: return "drop";
    case Action::reject: return "reject";
    case Action::tarpit: return "tarpit";
    case Action::jump: return "jump";
    case Action::return_: return "return";
    case Action::passthrough: return "passthrough";
    case Action::log: return "log";
    case Action::add_src_to_address_list: return "add-src-to-address-list";
    case Action::add_dst_to_address_list: return "add-dst-to-address-list";
    case Action::fasttrack_connection: return "fasttrack-connection";
  }
  return "?";
}

bool is_terminal(Action a) {
  return a == Action::accept || a == Action::drop || a == Action::reject || a == Action::tarpit;
}

std::string Rule::describe() const {
  std::string out = std::string(family == Family::v6 ? "IPv6 " : "") + "rule #" + std::to_string(number);
  if (!comment.empty()) out += " \"" + comment + "\"";
  out += " (" + std::string(to_string(action));
  if (!address_list.empty()) out += " " + address_list;
  if (action == Action::jump) out += " " + jump_target;
  return out + ")";
}

std::string Rule::setting(std::string_view key) const {
  for (const auto& [k, v] : settings) {
    if (k == key) return k + "=" + (v.find(' ') == std::string::npos ? v : "\"" + v + "\"");
  }
  return "";
}

bool AddressSpec::contains(const IpAddress& a) const {
  if (!dns_name.empty() || a.is_v4() != low.is_v4()) return false;
  if (a.is_v4()) return low.to_v4().to_uint() <= a.to_v4().to_uint() && a.to_v4().to_uint() <= high.to_v4().to_uint();
  const auto b = a.to_v6().to_bytes();
  return low.to_v6().to_bytes() <= b && b <= high.to_v6().to_bytes();
}

bool PortRanges::contains(std::uint16_t port) const {
  return std::any_of(ranges.begin(), ranges.end(), [&](const auto& r) { return r.first <= port && port <= r.second; });
}

core::Expected<Config> load_config(const Script& script) {
  Config config;
  config.notes = script.notes;
  for (const Command& cmd : script.commands) {
    const bool v4 = cmd.menu.rfind("ip firewall", 0) == 0;
    const bool v6 = cmd.menu.rfind("ipv6 firewall", 0) == 0;
    const bool filter = cmd.menu == "ip firewall filter" || cmd.menu == "ipv6 firewall filter";
    const bool lists = cmd.menu == "ip firewall address-list" || cmd.menu == "ipv6 firewall address-list";
    if (!filter && !lists) {
      config.notes.push_back(where(cmd.at) + ": skipped /" + cmd.menu + " " + cmd.verb +
                             (v4 || v6 ? " (only filter rules and address lists are emulated)" : ""));
      continue;
    }
    if (cmd.verb != "add") {
      config.notes.push_back(where(cmd.at) + ": skipped /" + cmd.menu + " " + cmd.verb +
                             " (only add is emulated; exports list every rule with add)");
      continue;
    }
    const Family family = v6 ? Family::v6 : Family::v4;
    if (filter) {
      auto& table = config.filter[static_cast<int>(family)];
      Rule rule;
      rule.number = table.size();
      if (auto e = load_rule(cmd, family, rule, config.notes)) return *e;
      table.push_back(std::move(rule));
    } else {
      ListEntry entry;
      if (auto e = load_entry(cmd, family, entry, config.notes)) return *e;
      config.entries.push_back(std::move(entry));
    }
  }
  return config;
}

core::Expected<Config> load_config(std::string_view text) {
  auto script = parse_script(text);
  if (!script) return std::move(script).error();
  return load_config(*script);
}

}  // namespace knock::routeros
