#pragma once
// The process environment as a parameter. Only the programs' main() functions read the real one; every
// library and front-end library takes what it needs from an Environment it is given, so tests pass their own.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace knock::core {

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::optional<std::string> get(std::string_view name) const = 0;
};

// The real environment (getenv), for main().
const Environment& process_environment();

// A fixed set of variables, for tests and for programs that compose one.
class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> vars) : vars_(std::move(vars)) {}
  std::optional<std::string> get(std::string_view name) const override;
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

// KNOCK_LOOPBACK_ONLY set to anything but "" or "0": only 127.0.0.0/8 and ::1 may be sent to.
bool loopback_only(const Environment& env);

}  // namespace knock::core
