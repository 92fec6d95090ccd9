#pragma once
// A bound on how deeply a TOML text nests, checked before toml++ builds it: toml++ limits nested arrays and
// inline tables but not dotted keys, and a `[a.a.a…]` header of 50 000 parts built 50 000 nested tables that
// overflowed the stack when they were copied, printed or destroyed (knock and knock-gui crashed).
#include <optional>
#include <string_view>

#include "knock/core/error.hpp"

namespace knock::profiles {

// Tables, arrays and the parts of dotted keys, counted together; a profile needs 3
// ([profiles.NAME.verify]). The JSON reader stops at the same depth.
inline constexpr int kMaxNesting = 64;

// An error naming line and column where TEXT first nests deeper than kMaxNesting; nullopt otherwise, also
// for text that is not valid TOML (toml++ reports that).
std::optional<core::Error> check_nesting(std::string_view text, std::string_view source_name);

}  // namespace knock::profiles
