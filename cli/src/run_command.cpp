// `knock @NAME [options] [-- COMMAND]` and `knock run NAME... [--group G] [--parallel N]`: knock saved
// profiles.
#include <csignal>

#include <CLI/CLI.hpp>

#include "knock/core/asio.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "commands.hpp"
#include "knock/core/json.hpp"
#include "knock/profiles/secret.hpp"
#include "knock/profiles/store.hpp"
#include "knock_flags.hpp"

namespace knock::cli {
namespace {

using core::Errc;
using core::make_error;
using profiles::Profile;

int fail(Io& io, const core::Error& e) {
  io.err << "knock: " << e.message << "\n";
  return core::exit_code(e.code);
}

core::Expected<profiles::Document> load() {
  return profiles::Store(profiles::default_store_path()).load();
}

// One profile, knocked like `knock HOST STEP...` with its own settings, the command line's flags over them.
int knock_profile(const Profile& stored, const CLI::App& app, const KnockFlags& flags,
                  std::vector<std::string> command, bool dashes, Io& io) {
  Profile p = stored;
  if (auto e = profiles::unlock(p)) return fail(io, *e);
  auto request = profiles::to_request(p);
  if (!request) return fail(io, request.error());
  if (auto e = apply_knock_flags(app, flags, true, *request)) return fail(io, *e);
  if (dashes && command.empty())
    return fail(io, make_error(Errc::bad_input, "nothing after --: give the command to run"));
  if (!dashes && !p.launch.empty()) {
    auto words = core::split_command(p.launch);
    if (!words)
      return fail(io,
                  make_error(Errc::bad_input, "profile '" + p.name + "': launch: " + words.error().message));
    command = std::move(*words);
  }
  return knock_and_launch(std::move(*request), flags, command, io);
}

struct Result {
  const Profile* profile;
  core::Outcome outcome;
};

std::string status_word(const core::Outcome& o) {
  switch (o.status) {
    case Errc::ok:
      return o.verified ? "granted" : "knocked";
    case Errc::not_verified:
      return "not verified";
    case Errc::cancelled:
      return "cancelled";
    default:
      return "error";
  }
}

// Knocks many profiles at once on one thread; the delays of all of them overlap.
std::vector<Result> knock_fleet(const std::vector<std::pair<const Profile*, core::KnockRequest>>& jobs,
                                std::size_t parallel, bool handle_signals) {
  boost::asio::io_context io;
  std::vector<Result> results(jobs.size());
  std::vector<std::unique_ptr<core::Knocker>> knockers;
  core::Observer quiet;
  std::size_t next = 0, running = 0;
  std::optional<boost::asio::signal_set> signals;
  bool stopping = false;
  std::function<void()> start_more = [&] {
    while (!stopping && running < parallel && next < jobs.size()) {
      const std::size_t i = next++;
      ++running;
      results[i].profile = jobs[i].first;
      auto& k = knockers.emplace_back(std::make_unique<core::Knocker>(io.get_executor()));
      core::KnockRequest r = jobs[i].second;
      r.spin = core::Duration{0};  // many runs share this thread: no busy waiting
      k->start(std::move(r), quiet, [&, i](core::Outcome o) {
        results[i].outcome = std::move(o);
        --running;
        start_more();
        if (running == 0 && signals) signals->cancel();
      });
    }
  };
  if (handle_signals) {
    signals.emplace(io, SIGINT, SIGTERM);
    signals->async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      stopping = true;
      for (auto& k : knockers)
        k->stop();
    });
  }
  start_more();
  io.run();
  for (std::size_t i = 0; i < jobs.size(); ++i) {  // never started (interrupted)
    if (!results[i].profile) results[i] = {jobs[i].first, core::Outcome{Errc::cancelled, "interrupted"}};
  }
  return results;
}

// `knock @NAME`'s definition: the knock flags, over the profile's own settings.
struct AtProfileCli {
  KnockFlags flags;
  CLI::App app;

  explicit AtProfileCli(const std::string& name)
      : app("Knock a saved profile: its host, sequence, verify and launch settings, with any option here "
            "over "
            "them. After --, COMMAND replaces the profile's launch command.",
            "knock @" + name) {
    define_knock_flags(app, flags);
  }
};

// `knock run`'s definition.
struct RunCli {
  KnockFlags flags;
  std::vector<std::string> names;
  std::string group;
  std::size_t parallel = 64;
  CLI::App app{
      "Knock saved profiles: one (then its launch command, as knock @NAME does), or many at once with a "
      "summary of which got in.",
      "knock run"};

  RunCli() {
    app.add_option("NAME", names, "Profiles to knock")->type_name("");
    app.add_option("--group", group, "Every profile of this group");
    app.add_option("--parallel", parallel, "How many to knock at once (default 64)")
        ->check(CLI::Range(1, 10000))
        ->type_name("N");
    define_knock_flags(app, flags);
    app.footer(
        "\nExit status: 0 when every profile knocked (and got in, when verified), 1 when some were not "
        "verified, else the first error's status (2, 3, 4, 5, 130 as for knock).");
  }

  int run(std::span<const std::string> args, Io& io);
};

}  // namespace

void describe_at_profile(const DefinitionVisitor& visit) {
  AtProfileCli cli("NAME");
  visit(cli.app);
}

void describe_run(const DefinitionVisitor& visit) {
  RunCli cli;
  visit(cli.app);
}

int at_profile_command(std::span<const std::string> args, Io& io) {
  const auto dashes = std::find(args.begin(), args.end(), std::string("--"));
  const std::vector<std::string> command(dashes == args.end() ? args.end() : dashes + 1, args.end());
  std::vector<std::string> own{args[0] + " " + args[1]};
  own.insert(own.end(), args.begin() + 2, dashes);
  const std::string name = args[1].substr(1);
  AtProfileCli cli(name);
  const bool json = std::find(own.begin(), own.end(), std::string("--json")) != own.end();
  if (const int status = parse(cli.app, own, io, json); status >= 0) return status;
  auto doc = load();
  if (!doc) return fail(io, doc.error());
  const Profile* p = doc->find(name);
  if (!p)
    return fail(
        io, make_error(Errc::bad_input, "no profile named '" + name + "' (knock profile list shows them)"));
  return knock_profile(*p, cli.app, cli.flags, command, dashes != args.end(), io);
}

int RunCli::run(std::span<const std::string> args, Io& io) {
  const auto dashes = std::find(args.begin(), args.end(), std::string("--"));
  const std::vector<std::string> command(dashes == args.end() ? args.end() : dashes + 1, args.end());
  const std::vector<std::string> own(args.begin(), dashes);
  const bool json = std::find(own.begin(), own.end(), std::string("--json")) != own.end();
  if (const int status = parse(app, own, io, json); status >= 0) return status;
  if (names.empty() && group.empty())
    return fail(io, make_error(Errc::bad_input, "name profiles to knock, or give --group"));
  auto doc = load();
  if (!doc) return fail(io, doc.error());
  std::vector<const Profile*> chosen;
  for (const auto& n : names) {
    const Profile* p = doc->find(n);
    if (!p)
      return fail(
          io, make_error(Errc::bad_input, "no profile named '" + n + "' (knock profile list shows them)"));
    chosen.push_back(p);
  }
  if (!group.empty()) {
    const std::size_t before = chosen.size();
    for (const auto& p : doc->profiles) {
      if (p.group == group && std::find(chosen.begin(), chosen.end(), &p) == chosen.end())
        chosen.push_back(&p);
    }
    if (chosen.size() == before)
      return fail(io, make_error(Errc::bad_input, "no profiles in group '" + group + "'"));
  }
  if (chosen.size() == 1 && group.empty())
    return knock_profile(*chosen[0], app, flags, command, dashes != args.end(), io);
  if (dashes != args.end())
    return fail(io, make_error(Errc::bad_input,
                               "-- COMMAND goes with one profile, not " + std::to_string(chosen.size())));

  // Sealed profiles share one passphrase prompt.
  std::vector<Profile> unlocked;
  unlocked.reserve(chosen.size());
  std::optional<profiles::SecretString> pass;
  for (const Profile* p : chosen) {
    Profile copy = *p;
    if (copy.sealed && copy.sequence.empty()) {
      if (!pass) {
        auto read = profiles::read_passphrase("Passphrase for the sealed profiles: ", false);
        if (!read) return fail(io, read.error());
        pass = std::move(*read);
      }
      auto plain = profiles::unseal(*copy.sealed, pass->view(), copy.name);
      if (!plain) return fail(io, plain.error());
      copy.sequence = plain->str();
    }
    unlocked.push_back(std::move(copy));
  }
  std::vector<std::pair<const Profile*, core::KnockRequest>> jobs;
  for (const Profile& p : unlocked) {
    auto r = profiles::to_request(p);
    if (!r) return fail(io, r.error());
    if (auto e = apply_knock_flags(app, flags, true, *r)) return fail(io, *e);
    jobs.emplace_back(&p, std::move(*r));
  }
  const auto results = knock_fleet(jobs, parallel, io.handle_signals);

  int status = 0;
  std::size_t granted = 0, knocked = 0, failed = 0;
  for (const auto& r : results) {
    const Errc e = r.outcome.status;
    if (e == Errc::ok)
      (r.outcome.verified ? granted : knocked)++;
    else
      ++failed;
    if (e == Errc::not_verified && status == 0) status = 1;
    if (e != Errc::ok && e != Errc::not_verified && (status == 0 || status == 1)) status = core::exit_code(e);
  }
  if (json) {
    for (const auto& r : results) {
      core::JsonObject j;
      j.field("event", "result").field("profile", r.profile->name).field("host", r.profile->host);
      if (r.outcome.address) j.field("address", r.outcome.address->to_string());
      j.field("status", status_word(r.outcome)).field("exit_code", core::exit_code(r.outcome.status));
      j.field_ms("elapsed_ms", r.outcome.elapsed.count());
      if (r.outcome.status != Errc::ok) j.field("error", r.outcome.message);
      io.out << j.str() << "\n";
    }
    io.out << core::JsonObject()
                  .field("event", "summary")
                  .field("profiles", results.size())
                  .field("granted", granted)
                  .field("knocked", knocked)
                  .field("failed", failed)
                  .field("exit_code", status)
                  .str()
           << "\n";
    return status;
  }
  if (flags.quiet) return status;
  std::size_t w = 7, hw = 4;
  for (const auto& r : results) {
    w = std::max(w, r.profile->name.size());
    hw = std::max(hw, r.profile->host.size());
  }
  const auto pad = [](const std::string& s, std::size_t n) {
    return s + std::string(n > s.size() ? n - s.size() + 2 : 2, ' ');
  };
  io.out << pad("PROFILE", w) << pad("HOST", hw) << pad("ADDRESS", 15) << pad("RESULT", 12) << "TIME\n";
  for (const auto& r : results) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1f ms", r.outcome.elapsed.count() / 1000.0);
    io.out << pad(r.profile->name, w) << pad(r.profile->host, hw)
           << pad(r.outcome.address ? r.outcome.address->to_string() : "-", 15)
           << pad(status_word(r.outcome), 12) << ms;
    if (r.outcome.status != Errc::ok) io.out << "  " << r.outcome.message;
    io.out << "\n";
  }
  io.out << results.size() << " profiles: " << granted << " granted, " << knocked
         << " knocked without verify, " << failed << " failed\n";
  return status;
}

int run_command(std::span<const std::string> args, Io& io) {
  return RunCli().run(args, io);
}

}  // namespace knock::cli
