#pragma once
// Runs a built program as a child process, as a user would, for tests that must see what the shipped binary
// does (an in-process test does not see how the binary was linked: knock once aborted on bad TOML that every
// in-process test got through).
#include <string>
#include <vector>

namespace knock::test {

struct ProgramRun {
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it (or it was killed for hanging)
  bool hung = false;   // still running after the time given, and killed
  std::string out, err;
};

// Where the programs under test are: $KNOCK_BIN_DIR (e2e.package points it at the installed package), else
// the build's own bin/ directory.
std::string program_path(const std::string& name);

// Runs `args` (args[0]: the program's path) with the current environment; stdin is /dev/null.
ProgramRun run_program(const std::vector<std::string>& args, int timeout_seconds = 30);

}  // namespace knock::test
