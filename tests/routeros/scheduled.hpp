#pragma once
// A script run once by the scheduler, one second after the router's startup moment: the interpreter's tests
// put an expression and read what it printed, or the error its run ended with.
#include <string>

#include "otp_sim.hpp"

namespace knock::test {

// Runs `body` as a scheduled script at boot + 4 s (one second's interval after startup); returns its log.
struct Scheduled : OtpSim {
  explicit Scheduled(const std::string& body, const std::string& config = "")
      : OtpSim(config + "/system script add name=t source={\n" + body +
                   "\n}\n/system scheduler add name=t interval=1s on-event=t start-time=startup\n",
               kWindowStart) {}
  std::string go() {
    boot();
    wait(4s);
    return errors.empty() ? (log.empty() ? "" : log.back().text) : "ERROR " + errors.front();
  }
};

inline std::string put(const std::string& expression, const std::string& locals = "") {
  Scheduled r(locals + "\n:put " + expression);
  return r.go();
}

}  // namespace knock::test
