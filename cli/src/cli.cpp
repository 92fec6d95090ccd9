#include "knock/cli/cli.hpp"

#include <exception>
#include <ostream>

#include "commands.hpp"
#include "terminal.hpp"

namespace knock::cli {
namespace {

int help_command(std::span<const std::string> args, Session& s) {
  // `knock help` is `knock --help`; `knock help profile` is `knock profile --help`.
  std::vector<std::string> help{"knock"};
  if (args.size() > 1) help.push_back(args[1]);
  help.push_back("--help");
  for (const Command& c : subcommands()) {
    if (help.size() == 3 && help[1] == c.name && c.describe) {
      const std::vector<std::string> rest{"knock " + help[1], "--help"};
      return c.run(rest, s);
    }
  }
  const std::vector<std::string> top{"knock", "--help"};
  return knock_command(top, s);
}

int dispatch(std::span<const std::string> args, Session& s) {
  if (args.size() > 1) {
    for (const Command& c : subcommands()) {
      if (args[1] == c.name) {
        std::vector<std::string> rest{args[0] + " " + args[1]};
        rest.insert(rest.end(), args.begin() + 2, args.end());
        return c.run(rest, s);
      }
    }
  }
  if (args.size() > 1 && args[1].size() > 1 && args[1][0] == '@') return at_profile_command(args, s);
  return knock_command(args, s);
}

}  // namespace

std::string_view version() {
  return KNOCK_VERSION;
}

std::span<const Command> subcommands() {
  static const Command table[] = {
      {"routeros", "generate RouterOS knock rules, or check an export", routeros_command, describe_routeros},
      {"profile", "saved host profiles", profile_command, describe_profile},
      {"run", "knock saved profiles, many at once", run_command, describe_run},
      {"proxy", "knock, then relay stdin/stdout to a port (an ssh ProxyCommand)", proxy_command,
       describe_proxy},
      {"otp", "one-time knocks: make a secret (knock otp init FILE)", otp_command, describe_otp},
      {"completion", "print the shell completion script (bash, zsh or fish)", completion_command,
       describe_completion},
      {"help", "show this help (knock help COMMAND: that command's)", help_command, nullptr},
  };
  return table;
}

int run(std::span<const std::string> args, Io& io) {
  try {
    auto ctx = actions::Context::from_environment(io.env, std::make_unique<TerminalPassphrase>());
    Session s{io, ctx};
    return dispatch(args, s);
  } catch (const std::exception& e) {  // a bug; still one line and a documented status, never a trace
    io.err << "knock: internal error: " << e.what() << "\n";
    return core::exit_code(core::Errc::internal);
  }
}

}  // namespace knock::cli
