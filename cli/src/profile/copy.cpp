// `knock profile copy NAME NEW`: a copy of a profile under a new name.
#include "profile.hpp"

namespace knock::cli::profile {

void setup_copy(CLI::App& profile, Work& work) {
  auto names = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* sub = profile.add_subcommand("copy", "Copy a profile under a new name");
  add_name(*sub, names->first, "The profile to copy");
  sub->add_option("NEW", names->second, "The copy's name")->required()->type_name("");
  sub->callback([names, &work] {
    work = [names](Session& s) {
      const auto& [name, other] = *names;
      if (auto copied = actions::copy(s.ctx, name, other); !copied) return fail(s, copied.error());
      s.io.out << "copied " << name << " to " << other << "\n";
      return 0;
    };
  });
}

}  // namespace knock::cli::profile
