#include "knock_job.hpp"

#include <optional>

#include "knock/actions/lookup.hpp"
#include "knock/profiles/secret_file.hpp"

namespace knock::cli {

core::Expected<actions::KnockJob> host_job(const std::string& host, const std::vector<std::string>& steps,
                                           const std::string& otp_file, const KnockOptions& options,
                                           std::vector<std::string> command, Session& s) {
  if (!otp_file.empty()) {
    if (!steps.empty()) {
      return core::make_error(core::Errc::bad_input,
                              "give STEPs or --otp FILE, not both (a one-time knock derives its own)");
    }
    auto key = profiles::read_secret_file(otp_file);
    if (!key) return std::move(key).error();
    return actions::one_time_job(s.ctx, host, {std::move(*key)}, options.overrides, std::move(command));
  }
  if (steps.empty())
    return core::make_error(core::Errc::bad_input, "STEP is required (or --otp FILE; see --help)");
  auto seq = core::parse_sequence(std::span<const std::string>(steps),
                                  options.udp ? core::Protocol::udp : core::Protocol::tcp);
  if (!seq) return std::move(seq).error();
  return actions::adhoc_job(s.ctx, host, std::move(*seq), options.overrides, std::move(command));
}

core::Expected<actions::KnockJob> named_job(const std::string& name, const KnockOptions& options,
                                            const actions::Launch& launch, Session& s) {
  auto doc = actions::load(s.ctx);
  if (!doc) return std::move(doc).error();
  auto p = actions::find(*doc, name);
  if (!p) return std::move(p).error();
  return actions::profile_job(s.ctx, **p, options.overrides, launch);
}

int fail(const PrintOptions& print, Session& s, const core::Error& e) {
  make_printer(print, s.io.out, s.io.err)->failed(e);
  return core::exit_code(e.code);
}

namespace {

// --keep-open: the command runs as a child while the knock goes again every interval; without a command,
// until Ctrl-C. A round that fails is said, and the next one is tried all the same.
int keep_open(const actions::KnockJob& job, const std::vector<std::string>& argv, Printer& printer,
              Session& s) {
  const core::Duration every = *job.keep_open;
  std::unique_ptr<core::Child> child;
  if (!argv.empty()) {
    auto started = s.io.launcher.spawn(argv);
    if (!started) {
      printer.failed(started.error());
      return core::exit_code(started.error().code);
    }
    child = std::move(*started);
  }
  // Alone, Ctrl-C ends it with 0 whenever it comes: in a pause, in a round, or between the two (the guard
  // holds it there). Beside a child, Ctrl-C is the child's.
  std::optional<core::InterruptGuard> guard;
  if (!child) guard.emplace();
  for (;;) {
    if (child) {
      if (const auto status = child->wait_for(every)) return *status;
    } else if (guard->sleep_for(every)) {
      return 0;
    }
    const core::Outcome round = actions::knock(s.ctx, job, printer, guard && s.io.handle_signals);
    if (guard && (round.status == core::Errc::cancelled || guard->interrupted())) return 0;
    printer.kept_open(round, every);
  }
}

}  // namespace

int knock_and_launch(const actions::KnockJob& job, const PrintOptions& print, Session& s) {
  auto printer = make_printer(print, s.io.out, s.io.err);
  const core::Outcome outcome = actions::knock(s.ctx, job, *printer, s.io.handle_signals);
  printer->finished(outcome);
  if (outcome.status != core::Errc::ok) return core::exit_code(outcome.status);
  auto argv = actions::launch_argv(job, outcome);
  if (!argv) {
    printer->failed(argv.error());
    return core::exit_code(argv.error().code);
  }
  if (!argv->empty()) printer->launching(*argv);
  if (print.dry_run) return 0;
  if (job.keep_open) return keep_open(job, *argv, *printer, s);
  if (argv->empty()) return 0;
  const core::Error failed = s.io.launcher.exec(*argv);
  printer->failed(failed);
  return core::exit_code(failed.code);
}

}  // namespace knock::cli
