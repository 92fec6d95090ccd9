// The generator: a profile's facts to the rules, in an order that works, with names and comments that tie
// every rule to its profile. Where the rules go in a router's export is placement.cpp's business.
#include "knock/routeros/generator.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "generator_rules.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/apply.hpp"
#include "placement.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using core::Duration;
using core::Knock;
using core::Protocol;

constexpr Duration kStageDefault = 15s;
constexpr Duration kAccessDefault = 3h;
// A stage must outlive the wait for the next knock by this much (network jitter, a slow client).
constexpr Duration kMinMargin = 2s;

core::Error bad(std::string message) {
  return core::make_error(core::Errc::bad_input, std::move(message));
}

// Whether the rule for knock `rule` takes the packet of knock `k`: then a second copy of that packet climbs
// the stage as well as the first did its own.
bool takes(const Knock& rule, const Knock& k) {
  if (ip_protocol(rule) != ip_protocol(k)) return false;
  if (k.protocol == Protocol::icmp) return rule.icmp_size == k.icmp_size;
  if (rule.port != k.port) return false;
  return k.protocol != Protocol::udp || payload_of(k).find(payload_of(rule)) != std::string_view::npos;
}

std::string second_copy(const Knock& k) {
  switch (k.protocol) {
    case Protocol::udp:
      return "one datagram sent twice";
    case Protocol::icmp:
      return "one echo request and the next (ping sends one a second)";
    default:
      return "one SYN and its retransmission";
  }
}

core::Status check_name(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= 64 && name.front() != '-' &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                  });
  if (ok) return {};
  return bad("--name '" + std::string(name) +
             "' is not valid: it starts every comment (\"knock:NAME \") and list name, so use up to 64 "
             "letters, digits, '.', '_' and '-'");
}

// The knocks the rules could not keep apart from a connection, or from each other.
core::Status check_knocks(const GenerateOptions& o) {
  const auto& knocks = o.sequence.knocks;
  for (std::size_t i = 0; i < knocks.size(); ++i) {
    const Knock& k = knocks[i];
    const std::string step = "step " + std::to_string(i + 1) + " " + core::format_knock(k);
    if (k.protocol == Protocol::connect && !k.payload.bytes.empty()) {
      return bad("step '" + core::format_knock(k) +
                 "': RouterOS sees a connect knock's payload only after the handshake, which a knock rule "
                 "cannot wait for; use a udp payload");
    }
    if (o.ipv6 && k.protocol == Protocol::icmp && k.icmp_size < core::kIcmpHeaderV6) {
      return bad("--ipv6: " + step + " is smaller than an IPv6 echo request can be (" +
                 std::to_string(core::kIcmpHeaderV6) + " bytes)");
    }
    for (const ServicePort& p : o.protect) {
      if (k.protocol == Protocol::icmp || p.protocol != ip_protocol(k) || p.port != k.port) continue;
      return bad(step + " knocks on " + to_string(p) + ", a port the rules protect: a connection's own " +
                 (p.protocol == 6 ? "SYN" : "first datagram") + " would count as that knock" +
                 (knocks.size() == 1 ? " (the connection would open the door for itself)" : "") +
                 "; knock on a port nothing connects to");
    }
    if (i > 0 && takes(k, knocks[i - 1])) {
      return bad("steps " + std::to_string(i) + " and " + std::to_string(i + 1) + " (" +
                 core::format_knock(knocks[i - 1]) + ", " + core::format_knock(k) +
                 ") match the same packet: " + second_copy(knocks[i - 1]) +
                 " would climb both stages; give consecutive knocks different " +
                 (k.protocol == Protocol::icmp ? "sizes" : "ports"));
    }
  }
  return {};
}

// Timeouts per stage (index 0..n-2) and for access (n-1), checked against the client's schedule.
core::Expected<std::vector<Duration>> stage_timeouts(const GenerateOptions& o,
                                                     std::vector<std::string>& warn) {
  const std::size_t n = o.sequence.knocks.size();
  if (o.timeouts.size() > n) {
    return bad("--timeouts: " + std::to_string(o.timeouts.size()) + " values for " + std::to_string(n) +
               " knocks (give one per stage and one for access, or fewer)");
  }
  std::vector<Duration> timeout(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (o.timeouts.empty())
      timeout[i] = i + 1 < n ? kStageDefault : kAccessDefault;
    else if (o.timeouts.size() == n)
      timeout[i] = o.timeouts[i];
    else
      timeout[i] = i + 1 < n ? o.timeouts.front() : o.timeouts.back();
  }
  const auto at = core::schedule(o.sequence, o.delay);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const Duration gap = at[i + 1] - at[i];
    if (timeout[i] <= gap) {
      return bad("stage " + std::to_string(i + 1) + " times out after " +
                 format_routeros_duration(timeout[i]) + ", but the next knock comes " +
                 core::format_duration(gap) +
                 " later: the sequence could never complete (raise --timeouts or shorten the delay)");
    }
    if (timeout[i] < gap + kMinMargin) {
      warn.push_back("stage " + std::to_string(i + 1) + " lasts " + format_routeros_duration(timeout[i]) +
                     ", only " + core::format_duration(timeout[i] - gap) +
                     " more than the wait for the next knock: a slow network may miss it");
    }
  }
  for (const Duration t : timeout) {
    if (t <= Duration{0} || t > kMaxListTimeout) {
      return bad("--timeouts: " + core::format_duration(t) +
                 " is outside what RouterOS allows (up to 35w3d13h13m56s)");
    }
  }
  return timeout;
}

core::Status check_options(const GenerateOptions& o) {
  if (o.sequence.knocks.empty())
    return bad("empty sequence: give at least one knock, e.g. tcp:1337 udp:17954");
  if (o.protect.empty()) return bad("--protect: give at least one port to open, e.g. --protect tcp:8291");
  if (auto named = check_name(o.name); !named) return named;
  if (o.anti_scan && (o.blacklist_timeout <= Duration{0} || o.blacklist_timeout > kMaxListTimeout)) {
    return bad("--blacklist-timeout: " + core::format_duration(o.blacklist_timeout) +
               " is outside what RouterOS allows (1ms to 35w3d13h13m56s)");
  }
  return check_knocks(o);
}

std::string regex_prefix(std::string_view prefix) {
  std::string out = "^";
  for (const char c : prefix) {
    if (c == '.') out += '\\';
    out += c;
  }
  return out;
}

std::string removal_line(const std::string& prefix) {
  return "remove [find where comment~" + quote(regex_prefix(prefix)) + "]\n";
}

std::string header(const GenerateOptions& o, const Names& names, const std::vector<Duration>& timeout) {
  const std::size_t n = o.sequence.knocks.size();
  std::string s = "# knock: port knocking for " + o.name + ". " + std::to_string(n) + " knock" +
                  (n == 1 ? "" : "s") + " open ";
  for (std::size_t i = 0; i < o.protect.size(); ++i)
    s += (i ? ", " : "") + to_string(o.protect[i]);
  s += " for " + format_routeros_duration(timeout.back()) + (o.ipv6 ? ", over IPv4 and IPv6" : "") + ".\n";
  s += "# Enter Safe Mode before you paste (Ctrl-X in the terminal, the Safe Mode button in Winbox): if the\n"
       "# change cuts you off, RouterOS undoes it when your session drops. Press Ctrl-X again to keep it "
       "once\n"
       "# the knock has let you in from outside.\n"
       "# Every rule's comment starts with \"" +
       names.prefix +
       "\".\n"
       "# The script first removes an earlier version of itself, so pasting it again gives the same rules;\n"
       "# knock routeros rules --remove --name " +
       o.name +
       " prints the script that takes them away.\n"
       "# Knock stages come last-first, so that one packet never climbs two stages; the drops take only new\n"
       "# connections, so sessions that are already open survive.\n";
  return s;
}

// Without the export no dry run tries a connection from the LAN: what unscoped drops do to it.
bool lan_unscoped(const GenerateOptions& o) {
  return !(o.router && o.whole_export) && o.drop && o.in_interface_list.empty();
}

std::string ports_of(const GenerateOptions& o) {
  std::string ports;
  for (const auto& p : o.protect)
    ports += (ports.empty() ? "" : ", ") + to_string(p);
  return ports;
}

std::string move_instruction(const GenerateOptions& o, const Names& names) {
  std::string s =
      "# Without the router's export these rules go to the end of the filter table, where a rule above\n"
      "# them may decide the knocks first (the default configuration's \"drop all not coming from LAN\"\n"
      "# does). Give the export (--export FILE) to have them placed, or after pasting move them above the\n"
      "# first input rule that accepts or drops new connections from outside (N, as print numbers it)";
  s += o.move_with_others ? ", every\n# profile's rules at once so that they keep their order:\n" : ":\n";
  // Every profile's prefix is "knock:" and a name without spaces; "knock: " of a hand-written rule is not.
  const std::string pattern = o.move_with_others ? "^knock:[^ ]+ " : regex_prefix(names.prefix);
  for (const bool v6 : {false, true}) {
    if (v6 && !o.ipv6) break;
    s += std::string("#   ") + (v6 ? "/ipv6" : "/ip") + " firewall filter move [find where comment~" +
         quote(pattern) + "] destination=N\n";
  }
  if (lan_unscoped(o)) {
    s += "# The rules are limited to no interface list: a new connection from the LAN to " + ports_of(o) +
         "\n# needs the knock too (--interface-list WAN limits every rule, the drop included, to the "
         "outside).\n";
  }
  return s;
}

// Where each family's rules go in the router's export, the profile's own earlier rules gone.
core::Expected<std::vector<Placement>> placements(const GenerateOptions& o, const Names& names) {
  std::vector<Placement> out;
  if (!o.router) return out;
  Config without = *o.router;
  remove_commented(without, names.prefix);
  for (const Family f : {Family::v4, Family::v6}) {
    if (f == Family::v6 && !o.ipv6) break;
    auto p = place_rules(without, o, f);
    if (!p) return std::move(p).error();
    out.push_back(std::move(*p));
  }
  return out;
}

}  // namespace

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\' || c == '$') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "\\%02X", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

std::string comment_prefix(std::string_view name) {
  return "knock:" + std::string(name) + " ";
}

core::Expected<std::string> removal_script(std::string_view name) {
  if (auto named = check_name(name); !named) return named.error();
  const std::string prefix = comment_prefix(name);
  return "# knock: removes every rule knock added for " + std::string(name) +
         " (their comments start with \"" + prefix +
         "\").\n"
         "# Enter Safe Mode before you paste (Ctrl-X in the terminal, the Safe Mode button in Winbox).\n"
         "/ip firewall filter\n" +
         removal_line(prefix) + "/ipv6 firewall filter\n" + removal_line(prefix);
}

core::Expected<Generated> generate(const GenerateOptions& o) {
  if (auto ok = check_options(o); !ok) return ok.error();
  Generated out;
  auto timeout = stage_timeouts(o, out.warnings);
  if (!timeout) return std::move(timeout).error();
  const Names names = names_of(o);
  auto placed = placements(o, names);
  if (!placed) return std::move(placed).error();
  out.placements = std::move(*placed);
  out.prefix = names.prefix;
  for (std::size_t i = 0; i < o.sequence.knocks.size(); ++i)
    out.lists.push_back(names.stage(i, o.sequence.knocks.size()));
  if (o.anti_scan) out.lists.push_back(names.blacklist);
  if (o.anti_scan && trap_ports(o, 6).empty() && trap_ports(o, 17).empty()) {
    out.warnings.push_back(
        "--anti-scan: no port next to a knock port is free to serve as a trap, so nothing "
        "counts as a scan");
  }

  if (lan_unscoped(o)) {
    out.warnings.push_back("the rules are limited to no interface list: a new connection from the LAN to " +
                           ports_of(o) +
                           " needs the knock too (--interface-list WAN keeps the LAN's access)");
  }
  if (o.router && o.whole_export && !o.ipv6 && o.router->rules(Family::v6).empty()) {
    out.warnings.push_back(o.router_name + " has no /ipv6 firewall filter rules: " + ports_of(o) +
                           (o.protect.size() == 1 ? " is" : " are") +
                           " open to everyone over IPv6, knock or no knock (IPv4 rules never see IPv6 "
                           "packets); --ipv6 adds the twin");
  }

  std::string s = header(o, names, *timeout);
  if (!o.router || !o.whole_export) s += move_instruction(o, names);
  for (const Placement& p : out.placements)
    s += "# " + p.reason + ".\n";
  for (const bool v6 : {false, true}) {
    s += std::string(v6 ? "/ipv6" : "/ip") + " firewall filter\n" + removal_line(names.prefix);
    if (v6 && !o.ipv6) continue;
    const Placement* place = out.placements.empty() ? nullptr : &out.placements[v6 ? 1 : 0];
    const auto rules = family_rules(o, names, *timeout, v6);
    for (std::size_t i = 0; i < rules.size(); ++i)
      s += rules[i].str(place ? place_before(*place, i) : "") + "\n";
  }
  out.script = std::move(s);
  return out;
}

}  // namespace knock::routeros
