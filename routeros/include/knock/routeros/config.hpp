#pragma once
// The firewall configuration the evaluator runs: filter rules and static address-list entries, IPv4 and
// IPv6, loaded from a parsed script with every value checked (errors name line and column).
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
inline Family family_of(const IpAddress& a) { return a.is_v4() ? Family::v4 : Family::v6; }

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
enum TcpFlag : std::uint8_t { kFin = 1, kSyn = 2, kRst = 4, kPsh = 8, kAck = 16, kUrg = 32, kEce = 64, kCwr = 128 };
struct TcpFlagsMatch {
  std::uint8_t must_set = 0, must_clear = 0;
};

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
};
std::string_view to_string(Action a);
bool is_terminal(Action a);

// address-list-timeout
struct ListTimeout {
  enum Kind : std::uint8_t { duration, none_dynamic, none_static } kind = none_dynamic;
  Duration value{0};
};

struct Rule {
  std::size_t number = 0;  // 0-based position in its table, as RouterOS's print numbers it
  Position at;
  Family family = Family::v4;
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
  // Matchers the emulator cannot honour (time=, layer7-protocol=, src-mac-address=, ...), as "key=value".
  // A rule with any of them is treated as never matching, and `check` says so.
  std::vector<std::string> unsupported;

  std::vector<std::pair<std::string, std::string>> settings;  // every key=value as written, for messages
  std::string setting(std::string_view key) const;            // "dst-port=17954", or "" when absent

  std::string address_list;  // for add-*-to-address-list
  ListTimeout address_list_timeout;
  std::string jump_target;
  std::string reject_with;

  // "#3 \"Only Allow Access from Save Haven\" (accept)"; with the table for IPv6 rules.
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

struct Config {
  std::vector<Rule> filter[2];  // by Family
  std::vector<ListEntry> entries;
  std::vector<std::string> notes;  // skipped menus and commands, unsupported matchers, DNS names

  const std::vector<Rule>& rules(Family f) const { return filter[static_cast<int>(f)]; }
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
