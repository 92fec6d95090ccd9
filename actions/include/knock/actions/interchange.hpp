#pragma once
// Profiles in and out of knock, for `knock profile import|export|share` and knock-gui's link import and
// Share: knockd.conf, our JSON, Knock on Ports and knock:// links in; TOML, JSON, knockd.conf and Knock on
// Ports out.
#include <string>
#include <vector>

#include "knock/actions/context.hpp"
#include "knock/profiles/interchange.hpp"
#include "knock/profiles/profile.hpp"

namespace knock::actions {

struct ImportSource {
  std::string file;  // a path, or a knock:// link (profile share)
  std::string from;  // what the file is: knockd, json or knockonports (a link says what it holds)
  std::string host;  // knockd.conf: the host its doors guard
};
// What the source holds, not saved yet (import_profiles saves it).
core::Expected<profiles::Imported> read_import(const ImportSource& source);

// The profiles as `format` (toml, json, knockd or knockonports). knockd.conf and Knock on Ports need the
// sequences themselves: sealed profiles are unlocked through ctx first. `notes`: what could not go across.
core::Expected<std::string> export_text(Context& ctx, std::vector<profiles::Profile> ps,
                                        const std::string& format, std::vector<std::string>& notes);

// Every profile with its sequence in the clear (one ask of ctx's passphrase source per sealed profile).
core::Status unlock_all(Context& ctx, std::vector<profiles::Profile>& ps);

// The knock:// link of a profile; a sealed profile's link stays sealed.
std::string share_link(const profiles::Profile& p);
// Whether the link holds the profile's secret (sequence or one-time key) in the clear.
inline bool link_in_clear(const profiles::Profile& p) {
  return !p.sealed;
}

}  // namespace knock::actions
