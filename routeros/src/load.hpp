#pragma once
// The loaders behind load_config, one per kind of menu; each takes one parsed command.
#include <optional>
#include <string>
#include <vector>

#include "knock/routeros/config.hpp"

namespace knock::routeros {

// What loading has to say: every line goes to the notes (--verbose); warnings also to the warnings.
struct Notes {
  Config& config;
  void note(std::string text) { config.notes.push_back(std::move(text)); }
  void warn(std::string text) {
    config.warnings.push_back(text);
    config.notes.push_back(std::move(text));
  }
};

// "/ip firewall filter", "/ipv6 firewall raw"
std::string menu_of(Table t, Family f);

// One add of a firewall table; r.table and r.family say which.
std::optional<core::Error> load_rule(const Command& cmd, Rule& r, Notes& notes);

// The router menus: /interface list, /interface list member, /ip address, /ipv6 address, /ip service.
// Whether `menu` is one of them.
bool is_router_menu(const std::string& menu);
std::optional<core::Error> load_router_command(const Command& cmd, Config& config, Notes& notes);
// /ip service as RouterOS ships it, before the export's set lines.
std::vector<Service> default_services();

// Jumps that cannot be followed: to a chain no rule is in, in a loop, or nested deeper than RouterOS goes.
std::optional<core::Error> check_jumps(const Config& config);

}  // namespace knock::routeros
