#include <iostream>
#include <string>
#include <vector>

#include "knock/cli/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  knock::core::ProcessLauncher launcher;
  knock::cli::Io io{std::cout, std::cerr, launcher, knock::core::process_environment(), true};
  return knock::cli::run(args, io);
}
