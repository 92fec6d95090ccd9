#include "knock/core/clock.hpp"

#include <boost/asio/steady_timer.hpp>

namespace knock::core {
namespace {

class SteadyTimer final : public Timer {
 public:
  explicit SteadyTimer(const boost::asio::any_io_executor& ex) : timer_(ex) {}
  void async_wait(TimePoint deadline, std::function<void(const boost::system::error_code&)> done) override {
    timer_.expires_at(deadline);
    timer_.async_wait(std::move(done));
  }
  void cancel() override { timer_.cancel(); }

 private:
  boost::asio::steady_timer timer_;
};

class SteadyClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall() const override { return std::chrono::system_clock::now(); }
  std::unique_ptr<Timer> make_timer(const boost::asio::any_io_executor& ex) override {
    return std::make_unique<SteadyTimer>(ex);
  }
};

}  // namespace

Clock& steady_clock() {
  static SteadyClock clock;
  return clock;
}

}  // namespace knock::core
