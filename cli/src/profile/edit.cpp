// `knock profile edit NAME [fields]`: change some fields of a profile.
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct EditOptions {
  std::string name;
  actions::Changes changes;
  int sealing_flags = 0;
};

int run_edit(const EditOptions& o, Session& s) {
  if (o.sealing_flags > 1) {
    return fail(s, core::make_error(core::Errc::bad_input,
                                    "give one of --encrypt, --decrypt and --change-passphrase, not several"));
  }
  if (o.changes.empty()) {
    return fail(s, core::make_error(core::Errc::bad_input,
                                    "nothing to change: give the fields to set (knock profile edit --help)"));
  }
  auto edited = actions::edit(s.ctx, o.name, o.changes);
  if (!edited) return fail(s, edited.error());
  s.io.out << "saved " << o.name << "\n";
  return 0;
}

}  // namespace

void setup_edit(CLI::App& profile, Work& work) {
  auto o = std::make_shared<EditOptions>();
  CLI::App* sub = profile.add_subcommand("edit", "Change some fields of a profile");
  add_name(*sub, o->name);
  define_fields(*sub, o->changes, FieldsFor::edit);
  sub->callback([o, sub, &work] {
    o->sealing_flags = static_cast<int>(sub->count("--encrypt") + sub->count("--decrypt") +
                                        sub->count("--change-passphrase"));
    work = [o](Session& s) { return run_edit(*o, s); };
  });
}

}  // namespace knock::cli::profile
