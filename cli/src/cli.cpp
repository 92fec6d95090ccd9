#include "knock/cli/cli.hpp"

#include <exception>
#include <ostream>

#include "commands.hpp"

namespace knock::cli {

std::string_view version() {
  return KNOCK_VERSION;
}

std::span<const Command> subcommands() {
  static const Command table[] = {
      {"routeros", "generate RouterOS knock rules, or check an export", routeros_command, describe_routeros},
      {"profile", "saved host profiles", profile_command, describe_profile},
      {"run", "knock saved profiles, many at once", run_command, describe_run},
      {"completion", "print the shell completion script (bash, zsh or fish)", completion_command,
       describe_completion},
      {"help", "show this help",
       [](std::span<const std::string>, Io& io) {
         const std::string help[] = {"knock", "--help"};
         return knock_command(help, io);
       },
       nullptr},
  };
  return table;
}

int run(std::span<const std::string> args, Io& io) {
  try {
    if (args.size() > 1) {
      for (const Command& c : subcommands()) {
        if (args[1] == c.name) {
          std::vector<std::string> rest{args[0] + " " + args[1]};
          rest.insert(rest.end(), args.begin() + 2, args.end());
          return c.run(rest, io);
        }
      }
    }
    if (args.size() > 1 && args[1].size() > 1 && args[1][0] == '@') return at_profile_command(args, io);
    return knock_command(args, io);
  } catch (const std::exception& e) {  // a bug; still one line and a documented status, never a trace
    io.err << "knock: internal error: " << e.what() << "\n";
    return 4;
  }
}

}  // namespace knock::cli
