#pragma once
// The evaluator: a packet from outside and the time in, a verdict and the trace of matching rules out. The
// packet passes the tables as on the router: raw (prerouting), connection tracking, nat (dstnat), then the
// filter's input chain, or its forward chain when dstnat sent it to another host.
// Time is a parameter; nothing here sleeps or reads a clock.
#include <array>
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
  std::uint8_t tcp_flags = 0;            // TcpFlag bits
  std::uint32_t tcp_seq = 0;             // to answer a SYN with a reset (knock-server)
  std::uint8_t state = ConnState::kNew;  // a knock is always new
  std::uint8_t nat_state = 0;            // NatState bits, as dstnat leaves them
};

// Short text for logs: "tcp 127.0.0.1:40000 > 127.0.0.1:1337 [syn] 60 bytes".
std::string describe(const Packet& p);

struct Verdict {
  Action action = Action::accept;  // accept, drop, reject or tarpit
  const Rule* rule =
      nullptr;  // what decided: a raw drop or a filter rule; nullptr: a chain's policy (accept)
  std::vector<const Rule*>
      matched;  // every rule that matched, in every table, in order, the deciding one last
  std::vector<ListChange> changes;   // address-list entries added or refreshed on the way
  std::string_view chain = "input";  // the filter chain the packet went to ("prerouting": raw ended it there)
  const Rule* nat = nullptr;         // the dstnat rule that gave the packet a new destination
  IpAddress dst;                     // the destination after dstnat
  std::uint16_t dst_port = 0;
  bool untracked = false;  // raw's notrack: no connection tracking, so no NAT either
  // Why the emulator could not tell what the router does with the packet (a rule with a matcher it cannot
  // evaluate, a jump too deep, a nat action it cannot follow). The packet then counts as dropped (action is
  // drop, rule is nullptr), list changes of the undecided rule are not made, and it is never accepted.
  std::string undecided;
  const Rule* undecided_by = nullptr;  // the rule where evaluation stopped, when there is one
  bool is_undecided() const { return !undecided.empty(); }
  bool accepted() const { return action == Action::accept && undecided.empty(); }
  bool forwarded() const { return chain == "forward"; }
  std::string reject_with() const { return rule ? rule->reject_with : ""; }
};

// The packet as the filter saw it: its destination after dstnat, untracked after notrack.
Packet as_filtered(const Packet& p, const Verdict& v);

struct FirewallOptions {
  std::string interface = "ether1";  // the one interface packets come in on
  std::vector<std::string>
      interface_lists;           // lists it belongs to (e.g. WAN); "all" always holds, "none" never
  std::vector<IpAddress> local;  // the router's own addresses: dstnat to one of them stays on input
};

class Firewall {
 public:
  // `now` is when the configuration was loaded (static entries with a timeout count from it). The
  // configuration must outlive the firewall: verdicts point at its rules.
  Firewall(const Config& config, FirewallOptions options, Time now);
  Firewall(const Firewall&) = delete;  // rules are referred to by address
  Firewall& operator=(const Firewall&) = delete;
  Verdict evaluate(const Packet& p, Time now);
  // The verdict without touching the address lists (list changes are reported, not made).
  Verdict peek(const Packet& p, Time now) const;
  // Tests one rule against a packet without side effects: true only when it surely matches (a rule with
  // matchers the emulator cannot evaluate never surely does).
  bool matches(const Rule& r, const Packet& p, Time now) const;
  // The matchers the emulator can evaluate all match (unsupported ones left out): the rule may take it.
  bool matches_evaluable(const Rule& r, const Packet& p, Time now) const;
  // The same, address-list matchers left out too: would the rule take this packet if the lists agreed?
  bool matches_ignoring_lists(const Rule& r, const Packet& p, Time now) const;
  // The settings of the rule that this packet fails ("dst-port=17954"), for explanations.
  std::vector<std::string> mismatches(const Rule& r, const Packet& p, Time now) const;
  // The configuration's tables changed (a script added, removed or set rules): finds the chains again. The
  // address lists stay as they are.
  void reload();
  // From now on every packet is undecided, for `why`: the emulator met something it cannot decide (a script
  // that failed), and a door it cannot judge stays closed.
  void fail_closed(std::string why);
  const std::string& failed() const { return failed_; }
  AddressLists& lists() { return lists_; }
  const AddressLists& lists() const { return lists_; }
  const Config& config() const { return config_; }

 private:
  using RuleList = std::vector<const Rule*>;
  struct Chains {
    std::unordered_map<std::string, RuleList> by_name;
    std::vector<const RuleList*> jump_targets;  // by rule number
  };
  const Config& config_;
  FirewallOptions options_;
  mutable AddressLists lists_;  // changed only by evaluate(), through run<true>
  std::string failed_;

  const RuleList& chain(Table t, int family, std::string_view name) const;
  template <bool Apply>
  Verdict run(const Packet& p, Time now) const;
  // Walks one table from a built-in chain to the rule that ends the packet's way through it (nullptr: off
  // the end, the chain's policy); rules that matched, list changes and notrack go into `v`.
  template <bool Apply>
  const Rule* walk(Table t, int family, const RuleList& start, const Packet& p, Time now, Verdict& v) const;
  // Calls visit(key, holds) for each matcher of the rule, in a fixed order, until it returns false.
  template <class Visit>
  bool each_matcher(const Rule& r, const Packet& p, Time now, Visit&& visit) const;
  bool is_local(const IpAddress& a) const;
  void build();

  Chains chains_[3][2];  // by Table, Family
  const RuleList* prerouting_[2];
  const RuleList* dstnat_[2];
  const RuleList* input_[2];
  const RuleList* forward_[2];
};

}  // namespace knock::routeros
