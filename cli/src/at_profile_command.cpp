// `knock @NAME [options] [-- COMMAND]`: knock a saved profile with its own settings, the options over them.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock_job.hpp"
#include "options.hpp"

namespace knock::cli {
namespace {

// `knock @NAME`'s definition: the knock options, over the profile's own settings.
struct AtProfileCli {
  KnockOptions options;
  CLI::App app;

  AtProfileCli(const std::string& name, const Named& named)
      : app("Knock a saved profile: its host, sequence, verify and launch settings, with any option here "
            "over "
            "them. After --, COMMAND replaces the profile's launch command.",
            "knock @" + name) {
    define_knock_options(app, options, named);
    define_keep_open(app, options, named);
  }
};

}  // namespace

void describe_at_profile(const DefinitionVisitor& visit) {
  AtProfileCli cli("NAME", Named::all());
  visit(cli.app);
}

// Knocks one profile as `knock @NAME` does; `knock run NAME` ends here too.
int knock_profile(const std::string& name, const KnockOptions& options,
                  const std::optional<std::vector<std::string>>& command, Session& s) {
  const PrintOptions& print = options.print;
  if (command && command->empty()) {
    return fail(print, s,
                core::make_error(core::Errc::bad_input, "nothing after --: give the command to run"));
  }
  const actions::Launch launch = command ? actions::Launch{actions::Launch::Use::given, *command}
                                         : actions::Launch{actions::Launch::Use::profile_if_set, {}};
  auto job = named_job(name, options, launch, s);
  if (!job) return fail(print, s, job.error());
  return knock_and_launch(*job, print, s);
}

int at_profile_command(std::span<const std::string> args, Session& s) {
  const DashSplit split = split_at_dashes(args);
  std::vector<std::string> own{split.own[0] + " " + split.own[1]};
  own.insert(own.end(), split.own.begin() + 2, split.own.end());
  const std::string name = args[1].substr(1);
  AtProfileCli cli(name, Named(own));
  if (const int status = parse(cli.app, own, s.io, wants_json(own)); status >= 0) return status;
  return knock_profile(name, cli.options, split.command, s);
}

}  // namespace knock::cli
