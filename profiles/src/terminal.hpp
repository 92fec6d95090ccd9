#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace knock::profiles {

// Asks on the controlling terminal with echo off; nullopt when there is no terminal.
std::optional<std::string> prompt_hidden(std::string_view prompt);

}  // namespace knock::profiles
