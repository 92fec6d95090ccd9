#include "knock/routeros/firewall.hpp"

#include <algorithm>

namespace knock::routeros {
namespace {

bool has_ports(std::uint8_t protocol) {
  return protocol == 6 || protocol == 17 || protocol == 33 || protocol == 132 || protocol == 136;
}

template <class T, class F>
bool check(const std::optional<Match<T>>& m, F&& holds) {
  if (!m) return true;
  return holds(m->value) != m->negated;
}

// Actions whose rule, matching or not, leaves the packet and the address lists as they were (see walk()).
bool fate_neutral(Action a) {
  return a == Action::log || a == Action::passthrough || a == Action::fasttrack_connection;
}

std::string undecided_words(const Rule& r) {
  std::string list;
  for (const auto& u : r.unsupported)
    list += (list.empty() ? "" : ", ") + u;
  std::string would;
  switch (r.action) {
    case Action::add_src_to_address_list:
    case Action::add_dst_to_address_list:
      would = std::string("put its ") +
              (r.action == Action::add_src_to_address_list ? "source" : "destination") + " address on \"" +
              r.address_list + "\"";
      break;
    case Action::jump:
      would = "send it to chain " + r.jump_target;
      break;
    case Action::return_:
      would = "return it to the calling chain";
      break;
    default:
      would = std::string(to_string(r.action)) + " it";
  }
  return r.describe() + " uses " + list +
         ", which the emulator cannot evaluate, and all its other settings match this packet: whether the "
         "router would " +
         would + " there or pass it on to the next rule cannot be told";
}

}  // namespace

std::string describe(const Packet& p) {
  const auto host = [](const IpAddress& a, std::uint16_t port, bool ports) {
    std::string s = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
    return ports ? s + ":" + std::to_string(port) : s;
  };
  const bool ports = has_ports(p.protocol);
  std::string out = protocol_name(p.protocol) + " " + host(p.src, p.src_port, ports) + " > " +
                    host(p.dst, p.dst_port, ports);
  if (p.protocol == 6) {
    std::string flags;
    const std::pair<TcpFlag, const char*> names[] = {
        {kSyn, "syn"}, {kAck, "ack"}, {kFin, "fin"}, {kRst, "rst"}, {kPsh, "psh"}};
    for (const auto& [bit, name] : names) {
      if (p.tcp_flags & bit) flags += (flags.empty() ? "" : ",") + std::string(name);
    }
    out += " [" + flags + "]";
  }
  if (p.protocol == 1 || p.protocol == 58)
    out += " type " + std::to_string(p.icmp_type) + ":" + std::to_string(p.icmp_code);
  out += " " + std::to_string(p.size) + " bytes";
  if (!p.payload.empty()) out += " (" + std::to_string(p.payload.size()) + "-byte payload)";
  return out;
}

Packet as_filtered(const Packet& p, const Verdict& v) {
  Packet q = p;
  q.dst = v.dst;
  q.dst_port = v.dst_port;
  if (v.nat) q.nat_state |= kDstNat;
  if (v.untracked) q.state = kUntracked;
  return q;
}

Firewall::Firewall(const Config& config, FirewallOptions options, Time now)
    : config_(config), options_(std::move(options)) {
  lists_.load(config_.entries, now);
  build();
}

void Firewall::reload() {
  build();
}

void Firewall::fail_closed(std::string why) {
  failed_ = std::move(why);
}

void Firewall::build() {
  for (const Table t : {Table::raw, Table::nat, Table::filter}) {
    for (int f = 0; f < 2; ++f) {
      Chains& c = chains_[static_cast<int>(t)][f];
      c = Chains{};
      const auto& rules = config_.rules(t, static_cast<Family>(f));
      for (const Rule& r : rules)
        c.by_name[r.chain].push_back(&r);
      for (const Rule& r : rules)
        c.jump_targets.push_back(r.action == Action::jump ? &chain(t, f, r.jump_target) : nullptr);
    }
  }
  for (int f = 0; f < 2; ++f) {
    prerouting_[f] = &chain(Table::raw, f, "prerouting");
    dstnat_[f] = &chain(Table::nat, f, "dstnat");
    input_[f] = &chain(Table::filter, f, "input");
    forward_[f] = &chain(Table::filter, f, "forward");
  }
}

const Firewall::RuleList& Firewall::chain(Table t, int family, std::string_view name) const {
  static const RuleList kEmpty;
  const auto& chains = chains_[static_cast<int>(t)][family].by_name;
  auto it = chains.find(std::string(name));
  return it == chains.end() ? kEmpty : it->second;
}

bool Firewall::is_local(const IpAddress& a) const {
  return a.is_loopback() ||
         std::find(options_.local.begin(), options_.local.end(), a) != options_.local.end();
}

template <class Visit>
bool Firewall::each_matcher(const Rule& r, const Packet& p, Time now, Visit&& visit) const {
  const bool ports = has_ports(p.protocol);
  const bool icmp = p.protocol == 1 || p.protocol == 58;
  if (r.protocol && !visit("protocol", check(r.protocol, [&](std::uint8_t v) { return v == p.protocol; })))
    return false;
  if (r.dst_port && !visit("dst-port", ports && check(r.dst_port, [&](const PortRanges& v) {
                                         return v.contains(p.dst_port);
                                       }))) {
    return false;
  }
  if (r.src_port && !visit("src-port", ports && check(r.src_port, [&](const PortRanges& v) {
                                         return v.contains(p.src_port);
                                       }))) {
    return false;
  }
  if (r.port && !visit("port", ports && check(r.port, [&](const PortRanges& v) {
                                 return v.contains(p.src_port) || v.contains(p.dst_port);
                               }))) {
    return false;
  }
  if (r.src_address &&
      !visit("src-address", check(r.src_address, [&](const AddressSpec& v) { return v.contains(p.src); }))) {
    return false;
  }
  if (r.dst_address &&
      !visit("dst-address", check(r.dst_address, [&](const AddressSpec& v) { return v.contains(p.dst); }))) {
    return false;
  }
  if (r.packet_size && !visit("packet-size", check(r.packet_size, [&](const auto& v) {
                                return v.first <= p.size && p.size <= v.second;
                              }))) {
    return false;
  }
  if (r.content && !visit("content", check(r.content, [&](const std::string& v) {
                            return p.payload.find(v) != std::string::npos;
                          }))) {
    return false;
  }
  if (r.icmp_options && !visit("icmp-options", icmp && check(r.icmp_options, [&](const IcmpOptions& v) {
                                                 return v.type == p.icmp_type &&
                                                        (v.code_low < 0 || (v.code_low <= p.icmp_code &&
                                                                            p.icmp_code <= v.code_high));
                                               }))) {
    return false;
  }
  if (r.connection_state && !visit("connection-state", check(r.connection_state, [&](std::uint8_t v) {
                                     return (v & p.state) != 0;
                                   }))) {
    return false;
  }
  if (r.connection_nat_state &&
      !visit("connection-nat-state",
             check(r.connection_nat_state, [&](std::uint8_t v) { return (v & p.nat_state) != 0; }))) {
    return false;
  }
  if (r.dst_address_type && !visit("dst-address-type", check(r.dst_address_type, [&](std::uint8_t v) {
                                     // A packet from outside is addressed to one host, the router or one
                                     // behind it.
                                     const std::uint8_t type = p.dst.is_multicast() ? kMulticast
                                                               : is_local(p.dst)    ? kLocal
                                                                                    : kUnicast;
                                     return (v & type) != 0;
                                   }))) {
    return false;
  }
  if (r.ipsec_policy && !visit("ipsec-policy", check(r.ipsec_policy, [](bool ipsec) { return !ipsec; })))
    return false;
  if (r.tcp_flags &&
      !visit("tcp-flags", p.protocol == 6 && (p.tcp_flags & r.tcp_flags->must_set) == r.tcp_flags->must_set &&
                              (p.tcp_flags & r.tcp_flags->must_clear) == 0)) {
    return false;
  }
  if (r.in_interface && !visit("in-interface", check(r.in_interface, [&](const std::string& v) {
                                 return v == options_.interface;
                               }))) {
    return false;
  }
  if (r.in_interface_list &&
      !visit("in-interface-list", check(r.in_interface_list, [&](const std::string& v) {
               if (v == "all" || v == "none") return v == "all";
               return std::find(options_.interface_lists.begin(), options_.interface_lists.end(), v) !=
                      options_.interface_lists.end();
             }))) {
    return false;
  }
  // Address lists last: the cheap tests above settle most packets without a lookup.
  if (r.src_address_list && !visit("src-address-list", check(r.src_address_list, [&](const std::string& v) {
                                     return lists_.contains(v, p.src, now);
                                   }))) {
    return false;
  }
  if (r.dst_address_list && !visit("dst-address-list", check(r.dst_address_list, [&](const std::string& v) {
                                     return lists_.contains(v, p.dst, now);
                                   }))) {
    return false;
  }
  return true;
}

bool Firewall::matches(const Rule& r, const Packet& p, Time now) const {
  if (r.disabled || !r.unsupported.empty()) return false;
  return matches_evaluable(r, p, now);
}

bool Firewall::matches_evaluable(const Rule& r, const Packet& p, Time now) const {
  if (r.disabled) return false;
  return each_matcher(r, p, now, [](std::string_view, bool holds) { return holds; });
}

bool Firewall::matches_ignoring_lists(const Rule& r, const Packet& p, Time now) const {
  if (r.disabled) return false;
  return each_matcher(r, p, now, [](std::string_view key, bool holds) {
    return holds || key == "src-address-list" || key == "dst-address-list";
  });
}

std::vector<std::string> Firewall::mismatches(const Rule& r, const Packet& p, Time now) const {
  std::vector<std::string> out;
  each_matcher(r, p, now, [&](std::string_view key, bool holds) {
    if (!holds) out.push_back(r.setting(key));
    return true;
  });
  return out;
}

Verdict Firewall::evaluate(const Packet& p, Time now) {
  return run<true>(p, now);
}

Verdict Firewall::peek(const Packet& p, Time now) const {
  return run<false>(p, now);
}

template <bool Apply>
const Rule* Firewall::walk(Table t, int f, const RuleList& start, const Packet& p, Time now,
                           Verdict& v) const {
  struct Frame {
    const RuleList* rules;
    std::size_t next;
  };
  std::array<Frame, kMaxJumpDepth> stack;  // loading refuses deeper nesting; the check below is the backstop
  std::size_t depth = 0;
  Frame frame{&start, 0};
  const auto& targets = chains_[static_cast<int>(t)][f].jump_targets;
  for (;;) {
    if (frame.next >= frame.rules->size()) {
      // Off the end of a user chain: back to the rule after the jump. Off a built-in chain: its policy.
      if (depth == 0) return nullptr;
      frame = stack[--depth];
      continue;
    }
    const Rule& r = *(*frame.rules)[frame.next++];
    if (!matches_evaluable(r, p, now)) continue;  // a mismatch on what can be evaluated is decided
    if (!r.unsupported.empty()) {
      // The rule takes the packet if its unsupported matchers (time=, hop-limit=, ...) hold, and nobody here
      // can tell whether they do. Treating it as never matching would be wrong for a drop; treating it as
      // always matching would be wrong for an accept. Only an action that leaves the packet's fate as it is,
      // matched or not, can be stepped over:
      //   log, passthrough: the router writes a log line or counts the packet, and goes on to the next rule
      //     with the packet and every address list as they were;
      //   fasttrack-connection: the emulator passes the packet on whether such a rule matches or not (a
      //     knock is never fast-tracked), so its outcome is the same either way.
      // Every other action ends the packet's way (accept, drop, reject, tarpit, the nat actions), sends it
      // elsewhere (jump, return), changes what later rules see (notrack) or changes an address list that
      // this or a later packet is judged by (add-src/dst-to-address-list): both outcomes are possible, so
      // the packet is undecided here and counts as dropped. An undecided add adds nothing, and the verdict
      // says so: the caller must not build a grant on a list the router may hold differently.
      if (fate_neutral(r.action)) continue;
      v.matched.push_back(&r);
      v.undecided_by = &r;
      v.undecided = undecided_words(r);
      return &r;
    }
    v.matched.push_back(&r);
    if (is_terminal(t, r.action)) return &r;
    switch (r.action) {
      case Action::jump:
        if (depth == stack.size()) {
          v.undecided = r.describe() + " jumps deeper than " + std::to_string(kMaxJumpDepth) + " chains";
          v.undecided_by = &r;
          return &r;
        }
        stack[depth++] = frame;
        frame = Frame{targets[r.number], 0};
        break;
      case Action::return_:
        if (depth == 0) return nullptr;
        frame = stack[--depth];
        break;
      case Action::add_src_to_address_list:
      case Action::add_dst_to_address_list: {
        const IpAddress& a = r.action == Action::add_src_to_address_list ? p.src : p.dst;
        if constexpr (Apply) {
          v.changes.push_back(lists_.add(r.address_list, a, r.address_list_timeout, now));
        } else {
          v.changes.push_back({ListChange::added, r.address_list, a, std::nullopt});
        }
        break;
      }
      case Action::notrack:
        v.untracked = true;
        break;
      default:
        break;  // passthrough, log, fasttrack-connection: on to the next rule
    }
  }
}

template <bool Apply>
Verdict Firewall::run(const Packet& p, Time now) const {
  Verdict v;
  v.dst = p.dst;
  v.dst_port = p.dst_port;
  const int f = p.src.is_v6() ? 1 : 0;
  const auto undecided = [&]() -> Verdict& {
    v.action = Action::drop;
    v.rule = nullptr;
    return v;
  };
  if (!failed_.empty()) {
    v.undecided = failed_;
    return undecided();
  }
  if (const Rule* r = walk<Apply>(Table::raw, f, *prerouting_[f], p, now, v)) {
    if (!v.undecided.empty()) return undecided();
    if (r->action == Action::drop) {
      v.action = Action::drop;
      v.rule = r;
      v.chain = "prerouting";
      return v;
    }
  }
  // Connection tracking, then dstnat; an untracked packet has no connection to translate.
  const Rule* nat = v.untracked ? nullptr : walk<Apply>(Table::nat, f, *dstnat_[f], p, now, v);
  if (!v.undecided.empty()) return undecided();
  if (nat && nat->action != Action::accept) {
    if (nat->action != Action::dst_nat && nat->action != Action::redirect) {
      v.undecided = nat->describe() + " does " + std::string(to_string(nat->action)) +
                    ", which the emulator cannot follow on a packet's way in";
      v.undecided_by = nat;
      return undecided();
    }
    v.nat = nat;
    if (nat->action == Action::dst_nat && nat->to_address) v.dst = *nat->to_address;
    if (nat->to_port) v.dst_port = *nat->to_port;
  }
  const bool elsewhere = v.nat && v.nat->action == Action::dst_nat && !is_local(v.dst);
  v.chain = elsewhere ? "forward" : "input";
  const bool same = !v.nat && !v.untracked;
  const Packet filtered = same ? Packet{} : as_filtered(p, v);
  const Rule* r =
      walk<Apply>(Table::filter, f, elsewhere ? *forward_[f] : *input_[f], same ? p : filtered, now, v);
  if (!v.undecided.empty()) return undecided();
  if (r) {
    v.action = r->action;
    v.rule = r;
  }
  return v;
}

}  // namespace knock::routeros
