#pragma once
// The `knock` command line as a library: tests run it in-process with their own streams, launcher and
// environment.
#include <iosfwd>
#include <span>
#include <string>

#include "knock/core/environment.hpp"
#include "knock/core/launch.hpp"

namespace knock::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
  core::Launcher& launcher;
  // KNOCK_CONFIG_DIR, KNOCK_PASSPHRASE, KNOCK_LOOPBACK_ONLY, ...: read from here, never from the process
  // (main() passes core::process_environment()).
  const core::Environment& env;
  bool handle_signals = false;  // SIGINT/SIGTERM stop a knock in progress (exit 130)
  // `knock proxy` relays between these and the connection (ssh's ProxyCommand: its pipe's ends).
  int in_fd = 0;
  int out_fd = 1;
};

// args[0] is the program name. Returns the exit status documented in `knock --help`.
int run(std::span<const std::string> args, Io& io);

}  // namespace knock::cli
