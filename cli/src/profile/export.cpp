// `knock profile export [NAME...] --to toml|json|knockd|knockonports|routeros`; for RouterOS, the rules of
// all the profiles for one router, placed in its export with --export FILE, or the script that removes them.
#include "../routeros_rules.hpp"
#include "knock/actions/interchange.hpp"
#include "knock/actions/lookup.hpp"
#include "knock/actions/router.hpp"
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct ExportOptions {
  std::vector<std::string> names;
  std::string to = "toml";
  std::string export_file, interface_list;  // --to routeros only, as the flags below
  bool ipv6 = false, anti_scan = false, remove = false;
  bool routeros_only_given() const {
    return !export_file.empty() || !interface_list.empty() || ipv6 || anti_scan || remove;
  }
};

core::Expected<std::vector<profiles::Profile>> chosen(const profiles::Document& doc,
                                                      const std::vector<std::string>& names) {
  if (names.empty()) return doc.profiles;
  std::vector<profiles::Profile> out;
  for (const auto& n : names) {
    auto p = actions::find(doc, n);
    if (!p) return std::move(p).error();
    out.push_back(**p);
  }
  return out;
}

int print_removal(const std::vector<profiles::Profile>& ps, Session& s) {
  auto removal = actions::removal_for(ps);  // the names are enough: no passphrase needed
  if (!removal) return fail(s, removal.error());
  s.io.out << *removal;
  return 0;
}

int print_routeros(const ExportOptions& o, const std::vector<profiles::Profile>& ps, Session& s) {
  std::optional<routeros::Config> router;
  if (!o.export_file.empty()) {
    auto loaded = actions::load_export(o.export_file);
    if (!loaded) return fail(s, loaded.error());
    router = std::move(*loaded);
  }
  const actions::RouterRequest request{router ? &*router : nullptr, o.export_file, o.interface_list, o.ipv6,
                                       o.anti_scan};
  auto rules = actions::rules_for_all(ps, request);
  if (!rules) return fail(s, rules.error());
  if (!rules->failures.empty()) {
    s.io.err << "knock: the rules would not work on " << (router ? o.export_file : "their own")
             << ", so none are printed:\n";
    for (const auto& f : rules->failures)
      s.io.err << "knock:   " << f << "\n";
    return 1;
  }
  s.io.out << rules->script;
  for (const auto& w : rules->warnings)
    s.io.err << "knock: warning: " << w << "\n";
  return 0;
}

int run_export(const ExportOptions& o, Session& s) {
  auto doc = actions::load(s.ctx);
  if (!doc) return fail(s, doc.error());
  auto ps = chosen(*doc, o.names);
  if (!ps) return fail(s, ps.error());
  if (o.to != "routeros" && o.routeros_only_given()) {
    return fail(s,
                core::make_error(core::Errc::bad_input,
                                 "--export, --interface-list, --ipv6, --anti-scan and --remove go with --to "
                                 "routeros"));
  }
  if (o.to == "routeros" && o.remove) return print_removal(*ps, s);
  if (o.to == "routeros") {
    if (auto open = actions::unlock_all(s.ctx, *ps); !open) return fail(s, open.error());
    return print_routeros(o, *ps, s);
  }
  std::vector<std::string> notes;
  auto text = actions::export_text(s.ctx, std::move(*ps), o.to, notes);
  if (!text) return fail(s, text.error());
  s.io.out << *text;
  for (const auto& n : notes)
    s.io.err << "knock: " << n << "\n";
  return 0;
}

}  // namespace

void setup_export(CLI::App& profile, Work& work) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* sub = profile.add_subcommand(
      "export", "Print profiles as TOML, JSON, knockd.conf, Knock on Ports JSON or RouterOS rules");
  sub->add_option("NAME", o->names, "Profiles to export (default: all)")->type_name("");
  sub->add_option("--to", o->to, "toml, json, knockd, knockonports (the Android app's import) or routeros")
      ->check(CLI::IsMember({"toml", "json", "knockd", "knockonports", "routeros"}));
  sub->add_option("--export", o->export_file, "routeros: the router's /export, to place the rules in")
      ->type_name("FILE");
  sub->add_option("--interface-list", o->interface_list, "routeros: limit every rule to this list, e.g. WAN")
      ->type_name("LIST");
  sub->add_flag("--ipv6", o->ipv6, "routeros: also the /ipv6 firewall filter twin");
  sub->add_flag("--anti-scan", o->anti_scan,
                "routeros: blacklist sources that touch the ports next to a knock");
  sub->add_flag("--remove", o->remove, "routeros: the script that removes the profiles' rules");
  sub->callback([o, &work] { work = [o](Session& s) { return run_export(*o, s); }; });
}

}  // namespace knock::cli::profile
