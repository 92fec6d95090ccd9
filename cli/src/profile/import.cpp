// `knock profile import FILE --from knockd|json|knockonports [--host HOST] [--replace]`, and
// `knock profile import LINK` (a knock:// link of `profile share`).
#include "knock/actions/interchange.hpp"
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct ImportOptions {
  std::string file, from, host;
  bool replace = false;
};

int run_import(const ImportOptions& o, Session& s) {
  auto imported = actions::read_import({o.file, o.from, o.host});
  if (!imported) return fail(s, imported.error());
  if (auto saved = actions::import_profiles(s.ctx, imported->profiles, o.replace); !saved)
    return fail(s, saved.error());
  for (const auto& p : imported->profiles)
    s.io.out << "imported " << p.name << "\n";
  for (const auto& why : imported->skipped)
    s.io.err << "knock: skipped " << why << "\n";
  for (const auto& note : imported->notes)
    s.io.err << "knock: " << note << "\n";
  return 0;
}

}  // namespace

void setup_import(CLI::App& profile, Work& work) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* sub = profile.add_subcommand(
      "import", "Add profiles from a knockd.conf, our JSON, a Knock on Ports export, or a knock:// link");
  sub->add_option("FILE", o->file, "The file to read, or a knock:// link (profile share)")
      ->required()
      ->type_name("FILE|LINK");
  sub->add_option("--from", o->from, "What FILE is: knockd, json or knockonports (the Android app's export)")
      ->check(CLI::IsMember({"knockd", "json", "knockonports"}));
  sub->add_option("--host", o->host, "For knockd: the host its doors guard");
  sub->add_flag("--replace", o->replace, "Replace profiles of the same name");
  sub->callback([o, &work] { work = [o](Session& s) { return run_import(*o, s); }; });
}

}  // namespace knock::cli::profile
