#pragma once
// Profiles as toml++ tables: shared by the TOML file and the JSON interchange, kept out of the public header.
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "knock/profiles/profile.hpp"

namespace knock::profiles {

struct UnknownKeys {
  toml::table table;
};

toml::table to_toml(const Profile& p);
core::Expected<Profile> from_toml(const std::string& name, const toml::table& t, std::string_view where);
// The unknown keys of `t`, for Profile::unknown and Document::unknown (null when there are none).
std::shared_ptr<const UnknownKeys> keep_unknown(toml::table t);

}  // namespace knock::profiles
