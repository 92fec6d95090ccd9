#pragma once
// Profile facts (sequence, protected ports, stage timeouts) to a RouterOS script that works when pasted:
// knock stages last-first so one packet cannot climb two stages, the accept for the final list, then
// (optionally) the drop. Every name and comment is quoted and escaped.
#include <optional>
#include <string>
#include <vector>

#include "knock/core/sequence.hpp"
#include "knock/routeros/check.hpp"

namespace knock::routeros {

struct GenerateOptions {
  core::Sequence sequence;
  core::Duration delay{0};                 // the client's delay, to check the stage timeouts against
  std::vector<ServicePort> protect;        // at least one
  // Stage timeouts: one per knock stage before the last, then the access timeout. Fewer values: the first
  // stands for every stage and the last for access. Empty: 15s per stage and 3h of access, as the seed.
  std::vector<core::Duration> timeouts;
  std::string list = "knock";             // the access list; stages are "<list>-stage1", ...
  std::string name = "knock";             // names the profile in every comment
  bool ipv6 = false;                       // also emit the /ipv6 twin
  bool anti_scan = false;                  // blacklist sources that try a protected port without access
  bool drop = true;                        // drop the protected ports for everyone else
  std::string in_interface_list;           // limit the knock rules to, e.g., WAN
};

struct Generated {
  std::string script;
  std::vector<std::string> warnings;  // stage timeouts with little margin, and the like
};

core::Expected<Generated> generate(const GenerateOptions& options);

// A RouterOS string literal: "..." with ", \ and $ escaped (and control bytes as \XX).
std::string quote(std::string_view text);

}  // namespace knock::routeros
