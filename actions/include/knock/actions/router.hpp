#pragma once
// The router side of a profile: the RouterOS rules that match it, and what a router's export would do with
// its knock. The profile must be unlocked (its sequence is needed).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "knock/profiles/profile.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/generator.hpp"
#include "knock/routeros/otp_layer.hpp"

namespace knock::actions {

// A router's export, read and loaded as `routeros check` reads it (routeros::load_router: its scripts run, as
// in knock-server); the message names the file (and the line and column). Schedulers have not run: a warning
// says so.
core::Expected<routeros::Config> load_export(const std::string& path);

// The generator's options from a profile's router facts (the protected ports default to the verify port;
// the rules are named after the profile).
core::Expected<routeros::GenerateOptions> generate_options(const profiles::Profile& open);
// A one-time profile's layer (routeros/otp_layer.hpp) with the profile as its one client, named after it.
core::Expected<routeros::OtpLayerOptions> otp_layer_options(const profiles::Profile& open);
// The rules of one profile: its fixed sequence's, or its one-time layer.
core::Expected<routeros::Generated> rules_for(const profiles::Profile& open);
// Those rules as one script to show, copy or paste: the warnings follow as "# warning: ..." comments.
core::Expected<std::string> script_for(const profiles::Profile& open);

// What the rules are for beyond the profiles' own facts: the router's export when there is one (its
// configuration and the name it goes by), and the options `knock routeros rules` has too.
struct RouterRequest {
  const routeros::Config* config = nullptr;
  std::string name;            // "export.rsc"
  std::string interface_list;  // limit every rule to it, e.g. WAN
  bool ipv6 = false, anti_scan = false;
};

// The rules of several profiles for one router, pasted together: each placed after the ones before it (on
// the export as those leave it), no two sharing a list, no knock port another's protected port. Then the
// evaluator must agree: each knock opens its own ports and never a port only another profile protects,
// and with an export, each profile's dry run passes. What it does not agree with is in `failures`.
struct RouterRules {
  std::string script;
  std::vector<std::string> warnings;  // "office: stage 1 lasts ..."
  std::vector<std::string> failures;  // "office: near miss, ...: tcp:8291 stays shut (IPv4): ..."
};
core::Expected<RouterRules> rules_for_all(const std::vector<profiles::Profile>& open,
                                          const RouterRequest& router);

// The script that removes everything the profiles' rules added.
core::Expected<std::string> removal_for(const std::vector<profiles::Profile>& profiles);

// The profile's knock replayed against an export (its text; `source_name` names it in messages), then a
// connection to its first protected port. The result points into the configuration, so they travel together.
struct ProfileCheck {
  std::unique_ptr<routeros::Config> config;
  routeros::CheckResult result;
};
core::Expected<ProfileCheck> check_profile(const profiles::Profile& open, std::string_view export_text,
                                           std::string_view source_name);

}  // namespace knock::actions
