#pragma once
// Changing the saved profiles: add, edit, copy, rename, remove, import. One place applies a change, seals and
// unseals, validates and says what is wrong, for the CLI's flags and the GUI's editor alike.
#include <optional>
#include <string>
#include <vector>

#include "knock/actions/context.hpp"
#include "knock/core/sequence.hpp"
#include "knock/profiles/interchange.hpp"

namespace knock::actions {

enum class Sealing {
  keep,    // sealed stays sealed (a new sequence is sealed with the same passphrase), clear stays clear
  seal,    // seal a clear sequence with a new passphrase
  unseal,  // store the sequence in the clear again
  change_passphrase,  // the old passphrase opens it, a new one seals it
};

// The delay between knocks of a profile made by `profile add`/`new` or the GUI, unless one is given. Real
// paths reorder packets that leave close together (others measured 100 ms too short through a VPN and
// 750 ms enough; Knock on Ports uses 500 ms): half a second keeps the order on such links and still sends a
// two-knock sequence well inside a 15 s stage. An ad-hoc `knock HOST STEP...` keeps knockd's 0.
inline constexpr core::Duration kNewProfileDelay = std::chrono::milliseconds(500);
// A new profile before any change: what the GUI's editor starts from.
profiles::Profile new_profile();

// The fields to change; unset ones stay as they are.
struct Changes {
  std::optional<std::string> host;
  std::optional<core::Sequence> sequence;     // makes it a profile with a fixed sequence
  std::optional<core::SecretString> otp_key;  // makes it a one-time profile with this secret
  std::optional<profiles::OneTime> otp;       // its window and knocks
  std::optional<core::Duration> delay;
  std::optional<core::Family> family;
  std::optional<std::string> source;         // a local address; "" clears it
  std::optional<std::uint16_t> verify_port;  // 0: no verify probe
  std::optional<core::Duration> verify_timeout;
  std::optional<int> retries;
  std::optional<bool> reknock;
  std::optional<bool> keep_open;
  std::optional<std::string> launch, group, notes, list;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::vector<core::ServicePort>> protect;
  std::optional<std::vector<core::Duration>> timeouts;
  Sealing sealing = Sealing::keep;

  // What an editor changed: the fields of `after` that differ from `before` (both unlocked).
  static Changes between(const profiles::Profile& before, const profiles::Profile& after);
  bool empty() const;
};

struct Added {
  profiles::Profile open;  // as saved, but with its sequence in the clear
};

// A new profile; with `random_knocks`, its sequence is that many random knocks (and `changes` gives none).
core::Expected<Added> add(Context& ctx, const std::string& name, const Changes& changes,
                          int random_knocks = 0);
core::Expected<profiles::Profile> edit(Context& ctx, const std::string& name, const Changes& changes);
core::Status remove(Context& ctx, const std::string& name);
core::Status rename(Context& ctx, const std::string& name, const std::string& new_name);
core::Status copy(Context& ctx, const std::string& name, const std::string& new_name);
// The one validation every saved profile passes (add, edit, import, and the GUI's editor as it is filled in).
core::Status validate(const profiles::Profile& p);
// Adds imported profiles; one of an existing name is an error unless `replace`.
core::Status import_profiles(Context& ctx, const std::vector<profiles::Profile>& imported, bool replace);

}  // namespace knock::actions
