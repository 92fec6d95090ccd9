#pragma once
// Knocking many profiles at once (`knock run --group hq`): one passphrase prompt for all the sealed ones,
// every run on one thread with their delays overlapping, and a result for each, even for those that could not
// start.
#include <cstddef>
#include <string>
#include <vector>

#include "knock/actions/knock.hpp"

namespace knock::actions {

struct FleetEntry {
  std::string profile, host;
  core::Expected<KnockJob> job;  // an error: the profile could not be made ready (a wrong passphrase, ...)
};

struct FleetResult {
  std::string profile, host;
  core::Outcome outcome;
};

// The jobs for the profiles (no launch commands: many run at once). Sealed ones share one passphrase.
std::vector<FleetEntry> fleet_jobs(Context& ctx, const std::vector<const profiles::Profile*>& chosen,
                                   const Overrides& overrides);
// Runs them, at most `parallel` at a time (and no more than the open-file limit allows). With
// `handle_signals`, SIGINT and SIGTERM stop every run; those not started are reported as cancelled.
std::vector<FleetResult> knock_fleet(Context& ctx, std::vector<FleetEntry> entries, std::size_t parallel,
                                     bool handle_signals);

}  // namespace knock::actions
