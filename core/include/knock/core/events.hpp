#pragma once
// What the engine tells its observers: the CLI printer, JSON lines and the GUI model all listen here.
#include <optional>
#include <string>

#include "knock/core/plan.hpp"

namespace knock::core {

struct StepEvent {
  std::size_t index = 0;  // 0-based position in the plan
  std::size_t count = 0;
  int round = 1;  // 1, then 2.. for re-knocks before verify retries
  const Knock* knock = nullptr;
  IpAddress target;
  Duration scheduled{0};  // offset the plan asked for
  Duration sent{0};       // offset at which the packet left (measured from the start of the round)
  std::optional<Error> error;
  std::string detail;  // what came back, when it tells something ("connect connection refused")
};

struct VerifyEvent {
  int attempt = 1;
  int attempts = 1;
  IpAddress target;
  std::uint16_t port = 0;
  bool granted = false;
  Duration took{0};    // how long this attempt took
  std::string detail;  // "connection refused", "timed out after 2s", ...
};

struct Outcome {
  Errc status = Errc::ok;
  std::string message;               // for failures: one line naming what went wrong
  std::optional<KnockPlan> plan;     // set once the host was resolved and planned
  std::optional<IpAddress> address;  // the address verified, else the first target
  bool verified = false;
  int rounds = 0;  // how often the sequence was sent
  Duration elapsed{0};
};

// How a run ended, in one word everywhere: text, JSON and the GUI.
enum class Result { granted, knocked, not_verified, cancelled, error };
Result result_of(const Outcome& o);
std::string_view to_string(Result r);  // "granted", "knocked", "not_verified", "cancelled", "error"

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_plan(const KnockPlan&) {}
  virtual void on_step(const StepEvent&) {}
  virtual void on_reknock(int /*round*/) {}
  virtual void on_verify(const VerifyEvent&) {}
};

}  // namespace knock::core
