// Loading a configuration from a parsed script: each command goes to the loader of its menu, then the jumps
// between chains are checked as a whole.
#include "knock/routeros/config.hpp"

#include <algorithm>

#include "load.hpp"
#include "parse.hpp"

namespace knock::routeros {
namespace {

using core::Errc;
using core::make_error;
using namespace parse;

std::optional<core::Error> load_entry(const Command& cmd, Family family, ListEntry& e, Notes& notes) {
  e.family = family;
  e.at = cmd.at;
  const std::string menu = family == Family::v4 ? "/ip firewall address-list" : "/ipv6 firewall address-list";
  if (auto err = repeated_key(cmd, menu.substr(1))) return err;
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
      if (d->count() == 0) {
        notes.warn(where(a.value_at) + ": timeout=" + a.value +
                   ": MikroTik gives a zero timeout on an entry no "
                   "meaning; the emulator treats the entry as expired from the start");
      }
    } else if (a.key == "disabled") {
      auto b = parse_bool(a);
      if (!b) return b.error();
      e.disabled = *b;
    } else if (a.key != "comment" && a.key != "dynamic" && a.key != "creation-time") {
      return make_error(Errc::bad_input, where(a.key_at) + ": unknown key '" +
                                             (a.key.empty() ? a.value : a.key) + "' in " + menu + " add");
    }
  }
  if (e.list.empty()) return make_error(Errc::bad_input, where(cmd.at) + ": " + menu + " entry has no list=");
  if (!have_address)
    return make_error(Errc::bad_input, where(cmd.at) + ": " + menu + " entry has no address=");
  if (!e.address.dns_name.empty()) {
    notes.warn(where(cmd.at) + ": address-list \"" + e.list + "\" entry " + e.address.dns_name +
               " is a DNS name, which the emulator does not resolve: it never matches");
  }
  return std::nullopt;
}

// Which firewall menu a command is in: a table, or (no table) the address lists.
struct FirewallMenu {
  Family family;
  std::optional<Table> table;
};

std::optional<FirewallMenu> firewall_menu(const std::string& menu) {
  for (const Family f : {Family::v4, Family::v6}) {
    const std::string prefix = f == Family::v4 ? "ip firewall " : "ipv6 firewall ";
    if (menu.rfind(prefix, 0) != 0) continue;
    const std::string rest = menu.substr(prefix.size());
    if (rest == "address-list") return FirewallMenu{f, std::nullopt};
    for (const Table t : {Table::raw, Table::nat, Table::filter}) {
      if (rest == to_string(t)) return FirewallMenu{f, t};
    }
  }
  return std::nullopt;
}

// A skipped command, said so; louder when it adds to an address list, which the filter may wait for.
void skip(const Command& cmd, Notes& notes) {
  const bool firewall = cmd.menu.rfind("ip firewall", 0) == 0 || cmd.menu.rfind("ipv6 firewall", 0) == 0;
  const std::string line = where(cmd.at) + ": skipped /" + cmd.menu + " " + cmd.verb;
  if (!firewall) return notes.note(line);
  const bool adds = std::any_of(cmd.args.begin(), cmd.args.end(), [](const Argument& a) {
    return a.key == "action" &&
           (a.value == "add-src-to-address-list" || a.value == "add-dst-to-address-list");
  });
  if (adds) {
    return notes.warn(line +
                      ", which adds to an address list: only the raw, nat and filter tables are emulated, "
                      "so no knock is counted there");
  }
  notes.note(line + " (only the raw, nat and filter tables and address lists are emulated)");
}

}  // namespace

std::string_view to_string(Table t) {
  switch (t) {
    case Table::raw:
      return "raw";
    case Table::nat:
      return "nat";
    case Table::filter:
      return "filter";
  }
  return "?";
}

std::string_view to_string(Action a) {
  switch (a) {
    case Action::accept:
      return "accept";
    case Action::drop:
      return "drop";
    case Action::reject:
      return "reject";
    case Action::tarpit:
      return "tarpit";
    case Action::jump:
      return "jump";
    case Action::return_:
      return "return";
    case Action::passthrough:
      return "passthrough";
    case Action::log:
      return "log";
    case Action::add_src_to_address_list:
      return "add-src-to-address-list";
    case Action::add_dst_to_address_list:
      return "add-dst-to-address-list";
    case Action::fasttrack_connection:
      return "fasttrack-connection";
    case Action::notrack:
      return "notrack";
    case Action::dst_nat:
      return "dst-nat";
    case Action::redirect:
      return "redirect";
    case Action::src_nat:
      return "src-nat";
    case Action::masquerade:
      return "masquerade";
    case Action::netmap:
      return "netmap";
    case Action::same:
      return "same";
    case Action::endpoint_independent_nat:
      return "endpoint-independent-nat";
  }
  return "?";
}

bool is_terminal(Table t, Action a) {
  switch (t) {
    case Table::raw:
      return a == Action::accept || a == Action::drop;
    case Table::nat:
      return a == Action::accept || a == Action::dst_nat || a == Action::redirect || a == Action::src_nat ||
             a == Action::masquerade || a == Action::netmap || a == Action::same ||
             a == Action::endpoint_independent_nat;
    case Table::filter:
      return a == Action::accept || a == Action::drop || a == Action::reject || a == Action::tarpit;
  }
  return false;
}

std::string Rule::describe() const {
  std::string out = std::string(family == Family::v6 ? "IPv6 " : "") +
                    (table == Table::filter ? "" : std::string(to_string(table)) + " ") + "rule #" +
                    std::to_string(number);
  if (!comment.empty()) out += " \"" + comment + "\"";
  out += " (" + std::string(to_string(action));
  if (!address_list.empty()) out += " " + address_list;
  if (action == Action::jump) out += " " + jump_target;
  if (to_address || to_port) {
    out += " to " +
           (to_address ? (to_address->is_v6() ? "[" + to_address->to_string() + "]" : to_address->to_string())
                       : std::string("the router"));
    if (to_port) out += ":" + std::to_string(*to_port);
  }
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
  if (a.is_v4())
    return low.to_v4().to_uint() <= a.to_v4().to_uint() && a.to_v4().to_uint() <= high.to_v4().to_uint();
  const auto b = a.to_v6().to_bytes();
  return low.to_v6().to_bytes() <= b && b <= high.to_v6().to_bytes();
}

bool PortRanges::contains(std::uint16_t port) const {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const auto& r) { return r.first <= port && port <= r.second; });
}

const std::vector<Rule>& Config::rules(Table t, Family f) const {
  const int i = static_cast<int>(f);
  return t == Table::raw ? raw[i] : t == Table::nat ? nat[i] : filter[i];
}

core::Expected<Config> load_config(const Script& script) {
  Config config;
  config.notes = script.notes;
  config.services = default_services();
  Notes notes{config};
  for (const Command& cmd : script.commands) {
    if (is_router_menu(cmd.menu)) {
      if (auto e = load_router_command(cmd, config, notes)) return *e;
      continue;
    }
    const auto menu = firewall_menu(cmd.menu);
    if (!menu) {
      skip(cmd, notes);
      continue;
    }
    if (cmd.verb != "add") {
      notes.note(where(cmd.at) + ": skipped /" + cmd.menu + " " + cmd.verb +
                 " (only add is emulated; exports list every rule with add)");
      continue;
    }
    const int f = static_cast<int>(menu->family);
    if (!menu->table) {
      ListEntry entry;
      if (auto e = load_entry(cmd, menu->family, entry, notes)) return *e;
      config.entries.push_back(std::move(entry));
      continue;
    }
    auto& table = *menu->table == Table::raw   ? config.raw[f]
                  : *menu->table == Table::nat ? config.nat[f]
                                               : config.filter[f];
    Rule rule;
    rule.number = table.size();
    rule.family = menu->family;
    rule.table = *menu->table;
    if (auto e = load_rule(cmd, rule, notes)) return *e;
    table.push_back(std::move(rule));
  }
  if (auto e = check_jumps(config)) return *e;
  return config;
}

core::Expected<Config> load_config(std::string_view text) {
  auto script = parse_script(text);
  if (!script) return std::move(script).error();
  return load_config(*script);
}

}  // namespace knock::routeros
