#pragma once
// What toml++ 3.3 (Debian 12's) must not be given, checked before it parses a profile file:
// - nesting without bound: it limits nested arrays and inline tables but not dotted keys, and a `[a.a.a…]`
//   header of 50 000 parts built 50 000 nested tables that overflowed the stack when they were copied,
//   printed or destroyed (knock and knock-gui crashed);
// - a non-ASCII character where it asks whether one is whitespace: for U+00A1-U+0499 and U+FBC6-U+FEFE its
//   table falls through to __builtin_unreachable (undefined behaviour, found by the profiles fuzzer). That is
//   outside strings and comments, where TOML allows no such character anyway, right after a backslash in a
//   basic string (never a valid escape), and first after a backslash and whitespace in a multi-line one.
#include <optional>
#include <string_view>

#include "knock/core/error.hpp"

namespace knock::profiles {

// Tables, arrays and the parts of dotted keys, counted together; a profile needs 3
// ([profiles.NAME.verify]). The JSON reader stops at the same depth.
inline constexpr int kMaxNesting = 64;

// An error naming line and column where TEXT first breaks one of the rules above; nullopt otherwise, also
// for text that is not valid TOML in other ways (toml++ reports those).
std::optional<core::Error> check_toml(std::string_view text, std::string_view source_name);

}  // namespace knock::profiles
