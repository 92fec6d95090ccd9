#pragma once
// Values of RouterOS settings, checked one argument at a time; every error names the key, the value and where
// it stands in the export. Shared by the loaders of the firewall tables and of the router menus.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knock/routeros/config.hpp"

namespace knock::routeros::parse {

// "line 3, column 17: dst-port '70000' is not a port list ..."
core::Error value_error(const Argument& a, const std::string& what);

template <std::size_t N>
bool listed(const std::array<const char*, N>& list, std::string_view key) {
  return std::find_if(list.begin(), list.end(), [&](const char* k) { return key == k; }) != list.end();
}

bool parse_u16(std::string_view s, std::uint16_t& out, unsigned lo = 0);
std::vector<std::string_view> split(std::string_view s, char sep);
// Strips a leading '!' and reports it.
std::string_view negation(std::string_view v, bool& negated);

core::Expected<bool> parse_bool(const Argument& a);
core::Expected<PortRanges> parse_ports(const Argument& a, std::string_view v);
// An IP, CIDR block or IPv4 range of `family`; a DNS name too when allowed.
core::Expected<AddressSpec> parse_address_spec(const Argument& a, std::string_view v, Family family,
                                               bool allow_names);
// The same, the family taken from the address itself (/ip service address= mixes both).
core::Expected<AddressSpec> parse_any_address_spec(const Argument& a, std::string_view v);
// A comma-separated list of names (interface lists' include=, exclude=); empty parts are errors.
core::Expected<std::vector<std::string>> parse_names(const Argument& a);

// An error for the first key given twice in one command ("chain=input chain=forward"): which of the two
// counts is not for the emulator to guess.
std::optional<core::Error> repeated_key(const Command& cmd, std::string_view menu);

}  // namespace knock::routeros::parse
