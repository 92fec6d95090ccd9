// `knock profile rename NAME NEW`: give a profile a new name.
#include "profile.hpp"

namespace knock::cli::profile {

void setup_rename(CLI::App& profile, Work& work) {
  auto names = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* sub = profile.add_subcommand("rename", "Rename a profile");
  add_name(*sub, names->first);
  sub->add_option("NEW", names->second, "Its new name")->required()->type_name("");
  sub->callback([names, &work] {
    work = [names](Session& s) {
      const auto& [name, other] = *names;
      if (auto renamed = actions::rename(s.ctx, name, other); !renamed) return fail(s, renamed.error());
      s.io.out << "renamed " << name << " to " << other << "\n";
      return 0;
    };
  });
}

}  // namespace knock::cli::profile
