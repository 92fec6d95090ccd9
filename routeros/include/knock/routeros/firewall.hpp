#pragma once
// The filter evaluator: a packet and the time in, a verdict and the trace of matching rules out.
// Time is a parameter; nothing here sleeps or reads a clock.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knock/routeros/address_lists.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros {

struct Packet {
  IpAddress src, dst;
  std::uint8_t protocol = 6;  // 6 tcp, 17 udp, 1 icmp, 58 icmpv6
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint16_t size = 0;  // the whole IP packet, as packet-size counts it
  std::string payload;     // what content= searches
  std::uint8_t icmp_type = 0, icmp_code = 0;
  std::uint8_t tcp_flags = 0;           // TcpFlag bits
  std::uint32_t tcp_seq = 0;            // to answer a SYN with a reset (knock-server)
  std::uint8_t state = ConnState::kNew;  // a knock is always new
};

// Short text for logs: "tcp 127.0.0.1:40000 > 127.0.0.1:1337 [syn] 60 bytes".
std::string describe(const Packet& p);

struct Verdict {
  Action action = Action::accept;  // accept, drop, reject or tarpit
  const Rule* rule = nullptr;      // the rule that decided; nullptr: the built-in chain's policy (accept)
  std::vector<const Rule*> matched;  // every rule that matched, in order, the deciding one last
  std::vector<ListChange> changes;   // address-list entries added or refreshed on the way
  bool accepted() const { return action == Action::accept; }
  std::string reject_with() const { return rule ? rule->reject_with : ""; }
};

struct FirewallOptions {
  std::string interface = "ether1";          // the one interface packets come in on
  std::vector<std::string> interface_lists;  // lists it belongs to (e.g. WAN); "all" always holds
};

class Firewall {
 public:
  // `now` is when the configuration was loaded (static entries with a timeout count from it). The
  // configuration must outlive the firewall: verdicts point at its rules.
  Firewall(const Config& config, FirewallOptions options, Time now);
  Firewall(const Firewall&) = delete;  // rules are referred to by address
  Firewall& operator=(const Firewall&) = delete;
  Verdict evaluate(const Packet& p, Time now, std::string_view chain = "input");
  // The verdict without touching the address lists (list changes are reported, not made).
  Verdict peek(const Packet& p, Time now, std::string_view chain = "input") const;
  // Tests one rule against a packet without side effects.
  bool matches(const Rule& r, const Packet& p, Time now) const;
  // The same, address-list matchers left out: would the rule take this packet if the lists agreed?
  bool matches_ignoring_lists(const Rule& r, const Packet& p, Time now) const;
  // The settings of the rule that this packet fails ("dst-port=17954"), for explanations.
  std::vector<std::string> mismatches(const Rule& r, const Packet& p, Time now) const;
  AddressLists& lists() { return lists_; }
  const AddressLists& lists() const { return lists_; }
  const Config& config() const { return config_; }

 private:
  const Config& config_;
  FirewallOptions options_;
  mutable AddressLists lists_;  // changed only by evaluate(), through run<true>
  const std::vector<const Rule*>& chain(Family f, std::string_view name) const;
  // Calls visit(key, holds) for each matcher of the rule, in a fixed order, until it returns false.
  template <bool Apply>
  Verdict run(const Packet& p, Time now, std::string_view chain) const;
  template <class Visit>
  bool each_matcher(const Rule& r, const Packet& p, Time now, Visit&& visit) const;

  std::unordered_map<std::string, std::vector<const Rule*>> chains_[2];  // by family, rules in order
  std::vector<const std::vector<const Rule*>*> jump_targets_[2];        // by rule number
  const std::vector<const Rule*>* input_[2];
};

}  // namespace knock::routeros
