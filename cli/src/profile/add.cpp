// `knock profile add NAME --host HOST --sequence STEPS [fields]`: save a new profile.
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct AddOptions {
  std::string name;
  actions::Changes changes;
};

int run_add(const AddOptions& o, Session& s) {
  auto added = actions::add(s.ctx, o.name, o.changes);
  if (!added) return fail(s, added.error());
  s.io.out << "saved " << o.name << "\n";
  return 0;
}

}  // namespace

void setup_add(CLI::App& profile, Work& work) {
  auto o = std::make_shared<AddOptions>();
  CLI::App* sub = profile.add_subcommand("add", "Save a new profile");
  add_name(*sub, o->name);
  define_fields(*sub, o->changes, FieldsFor::add);
  sub->callback([o, &work] { work = [o](Session& s) { return run_add(*o, s); }; });
}

}  // namespace knock::cli::profile
