#pragma once
// The router configuration the evaluator runs: the raw, nat and filter tables and static address-list
// entries (IPv4 and IPv6), the interface lists and addresses, and /ip service; loaded from a parsed script
// with every value checked (errors name line and column).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "knock/core/asio.hpp"
#include "knock/core/sequence.hpp"
#include "knock/routeros/script.hpp"

namespace knock::routeros {

using core::Duration;
// A point on the evaluator's clock: virtual in `check`, steady time in knock-server.
using Time = std::chrono::nanoseconds;

enum class Family : std::uint8_t { v4 = 0, v6 = 1 };
inline Family family_of(const IpAddress& a) {
  return a.is_v4() ? Family::v4 : Family::v6;
}

template <class T>
struct Match {
  T value;
  bool negated = false;  // written with a leading '!'
};

// An IP, a CIDR block or an IPv4 range, held as an inclusive range; a DNS name never matches.
struct AddressSpec {
  IpAddress low, high;
  std::string dns_name;
  bool contains(const IpAddress& a) const;
  std::string text;  // as written
};

struct PortRanges {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> ranges;
  bool contains(std::uint16_t port) const;
};

struct IcmpOptions {
  int type = 0;
  int code_low = -1, code_high = -1;  // -1: any code
};

// connection-state values, as a bit set
enum ConnState : std::uint8_t {
  kNew = 1,
  kEstablished = 2,
  kRelated = 4,
  kInvalid = 8,
  kUntracked = 16,
};

// tcp-flags: flags listed plainly must be set, flags listed with '!' must be clear, others are ignored.
enum TcpFlag : std::uint8_t {
  kFin = 1,
  kSyn = 2,
  kRst = 4,
  kPsh = 8,
  kAck = 16,
  kUrg = 32,
  kEce = 64,
  kCwr = 128
};
struct TcpFlagsMatch {
  std::uint8_t must_set = 0, must_clear = 0;
};

// connection-nat-state values, as a bit set
enum NatState : std::uint8_t { kSrcNat = 1, kDstNat = 2 };

// dst-address-type values, as a bit set
enum AddressType : std::uint8_t {
  kUnicast = 1,
  kLocal = 2,  // one of the router's own addresses
  kBroadcast = 4,
  kMulticast = 8,
  kBlackhole = 16,
  kProhibit = 32,
  kUnreachable = 64,
};

// The tables a packet from outside passes, in this order: raw (prerouting), nat (dstnat), filter (input for
// the router itself, forward for a host behind it).
enum class Table : std::uint8_t { raw, nat, filter };
std::string_view to_string(Table t);

enum class Action : std::uint8_t {
  accept,
  drop,
  reject,
  tarpit,
  jump,
  return_,
  passthrough,
  log,
  add_src_to_address_list,
  add_dst_to_address_list,
  fasttrack_connection,  // parsed; a knock is never fast-tracked, so it passes through
  notrack,               // raw: the packet skips connection tracking (and NAT); the filter sees it untracked
  dst_nat,               // nat: a new destination address and/or port (to-addresses, to-ports)
  redirect,              // nat: to the router itself, on to-ports
  // nat actions the emulator cannot follow on a packet's way in: a packet that reaches one is undecided
  src_nat,
  masquerade,
  netmap,
  same,
  endpoint_independent_nat,
};
std::string_view to_string(Action a);
// Whether the action ends the packet's way through its table (for raw, nat and filter alike).
bool is_terminal(Table t, Action a);

// Jumps nest at most this deep; a configuration that goes deeper is refused when it is loaded.
inline constexpr int kMaxJumpDepth = 32;

// address-list-timeout (00:00:00 is none-dynamic, as RouterOS documents it)
struct ListTimeout {
  enum Kind : std::uint8_t { duration, none_dynamic, none_static } kind = none_dynamic;
  Duration value{0};
};

struct Rule {
  std::size_t number = 0;  // 0-based position in its table, as RouterOS's print numbers it
  std::uint64_t id = 0;    // the interpreter's item id (*1A), stable while scripts add and remove rules
  Position at;
  Family family = Family::v4;
  Table table = Table::filter;
  std::string chain;
  Action action = Action::accept;
  bool disabled = false;
  std::string comment;

  std::optional<Match<std::uint8_t>> protocol;
  std::optional<Match<PortRanges>> dst_port, src_port, port;
  std::optional<Match<AddressSpec>> src_address, dst_address;
  std::optional<Match<std::string>> src_address_list, dst_address_list;
  std::optional<Match<std::pair<std::uint16_t, std::uint16_t>>> packet_size;
  std::optional<Match<std::string>> content;
  std::optional<Match<IcmpOptions>> icmp_options;
  std::optional<Match<std::uint8_t>> connection_state;
  std::optional<TcpFlagsMatch> tcp_flags;
  std::optional<Match<std::string>> in_interface, in_interface_list;
  std::optional<Match<std::uint8_t>> connection_nat_state;  // NatState bits
  std::optional<Match<std::uint8_t>> dst_address_type;      // AddressType bits
  std::optional<Match<bool>>
      ipsec_policy;  // true: ipsec; false: none (the emulator's packets never pass IPsec)
  // Matchers the emulator cannot honour (time=, layer7-protocol=, src-mac-address=, ...), as "key=value".
  // A packet that meets every other matcher of such a rule is undecided (counted as dropped, never accepted)
  // unless the rule's action leaves its fate as it is (log, passthrough), and `check` says so.
  std::vector<std::string> unsupported;

  std::vector<std::pair<std::string, std::string>> settings;  // every key=value as written, for messages
  std::string setting(std::string_view key) const;            // "dst-port=17954", or "" when absent

  std::string address_list;  // for add-*-to-address-list
  ListTimeout address_list_timeout;
  std::string jump_target;
  Position jump_target_at;
  std::string reject_with;
  std::optional<IpAddress> to_address;   // dst-nat: the first of to-addresses
  std::optional<std::uint16_t> to_port;  // dst-nat, redirect: the first of to-ports

  // "rule #3 \"Only Allow Access from Save Haven\" (accept)"; "IPv6 raw rule #0 (drop)" in other tables.
  std::string describe() const;
};

struct ListEntry {
  Family family = Family::v4;
  std::string list;
  AddressSpec address;
  std::optional<Duration> timeout;  // an entry that expires (relative to the start)
  bool disabled = false;
  Position at;
};

// /interface list: a list's own members, plus the members of the lists it includes, minus those of the
// lists it excludes. The built-in lists: "all" holds every interface, "none" none.
struct InterfaceList {
  std::string name;
  std::vector<std::string> include, exclude;
  Position at;
};

struct ListMember {  // /interface list member
  std::string interface, list;
  bool disabled = false;
  Position at;
};

struct InterfaceAddress {  // /ip address, /ipv6 address
  std::string interface;
  std::optional<IpAddress> address;  // none: RouterOS makes it up (from-pool=, eui-64=yes)
  bool disabled = false;
  Position at;
};

struct Interfaces {
  std::vector<InterfaceList> lists;
  std::vector<ListMember> members;
  std::vector<InterfaceAddress> addresses;

  // The lists `interface` is on, in the order the export defines them ("all" is left out: it always holds).
  std::vector<std::string> lists_of(std::string_view interface) const;
  // The enabled interfaces on `list`, in the order of their member lines.
  std::vector<std::string> members_of(std::string_view list) const;
};

// One of /ip service's management services, with RouterOS's defaults as the export's set lines left it.
struct Service {
  std::string name;  // winbox, ssh, api, ...
  std::uint16_t default_port = 0, port = 0;
  bool disabled = false;
  std::vector<AddressSpec> allowed;  // address=; empty: from anywhere
  std::optional<Position> at;        // the set line that changed it
};

struct Config {
  std::vector<Rule> filter[2];  // by Family
  std::vector<Rule> raw[2], nat[2];
  std::vector<ListEntry> entries;
  Interfaces interfaces;
  std::vector<Service> services;
  std::vector<std::string> notes;     // what loading had to say: skipped menus and commands, and the warnings
  std::vector<std::string> warnings;  // the part a user should always see: unsupported matchers, DNS names,
                                      // unknown keys in the router menus, addresses RouterOS makes up

  const std::vector<Rule>& rules(Family f) const { return filter[static_cast<int>(f)]; }
  const std::vector<Rule>& rules(Table t, Family f) const;
};

core::Expected<Config> load_config(const Script& script);
core::Expected<Config> load_config(std::string_view text);

using core::format_routeros_duration;
using core::kMaxListTimeout;
using core::parse_routeros_duration;

// Protocol names and numbers (tcp, udp, icmp, icmpv6, gre, ... or 0-255).
std::optional<std::uint8_t> protocol_number(std::string_view name);
std::string protocol_name(std::uint8_t number);

}  // namespace knock::routeros
