#pragma once
// The `knock` command line as a library: tests run it in-process with their own streams and launcher.
#include <iosfwd>
#include <span>
#include <string>

#include "knock/core/launch.hpp"

namespace knock::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
  core::Launcher& launcher;
  bool handle_signals = false;  // SIGINT/SIGTERM stop a knock in progress (exit 130)
};

// args[0] is the program name. Returns the exit status documented in `knock --help`.
int run(std::span<const std::string> args, Io& io);

}  // namespace knock::cli
