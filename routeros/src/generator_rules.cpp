// The rules of one profile and family, in the order that works, with the names that tie them to it.
#include "generator_rules.hpp"

#include <algorithm>
#include <set>

namespace knock::routeros {

using core::Duration;
using core::Knock;
using core::Protocol;

namespace {

// /ip service's default ports: a scan trap on one would blacklist whoever uses the service.
constexpr std::uint16_t kServicePorts[] = {21, 22, 23, 80, 443, 8291, 8728, 8729};

std::string ports_text(const std::vector<std::uint16_t>& ports) {
  std::string out;
  for (const auto p : ports)
    out += (out.empty() ? "" : ",") + std::to_string(p);
  return out;
}

std::vector<std::uint16_t> ports_of(const std::vector<ServicePort>& ports, std::uint8_t protocol) {
  std::vector<std::uint16_t> out;
  for (const auto& p : ports) {
    if (p.protocol == protocol && std::find(out.begin(), out.end(), p.port) == out.end())
      out.push_back(p.port);
  }
  return out;
}

std::vector<std::uint16_t> knock_ports(const GenerateOptions& o, std::uint8_t protocol) {
  std::set<std::uint16_t> out;
  for (const Knock& k : o.sequence.knocks) {
    if (k.protocol != Protocol::icmp && ip_protocol(k) == protocol) out.insert(k.port);
  }
  return {out.begin(), out.end()};
}

const char* protocol_word(std::uint8_t protocol) {
  return protocol == 6 ? "tcp" : "udp";
}

// The rules of one family, in the order that works: blacklist drops and scan traps, the knock stages
// last-first, the accepts, the drops.
class FamilyRules {
 public:
  FamilyRules(const GenerateOptions& o, const Names& names, const std::vector<Duration>& timeout, bool v6)
      : o_(o), names_(names), timeout_(timeout), v6_(v6) {}

  std::vector<RuleText> rules() {
    if (o_.anti_scan) anti_scan();
    stages();
    access();
    return std::move(out_);
  }

 private:
  RuleText& base(const std::string& what) {
    out_.emplace_back();
    RuleText& r = out_.back();
    r.set("chain", "input").set("comment", quote(names_.prefix + what));
    if (!o_.in_interface_list.empty()) r.set("in-interface-list", quote(o_.in_interface_list));
    return r;
  }

  void anti_scan() {
    const std::string bl = quote(names_.blacklist);
    for (const std::uint8_t proto : {std::uint8_t{6}, std::uint8_t{17}}) {
      const auto ports = knock_ports(o_, proto);
      if (ports.empty()) continue;
      const std::string p = protocol_word(proto);
      base("drop " + p + " knocks from blacklisted scanners")
          .set("action", "drop")
          .set("connection-state", "new")
          .set("dst-port", ports_text(ports))
          .set("protocol", p)
          .set("src-address-list", bl);
    }
    const bool icmp = std::any_of(o_.sequence.knocks.begin(), o_.sequence.knocks.end(),
                                  [](const Knock& k) { return k.protocol == Protocol::icmp; });
    if (icmp) {
      base("drop pings from blacklisted scanners")
          .set("action", "drop")
          .set("connection-state", "new")
          .set("icmp-options", v6_ ? "128:0" : "8:0")
          .set("protocol", v6_ ? "icmpv6" : "icmp")
          .set("src-address-list", bl);
    }
    for (const std::uint8_t proto : {std::uint8_t{6}, std::uint8_t{17}}) {
      const auto traps = trap_ports(o_, proto);
      if (traps.empty()) continue;
      const std::string p = protocol_word(proto);
      base("blacklist scanners touching " + p + " " + ports_text(traps))
          .set("action", "add-src-to-address-list")
          .set("address-list", bl)
          .set("address-list-timeout", format_routeros_duration(o_.blacklist_timeout))
          .set("connection-state", "new")
          .set("dst-port", ports_text(traps))
          .set("protocol", p)
          .set("src-address-list", quote("!" + names_.access));
    }
  }

  void stages() {
    const auto& knocks = o_.sequence.knocks;
    const std::size_t n = knocks.size();
    for (std::size_t i = n; i-- > 0;) {
      const Knock& k = knocks[i];
      const std::string what = "knock " + std::to_string(i + 1) + "/" + std::to_string(n);
      RuleText& r = base(i + 1 == n ? what + ", access" : what);
      r.set("action", "add-src-to-address-list")
          .set("address-list", quote(names_.stage(i, n)))
          .set("address-list-timeout", format_routeros_duration(timeout_[i]));
      if (k.protocol == Protocol::icmp) {
        r.set("icmp-options", v6_ ? "128:0" : "8:0")
            .set("packet-size", std::to_string(k.icmp_size))
            .set("protocol", v6_ ? "icmpv6" : "icmp");
      } else {
        r.set("dst-port", std::to_string(k.port)).set("protocol", protocol_word(ip_protocol(k)));
        if (k.protocol == Protocol::udp && !k.payload.bytes.empty()) r.set("content", quote(payload_of(k)));
      }
      if (i > 0) r.set("src-address-list", quote(names_.stage(i - 1, n)));
    }
  }

  void access() {
    for (const bool drop : {false, true}) {
      if (drop && !o_.drop) break;
      for (const std::uint8_t proto : {std::uint8_t{6}, std::uint8_t{17}}) {
        const auto ports = ports_of(o_.protect, proto);
        if (ports.empty()) continue;
        const std::string p = protocol_word(proto), list = ports_text(ports);
        if (!drop) {
          base("access to " + p + " " + list)
              .set("action", "accept")
              .set("dst-port", list)
              .set("protocol", p)
              .set("src-address-list", quote(names_.access));
        } else {
          // New connections only: a session that is already open (the Winbox you paste from, a session
          // whose access has since expired) survives.
          base("drop new " + p + " " + list + " without the knock")
              .set("action", "drop")
              .set("connection-state", "new")
              .set("dst-port", list)
              .set("protocol", p);
        }
      }
    }
  }

  const GenerateOptions& o_;
  const Names& names_;
  const std::vector<Duration>& timeout_;
  bool v6_;
  std::vector<RuleText> out_;
};

}  // namespace

std::uint8_t ip_protocol(const Knock& k) {
  return k.protocol == Protocol::udp ? 17 : k.protocol == Protocol::icmp ? 1 : 6;
}

std::string_view payload_of(const Knock& k) {
  return {reinterpret_cast<const char*>(k.payload.bytes.data()), k.payload.bytes.size()};
}

// The ports next to each knock port: a scan that sweeps the ports in order touches one of them just before
// or after it touches the knock port; a client that knocks never does. Never a knock port, a protected port,
// a port another profile uses, or the port of a service an admin may connect to.
std::vector<std::uint16_t> trap_ports(const GenerateOptions& o, std::uint8_t protocol) {
  std::set<std::uint16_t> avoid;
  for (const auto p : knock_ports(o, protocol))
    avoid.insert(p);
  for (const auto& list : {o.protect, o.reserved}) {
    for (const auto p : ports_of(list, protocol))
      avoid.insert(p);
  }
  if (protocol == 6) {
    avoid.insert(std::begin(kServicePorts), std::end(kServicePorts));
    if (o.router) {
      for (const Service& s : o.router->services)
        avoid.insert(s.port);
    }
  }
  std::set<std::uint16_t> out;
  for (const auto p : knock_ports(o, protocol)) {
    for (const int q : {p - 1, p + 1}) {
      if (q >= 1 && q <= 65535 && !avoid.count(static_cast<std::uint16_t>(q)))
        out.insert(static_cast<std::uint16_t>(q));
    }
  }
  return {out.begin(), out.end()};
}

Names names_of(const GenerateOptions& o) {
  Names n;
  n.prefix = comment_prefix(o.name);
  if (o.list.empty()) {
    n.stage_base = "knock:" + o.name;
    n.stage_sep = ":";
    n.access = n.stage_base + ":access";
    n.blacklist = n.stage_base + ":blacklist";
  } else {
    n.stage_base = o.list;
    n.stage_sep = "-";
    n.access = o.list;
    n.blacklist = o.list + "-blacklist";
  }
  return n;
}

std::string RuleText::str(const std::string& place_before) const {
  auto kv = kv_;
  std::sort(kv.begin(), kv.end());
  std::string out = "add";
  for (const auto& [k, v] : kv)
    out += " " + k + "=" + v;
  if (!place_before.empty()) out += " place-before=" + place_before;
  return out;
}

std::vector<RuleText> family_rules(const GenerateOptions& o, const Names& names,
                                   const std::vector<Duration>& timeout, bool v6) {
  return FamilyRules(o, names, timeout, v6).rules();
}

}  // namespace knock::routeros
