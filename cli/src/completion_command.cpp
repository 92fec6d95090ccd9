// `knock completion bash|zsh|fish`: prints the shell completion script, generated from the commands' own
// definitions so that it always matches the parser.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "completion.hpp"
#include "options.hpp"

namespace knock::cli {
namespace {

struct CompletionCli {
  std::string shell;
  CLI::App app{"Print the shell completion script for knock.", "knock completion"};

  CompletionCli() {
    app.get_formatter()->column_width(30);
    app.add_option("SHELL", shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}))
        ->type_name("");
    app.footer(R"(
Packages install these already. To use them from a build or a copy of the program:
  bash  source <(knock completion bash)                       (e.g. in ~/.bashrc)
  zsh   knock completion zsh > ~/.zfunc/_knock                (with fpath+=(~/.zfunc) before compinit)
  fish  knock completion fish > ~/.config/fish/completions/knock.fish

Host names, @PROFILE names and profile names (from knock profile list --names), the
protocols of a step, files, and the values of options with a fixed set are completed.)");
  }
};

}  // namespace

void describe_completion(const DefinitionVisitor& visit) {
  CompletionCli cli;
  visit(cli.app);
}

int completion_command(std::span<const std::string> args, Session& s) {
  Io& io = s.io;
  CompletionCli cli;
  if (const int status = parse(cli.app, args, io, false); status >= 0) return status;
  const auto tree = completion::command_tree();
  if (cli.shell == "bash")
    io.out << completion::bash_script(tree);
  else if (cli.shell == "zsh")
    io.out << completion::zsh_script(tree);
  else
    io.out << completion::fish_script(tree);
  return 0;
}

}  // namespace knock::cli
