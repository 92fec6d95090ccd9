#pragma once
// Where a profile's generated rules go in a router's filter table, found with the evaluator rather than by
// the names of the rules: before the first input rule that decides one of the knocks or a new connection to
// a protected port, as they arrive from outside. Shared by generate().
#include "knock/routeros/generator.hpp"

namespace knock::routeros {

// `config` is the router's export with the profile's own earlier rules already removed. A knock or
// connection that raw drops, dstnat forwards or the emulator cannot decide before the filter leaves no
// place that works: an error naming the rule. One undecided at a filter rule puts the rules above it.
core::Expected<Placement> place_rules(const Config& config, const GenerateOptions& o, Family family);

// The place-before= value of the i-th rule added (0-based), empty at the end of the table.
std::string place_before(const Placement& p, std::size_t i);

}  // namespace knock::routeros
