#pragma once
#include <string_view>

#include <toml++/toml.h>

#include "knock/core/error.hpp"

namespace knock::profiles {

// JSON text to a toml++ table (objects become tables, arrays arrays, numbers integers or floats).
core::Expected<toml::table> parse_json_object(std::string_view text, std::string_view source_name);

}  // namespace knock::profiles
