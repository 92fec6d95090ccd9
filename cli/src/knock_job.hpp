#pragma once
// The end of every knocking command: run the job with its events printed, then its launch command in place
// of knock. `knock HOST ...`, `knock @NAME` and `knock run NAME` all end here.
#include "knock/actions/knock.hpp"
#include "options.hpp"
#include "printer.hpp"
#include "session.hpp"

namespace knock::cli {

int knock_and_launch(const actions::KnockJob& job, const PrintOptions& print, Session& s);
// `knock @NAME` and `knock run NAME`: the profile's job, with `command` (after --) in place of its launch.
int knock_profile(const std::string& name, const KnockOptions& options,
                  const std::optional<std::vector<std::string>>& command, Session& s);
// Reports an error found before anything was sent, in the output's form; returns its exit status.
int fail(const PrintOptions& print, Session& s, const core::Error& e);

}  // namespace knock::cli
