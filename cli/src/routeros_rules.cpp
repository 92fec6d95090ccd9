// `knock routeros rules STEP... --protect tcp:8291` prints a RouterOS script to paste; with --export FILE it
// is placed where it works in the router's own configuration and dry-run there first, and --diff shows that
// dry run instead; --remove prints the script that takes the rules away.
#include "routeros_rules.hpp"

#include "knock/actions/router.hpp"
#include "knock/core/json.hpp"
#include "knock/core/plan.hpp"
#include "knock/core/text.hpp"
#include "knock/core/text_file.hpp"
#include "knock/routeros/dry_run.hpp"
#include "knock/routeros/generator.hpp"
#include "knock/routeros/interpreter.hpp"
#include "knock/routeros/router.hpp"

namespace knock::cli {
namespace {

using core::Errc;

core::Expected<core::Sequence> steps_of(const std::vector<std::string>& steps, bool udp) {
  return core::parse_sequence(std::span<const std::string>(steps),
                              udp ? core::Protocol::udp : core::Protocol::tcp);
}

}  // namespace

core::Expected<std::vector<core::Duration>> timeouts_of(const std::string& text) {
  std::vector<core::Duration> out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto t = core::parse_routeros_duration(rest.substr(0, comma));
    if (!t) return core::make_error(Errc::bad_input, "--timeouts: " + t.error().message);
    out.push_back(*t);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return out;
}

namespace {

// --protect winbox: the port the export's /ip service gives it, or RouterOS's default without an export.
core::Expected<routeros::GenerateOptions> options_of(const RulesOptions& o, const routeros::Config& router) {
  const auto usage = [](const char* what) { return core::make_error(Errc::bad_input, what); };
  if (o.steps.empty()) return usage("STEP is required (or --otp FILE; see knock routeros --help)");
  if (o.protect.empty()) return usage("--protect is required (see knock routeros --help)");
  routeros::GenerateOptions g;
  auto seq = steps_of(o.steps, o.udp);
  if (!seq) return std::move(seq).error();
  g.sequence = std::move(*seq);
  auto delay = parse_any_duration("--delay", o.delay);
  if (!delay) return std::move(delay).error();
  g.delay = *delay;
  for (const auto& p : o.protect) {
    auto port = routeros::parse_protect(router, p, "--protect");
    if (!port) return std::move(port).error();
    g.protect.push_back(*port);
  }
  auto timeouts = timeouts_of(o.timeouts);
  if (!timeouts) return std::move(timeouts).error();
  g.timeouts = std::move(*timeouts);
  if (!o.blacklist_timeout.empty()) {
    auto t = parse_any_duration("--blacklist-timeout", o.blacklist_timeout);
    if (!t) return std::move(t).error();
    g.blacklist_timeout = *t;
  }
  g.list = o.list;
  g.name = o.name;
  g.ipv6 = o.ipv6;
  g.anti_scan = o.anti_scan;
  g.drop = !o.no_drop;
  g.in_interface_list = o.interface_list;
  return g;
}

int print_removal(const RulesOptions& o, Io& io) {
  auto script = routeros::removal_script(o.name);
  if (!script) return routeros_fail(io, o.json, script.error());
  if (o.json)
    io.out << core::JsonObject().field("script", *script).str() << "\n";
  else
    io.out << *script;
  return 0;
}

int print_dry_run(const routeros::Generated& out, const routeros::DryRun& dry, const routeros::Config& before,
                  const routeros::GenerateOptions& g, Io& io) {
  for (const auto f : {routeros::Family::v4, routeros::Family::v6}) {
    if (f == routeros::Family::v6 && !g.ipv6 && before.rules(f).size() == dry.after.rules(f).size()) continue;
    io.out << (f == routeros::Family::v4 ? "/ip" : "/ipv6") << " firewall filter of " << g.router_name
           << " after the change (+ added, - removed):\n";
    for (const auto& line : routeros::filter_diff(before, dry.after, f))
      io.out << "  " << line << "\n";
  }
  for (const auto& p : out.placements)
    io.out << p.reason << "\n";
  io.out << "dry run on " << g.router_name << " after the change:\n";
  std::size_t passed = 0;
  for (const auto& t : dry.trials) {
    passed += t.passed;
    io.out << (t.passed ? "  ok    " : "  FAIL  ") << t.label << ": " << t.outcome << "\n";
  }
  for (const auto& n : dry.notes)
    io.out << "  note: " << n << "\n";
  io.out << passed << " of " << dry.trials.size() << " passed"
         << (dry.passed() ? ": paste the rules (knock routeros rules without --diff) in Safe Mode\n"
                          : ": do not paste these rules\n");
  return dry.passed() ? 0 : 1;
}

int refuse(const routeros::DryRun& dry, const routeros::GenerateOptions& g, bool json, Io& io) {
  std::vector<std::string> failed;
  for (const auto& t : dry.trials) {
    if (!t.passed) failed.push_back(t.label + ": " + t.outcome);
  }
  const std::string head = "the rules would not work on " + g.router_name + ", so none are printed";
  if (json) {
    io.out << core::JsonObject()
                  .field("error", head)
                  .raw("failures", json_strings(failed))
                  .field("exit_code", 1)
                  .str()
           << "\n";
  }
  io.err << "knock: " << head << ":\n";
  for (const auto& f : failed)
    io.err << "knock:   " << f << "\n";
  io.err << "knock: --diff shows the whole dry run\n";
  return 1;
}

void print_script(const RulesOptions& o, const routeros::Generated& out,
                  const std::vector<std::string>& warnings, Io& io) {
  if (o.json) {
    std::vector<std::string> placements;
    for (const auto& p : out.placements)
      placements.push_back(p.reason);
    io.out << core::JsonObject()
                  .field("script", out.script)
                  .raw("placements", json_strings(placements))
                  .raw("warnings", json_strings(warnings))
                  .str()
           << "\n";
  } else {
    io.out << out.script;
  }
  for (const auto& w : warnings)
    io.err << "knock: warning: " << w << "\n";
}

}  // namespace

core::Expected<core::Duration> parse_any_duration(std::string_view option, const std::string& text) {
  auto d = core::parse_duration(text);
  if (!d) {
    auto r = core::parse_routeros_duration(text);  // 3h, 1d: RouterOS's own units are fine too
    if (r) return *r;
    return core::make_error(Errc::bad_input, std::string(option) + ": " + d.error().message);
  }
  return d;
}

int routeros_fail(Io& io, bool json, const core::Error& e) {
  if (json)
    io.out << core::JsonObject().field("error", e.message).field("exit_code", core::exit_code(e.code)).str()
           << "\n";
  io.err << "knock: " << core::printable(e.message) << "\n";
  return core::exit_code(e.code);
}

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& s : items)
    out += (out.size() > 1 ? "," : "") + core::json_quote(s);
  return out + "]";
}

int run_rules(const RulesOptions& o, Io& io) {
  if (!o.otp.empty()) return run_otp_rules(o, io);
  if (o.remove) return print_removal(o, io);
  std::optional<routeros::Config> router;
  if (!o.export_file.empty()) {
    auto loaded = actions::load_export(o.export_file);
    if (!loaded) return routeros_fail(io, o.json, loaded.error());
    router = std::move(*loaded);
  }
  auto g = options_of(o, router ? *router : *routeros::load_config(""));
  if (!g) return routeros_fail(io, o.json, g.error());
  if (router) {
    g->router = &*router;
    g->router_name = o.export_file;
  }
  auto out = routeros::generate(*g);
  if (!out) return routeros_fail(io, o.json, out.error());
  const std::vector<std::string>& warnings = out->warnings;
  if (router) {
    auto dry = routeros::dry_run(*router, out->script, *g);
    if (!dry) return routeros_fail(io, o.json, dry.error());
    if (o.diff) {
      const int code = print_dry_run(*out, *dry, *router, *g, io);
      for (const auto& w : warnings)
        io.err << "knock: warning: " << w << "\n";
      return code;
    }
    if (!dry->passed()) return refuse(*dry, *g, o.json, io);
  }
  print_script(o, *out, warnings, io);
  return 0;
}

void define_rules(CLI::App& rules, RulesOptions& o) {
  auto* steps =
      rules.add_option("STEP", o.steps, "The knock sequence, e.g. tcp:1337 udp:17954")->type_name("");
  auto* protect =
      rules.add_option("--protect", o.protect, "Port the sequence opens (repeat for more), e.g. tcp:8291")
          ->type_name("PORT");
  rules.add_option("--timeouts", o.timeouts, "Stage timeouts then the access timeout (default 15s,3h)")
      ->type_name("LIST");
  rules.add_option("-d,--delay", o.delay, "The client's delay between knocks, checked against the timeouts")
      ->type_name("DURATION");
  rules
      .add_option("--name", o.name,
                  "The profile: comments start knock:NAME, lists knock:NAME: (default default)")
      ->type_name("NAME");
  rules.add_option("--list", o.list, "Name the access list instead (stages get -stage1, ...)")
      ->type_name("LIST");
  rules.add_option("--interface-list", o.interface_list, "Limit every rule to this interface list, e.g. WAN")
      ->type_name("LIST");
  rules.add_flag("--ipv6", o.ipv6, "Also print the /ipv6 firewall filter twin");
  auto* anti =
      rules.add_flag("--anti-scan", o.anti_scan, "Blacklist sources that touch the ports next to a knock");
  rules
      .add_option("--blacklist-timeout", o.blacklist_timeout, "How long --anti-scan blacklists (default 5m)")
      ->type_name("DURATION")
      ->needs(anti);
  rules.add_flag("--no-drop", o.no_drop, "Leave out the drop of new connections to the protected ports");
  auto* exp =
      rules.add_option("--export", o.export_file, "The router's /export: place the rules and dry-run them")
          ->type_name("FILE");
  auto* json = rules.add_flag("--json", o.json, "Print {\"script\", \"placements\", \"warnings\"} as JSON");
  rules.add_flag("--diff", o.diff, "With --export: show the filter table after the change and the dry run")
      ->needs(exp)
      ->excludes(json);
  rules.add_flag("--remove", o.remove, "Print the script that removes the rules of --name")
      ->excludes(steps)
      ->excludes(protect)
      ->excludes(exp);
  rules.add_flag("-u,--udp", o.udp, "Bare PORT steps are UDP");
}

}  // namespace knock::cli
