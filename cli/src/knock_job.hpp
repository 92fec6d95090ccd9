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
// `knock HOST STEP...` and `knock proxy HOST PORT STEP...`: the steps as given, or the one-time knock of
// `otp_file`; never both.
core::Expected<actions::KnockJob> host_job(const std::string& host, const std::vector<std::string>& steps,
                                           const std::string& otp_file, const KnockOptions& options,
                                           std::vector<std::string> command, Session& s);
// A saved profile's job (unlocked through the session's passphrase source when sealed).
core::Expected<actions::KnockJob> named_job(const std::string& name, const KnockOptions& options,
                                            const actions::Launch& launch, Session& s);
// Reports an error found before anything was sent, in the output's form; returns its exit status.
int fail(const PrintOptions& print, Session& s, const core::Error& e);

}  // namespace knock::cli
