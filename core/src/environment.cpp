#include "knock/core/environment.hpp"

#include <cstdlib>

namespace knock::core {
namespace {

class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  }
};

}  // namespace

const Environment& process_environment() {
  static const ProcessEnvironment env;
  return env;
}

std::optional<std::string> MapEnvironment::get(std::string_view name) const {
  const auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

bool loopback_only(const Environment& env) {
  const auto v = env.get("KNOCK_LOOPBACK_ONLY");
  return v && !v->empty() && *v != "0";
}

}  // namespace knock::core
