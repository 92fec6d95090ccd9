#include "virtual_clock.hpp"

#include <optional>

#include "knock/core/asio.hpp"

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

namespace knock::test {

using ErrorCode = boost::system::error_code;

struct VirtualClock::Wait {
  boost::asio::any_io_executor executor;  // tracks outstanding work: the io_context waits for it
  std::function<void(const ErrorCode&)> done;
};

class VirtualTimer final : public core::Timer {
 public:
  VirtualTimer(VirtualClock& clock, boost::asio::any_io_executor ex)
      : clock_(clock), executor_(std::move(ex)) {}
  ~VirtualTimer() override { cancel(); }
  void async_wait(core::TimePoint deadline, std::function<void(const ErrorCode&)> done) override {
    cancel();
    auto wait = std::make_shared<VirtualClock::Wait>(VirtualClock::Wait{
        boost::asio::prefer(executor_, boost::asio::execution::outstanding_work.tracked), std::move(done)});
    pending_ = clock_.add(deadline, std::move(wait));
  }
  void cancel() override {
    if (pending_) clock_.cancel(*pending_);
    pending_.reset();
  }

 private:
  VirtualClock& clock_;
  boost::asio::any_io_executor executor_;
  std::optional<std::uint64_t> pending_;
};

std::unique_ptr<core::Timer> VirtualClock::make_timer(const boost::asio::any_io_executor& executor) {
  return std::make_unique<VirtualTimer>(*this, executor);
}

std::uint64_t VirtualClock::add(core::TimePoint deadline, std::shared_ptr<Wait> wait) {
  const std::uint64_t id = next_id_++;
  order_.emplace(std::max(deadline, now_), id);
  waits_.emplace(id, std::move(wait));
  return id;
}

void VirtualClock::cancel(std::uint64_t id) {
  const auto it = waits_.find(id);
  if (it == waits_.end()) return;
  auto wait = std::move(it->second);
  waits_.erase(it);
  boost::asio::post(wait->executor, [wait] { wait->done(boost::asio::error::operation_aborted); });
}

bool VirtualClock::advance() {
  while (!order_.empty()) {
    const auto [deadline, id] = *order_.begin();
    order_.erase(order_.begin());
    const auto it = waits_.find(id);
    if (it == waits_.end()) continue;  // cancelled
    auto wait = std::move(it->second);
    waits_.erase(it);
    now_ = std::max(now_, deadline);
    boost::asio::post(wait->executor, [wait] { wait->done(ErrorCode{}); });
    return true;
  }
  return false;
}

void run_in_virtual_time(boost::asio::io_context& io, VirtualClock& clock) {
  for (;;) {
    if (io.poll() > 0) continue;
    if (io.stopped()) return;
    if (clock.advance()) continue;
    if (io.run_one() == 0) return;  // real I/O only: wait for it
  }
}

}  // namespace knock::test
