#pragma once
// Shell completion scripts for knock, generated from the commands' own CLI11 definitions (see commands.hpp).
#include <string>
#include <vector>

namespace knock::cli::completion {

// What a word may be, so that each shell can offer the right candidates.
enum class Kind {
  text,     // anything: nothing to offer
  file,     // a path
  target,   // a host name, or @PROFILE (the first word of `knock`)
  step,     // a knock step: offer the protocol prefixes
  profile,  // the name of a saved profile (`knock profile list --names`)
  choice,   // one of `choices`
};

struct Arg {
  std::vector<std::string> names;  // "-d", "--delay"; empty for a positional
  std::string help;
  bool takes_value = false;  // options only; positionals always do
  Kind kind = Kind::text;
  std::vector<std::string> choices;
  bool repeats = false;  // a positional that takes many words (STEP...)
};

// One place in the command tree: "" is `knock HOST STEP...`, "@" is `knock @NAME`, "routeros check" is
// `knock routeros check`.
struct Scope {
  std::string path;
  std::vector<std::pair<std::string, std::string>> subcommands;  // name, summary
  std::vector<Arg> options;
  std::vector<Arg> positionals;
};

std::vector<Scope> command_tree();

std::string bash_script(const std::vector<Scope>& tree);
std::string zsh_script(const std::vector<Scope>& tree);
std::string fish_script(const std::vector<Scope>& tree);

}  // namespace knock::cli::completion
