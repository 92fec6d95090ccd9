#pragma once
// The rules of one profile and family, without their place: shared by generate().
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "knock/routeros/generator.hpp"

namespace knock::routeros {

std::uint8_t ip_protocol(const core::Knock& k);  // 6 for tcp and connect, 17, 1
std::string_view payload_of(const core::Knock& k);

// The names a profile's rules use: unique per profile, since ':' cannot appear in a profile name.
struct Names {
  std::string prefix, access, blacklist, stage_base, stage_sep;
  std::string stage(std::size_t i, std::size_t n) const {
    return i + 1 == n ? access : stage_base + stage_sep + "stage" + std::to_string(i + 1);
  }
};

Names names_of(const GenerateOptions& o);

// One add line, its keys in the order /export writes them; place-before= comes last.
class RuleText {
 public:
  RuleText& set(std::string key, std::string value) {
    kv_.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  std::string str(const std::string& place_before) const;

 private:
  std::vector<std::pair<std::string, std::string>> kv_;
};

// The trap ports of `protocol` for --anti-scan (see the definition for which).
std::vector<std::uint16_t> trap_ports(const GenerateOptions& o, std::uint8_t protocol);

// The rules of one family, in the order that works: blacklist drops and scan traps, the knock stages
// last-first, the accepts, the drops.
std::vector<RuleText> family_rules(const GenerateOptions& o, const Names& names,
                                   const std::vector<core::Duration>& timeout, bool v6);

}  // namespace knock::routeros
