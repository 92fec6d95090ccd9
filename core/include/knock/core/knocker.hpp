#pragma once
// The knock engine on Boost.Asio: resolve once, send each knock at its absolute deadline, then probe the
// protected port. Cancellation is first class: stop() ends every pending step at once.
#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "knock/core/clock.hpp"
#include "knock/core/events.hpp"

namespace knock::core {

struct KnockRequest {
  std::string host;
  Sequence sequence;
  PlanOptions options;
  bool dry_run = false;  // resolve and plan, report the plan, send nothing
  // Only 127.0.0.0/8 and ::1 may be sent to (KNOCK_LOOPBACK_ONLY=1, which the front end reads). On unless
  // the front end turns it off: a path that forgets to say sends nowhere but loopback.
  bool loopback_only = true;
  // Busy-wait this last stretch before each knock instead of trusting the timer's wake-up (which can be
  // late by a few hundred microseconds). Set it to 0 when many runs share one thread, and on a virtual clock.
  Duration spin = std::chrono::milliseconds(1);
  // One-time knocks: each round's sequence is the one for the time of day it starts at (the clock's wall()),
  // in place of `sequence`.
  std::function<Sequence(std::chrono::system_clock::time_point)> sequence_at;
};

class Knocker {
 public:
  // Deadlines, pauses and timeouts follow `clock` (a virtual one in tests).
  explicit Knocker(boost::asio::any_io_executor executor, Clock& clock = steady_clock());
  ~Knocker();
  Knocker(const Knocker&) = delete;
  Knocker& operator=(const Knocker&) = delete;

  // One run at a time. Events and `done` are called on the executor; `observer` must outlive the run.
  void start(KnockRequest request, Observer& observer, std::function<void(Outcome)> done);
  // Safe from any thread; the run finishes promptly with Errc::cancelled.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Runs one request to the end on the calling thread. With `handle_signals`, SIGINT and SIGTERM stop it.
Outcome run_knock(KnockRequest request, Observer& observer, bool handle_signals = false,
                  Clock& clock = steady_clock());

}  // namespace knock::core
