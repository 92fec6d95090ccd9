// `knock profile rm NAME`: delete a profile.
#include "profile.hpp"

namespace knock::cli::profile {

void setup_rm(CLI::App& profile, Work& work) {
  auto name = std::make_shared<std::string>();
  CLI::App* sub = profile.add_subcommand("rm", "Delete a profile");
  add_name(*sub, *name);
  sub->callback([name, &work] {
    work = [name](Session& s) {
      if (auto removed = actions::remove(s.ctx, *name); !removed) return fail(s, removed.error());
      s.io.out << "deleted " << *name << "\n";
      return 0;
    };
  });
}

}  // namespace knock::cli::profile
