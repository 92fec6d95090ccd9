// The steady clock the programs run on: its timers, their cancellation and the co_await form.
#include "knock/core/clock.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace knock::core {
namespace {

using namespace std::chrono_literals;

TEST(SteadyClock, IsOneClockThatNeverGoesBack) {
  EXPECT_EQ(&steady_clock(), &steady_clock());
  const TimePoint a = steady_clock().now();
  const TimePoint b = steady_clock().now();
  EXPECT_LE(a, b);
}

TEST(SteadyClock, WallIsTheTimeOfDay) {
  const auto before = std::chrono::system_clock::now();
  const auto wall = steady_clock().wall();
  const auto after = std::chrono::system_clock::now();
  EXPECT_LE(before, wall);
  EXPECT_LE(wall, after);
}

TEST(SteadyClock, AWaitForADeadlineThatHasPassedEndsWithoutError) {
  boost::asio::io_context io;
  auto timer = steady_clock().make_timer(io.get_executor());
  int calls = 0;
  boost::system::error_code result = boost::asio::error::would_block;
  timer->async_wait(steady_clock().now() - 1s, [&](const boost::system::error_code& ec) {
    ++calls;
    result = ec;
  });
  EXPECT_EQ(calls, 0) << "the handler runs on the executor, not inside async_wait";
  io.run();
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(result) << result.message();
}

TEST(SteadyClock, CancelEndsAPendingWaitWithOperationAborted) {
  boost::asio::io_context io;
  auto timer = steady_clock().make_timer(io.get_executor());
  boost::system::error_code result;
  timer->async_wait(steady_clock().now() + 1h, [&](const boost::system::error_code& ec) { result = ec; });
  timer->cancel();
  io.run();  // returns at once: nothing is left to wait for
  EXPECT_EQ(result, boost::asio::error::operation_aborted);
}

TEST(SteadyClock, ATimerWaitsAgainAfterAWait) {
  boost::asio::io_context io;
  auto timer = steady_clock().make_timer(io.get_executor());
  std::vector<boost::system::error_code> results;
  timer->async_wait(steady_clock().now() + 1h, [&](const boost::system::error_code& ec) {
    results.push_back(ec);
    timer->async_wait(steady_clock().now(),
                      [&](const boost::system::error_code& again) { results.push_back(again); });
  });
  timer->cancel();
  io.run();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0], boost::asio::error::operation_aborted);
  EXPECT_FALSE(results[1]);
}

TEST(SteadyClock, AsyncWaitTakesAsioCompletionTokens) {
  boost::asio::io_context io;
  auto timer = steady_clock().make_timer(io.get_executor());
  boost::system::error_code first = boost::asio::error::would_block;
  boost::system::error_code second;
  bool finished = false;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        co_await async_wait(*timer, steady_clock().now(),
                            boost::asio::redirect_error(boost::asio::use_awaitable, first));
        timer->cancel();  // nothing pending: the next wait is not affected
        auto pending = async_wait(*timer, steady_clock().now() + 1h,
                                  boost::asio::redirect_error(boost::asio::use_awaitable, second));
        boost::asio::post(io, [&] { timer->cancel(); });
        co_await std::move(pending);
        finished = true;
      },
      boost::asio::detached);
  io.run();
  EXPECT_FALSE(first) << first.message();
  EXPECT_EQ(second, boost::asio::error::operation_aborted);
  EXPECT_TRUE(finished);
}

}  // namespace
}  // namespace knock::core
