#pragma once
// A profile as the user reads it: `profile show`'s lines and the JSON of show and list.
#include <ostream>
#include <string>

#include "knock/profiles/profile.hpp"

namespace knock::cli::profile {

// With `secrets` the sequence is included (when it is in the clear).
std::string profile_json(const profiles::Profile& p, bool secrets);
void show_human(const profiles::Profile& p, bool secrets, std::ostream& out);

}  // namespace knock::cli::profile
