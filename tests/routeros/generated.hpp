#pragma once
// Generated rules, alone or installed into a router's export: the options of a profile, the tables that
// say "the same configuration", and what a dry run or a check made of them. For the tests of the generator,
// its rules, their placement and the dry run.
#include <string>
#include <vector>

#include "examples.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/dry_run.hpp"
#include "knock/routeros/generator.hpp"

namespace knock::routeros::test {

inline GenerateOptions options(const std::string& steps, std::vector<ServicePort> protect = {{6, 8291}}) {
  GenerateOptions o;
  o.sequence = *core::parse_sequence(steps);
  o.protect = std::move(protect);
  o.name = "office";
  return o;
}

// The rules alone, loaded as an export.
inline Config alone(const Generated& g) {
  return config(g.script);
}

inline constexpr const char* kDropNotLan =
    "[find where chain=input comment=\"defconf: drop all not coming from LAN\"]";

// The office profile, for `router` (limited to WAN, placed in the export).
inline GenerateOptions office(const Config& router) {
  GenerateOptions o;
  o.sequence = *core::parse_sequence("tcp:4001 udp:4002");
  o.protect = {{6, 8291}, {6, 22}};
  o.name = "office";
  o.in_interface_list = "WAN";
  o.router = &router;
  o.router_name = "defconf.rsc";
  return o;
}

// Both filter tables as the add lines that make them: what "the same configuration" means here.
inline std::vector<std::string> tables(const Config& c) {
  std::vector<std::string> out;
  for (const Family f : {Family::v4, Family::v6}) {
    for (const Rule& r : c.rules(f))
      out.push_back(std::string(f == Family::v4 ? "/ip " : "/ipv6 ") + add_line(r));
  }
  return out;
}

inline std::string failures(const DryRun& d) {
  std::string out;
  for (const Trial& t : d.trials) {
    if (!t.passed) out += "FAILED " + t.label + ": " + t.outcome + "\n";
  }
  return out;
}

inline CheckResult knock(const Config& c, const std::string& steps, ServicePort p,
                         const char* from = "127.0.0.1") {
  CheckRequest r;
  r.sequence = *core::parse_sequence(steps);
  r.from = *core::parse_literal(from);
  r.protect = p;
  return check(c, r);
}

inline const Rule* decider(const CheckResult& r) {
  return r.steps.back().verdict.rule;
}

}  // namespace knock::routeros::test
