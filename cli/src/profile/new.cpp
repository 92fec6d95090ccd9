// `knock profile new NAME --random-sequence N [fields]`: a profile with a random sequence, and its rules.
#include "knock/actions/router.hpp"
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct NewOptions {
  std::string name;
  int knocks = 0;
  actions::Changes changes;
};

int run_new(const NewOptions& o, Session& s) {
  auto added = actions::add(s.ctx, o.name, o.changes, o.knocks);
  if (!added) return fail(s, added.error());
  const profiles::Profile& p = added->open;
  s.io.out << "saved " << o.name << " with a random sequence"
           << (p.sealed ? std::string(" (sealed)") : ": " + std::string(p.sequence.view())) << "\n";
  if (auto rules = actions::rules_for(p))
    s.io.out << "\n" << rules->script;
  else
    s.io.out << "(give --protect or --verify to get the matching RouterOS rules)\n";
  return 0;
}

}  // namespace

void setup_new(CLI::App& profile, Work& work) {
  auto o = std::make_shared<NewOptions>();
  CLI::App* sub =
      profile.add_subcommand("new", "Save a profile with a random sequence, and print its RouterOS rules");
  add_name(*sub, o->name);
  sub->add_option("--random-sequence", o->knocks, "How many knocks")
      ->required()
      ->check(CLI::Range(1, 20))
      ->type_name("N");
  define_fields(*sub, o->changes, FieldsFor::random);
  sub->callback([o, &work] { work = [o](Session& s) { return run_new(*o, s); }; });
}

}  // namespace knock::cli::profile
