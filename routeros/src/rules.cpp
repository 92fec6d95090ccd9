// One `add` of a firewall table (raw, nat, filter; IPv4 or IPv6), every value checked.
#include "load.hpp"

#include <map>

#include "parse.hpp"

namespace knock::routeros {
namespace {

using core::Errc;
using core::Expected;
using core::make_error;
using namespace parse;

// Matchers that RouterOS has but a loopback emulator cannot honour: parsed and reported; a packet that meets
// the rest of such a rule is undecided (see Firewall::walk).
constexpr std::array kUnsupportedMatchers = {"time",
                                             "layer7-protocol",
                                             "src-mac-address",
                                             "out-interface",
                                             "out-interface-list",
                                             "connection-type",
                                             "connection-mark",
                                             "packet-mark",
                                             "routing-mark",
                                             "dst-address-type",
                                             "src-address-type",
                                             "limit",
                                             "dst-limit",
                                             "connection-limit",
                                             "psd",
                                             "nth",
                                             "random",
                                             "ttl",
                                             "hotspot",
                                             "tls-host",
                                             "fragment",
                                             "priority",
                                             "dscp",
                                             "ingress-priority",
                                             "per-connection-classifier",
                                             "connection-rate",
                                             "connection-bytes",
                                             "p2p",
                                             "hop-limit",
                                             "headers",
                                             "in-bridge-port",
                                             "out-bridge-port",
                                             "in-bridge-port-list",
                                             "out-bridge-port-list",
                                             "routing-table",
                                             "realm",
                                             "tcp-mss",
                                             "src-port-list",
                                             "dst-address-list-timeout"};
// Settings that change nothing about matching here.
constexpr std::array kIgnoredKeys = {"place-before", "log",       "log-prefix",
                                     "hw-offload",   "copy-from", "numbers"};

Expected<std::uint8_t> parse_conn_state(const Argument& a, std::string_view v) {
  std::uint8_t bits = 0;
  for (auto s : split(v, ',')) {
    if (s == "new")
      bits |= kNew;
    else if (s == "established")
      bits |= kEstablished;
    else if (s == "related")
      bits |= kRelated;
    else if (s == "invalid")
      bits |= kInvalid;
    else if (s == "untracked")
      bits |= kUntracked;
    else
      return value_error(a, "has an unknown state (expected new, established, related, invalid, untracked)");
  }
  return bits;
}

Expected<std::uint8_t> parse_nat_state(const Argument& a, std::string_view v) {
  std::uint8_t bits = 0;
  for (auto s : split(v, ',')) {
    if (s == "srcnat")
      bits |= kSrcNat;
    else if (s == "dstnat")
      bits |= kDstNat;
    else
      return value_error(a, "has an unknown state (expected srcnat, dstnat)");
  }
  return bits;
}

Expected<std::uint8_t> parse_address_type(const Argument& a, std::string_view v) {
  static const std::pair<std::string_view, AddressType> names[] = {
      {"unicast", kUnicast},        {"local", kLocal},         {"broadcast", kBroadcast},
      {"multicast", kMulticast},    {"blackhole", kBlackhole}, {"prohibit", kProhibit},
      {"unreachable", kUnreachable}};
  std::uint8_t bits = 0;
  for (auto t : split(v, ',')) {
    auto it = std::find_if(std::begin(names), std::end(names), [&](const auto& n) { return n.first == t; });
    if (it == std::end(names)) {
      return value_error(a,
                         "has an unknown type (expected unicast, local, broadcast, multicast, blackhole, "
                         "prohibit, unreachable)");
    }
    bits |= it->second;
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
    if (it == std::end(names)) {
      return value_error(a, "has an unknown flag (expected fin, syn, rst, psh, ack, urg, ece, cwr)");
    }
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
    if (dash != std::string_view::npos && (!parse_u16(codes.substr(dash + 1), hi) || hi > 255 || hi < lo)) {
      return bad();
    }
    o.code_low = lo;
    o.code_high = hi;
  }
  return o;
}

// RouterOS documents 00:00:00 as none-dynamic ("Common Firewall Matchers and Actions": the entry stays until
// reboot), not as a timeout that has already run out.
Expected<ListTimeout> parse_list_timeout(const Argument& a) {
  if (a.value == "none-dynamic") return ListTimeout{ListTimeout::none_dynamic, {}};
  if (a.value == "none-static") return ListTimeout{ListTimeout::none_static, {}};
  auto d = parse_routeros_duration(a.value);
  if (!d) return make_error(Errc::bad_input, where(a.value_at) + ": " + a.key + ": " + d.error().message);
  if (d->count() == 0) return ListTimeout{ListTimeout::none_dynamic, {}};
  return ListTimeout{ListTimeout::duration, *d};
}

// The actions of each table, in the words of the error that lists them.
struct TableActions {
  std::vector<Action> actions;
  const char* expected;
};

const TableActions& actions_of(Table t) {
  static const TableActions raw{
      {Action::accept, Action::drop, Action::notrack, Action::jump, Action::return_, Action::passthrough,
       Action::log, Action::add_src_to_address_list, Action::add_dst_to_address_list},
      "accept, drop, notrack, jump, return, passthrough, log, add-src-to-address-list "
      "or add-dst-to-address-list"};
  static const TableActions nat{
      {Action::accept, Action::dst_nat, Action::redirect, Action::src_nat, Action::masquerade, Action::netmap,
       Action::same, Action::endpoint_independent_nat, Action::jump, Action::return_, Action::passthrough,
       Action::log, Action::add_src_to_address_list, Action::add_dst_to_address_list},
      "accept, dst-nat, redirect, src-nat, masquerade, netmap, same, "
      "endpoint-independent-nat, jump, return, passthrough, log, add-src-to-address-list "
      "or add-dst-to-address-list"};
  static const TableActions filter{
      {Action::accept, Action::drop, Action::reject, Action::tarpit, Action::jump, Action::return_,
       Action::passthrough, Action::log, Action::add_src_to_address_list, Action::add_dst_to_address_list,
       Action::fasttrack_connection},
      "accept, drop, reject, tarpit, jump, return, passthrough, log, add-src-to-address-list or "
      "add-dst-to-address-list"};
  return t == Table::raw ? raw : t == Table::nat ? nat : filter;
}

Expected<Action> parse_action(const Argument& a, Table t) {
  static const std::map<std::string_view, Action> names = [] {
    std::map<std::string_view, Action> m;
    for (int i = 0; i <= static_cast<int>(Action::endpoint_independent_nat); ++i) {
      m.emplace(to_string(static_cast<Action>(i)), static_cast<Action>(i));
    }
    return m;
  }();
  const TableActions& valid = actions_of(t);
  auto it = names.find(a.value);
  if (it == names.end() ||
      std::find(valid.actions.begin(), valid.actions.end(), it->second) == valid.actions.end()) {
    return value_error(a,
                       "is not a " + std::string(to_string(t)) + " action (expected " + valid.expected + ")");
  }
  return it->second;
}

constexpr std::array kRejectWith = {"icmp-network-unreachable",
                                    "icmp-host-unreachable",
                                    "icmp-port-unreachable",
                                    "icmp-protocol-unreachable",
                                    "icmp-net-prohibited",
                                    "icmp-host-prohibited",
                                    "icmp-admin-prohibited",
                                    "tcp-reset",
                                    "icmp-no-route",
                                    "icmp-address-unreachable",
                                    "icmp-err-src-routing-header",
                                    "icmp-headers-too-long"};

// A matcher key: true when `a` was one (and is now set on the rule).
Expected<bool> load_matcher(const Argument& a, Rule& r) {
  bool neg = false;
  const std::string_view v = negation(a.value, neg);
  if (a.key == "protocol") {
    auto p = protocol_number(v);
    if (!p)
      return value_error(a, "is not a protocol (expected a name such as tcp, udp, icmp or a number 0-255)");
    r.protocol = Match<std::uint8_t>{*p, neg};
  } else if (a.key == "dst-port" || a.key == "src-port" || a.key == "port") {
    auto ports = parse_ports(a, v);
    if (!ports) return ports.error();
    auto& slot = a.key == "dst-port" ? r.dst_port : a.key == "src-port" ? r.src_port : r.port;
    slot = Match<PortRanges>{std::move(*ports), neg};
  } else if (a.key == "src-address" || a.key == "dst-address") {
    auto spec = parse_address_spec(a, v, r.family, false);
    if (!spec) return spec.error();
    (a.key == "src-address" ? r.src_address : r.dst_address) = Match<AddressSpec>{std::move(*spec), neg};
  } else if (a.key == "src-address-list" || a.key == "dst-address-list") {
    if (v.empty()) return value_error(a, "is empty");
    (a.key == "src-address-list" ? r.src_address_list : r.dst_address_list) =
        Match<std::string>{std::string(v), neg};
  } else if (a.key == "packet-size") {
    const auto dash = v.find('-');
    std::uint16_t lo = 0, hi = 0;
    const bool ok =
        parse_u16(v.substr(0, dash), lo) &&
        (dash == std::string_view::npos ? (hi = lo, true) : parse_u16(v.substr(dash + 1), hi) && lo <= hi);
    if (!ok) return value_error(a, "is not a size or min-max range (0-65535)");
    r.packet_size = Match<std::pair<std::uint16_t, std::uint16_t>>{{lo, hi}, neg};
  } else if (a.key == "content") {
    r.content = Match<std::string>{std::string(v), neg};
  } else if (a.key == "icmp-options") {
    auto o = parse_icmp_options(a, v);
    if (!o) return o.error();
    r.icmp_options = Match<IcmpOptions>{*o, neg};
  } else if (a.key == "connection-state") {
    auto s = parse_conn_state(a, v);
    if (!s) return s.error();
    r.connection_state = Match<std::uint8_t>{*s, neg};
  } else if (a.key == "connection-nat-state") {
    auto s = parse_nat_state(a, v);
    if (!s) return s.error();
    r.connection_nat_state = Match<std::uint8_t>{*s, neg};
  } else if (a.key == "dst-address-type") {
    auto t = parse_address_type(a, v);
    if (!t) return t.error();
    r.dst_address_type = Match<std::uint8_t>{*t, neg};
  } else if (a.key == "ipsec-policy") {
    const auto parts = split(v, ',');
    const bool ok = parts.size() == 2 && (parts[0] == "in" || parts[0] == "out") &&
                    (parts[1] == "ipsec" || parts[1] == "none");
    if (!ok) return value_error(a, "is not in|out,ipsec|none (e.g. in,ipsec)");
    r.ipsec_policy = Match<bool>{parts[1] == "ipsec", neg};
  } else if (a.key == "tcp-flags") {
    auto f = parse_tcp_flags(a);
    if (!f) return f.error();
    r.tcp_flags = *f;
  } else if (a.key == "in-interface" || a.key == "in-interface-list") {
    (a.key == "in-interface" ? r.in_interface : r.in_interface_list) =
        Match<std::string>{std::string(v), neg};
  } else {
    return false;
  }
  return true;
}

// What the rule does with a packet it matches (and where it lives): true when `a` was such a key.
Expected<bool> load_setting(const Argument& a, Rule& r) {
  if (a.key == "chain") {
    if (a.value.empty()) return value_error(a, "is empty");
    r.chain = a.value;
  } else if (a.key == "action") {
    auto act = parse_action(a, r.table);
    if (!act) return act.error();
    r.action = *act;
  } else if (a.key == "comment") {
    r.comment = a.value;
  } else if (a.key == "disabled") {
    auto b = parse_bool(a);
    if (!b) return b.error();
    r.disabled = *b;
  } else if (a.key == "address-list") {
    r.address_list = a.value;
  } else if (a.key == "address-list-timeout") {
    auto t = parse_list_timeout(a);
    if (!t) return t.error();
    r.address_list_timeout = *t;
  } else if (a.key == "jump-target") {
    r.jump_target = a.value;
    r.jump_target_at = a.value_at;
  } else if (a.key == "reject-with" && r.table == Table::filter) {
    if (!listed(kRejectWith, a.value) && a.value.rfind("icmp", 0) != 0) {
      return value_error(a, "is not a reject-with value (e.g. icmp-port-unreachable or tcp-reset)");
    }
    r.reject_with = a.value;
  } else if (a.key == "to-addresses" && r.table == Table::nat) {
    // A range spreads connections over several hosts; the first stands for them all.
    auto spec = parse_address_spec(a, a.value, r.family, false);
    if (!spec) return spec.error();
    r.to_address = spec->low;
  } else if (a.key == "to-ports" && r.table == Table::nat) {
    auto ports = parse_ports(a, a.value);
    if (!ports) return ports.error();
    r.to_port = ports->ranges.front().first;
  } else {
    return false;
  }
  return true;
}

std::optional<core::Error> check_complete(const Command& cmd, const std::string& menu, const Rule& r) {
  const auto missing = [&](const std::string& what) {
    return make_error(Errc::bad_input, where(cmd.at) + ": " + menu + " rule " + what);
  };
  if (r.chain.empty()) {
    return missing(r.table == Table::filter ? "has no chain= (input, forward, output or a chain of your own)"
                   : r.table == Table::raw  ? "has no chain= (prerouting, output or a chain of your own)"
                                            : "has no chain= (dstnat, srcnat or a chain of your own)");
  }
  if (r.action == Action::jump && r.jump_target.empty()) return missing("jumps but has no jump-target=");
  if ((r.action == Action::add_src_to_address_list || r.action == Action::add_dst_to_address_list) &&
      r.address_list.empty()) {
    return missing("adds to an address list but has no address-list=");
  }
  if (r.action == Action::tarpit && r.family == Family::v6) {
    for (const Argument& a : cmd.args) {
      if (a.key == "action") return make_error(Errc::bad_input, where(a.value_at) + ": tarpit is IPv4 only");
    }
  }
  if (r.action == Action::dst_nat && !r.to_address && !r.to_port) {
    return missing("is a dst-nat without to-addresses= or to-ports=");
  }
  return std::nullopt;
}

}  // namespace

std::string menu_of(Table t, Family f) {
  return std::string(f == Family::v4 ? "/ip firewall " : "/ipv6 firewall ") + std::string(to_string(t));
}

std::optional<core::Error> load_rule(const Command& cmd, Rule& r, Notes& notes) {
  r.at = cmd.at;
  const std::string menu = menu_of(r.table, r.family);
  if (auto e = repeated_key(cmd, menu.substr(1))) return e;
  for (const Argument& a : cmd.args) {
    if (a.key.empty()) {
      return make_error(Errc::bad_input,
                        where(a.key_at) + ": unexpected '" + a.value + "' in " + menu + " add");
    }
    r.settings.emplace_back(a.key, a.value);
    auto matcher = load_matcher(a, r);
    if (!matcher) return matcher.error();
    if (*matcher) continue;
    auto setting = load_setting(a, r);
    if (!setting) return setting.error();
    if (*setting) continue;
    if (listed(kUnsupportedMatchers, a.key)) {
      r.unsupported.push_back(a.key + "=" + a.value);
    } else if (!listed(kIgnoredKeys, a.key)) {
      return make_error(Errc::bad_input,
                        where(a.key_at) + ": unknown key '" + a.key + "' in " + menu + " add");
    }
  }
  if (auto e = check_complete(cmd, menu, r)) return e;
  if (!r.unsupported.empty()) {
    std::string list;
    for (const auto& u : r.unsupported)
      list += (list.empty() ? "" : ", ") + u;
    const bool neutral = r.action == Action::log || r.action == Action::passthrough ||
                         r.action == Action::fasttrack_connection;
    std::string text = where(cmd.at) + ": " + r.describe() + " uses " + list +
                       ", which this emulator cannot evaluate: " +
                       (neutral ? "its action leaves a packet's fate as it is, so the rule is stepped over"
                                : "a packet that meets all its other settings is undecided, and counts as "
                                  "dropped");
    // A packet from outside never passes these chains, so what their rules use cannot change a verdict.
    const bool never_run = r.chain == "output" || (r.table == Table::nat && r.chain == "srcnat");
    never_run ? notes.note(std::move(text)) : notes.warn(std::move(text));
  }
  return std::nullopt;
}

}  // namespace knock::routeros
