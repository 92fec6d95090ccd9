#pragma once
// Time for the knock engine, as a parameter: the steady clock in the programs; a virtual clock in tests,
// which fast-forward through delays, retries and timeouts instead of sleeping.
#include <chrono>
#include <functional>
#include <memory>

#include "knock/core/asio.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

namespace knock::core {

using TimePoint = std::chrono::steady_clock::time_point;

// One wait at a time, as asio's steady_timer: `done` runs on the timer's executor once `deadline` has come,
// or with operation_aborted after cancel().
class Timer {
 public:
  virtual ~Timer() = default;
  virtual void async_wait(TimePoint deadline, std::function<void(const boost::system::error_code&)> done) = 0;
  virtual void cancel() = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // The time of day, for what depends on it (one-time knocks' windows); moves with now().
  virtual std::chrono::system_clock::time_point wall() const = 0;
  virtual std::unique_ptr<Timer> make_timer(const boost::asio::any_io_executor& executor) = 0;
};

// std::chrono::steady_clock, with asio's steady_timer.
Clock& steady_clock();

// The wait as an asio operation, for co_await: co_await async_wait(timer, t, redirect_error(use_awaitable,
// ec)).
template <class Token>
auto async_wait(Timer& timer, TimePoint deadline, Token&& token) {
  return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
      [&timer, deadline](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        timer.async_wait(deadline, [shared](const boost::system::error_code& ec) { (*shared)(ec); });
      },
      token);
}

}  // namespace knock::core
