// `knock routeros rules STEP... --protect tcp:8291` prints a RouterOS script;
// `knock routeros check FILE.rsc STEP...` simulates the knock against an export and says whether it gets in.
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock/actions/router.hpp"
#include "knock/core/json.hpp"
#include "knock/core/plan.hpp"
#include "knock/core/text.hpp"
#include "knock/core/text_file.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/generator.hpp"
#include "knock/routeros/router.hpp"
#include "options.hpp"
#include "routeros_command.hpp"
#include "routeros_rules.hpp"

namespace knock::cli {
namespace {

using core::Errc;

constexpr const char* kRouterosFooter = R"(
Examples:
  knock routeros rules tcp:1337 udp:17954 --protect winbox --name office --interface-list WAN
  knock routeros rules tcp:1337 udp:17954 --protect tcp:8291 --export export.rsc --interface-list WAN
  knock routeros rules tcp:1337 udp:17954 --protect tcp:8291 --export export.rsc --diff --interface-list WAN
  knock routeros rules --remove --name office
  knock routeros check export.rsc tcp:1337 udp:17954 --protect tcp:8291
  knock routeros check export.rsc tcp:1337 udp:17954 --delay 16s     # a late second knock
  knock routeros check export.rsc tcp:1337 udp:17954 --protect winbox # the port /ip service gives it

rules: enter Safe Mode (Ctrl-X) before pasting. Every comment starts with
knock:NAME, and the script first removes an earlier version of itself. With the
router's export (--export, from /export), the rules are placed before the first
rule that decides a knock or the protected port, and dry-run there first: the
knock, near misses, a LAN connection and open sessions.

check sees the knock as the router would from outside: arriving on the interface
on the export's WAN list, addressed to that interface's address (198.51.100.1 or
2001:db8::1 when the export has none); --interface, --interface-list and --to
say otherwise. The packets pass raw, nat (dstnat) and filter, then /ip service.

With --otp, rules prints the one-time knock layer (docs/otp.md): it holds the
secrets, replaces an earlier layer when imported again, and its header says how
to remove it or revoke one client. check --otp runs an export's layer on a
virtual clock at --at, the router's time of the knock.

Exit status: rules 0; 1 when the rules would not work on the export (--export;
nothing is printed to paste) or a trial of --diff fails; 2 for bad input. check 0
when the sequence gets in, 1 when it does not, 2 for bad input (an unreadable or
invalid file names the line and column; so do jump loops, jumps nested deeper
than 32 chains and jumps to a chain no rule is in).)";

core::Expected<core::Sequence> sequence(const std::vector<std::string>& steps, bool udp) {
  return core::parse_sequence(std::span<const std::string>(steps),
                              udp ? core::Protocol::udp : core::Protocol::tcp);
}

}  // namespace

int fail(Io& io, bool json, const core::Error& e) {
  return routeros_fail(io, json, e);
}

core::Expected<core::Duration> duration(std::string_view option, const std::string& text) {
  return parse_any_duration(option, text);
}

namespace {

std::string change_words(const routeros::ListChange& c, routeros::Time start) {
  std::string what = c.kind == routeros::ListChange::added       ? "added "
                     : c.kind == routeros::ListChange::refreshed ? "refreshed "
                                                                 : "kept (static) ";
  what += c.address.to_string() + " on \"" + c.list + "\"";
  if (c.expires) {
    what +=
        " until " + routeros::format_offset(std::chrono::duration_cast<core::Duration>(*c.expires - start));
  }
  return what;
}

// ", 2 raw and 3 nat rules" when the export has them.
std::string other_tables(const routeros::Config& c) {
  std::size_t raw = 0, nat = 0;
  for (const auto f : {routeros::Family::v4, routeros::Family::v6}) {
    raw += c.rules(routeros::Table::raw, f).size();
    nat += c.rules(routeros::Table::nat, f).size();
  }
  if (raw + nat == 0) return "";
  return ", " + std::to_string(raw) + " raw and " + std::to_string(nat) + " nat rules";
}

void print_steps(const CheckOptions& o, Io& io, const routeros::CheckResult& r) {
  const routeros::Time start = r.start;
  for (const auto& s : r.steps) {
    io.out << "  " << routeros::format_offset(s.at) << "  " << s.label << ": " << routeros::describe(s.packet)
           << "\n";
    for (const auto* m : s.verdict.matched) {
      if (m == s.verdict.rule) continue;
      if (o.verbose || !m->address_list.empty()) io.out << "             matched " << m->describe() << "\n";
    }
    for (const auto& c : s.verdict.changes)
      io.out << "             " << change_words(c, start) << "\n";
    io.out << "             -> " << routeros::verdict_words(s.verdict) << "\n";
  }
}

int print_json(Io& io, const routeros::CheckResult& r, routeros::Family family) {
  const routeros::Time start = r.start;
  std::string steps = "[";
  for (const auto& s : r.steps) {
    core::JsonObject j;
    j.field("label", s.label).field_ms("at_ms", s.at.count()).field("packet", routeros::describe(s.packet));
    j.field("verdict", s.verdict.is_undecided() ? "undecided" : to_string(s.verdict.action));
    if (s.verdict.rule) j.field("rule", s.verdict.rule->number);
    if (s.verdict.is_undecided()) {
      j.field("undecided", s.verdict.undecided);
      if (s.verdict.undecided_by) j.field("undecided_rule", s.verdict.undecided_by->number);
    }
    std::string matched = "[";
    for (const auto* m : s.verdict.matched)
      matched += (matched.size() > 1 ? "," : "") + std::to_string(m->number);
    j.raw("matched", matched + "]");
    std::vector<std::string> changes;
    for (const auto& c : s.verdict.changes)
      changes.push_back(change_words(c, start));
    j.raw("changes", json_strings(changes));
    steps += (steps.size() > 1 ? "," : "") + j.str();
  }
  core::JsonObject top;
  top.field("granted", r.granted)
      .field("exit_code", r.granted ? 0 : 1)
      .raw("steps", steps + "]")
      .raw("explanation", json_strings(r.explanation))
      .raw("warnings", json_strings(r.warnings))
      .field("view", r.view.describe(family))
      .raw("notes", json_strings(r.notes));
  // "undecided": null when every packet was decided; else why the emulator cannot tell (the check then
  // counts as denied), with the step it happened at.
  if (r.undecided()) {
    top.field("undecided", r.steps[*r.undecided_step].verdict.undecided)
        .field("undecided_step", *r.undecided_step);
  } else {
    top.raw("undecided", "null");
  }
  io.out << top.str() << "\n";
  return r.granted ? 0 : 1;
}

int run_check(const CheckOptions& o, Io& io) {
  if (!o.otp.empty()) return run_otp_check(o, io);
  if (o.steps.empty())
    return fail(io, o.json,
                core::make_error(Errc::bad_input, "STEP is required (or --otp FILE; see --help)"));
  auto config = actions::load_export(o.file);
  if (!config) return fail(io, o.json, config.error());

  routeros::CheckRequest req;
  auto seq = sequence(o.steps, o.udp);
  if (!seq) return fail(io, o.json, seq.error());
  req.sequence = std::move(*seq);
  auto delay = duration("--delay", o.delay);
  if (!delay) return fail(io, o.json, delay.error());
  req.delay = *delay;
  auto after = duration("--after", o.after);
  if (!after) return fail(io, o.json, after.error());
  req.connect_after = *after;
  if (auto v = check_view(o, req.from, req.view); !v) return fail(io, o.json, v.error());
  auto protect = routeros::parse_protect(*config, o.protect, "--protect");
  if (!protect) return fail(io, o.json, protect.error());
  req.protect = *protect;

  const routeros::CheckResult r = routeros::check(*config, req);
  std::string headline = req.from.to_string() + " knocks " + core::format_sequence(req.sequence);
  if (req.delay.count()) headline += " (" + core::format_duration(req.delay) + " apart)";
  headline += ", then connects to " + routeros::to_string(req.protect);
  return print_check(o, io, *config, r, headline);
}

// The command's definition, shared by the parser and the completion scripts.
struct RouterosCli {
  RulesOptions ro;
  CheckOptions co;
  CLI::App app{"Generate RouterOS knock rules, or check a router's export against a knock sequence.",
               "knock routeros"};
  CLI::App* rules;
  CLI::App* check;

  RouterosCli() {
    app.footer(kRouterosFooter);
    app.require_subcommand(1);
    app.get_formatter()->column_width(30);

    rules = app.add_subcommand("rules", "Print the /ip firewall filter rules for a knock sequence");
    define_rules(*rules, ro);
    rules
        ->add_option("--otp", ro.otp,
                     "One-time knocks instead of STEPs: a client's secret (knock otp init), [NAME=]FILE; "
                     "repeat for each client")
        ->group("One-time knocks")
        ->type_name("FILE");
    rules->add_option("--otp-window", ro.otp_window, "Window of the one-time knocks (5s-1h; default 30s)")
        ->group("One-time knocks")
        ->type_name("DURATION");

    check = app.add_subcommand("check", "Simulate a knock against a RouterOS export and explain the outcome");
    check->add_option("FILE", co.file, "A RouterOS export (.rsc), e.g. from /export")
        ->required()
        ->type_name("");
    check->add_option("STEP", co.steps, "The knock sequence")->type_name("");
    check->add_option("--from", co.from, "The knocking client's address (default 127.0.0.1)")
        ->type_name("ADDR");
    check
        ->add_option("--to", co.to,
                     "The router's address (default: the export's WAN address, else 198.51.100.1)")
        ->type_name("ADDR");
    check
        ->add_option(
            "--protect", co.protect,
            "The port that should open, or a service by name: winbox, ssh, api... (default tcp:8291)")
        ->type_name("PORT");
    check->add_option("-d,--delay", co.delay, "Delay between knocks, e.g. 500ms or 16s")
        ->type_name("DURATION");
    check->add_option("--after", co.after, "From the last knock to the connection (default 0)")
        ->type_name("DURATION");
    check
        ->add_option("--interface", co.interface,
                     "Interface the knock arrives on (default: the export's WAN member)")
        ->type_name("IFACE");
    check
        ->add_option("--interface-list", co.interface_lists,
                     "Its interface lists (repeat; default: the export's)")
        ->type_name("LIST");
    check->add_flag("-u,--udp", co.udp, "Bare PORT steps are UDP");
    check->add_flag("-v,--verbose", co.verbose, "Show every matching rule and what the parser skipped");
    check->add_flag("--json", co.json, "Print the result as one JSON object");
    check->add_option("--otp", co.otp, "A one-time knock from this secret instead of STEPs")
        ->group("One-time knocks")
        ->type_name("FILE");
    check
        ->add_option("--at", co.at,
                     "The router's time of the knock: 2025-01-31T12:00:00Z or @UNIX_SECONDS (default now)")
        ->group("One-time knocks")
        ->type_name("TIME");
    check->add_option("--otp-window", co.otp_window, "Window of the one-time knocks (default 30s)")
        ->group("One-time knocks")
        ->type_name("DURATION");
  }
};

}  // namespace

core::Status check_view(const CheckOptions& o, IpAddress& from, routeros::ViewOverrides& view) {
  auto f = core::parse_address(o.from, "--from");
  if (!f) return std::move(f).error();
  from = *f;
  if (!o.to.empty()) {
    auto to = core::parse_address(o.to, "--to");
    if (!to) return std::move(to).error();
    if (to->is_v4() != from.is_v4()) {
      return core::make_error(
          Errc::bad_input, "--to " + o.to + " and --from " + o.from + " are of different address families");
    }
    view.to.push_back(*to);
  }
  if (!o.interface.empty()) view.interface = o.interface;
  if (!o.interface_lists.empty()) view.interface_lists = o.interface_lists;
  return {};
}

int print_check(const CheckOptions& o, Io& io, const routeros::Config& config, const routeros::CheckResult& r,
                const std::string& headline) {
  const routeros::Family family =
      r.steps.empty() ? routeros::Family::v4 : routeros::family_of(r.steps.front().packet.src);
  if (o.json) return print_json(io, r, family);
  io.out << headline << "; " << o.file << " has " << config.rules(routeros::Family::v4).size() << " IPv4 and "
         << config.rules(routeros::Family::v6).size() << " IPv6 filter rules" << other_tables(config) << "\n";
  io.out << "  the router: knocks arrive on " << r.view.describe(family) << "\n";
  for (const auto& reason : r.view.reasons_for(family))
    io.out << "    because " << reason << "\n";
  print_steps(o, io, r);
  io.out << (r.granted       ? "GRANTED: "
             : r.undecided() ? "DENIED (undecided): "
                             : "DENIED: ")
         << r.explanation.front() << "\n";
  for (std::size_t i = 1; i < r.explanation.size(); ++i)
    io.out << "  why: " << r.explanation[i] << "\n";
  for (const auto& w : r.warnings)
    io.out << "  warning: " << w << "\n";
  for (const auto& n : r.notes)
    io.out << "  note: " << n << "\n";
  if (o.verbose) {
    for (const auto& n : config.notes)
      io.out << "  note: " << n << "\n";
  }
  return r.granted ? 0 : 1;
}

void describe_routeros(const DefinitionVisitor& visit) {
  RouterosCli cli;
  visit(cli.app);
}

int routeros_command(std::span<const std::string> args, Session& s) {
  Io& io = s.io;
  RouterosCli cli;
  auto& app = cli.app;
  if (args.size() > 1 && args[1] != "rules" && args[1] != "check" && args[1].rfind('-', 0) != 0) {
    io.err << "knock routeros: unknown command '" << args[1] << "' (expected rules or check)\n";
    return 2;
  }
  unix_style_options(app);
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out << (app.get_subcommands().empty() ? app.help() : app.get_subcommands().front()->help());
    return 0;
  } catch (const CLI::ParseError& e) {
    io.err << "knock routeros: " << e.what() << " (see knock routeros --help)\n";
    return 2;
  }
  if (cli.rules->parsed()) return run_rules(cli.ro, io);
  return run_check(cli.co, io);
}

}  // namespace knock::cli
