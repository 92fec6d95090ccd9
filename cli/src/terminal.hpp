#pragma once
// The terminal as a passphrase source: asked on the controlling terminal (/dev/tty, the console) with echo
// off, twice for a new passphrase. Without a terminal it says how to give one, so scripts never hang.
#include "knock/actions/passphrase.hpp"

namespace knock::cli {

class TerminalPassphrase final : public actions::PassphraseSource {
 public:
  core::Expected<core::SecretString> get(const actions::PassphraseRequest& request) override;
};

// One line read with echo off; nullopt when there is no terminal. Platform files implement it.
std::optional<core::SecretString> prompt_hidden(std::string_view prompt);

}  // namespace knock::cli
