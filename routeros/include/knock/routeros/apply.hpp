#pragma once
// The commands of a script knock generated, applied to a configuration as RouterOS runs them when the
// script is pasted, so that tests and `rules --diff` see the router after the change:
//   remove [find where comment~"^PREFIX"]
//   add ... [place-before=[find where chain=CHAIN comment="TEXT"]]
//   add ... [place-before=[:pick [find where chain=CHAIN dynamic=no] N]]
// in /ip firewall filter and /ipv6 firewall filter. Strict: any other menu, command, expression or regular
// expression is an error naming its line, since a command left out would leave the emulated router
// different from the real one. (Scripting at large is the interpreter's business.)
#include <cstddef>
#include <string_view>

#include "knock/routeros/config.hpp"

namespace knock::routeros {

core::Status apply_script(Config& config, std::string_view script);

// Removes the filter rules of both families whose comment starts with `prefix`; returns how many went.
std::size_t remove_commented(Config& config, std::string_view prefix);

}  // namespace knock::routeros
