#pragma once
// Every subcommand is registered here; each lives in its own file.
#include <span>
#include <string>
#include <string_view>

#include "knock/cli/cli.hpp"

namespace knock::cli {

using CommandFn = int (*)(std::span<const std::string> args, Io& io);

struct Command {
  std::string_view name;
  std::string_view summary;
  CommandFn run;
};

// Subcommands reached as `knock NAME ...`; anything else is an ad-hoc knock.
std::span<const Command> subcommands();

int knock_command(std::span<const std::string> args, Io& io);
int routeros_command(std::span<const std::string> args, Io& io);
int profile_command(std::span<const std::string> args, Io& io);
int run_command(std::span<const std::string> args, Io& io);
// `knock @NAME [options] [-- COMMAND...]`
int at_profile_command(std::span<const std::string> args, Io& io);

// Helpers shared by the commands.
std::string_view version();
}  // namespace knock::cli
