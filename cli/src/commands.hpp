#pragma once
// Every command is registered here; each lives in its own file (`profile`'s subcommands in profile/).
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "session.hpp"

namespace CLI {
class App;
}

namespace knock::cli {

using CommandFn = int (*)(std::span<const std::string> args, Session& s);
// Builds a command's CLI11 definition, exactly as the command parses with it, and hands it to the visitor:
// the shell completions are generated from these, so they cannot drift from the parser.
using DefinitionVisitor = std::function<void(CLI::App&)>;
using DescribeFn = void (*)(const DefinitionVisitor& visit);

struct Command {
  std::string_view name;
  std::string_view summary;
  CommandFn run;
  DescribeFn describe;  // null for a command without options of its own
};

// Subcommands reached as `knock NAME ...`; anything else is an ad-hoc knock.
std::span<const Command> subcommands();

int knock_command(std::span<const std::string> args, Session& s);
int routeros_command(std::span<const std::string> args, Session& s);
int profile_command(std::span<const std::string> args, Session& s);
int run_command(std::span<const std::string> args, Session& s);
int completion_command(std::span<const std::string> args, Session& s);
int otp_command(std::span<const std::string> args, Session& s);
int proxy_command(std::span<const std::string> args, Session& s);
// `knock @NAME [options] [-- COMMAND...]`
int at_profile_command(std::span<const std::string> args, Session& s);

void describe_knock(const DefinitionVisitor& visit);
void describe_routeros(const DefinitionVisitor& visit);
void describe_profile(const DefinitionVisitor& visit);
void describe_run(const DefinitionVisitor& visit);
void describe_at_profile(const DefinitionVisitor& visit);
void describe_completion(const DefinitionVisitor& visit);
void describe_otp(const DefinitionVisitor& visit);
void describe_proxy(const DefinitionVisitor& visit);

std::string_view version();

}  // namespace knock::cli
