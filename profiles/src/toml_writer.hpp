#pragma once
// TOML text from a toml++ table, in the style of toml++'s own formatter (values first, then [tables] indented
// by depth, 'literal' strings where they can be), but without it: toml++'s formatter estimates line widths
// with log10, and that one call made every run of knock load libm (bench/run.sh, 1b). Arrays stay on one
// line whatever their length.
#include <string>

#include <toml++/toml.h>

namespace knock::profiles {

std::string write_toml(const toml::table& root);

}  // namespace knock::profiles
