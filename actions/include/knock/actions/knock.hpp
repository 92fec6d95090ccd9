#pragma once
// Knocking: a job made from an ad-hoc command line or a profile (unlocked, with the overrides over its
// settings), run with its events, verify and re-knock, then the launch command filled in with the address
// that got in. The CLI (`knock HOST ...`, `knock @NAME`, `knock run`) and the GUI all take this one path.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "knock/actions/context.hpp"
#include "knock/core/knocker.hpp"
#include "knock/profiles/profile.hpp"

namespace knock::actions {

// Knock options from a command line or a dialog, over a profile's settings (or the defaults).
struct Overrides {
  std::optional<core::Duration> delay;
  std::optional<core::Duration> connect_timeout;
  std::optional<core::Family> family;
  std::optional<IpAddress> source;
  std::optional<std::uint16_t> verify_port;
  std::optional<core::Duration> verify_timeout;
  std::optional<int> retries;
  bool reknock = false;
  bool dry_run = false;
  // One-time knocks: how far the router's clock is from ours (a router 40 s behind: -40s).
  std::optional<core::Duration> clock_offset;
  std::optional<core::Duration> otp_window;
  // Knock again every this long while the launched command runs (or until Ctrl-C without one); 0: a third
  // of the profile's access timeout (keep_open_interval).
  std::optional<core::Duration> keep_open;
};

// A one-time knock's secret and shape (core/otp.hpp).
struct OneTimeKnock {
  core::SecretString key;
  core::Duration window = std::chrono::seconds(30);
  int knocks = 2;
};

// What runs once access is there.
struct Launch {
  enum class Use {
    none,              // nothing
    profile_if_set,    // the profile's launch command, if it has one (knock @NAME)
    profile_required,  // the profile's launch command; an error if it has none (the GUI's "Knock & open")
    given,             // `command` (knock ... -- COMMAND)
  } use = Use::profile_if_set;
  std::vector<std::string> command;
};

struct KnockJob {
  std::string profile;  // empty for an ad-hoc knock
  core::KnockRequest request;
  std::vector<std::string> command;  // the launch template ({host} {ip} {port} still in it); empty: none
  bool one_time = false;             // each round's knock is derived for its window
  std::optional<core::Duration> keep_open;  // knock again this often while the command runs
};

// How long a granted knock of the profile keeps the door open: the last of its router timeouts, or 3h as
// the generator's default.
core::Duration access_timeout(const profiles::Profile& profile);
// How often its knock is sent again to keep the door open: a third of that, so that one lost knock still
// leaves time.
core::Duration keep_open_interval(const profiles::Profile& profile);

// `knock HOST STEP... [-- COMMAND]`.
core::Expected<KnockJob> adhoc_job(const Context& ctx, std::string host, core::Sequence sequence,
                                   const Overrides& overrides, std::vector<std::string> command);
// `knock HOST --otp FILE [-- COMMAND]`.
core::Expected<KnockJob> one_time_job(const Context& ctx, std::string host, OneTimeKnock otp,
                                      const Overrides& overrides, std::vector<std::string> command);
// A profile, unlocked through ctx's passphrase source when sealed.
core::Expected<KnockJob> profile_job(Context& ctx, const profiles::Profile& profile,
                                     const Overrides& overrides, const Launch& launch);
// The same for a profile already unlocked.
core::Expected<KnockJob> unlocked_job(const Context& ctx, const profiles::Profile& open,
                                      const Overrides& overrides, const Launch& launch);

// Runs the job to its end on the calling thread; with `handle_signals`, SIGINT and SIGTERM stop it.
core::Outcome knock(Context& ctx, const KnockJob& job, core::Observer& observer, bool handle_signals);
// The launch command filled in with the address that got in; empty when the job has none or the knock failed.
core::Expected<std::vector<std::string>> launch_argv(const KnockJob& job, const core::Outcome& outcome);

// One knock on a thread of its own, for a front end that must not block. Events and `done` come on that
// thread.
class BackgroundKnock {
 public:
  using Done = std::function<void(core::Outcome, core::Expected<std::vector<std::string>> argv)>;
  // `observer` must outlive the run.
  BackgroundKnock(Context& ctx, KnockJob job, core::Observer& observer, Done done);
  ~BackgroundKnock();  // stops the knock and waits for its thread
  BackgroundKnock(const BackgroundKnock&) = delete;
  BackgroundKnock& operator=(const BackgroundKnock&) = delete;
  void stop();  // from any thread

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace knock::actions
