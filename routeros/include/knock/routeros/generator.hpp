#pragma once
// Profile facts (sequence, protected ports, stage timeouts) to a RouterOS script an admin can paste on a live
// router without locking themselves out: knock stages last-first so one packet cannot climb two stages, the
// accept for the final list, then drops that take only new connections, all with one interface scope. Every
// rule's comment starts with the profile's prefix ("knock:office "), so the script first removes an earlier
// version of itself and `removal_script` takes everything away again. Given the router's export, the rules
// are placed before the first rule that would decide a knock or the protected port (found with the
// evaluator). Every name and comment is quoted and escaped.
#include <optional>
#include <string>
#include <vector>

#include "knock/core/sequence.hpp"
#include "knock/routeros/check.hpp"

namespace knock::routeros {

inline constexpr core::Duration kDefaultBlacklistTimeout = std::chrono::minutes(5);

struct GenerateOptions {
  core::Sequence sequence;
  core::Duration delay{0};           // the client's delay, to check the stage timeouts against
  std::vector<ServicePort> protect;  // at least one; never a knock port
  // Stage timeouts: one per knock stage before the last, then the access timeout. Fewer values: the first
  // stands for every stage and the last for access. Empty: 15s per stage and 3h of access, as the seed.
  std::vector<core::Duration> timeouts;
  // The profile: every comment starts with "knock:<name> " and the lists are "knock:<name>:stage1", ...,
  // "knock:<name>:access", so that two profiles never share a stage. Letters, digits, '.', '_' and '-'.
  std::string name = "default";
  std::string list;   // names the access list instead (stages "<list>-stage1", ...); empty: from the name
  bool ipv6 = false;  // also emit the /ipv6 twin
  bool anti_scan = false;  // blacklist sources that touch the ports next to a knock port (a port scan)
  core::Duration blacklist_timeout = kDefaultBlacklistTimeout;
  bool drop = true;               // drop new connections to the protected ports for everyone else
  std::string in_interface_list;  // limit every rule to, e.g., WAN
  // Ports other profiles on the same router knock on or protect: never trap ports.
  std::vector<ServicePort> reserved;
  // The router's export: the rules go where they work in it (place-before=). Null: unknown; the rules go to
  // the end, with an instruction to move them.
  const Config* router = nullptr;
  std::string router_name = "the export";  // names it in the header and the reasons ("export.rsc")
  // How a knock from outside arrives, where the export does not say: for placement and the dry run.
  ViewOverrides view;
  // Whether `router` is the router's whole export, or only what the scripts pasted with this one add (then
  // the rules are placed among those, and the header still says how to move them into place).
  bool whole_export = true;
  // Several profiles' scripts pasted together: the move instruction moves every profile's rules at once,
  // keeping their order (one profile's accept may sit above another's drop of the same port).
  bool move_with_others = false;
};

// Where the rules of one family go in the router's filter table.
struct Placement {
  Family family = Family::v4;
  std::optional<std::size_t> before;  // the number of the rule they go before (once the profile's own earlier
                                      // rules are gone); none: the end of the table
  std::string place_before;           // the first rule's place-before= value, empty at the end
  // The anchor has no comment of its own, so it is named by its position among its chain's static rules,
  // which each rule added before it moves on by one: the i-th rule goes before position `position + i`.
  bool by_position = false;
  std::size_t position = 0;
  std::string reason;  // which rule, and what it decides first, in words
};

struct Generated {
  std::string script;
  std::vector<std::string> warnings;  // stage timeouts with little margin, and the like
  std::vector<Placement> placements;  // with a router: one per family written
  std::vector<std::string> lists;     // every address list the rules use
  std::string prefix;                 // the comment prefix: "knock:office "
};

core::Expected<Generated> generate(const GenerateOptions& options);

// The script that removes every rule the profile `name` added, in both families.
core::Expected<std::string> removal_script(std::string_view name);

// "knock:office ": what every comment of the profile starts with.
std::string comment_prefix(std::string_view name);

// A RouterOS string literal: "..." with ", \ and $ escaped (and control bytes as \XX).
std::string quote(std::string_view text);

}  // namespace knock::routeros
