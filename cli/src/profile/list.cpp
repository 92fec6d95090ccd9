// `knock profile list [--group G] [--json | --names]`: the profiles, as a table, JSON or names.
#include <algorithm>

#include "knock/actions/lookup.hpp"
#include "knock/core/text.hpp"
#include "profile.hpp"
#include "render.hpp"

namespace knock::cli::profile {
namespace {

struct ListOptions {
  std::string group;
  bool json = false, names = false;
};

std::string pad(const std::string& s, std::size_t n) {
  return s + std::string(n - s.size() + 2, ' ');
}

void print_table(const std::vector<const profiles::Profile*>& shown, std::ostream& out) {
  std::size_t w = 4, hw = 4, gw = 5;
  for (const auto* p : shown) {
    w = std::max(w, p->name.size());
    hw = std::max(hw, p->host.size());
    gw = std::max(gw, core::printable(p->group).size());
  }
  out << pad("NAME", w) << pad("HOST", hw) << pad("GROUP", gw) << "VERIFY    TAGS\n";
  for (const auto* p : shown) {
    std::string tags;
    for (const auto& t : p->tags)
      tags += (tags.empty() ? "" : ",") + t;
    const std::string verify = p->verify_port ? "tcp:" + std::to_string(p->verify_port) : "-";
    out << pad(p->name, w) << pad(p->host, hw) << pad(p->group, gw) << verify
        << std::string(verify.size() < 10 ? 10 - verify.size() : 1, ' ') << tags
        << (p->sealed ? " (sealed)" : "") << "\n";
  }
}

int run_list(const ListOptions& o, Session& s) {
  if (o.names && o.json) {
    return fail(s, core::make_error(core::Errc::bad_input, "profile list: give --names or --json, not both"));
  }
  auto doc = actions::load(s.ctx);
  if (!doc) return fail(s, doc.error());
  std::vector<const profiles::Profile*> shown;
  for (const auto& p : doc->profiles) {
    if (o.group.empty() || p.group == o.group) shown.push_back(&p);
  }
  if (o.names) {
    for (const auto* p : shown)
      s.io.out << p->name << "\n";
  } else if (o.json) {
    std::string out = "[";
    for (const auto* p : shown)
      out += (out.size() > 1 ? "," : "") + profile_json(*p, false);
    s.io.out << out << "]\n";
  } else if (shown.empty()) {
    s.io.out << (doc->profiles.empty()
                     ? "no profiles yet: knock profile add NAME --host HOST --sequence STEPS\n"
                     : "no profiles in group " + o.group + "\n");
  } else {
    print_table(shown, s.io.out);
  }
  return 0;
}

}  // namespace

void setup_list(CLI::App& profile, Work& work) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* sub = profile.add_subcommand("list", "List the profiles");
  sub->add_option("--group", o->group, "Only this group")->type_name("GROUP");
  sub->add_flag("--json", o->json, "As JSON, one array");
  sub->add_flag("--names", o->names, "Only the names, one per line (for scripts and shell completion)");
  sub->callback([o, &work] { work = [o](Session& s) { return run_list(*o, s); }; });
}

}  // namespace knock::cli::profile
