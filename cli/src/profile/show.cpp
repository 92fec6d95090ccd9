// `knock profile show NAME [--json] [--show-secrets]`: one profile.
#include "knock/actions/lookup.hpp"
#include "profile.hpp"
#include "render.hpp"

namespace knock::cli::profile {
namespace {

struct ShowOptions {
  std::string name;
  bool json = false, secrets = false;
};

int run_show(const ShowOptions& o, Session& s) {
  auto doc = actions::load(s.ctx);
  if (!doc) return fail(s, doc.error());
  auto found = actions::find(*doc, o.name);
  if (!found) return fail(s, found.error());
  profiles::Profile p = **found;
  if (o.secrets) {
    auto open = actions::unlock(s.ctx, p);
    if (!open) return fail(s, open.error());
    p = std::move(*open);
  }
  if (o.json)
    s.io.out << profile_json(p, o.secrets) << "\n";
  else
    show_human(p, o.secrets, s.io.out);
  return 0;
}

}  // namespace

void setup_show(CLI::App& profile, Work& work) {
  auto o = std::make_shared<ShowOptions>();
  CLI::App* sub = profile.add_subcommand("show", "Show one profile");
  add_name(*sub, o->name);
  sub->add_flag("--json", o->json, "As JSON");
  sub->add_flag("--show-secrets", o->secrets, "Include the sequence (unsealing it if needed)");
  sub->callback([o, &work] { work = [o](Session& s) { return run_show(*o, s); }; });
}

}  // namespace knock::cli::profile
