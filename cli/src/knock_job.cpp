#include "knock_job.hpp"

namespace knock::cli {

int fail(const PrintOptions& print, Session& s, const core::Error& e) {
  make_printer(print, s.io.out, s.io.err)->failed(e);
  return core::exit_code(e.code);
}

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
  if (argv->empty()) return 0;
  printer->launching(*argv);
  if (print.dry_run) return 0;
  const core::Error failed = s.io.launcher.exec(*argv);
  printer->failed(failed);
  return core::exit_code(failed.code);
}

}  // namespace knock::cli
