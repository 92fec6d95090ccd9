// `knock profile export [NAME...] --to toml|json|knockd|routeros`.
#include "knock/actions/lookup.hpp"
#include "knock/actions/router.hpp"
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

struct ExportOptions {
  std::vector<std::string> names;
  std::string to = "toml";
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

// knockd and RouterOS need the sequences themselves.
core::Status unlock_all(Session& s, std::vector<profiles::Profile>& ps) {
  for (auto& p : ps) {
    auto open = actions::unlock(s.ctx, p);
    if (!open) return std::move(open).error();
    p = std::move(*open);
  }
  return {};
}

int print_routeros(const std::vector<profiles::Profile>& ps, Session& s) {
  for (const auto& p : ps) {
    auto g = actions::rules_for(p);
    if (!g) return fail(s, g.error());
    s.io.out << g->script;
    for (const auto& w : g->warnings)
      s.io.err << "knock: warning: " << p.name << ": " << w << "\n";
  }
  return 0;
}

int run_export(const ExportOptions& o, Session& s) {
  auto doc = actions::load(s.ctx);
  if (!doc) return fail(s, doc.error());
  auto ps = chosen(*doc, o.names);
  if (!ps) return fail(s, ps.error());
  if (o.to == "toml") {
    profiles::Document out;
    out.profiles = std::move(*ps);
    s.io.out << profiles::format_document(out);
    return 0;
  }
  if (o.to == "json") {
    s.io.out << profiles::export_json(*ps);
    return 0;
  }
  if (auto open = unlock_all(s, *ps); !open) return fail(s, open.error());
  if (o.to == "routeros") return print_routeros(*ps, s);
  auto text = profiles::export_knockd(*ps);
  if (!text) return fail(s, text.error());
  s.io.out << *text;
  return 0;
}

}  // namespace

void setup_export(CLI::App& profile, Work& work) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* sub =
      profile.add_subcommand("export", "Print profiles as TOML, JSON, knockd.conf or RouterOS rules");
  sub->add_option("NAME", o->names, "Profiles to export (default: all)")->type_name("");
  sub->add_option("--to", o->to, "toml, json, knockd or routeros")
      ->check(CLI::IsMember({"toml", "json", "knockd", "routeros"}));
  sub->callback([o, &work] { work = [o](Session& s) { return run_export(*o, s); }; });
}

}  // namespace knock::cli::profile
