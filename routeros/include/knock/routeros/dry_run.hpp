#pragma once
// A dry run of generated rules on the router's own configuration, before anything is pasted: the script
// applied to the export, then the connections that decide whether the change is safe. The profile's own
// knock must open every protected port; near misses must not; a connection from the LAN and a session that
// is already open (the Winbox you paste from) must keep the access they had before the change.
#include <string>
#include <vector>

#include "knock/routeros/check.hpp"
#include "knock/routeros/generator.hpp"

namespace knock::routeros {

struct Trial {
  std::string label;  // "the knock opens tcp:8291 (IPv4)", "near miss: one knock short (tcp:4001)"
  bool passed = false;
  std::string outcome;  // what happened, in words
};

struct DryRun {
  Config after;                    // the export with the script applied
  std::vector<Trial> trials;       // in a fixed order: the knock, near misses, the LAN, open sessions
  std::vector<std::string> notes;  // what could not be tried, and why (an export with no LAN list)
  bool passed() const;
};

// `before` is the router's export and `script` what generate(o) made for it. An error: the script does not
// apply (a bug, since the generator wrote it for this export).
core::Expected<DryRun> dry_run(const Config& before, const std::string& script, const GenerateOptions& o);
// The same trials on a configuration already changed (several profiles' scripts applied, say).
DryRun rehearse(const Config& before, Config after, const GenerateOptions& o);

// Sequences that miss the knock by a little: no knock, one knock short, the knocks in reverse order, each
// knock one port, payload byte or packet size off.
struct NearMiss {
  std::string label;
  core::Sequence sequence;
};
std::vector<NearMiss> near_misses(const core::Sequence& sequence);

// The filter table of `family` after the change, as a diff against before: each rule as the add line that
// makes it, prefixed "+ " (added), "- " (removed) or "  " (kept).
std::vector<std::string> filter_diff(const Config& before, const Config& after, Family family);
// "add action=drop chain=input comment=\"defconf: drop invalid\" connection-state=invalid"
std::string add_line(const Rule& rule);

}  // namespace knock::routeros
