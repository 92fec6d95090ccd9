#pragma once
// Turns engine events into what the user reads: short human lines, or JSON lines (`--json`).
#include <memory>
#include <ostream>
#include <vector>

#include "knock/core/events.hpp"

namespace knock::cli {

struct PrintOptions {
  bool json = false;
  int verbosity = 1;          // 0 -q, 1 normal, 2 -v
  bool show_secrets = false;  // ports and payloads are hidden unless asked
  bool dry_run = false;
};

class Printer : public core::Observer {
 public:
  // Everything a run ends with: success, not verified, or an error (also errors found before the run).
  virtual void finished(const core::Outcome& outcome) = 0;
  virtual void failed(const core::Error& error) = 0;
  virtual void launching(const std::vector<std::string>& argv) = 0;
  // --keep-open: a round sent to keep the door open, and when the next one goes.
  virtual void kept_open(const core::Outcome& outcome, core::Duration next) = 0;
};

std::unique_ptr<Printer> make_printer(const PrintOptions& options, std::ostream& out, std::ostream& err);

}  // namespace knock::cli
