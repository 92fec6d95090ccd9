#pragma once
// RouterOS scripting, the subset the one-time knock layer uses (docs/routeros.md, "Scripts"): an export or
// script imported as /import runs it, then /system scheduler entries run on a clock the caller gives, and the
// scripts change the firewall the evaluator sees (rules set, added and removed; address-list entries added
// and removed). Strict: anything outside the subset is an error naming line and column, never skipped; a
// script that fails leaves the firewall failed closed (every packet undecided, so dropped).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"
#include "knock/routeros/config.hpp"
#include "knock/routeros/firewall.hpp"

namespace knock::routeros {

struct ScriptLimits {
  // Steps of one run (an import, a scheduler event); 64 bytes of text made count one more: a loop that never
  // ends stops. The runs one ScriptRunner::run_due makes (the entries due, a catch-up of missed moments) may
  // take kMomentRuns times as many together: a poller that missed a minute catches up, a pile of heavy
  // schedulers does not stall the emulator.
  static constexpr std::uint64_t kMomentRuns = 4;
  std::uint64_t max_steps = 5'000'000;
  int max_depth = 32;              // nested /system script run
  std::size_t max_text = 1 << 20;  // bytes in one string
};

struct RouterLog {  // what :log and :put wrote
  Time t{0};
  std::string topic;  // info, warning, error, debug (put for :put)
  std::string text;
};

struct ListEdit {  // an address-list entry a script added, refreshed or removed
  enum Kind : std::uint8_t { added, refreshed, removed } kind = added;
  std::string list;
  IpAddress address;
  std::optional<Time> expires;
};

struct ScriptEffects {  // what one run_due() did
  std::vector<RouterLog> log;
  std::vector<ListEdit> lists;
  bool rules_changed = false;        // rules were set, added or removed: verdicts may change for anyone
  std::optional<core::Error> error;  // a script failed (the firewall is failed closed from now on)
  std::size_t runs = 0;              // scheduler events run
  std::uint64_t steps = 0;           // what they took together (ScriptLimits::kMomentRuns)
};

namespace script {
struct State;
}

// /system script, /system scheduler, the global variables and /system ntp client, as an import left them.
class Scripting {
 public:
  Scripting();
  ~Scripting();
  Scripting(const Scripting&) = delete;
  Scripting& operator=(const Scripting&) = delete;
  Scripting(Scripting&&) noexcept;
  Scripting& operator=(Scripting&&) noexcept;
  Scripting clone() const;  // an independent copy (check runs the same export many times)

  std::size_t schedulers() const;  // enabled ones
  bool has_script(std::string_view name) const;
  // /system ntp client set enabled=yes was in the export.
  bool ntp_enabled() const;
  script::State& state() { return *state_; }
  const script::State& state() const { return *state_; }

 private:
  std::unique_ptr<script::State> state_;
};

struct Imported {
  Config config;
  Scripting scripting;
};

struct ImportOptions {
  ScriptLimits limits;
  // The router's clock while the import runs, for [:timestamp] (the layer notes the window it was imported
  // in).
  std::chrono::system_clock::time_point wall = std::chrono::system_clock::now();
};

// An export or a script, as /import runs it: menu commands load the configuration as load_config does
// (firewall tables, address lists, router menus; other menus skipped with a note), firewall set/remove/find
// run, /system script and /system scheduler entries are kept, script commands run.
core::Expected<Imported> import_script(std::string_view text, const ImportOptions& options = {});
// Whether `text` needs the interpreter: it has /system script or /system scheduler entries or script
// commands (:global, :if, ...), even ones outside the subset (then import_script says where). Other exports
// are read by load_config, as before.
bool uses_scripts(std::string_view text);
// An export as knock-server and routeros check read it: imported by the interpreter when it uses scripts
// (the same refusals, the same step limit), else load_config's configuration and no scripting.
core::Expected<Imported> load_router(std::string_view text, const ImportOptions& options = {});

// The schedulers of an imported configuration, run on the caller's clock against its firewall. The
// configuration and the firewall must outlive the runner, and nothing else may change them meanwhile.
class ScriptRunner {
 public:
  // Maps the evaluator's clock to the router's wall clock, for [:timestamp].
  using WallClock = std::function<std::chrono::system_clock::time_point(Time)>;
  ScriptRunner(Config& config, Firewall& firewall, Scripting scripting, WallClock wall,
               ScriptLimits limits = {});
  ~ScriptRunner();
  ScriptRunner(const ScriptRunner&) = delete;
  ScriptRunner& operator=(const ScriptRunner&) = delete;

  // The router starts at `now`: start-time=startup entries run 3 s later (interval=0), or an interval
  // after that. Checks every enabled entry's script first: one outside the subset is an error here.
  core::Status boot(Time now);
  std::optional<Time> next_run() const;
  // Runs every event due at or before `now`, in time order (entries due together in their order).
  ScriptEffects run_due(Time now);
  bool failed() const;
  // A global variable as :tostr gives it ("" when it is not set), for explanations.
  std::string global_text(std::string_view name) const;
  // What scripts changed that a reboot keeps (rule settings, script sources), as a script to run after the
  // same import, as a reboot keeps it (the reboot tests); an error when scripts added or removed items, which
  // it cannot say.
  core::Expected<std::string> saved_state() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs a saved state (ScriptRunner::saved_state) on an imported configuration: a reboot's view of it.
core::Status restore_state(Imported& imported, std::string_view state_text,
                           const ImportOptions& options = {});

}  // namespace knock::routeros
