#pragma once
// Finding profiles and opening sealed ones: the first steps of every use case that starts from a name.
#include <string>
#include <string_view>
#include <vector>

#include "knock/actions/context.hpp"
#include "knock/profiles/profile.hpp"

namespace knock::actions {

core::Expected<profiles::Document> load(Context& ctx);
// The error says how to see the names there are.
core::Expected<const profiles::Profile*> find(const profiles::Document& doc, std::string_view name);
// The named profiles in the order given, then the group's others; an unknown name or an empty group is an
// error.
core::Expected<std::vector<const profiles::Profile*>> select(const profiles::Document& doc,
                                                             const std::vector<std::string>& names,
                                                             const std::string& group);
// The profile with its sequence in the clear: asks ctx's passphrase source when it is sealed.
core::Expected<profiles::Profile> unlock(Context& ctx, const profiles::Profile& p);
// The same with a passphrase already at hand (many profiles, one prompt).
core::Expected<profiles::Profile> unlock_with(const profiles::Profile& p, std::string_view passphrase);

}  // namespace knock::actions
