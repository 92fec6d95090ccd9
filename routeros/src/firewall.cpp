#include "knock/routeros/firewall.hpp"

#include <algorithm>

namespace knock::routeros {
namespace {

bool has_ports(std::uint8_t protocol) { return protocol == 6 || protocol == 17 || protocol == 33 || protocol == 132 || protocol == 136; }

template <class T, class F>
bool check(const std::optional<Match<T>>& m, F&& holds) {
  if (!m) return true;
  return holds(m->value) != m->negated;
}

constexpr int kMaxJumpDepth = 32;

}  // namespace

std::string describe(const Packet& p) {
  const auto host = [](const IpAddress& a, std::uint16_t port, bool ports) {
    std::string s = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
    return ports ? s + ":" + std::to_string(port) : s;
  };
  const bool ports = has_ports(p.protocol);
  std::string out = protocol_name(p.protocol) + " " + host(p.src, p.src_port, ports) + " > " + host(p.dst, p.dst_port, ports);
  if (p.protocol == 6) {
    std::string flags;
    const std::pair<TcpFlag, const char*> names[] = {{kSyn, "syn"}, {kAck, "ack"}, {kFin, "fin"}, {kRst, "rst"}, {kPsh, "psh"}};
    for (const auto& [bit, name] : names) {
      if (p.tcp_flags & bit) flags += (flags.empty() ? "" : ",") + std::string(name);
    }
    out += " [" + flags + "]";
  }
  if (p.protocol == 1 || p.protocol == 58) out += " type " + std::to_string(p.icmp_type) + ":" + std::to_string(p.icmp_code);
  out += " " + std::to_string(p.size) + " bytes";
  if (!p.payload.empty()) out += " (" + std::to_string(p.payload.size()) + "-byte payload)";
  return out;
}

Firewall::Firewall(const Config& config, FirewallOptions options, Time now)
    : config_(config), options_(std::move(options)) {
  lists_.load(config_.entries, now);
  for (int f = 0; f < 2; ++f) {
    for (const Rule& r : config_.filter[f]) chains_[f][r.chain].push_back(&r);
    for (const Rule& r : config_.filter[f]) {
      jump_targets_[f].push_back(r.action == Action::jump ? &chain(static_cast<Family>(f), r.jump_target) : nullptr);
    }
    input_[f] = &chain(static_cast<Family>(f), "input");
  }
}

const std::vector<const Rule*>& Firewall::chain(Family f, std::string_view name) const {
  static const std::vector<const Rule*> kEmpty;
  auto it = chains_[static_cast<int>(f)].find(std::string(name));
  return it == chains_[static_cast<int>(f)].end() ? kEmpty : it->second;
}

template <class Visit>
bool Firewall::each_matcher(const Rule& r, const Packet& p, Time now, Visit&& visit) const {
  const bool ports = has_ports(p.protocol);
  const bool icmp = p.protocol == 1 || p.protocol == 58;
  if (r.protocol && !visit("protocol", check(r.protocol, [&](std::uint8_t v) { return v == p.protocol; }))) return false;
  if (r.dst_port && !visit("dst-port", ports && check(r.dst_port, [&](const PortRanges& v) { return v.contains(p.dst_port); }))) {
    return false;
  }
  if (r.src_port && !visit("src-port", ports && check(r.src_port, [&](const PortRanges& v) { return v.contains(p.src_port); }))) {
    return false;
  }
  if (r.port && !visit("port", ports && check(r.port, [&](const PortRanges& v) {
                                 return v.contains(p.src_port) || v.contains(p.dst_port);
                               }))) {
    return false;
  }
  if (r.src_address && !visit("src-address", check(r.src_address, [&](const AddressSpec& v) { return v.contains(p.src); }))) {
    return false;
  }
  if (r.dst_address && !visit("dst-address", check(r.dst_address, [&](const AddressSpec& v) { return v.contains(p.dst); }))) {
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
                                                          (v.code_low < 0 ||
                                                           (v.code_low <= p.icmp_code && p.icmp_code <= v.code_high));
                                                 }))) {
    return false;
  }
  if (r.connection_state &&
      !visit("connection-state", check(r.connection_state, [&](std::uint8_t v) { return (v & p.state) != 0; }))) {
    return false;
  }
  if (r.tcp_flags && !visit("tcp-flags", p.protocol == 6 &&
                                             (p.tcp_flags & r.tcp_flags->must_set) == r.tcp_flags->must_set &&
                                             (p.tcp_flags & r.tcp_flags->must_clear) == 0)) {
    return false;
  }
  if (r.in_interface &&
      !visit("in-interface", check(r.in_interface, [&](const std::string& v) { return v == options_.interface; }))) {
    return false;
  }
  if (r.in_interface_list && !visit("in-interface-list", check(r.in_interface_list, [&](const std::string& v) {
                                      return v == "all" || std::find(options_.interface_lists.begin(),
                                                                     options_.interface_lists.end(),
                                                                     v) != options_.interface_lists.end();
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
  return each_matcher(r, p, now, [](std::string_view, bool holds) { return holds; });
}

bool Firewall::matches_ignoring_lists(const Rule& r, const Packet& p, Time now) const {
  if (r.disabled || !r.unsupported.empty()) return false;
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

Verdict Firewall::evaluate(const Packet& p, Time now, std::string_view chain) { return run<true>(p, now, chain); }

Verdict Firewall::peek(const Packet& p, Time now, std::string_view chain) const { return run<false>(p, now, chain); }

template <bool Apply>
Verdict Firewall::run(const Packet& p, Time now, std::string_view chain_name) const {
  Verdict v;
  const int f = p.src.is_v6() ? 1 : 0;
  struct Frame {
    const std::vector<const Rule*>* rules;
    std::size_t next;
  };
  std::vector<Frame> stack;
  Frame frame{chain_name == "input" ? input_[f] : &chain(static_cast<Family>(f), chain_name), 0};
  for (;;) {
    if (frame.next >= frame.rules->size()) {
      // Off the end of a user chain: back to the rule after the jump. Off a built-in chain: accept.
      if (stack.empty()) return v;
      frame = stack.back();
      stack.pop_back();
      continue;
    }
    const Rule& r = *(*frame.rules)[frame.next++];
    if (!matches(r, p, now)) continue;
    v.matched.push_back(&r);
    switch (r.action) {
      case Action::accept:
      case Action::drop:
      case Action::reject:
      case Action::tarpit:
        v.action = r.action;
        v.rule = &r;
        return v;
      case Action::jump:
        if (stack.size() >= kMaxJumpDepth) continue;  // RouterOS refuses loops; never hang on one here
        stack.push_back(frame);
        frame = Frame{jump_targets_[f][r.number], 0};
        break;
      case Action::return_:
        if (stack.empty()) return v;
        frame = stack.back();
        stack.pop_back();
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
      case Action::passthrough:
      case Action::log:
      case Action::fasttrack_connection:
        break;
    }
  }
}

}  // namespace knock::routeros
