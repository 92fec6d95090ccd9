// `knock profile import FILE --from knockd|json [--host HOST] [--replace]`.
#include "knock/core/text_file.hpp"
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct ImportOptions {
  std::string file, from, host;
  bool replace = false;
};

int run_import(const ImportOptions& o, Session& s) {
  auto text = core::read_text_file(o.file);
  if (!text) return fail(s, text.error());
  auto imported = o.from == "knockd" ? profiles::import_knockd(*text, o.host, o.file)
                                     : profiles::import_json(*text, o.file);
  if (!imported) return fail(s, imported.error());
  if (auto saved = actions::import_profiles(s.ctx, imported->profiles, o.replace); !saved)
    return fail(s, saved.error());
  for (const auto& p : imported->profiles)
    s.io.out << "imported " << p.name << "\n";
  for (const auto& why : imported->skipped)
    s.io.err << "knock: skipped " << why << "\n";
  return 0;
}

}  // namespace

void setup_import(CLI::App& profile, Work& work) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* sub = profile.add_subcommand("import", "Add profiles from a knockd.conf or our JSON export");
  sub->add_option("FILE", o->file, "The file to read")->required()->type_name("");
  sub->add_option("--from", o->from, "knockd or json")->check(CLI::IsMember({"knockd", "json"}))->required();
  sub->add_option("--host", o->host, "For knockd: the host its doors guard");
  sub->add_flag("--replace", o->replace, "Replace profiles of the same name");
  sub->callback([o, &work] { work = [o](Session& s) { return run_import(*o, s); }; });
}

}  // namespace knock::cli::profile
