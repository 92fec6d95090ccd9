#pragma once
// Time that passes only when nothing else can happen: the engine's timers fire in deadline order, at once,
// as soon as every handler that is ready has run. Retry, re-knock and timeout tests fast-forward through
// seconds instead of sleeping, and decide on what happened, never on how fast the machine was.
//
// Real sockets still do their I/O for real. On Linux a loopback connect, its reset and a loopback datagram
// have all happened by the time the system call returns, so they are ready before the clock moves on.
#include <cstdint>
#include <map>

#include <boost/asio/io_context.hpp>

#include "knock/core/clock.hpp"
#include "knock/core/values.hpp"

namespace knock::test {

class VirtualClock final : public core::Clock {
 public:
  core::TimePoint now() const override { return now_; }
  std::chrono::system_clock::time_point wall() const override {
    return wall_start_ +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(now_ - core::TimePoint{});
  }
  // The time of day when the clock was at its start (the Unix epoch unless set).
  void set_wall(std::chrono::system_clock::time_point start) { wall_start_ = start; }
  std::unique_ptr<core::Timer> make_timer(const boost::asio::any_io_executor& executor) override;
  // Moves time to the earliest deadline and fires every wait due then; false when nothing waits.
  bool advance();
  // How far time has moved since the clock was made.
  core::Duration elapsed() const {
    return std::chrono::duration_cast<core::Duration>(now_ - core::TimePoint{});
  }

 private:
  friend class VirtualTimer;
  struct Wait;
  core::TimePoint now_{};
  std::chrono::system_clock::time_point wall_start_{};
  std::uint64_t next_id_ = 0;
  std::multimap<core::TimePoint, std::uint64_t> order_;
  std::map<std::uint64_t, std::shared_ptr<Wait>> waits_;
  void cancel(std::uint64_t id);
  std::uint64_t add(core::TimePoint deadline, std::shared_ptr<Wait> wait);
};

// Runs `io` until it has no work left, advancing `clock` whenever nothing is ready.
void run_in_virtual_time(boost::asio::io_context& io, VirtualClock& clock);

}  // namespace knock::test
