#pragma once
// check() run on a configuration, and what its explanation, warnings and notes say: for the tests of check
// and of the explanations it gives.
#include <string>
#include <string_view>
#include <vector>

#include "examples.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/check.hpp"

namespace knock::routeros::test {

inline constexpr std::string_view kSeedRules =
    "/ip firewall filter\n"
    "add action=add-src-to-address-list address-list=knock-knock address-list-timeout=15s chain=input "
    "comment=\"Knock 1\" dst-port=1337 protocol=tcp\n"
    "add action=add-src-to-address-list address-list=ok address-list-timeout=3h chain=input dst-port=17954 "
    "protocol=udp src-address-list=knock-knock\n"
    "add action=accept chain=input src-address-list=ok\nadd action=drop chain=input\n";

struct Knock {
  std::string steps;
  core::Duration delay{0};
  std::string from = "127.0.0.1";
  std::string protect = "tcp:8291";
  std::vector<std::string> interface_lists;
  core::Duration after{0};
};

inline CheckRequest request(const Config& c, const Knock& k) {
  CheckRequest r;
  r.sequence = *core::parse_sequence(k.steps);
  r.delay = k.delay;
  r.from = *core::parse_literal(k.from);
  r.protect = *parse_protect(c, k.protect, "--protect");
  if (!k.interface_lists.empty()) r.view.interface_lists = k.interface_lists;
  r.connect_after = k.after;
  return r;
}

inline CheckResult run(const Config& c, const Knock& k) {
  return check(c, request(c, k));
}

inline std::string all(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += l + "\n";
  return out;
}

inline bool says(const CheckResult& r, std::string_view text) {
  return all(r.explanation).find(text) != std::string::npos;
}
inline bool warns(const CheckResult& r, std::string_view text) {
  return all(r.warnings).find(text) != std::string::npos;
}
inline bool notes(const CheckResult& r, std::string_view text) {
  return all(r.notes).find(text) != std::string::npos;
}

}  // namespace knock::routeros::test
