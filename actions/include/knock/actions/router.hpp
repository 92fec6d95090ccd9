#pragma once
// The router side of a profile: the RouterOS rules that match it, and what a router's export would do with
// its knock. The profile must be unlocked (its sequence is needed).
#include <memory>
#include <string_view>

#include "knock/profiles/profile.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/generator.hpp"

namespace knock::actions {

// The generator's options from a profile's router facts (the protected ports default to the verify port).
core::Expected<routeros::GenerateOptions> generate_options(const profiles::Profile& open);
core::Expected<routeros::Generated> rules_for(const profiles::Profile& open);
// The profile's knock replayed against an export (its text; `source_name` names it in messages), then a
// connection to its first protected port. The result points into the configuration, so they travel together.
struct ProfileCheck {
  std::unique_ptr<routeros::Config> config;
  routeros::CheckResult result;
};
core::Expected<ProfileCheck> check_profile(const profiles::Profile& open, std::string_view export_text,
                                           std::string_view source_name);

}  // namespace knock::actions
