// `knock run NAME... [--group G] [--parallel N]`: knock saved profiles, one (as knock @NAME) or many at once.
#include <algorithm>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock/actions/fleet.hpp"
#include "knock/actions/lookup.hpp"
#include "knock/core/json.hpp"
#include "knock_job.hpp"
#include "options.hpp"

namespace knock::cli {
namespace {

using core::Errc;
using core::make_error;

struct Tally {
  std::size_t granted = 0, knocked = 0, failed = 0;
  int status = 0;  // 0 all in, 1 some not verified, else the first error's
};

Tally tally(const std::vector<actions::FleetResult>& results) {
  Tally t;
  for (const auto& r : results) {
    const Errc e = r.outcome.status;
    if (e == Errc::ok)
      (r.outcome.verified ? t.granted : t.knocked)++;
    else
      ++t.failed;
    if (e == Errc::not_verified && t.status == 0) t.status = 1;
    if (e != Errc::ok && e != Errc::not_verified && (t.status == 0 || t.status == 1))
      t.status = core::exit_code(e);
  }
  return t;
}

void print_json(const std::vector<actions::FleetResult>& results, const Tally& t, std::ostream& out) {
  for (const auto& r : results) {
    core::JsonObject j;
    j.field("event", "result").field("profile", r.profile).field("host", r.host);
    if (r.outcome.address) j.field("address", r.outcome.address->to_string());
    j.field("status", core::to_string(core::result_of(r.outcome)))
        .field("exit_code", core::exit_code(r.outcome.status));
    j.field_ms("elapsed_ms", r.outcome.elapsed.count());
    if (r.outcome.status != Errc::ok) j.field("error", r.outcome.message);
    out << j.str() << "\n";
  }
  out << core::JsonObject()
             .field("event", "summary")
             .field("profiles", results.size())
             .field("granted", t.granted)
             .field("knocked", t.knocked)
             .field("failed", t.failed)
             .field("exit_code", t.status)
             .str()
      << "\n";
}

std::string pad(const std::string& s, std::size_t n) {
  return s + std::string(n > s.size() ? n - s.size() + 2 : 2, ' ');
}

void print_table(const std::vector<actions::FleetResult>& results, const Tally& t, std::ostream& out) {
  std::size_t w = 7, hw = 4;
  for (const auto& r : results) {
    w = std::max(w, r.profile.size());
    hw = std::max(hw, r.host.size());
  }
  out << pad("PROFILE", w) << pad("HOST", hw) << pad("ADDRESS", 15) << pad("RESULT", 12) << "TIME\n";
  for (const auto& r : results) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1f ms", r.outcome.elapsed.count() / 1000.0);
    out << pad(r.profile, w) << pad(r.host, hw)
        << pad(r.outcome.address ? r.outcome.address->to_string() : "-", 15)
        << pad(std::string(core::to_string(core::result_of(r.outcome))), 12) << ms;
    if (r.outcome.status != Errc::ok) out << "  " << r.outcome.message;
    out << "\n";
  }
  out << results.size() << " profiles: " << t.granted << " granted, " << t.knocked
      << " knocked without verify, " << t.failed << " failed\n";
}

// `knock run`'s definition.
struct RunCli {
  KnockOptions options;
  std::vector<std::string> names;
  std::string group;
  std::size_t parallel = 64;
  CLI::App app{
      "Knock saved profiles: one (then its launch command, as knock @NAME does), or many at once with a "
      "summary of which got in.",
      "knock run"};

  explicit RunCli(const Named& named) {
    app.add_option("NAME", names, "Profiles to knock")->type_name("");
    app.add_option("--group", group, "Every profile of this group")->type_name("GROUP");
    app.add_option("--parallel", parallel, "How many to knock at once (default 64)")
        ->check(CLI::Range(1, 10000))
        ->type_name("N");
    define_knock_options(app, options, named);
    app.footer(
        "\nExit status: 0 when every profile knocked (and got in, when verified), 1 when some were not "
        "verified, else the first error's status (2, 3, 4, 5, 130 as for knock). One profile's failure (a "
        "wrong passphrase, an unknown host) does not stop the others.");
  }

  int run(std::span<const std::string> args, Session& s);
};

int RunCli::run(std::span<const std::string> args, Session& s) {
  const DashSplit split = split_at_dashes(args);
  const PrintOptions& print = options.print;
  if (const int status = parse(app, split.own, s.io, print.json || wants_json(split.own)); status >= 0)
    return status;
  auto doc = actions::load(s.ctx);
  if (!doc) return fail(print, s, doc.error());
  auto chosen = actions::select(*doc, names, group);
  if (!chosen) return fail(print, s, chosen.error());
  if (chosen->size() == 1 && group.empty()) return knock_profile(names.front(), options, split.command, s);
  if (split.command) {
    return fail(print, s,
                make_error(Errc::bad_input,
                           "-- COMMAND goes with one profile, not " + std::to_string(chosen->size())));
  }
  auto results = actions::knock_fleet(s.ctx, actions::fleet_jobs(s.ctx, *chosen, options.overrides), parallel,
                                      s.io.handle_signals);
  const Tally t = tally(results);
  if (print.json)
    print_json(results, t, s.io.out);
  else if (print.verbosity > 0)
    print_table(results, t, s.io.out);
  return t.status;
}

}  // namespace

void describe_run(const DefinitionVisitor& visit) {
  RunCli cli(Named::all());
  visit(cli.app);
}

int run_command(std::span<const std::string> args, Session& s) {
  return RunCli(Named(args)).run(args, s);
}

}  // namespace knock::cli
