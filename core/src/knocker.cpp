#include "knock/core/knocker.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

#include "knock/core/asio.hpp"  // first: <utility> before awaitable.hpp

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "platform.hpp"
#include "resolve.hpp"
#include "sender.hpp"

namespace knock::core {

namespace ip = boost::asio::ip;
using boost::asio::awaitable;
using boost::asio::redirect_error;
using boost::asio::use_awaitable;
using ErrorCode = boost::system::error_code;

namespace {

Error cancelled_error() {
  return make_error(Errc::cancelled, "interrupted");
}

// A TCP connect with a deadline. Shared with the timer's handler, which may run after the coroutine moved on.
struct Probe {
  Probe(const boost::asio::any_io_executor& ex, Clock& clock) : socket(ex), timer(clock.make_timer(ex)) {}
  ip::tcp::socket socket;
  std::unique_ptr<Timer> timer;
  bool timed_out = false;
};

std::string describe(const ErrorCode& ec, Duration timeout) {
  if (ec == boost::asio::error::timed_out) return "timed out after " + format_duration(timeout);
  if (ec == boost::asio::error::connection_refused) return "connection refused";
  return ec.message();
}

// The result of resolving in a helper thread. The thread never touches the I/O objects once abandoned.
struct ResolveState {
  std::mutex mutex;
  bool abandoned = false;
  std::optional<Expected<std::vector<IpAddress>>> result;
};

}  // namespace

struct Knocker::Impl : std::enable_shared_from_this<Impl> {
  Impl(boost::asio::any_io_executor ex, Clock& c)
      : executor(ex), clock(c), timer(c.make_timer(ex)), resolver_wait(ex) {}

  boost::asio::any_io_executor executor;
  Clock& clock;
  std::unique_ptr<Timer> timer;             // step deadlines and retry pauses
  boost::asio::steady_timer resolver_wait;  // woken (cancelled) when the resolver thread has answered
  std::shared_ptr<Probe> probe;             // the connect under way, if any
  std::shared_ptr<ResolveState> resolving;
  bool stopped = false;
  bool loopback_only = true;
  Duration spin{0};

  Duration since(TimePoint t0) const { return std::chrono::duration_cast<Duration>(clock.now() - t0); }

  awaitable<void> sleep_until(TimePoint deadline) {
    ErrorCode ec;
    co_await async_wait(*timer, deadline, redirect_error(use_awaitable, ec));
  }

  void do_stop() {
    stopped = true;
    timer->cancel();
    resolver_wait.cancel();
    if (probe) {
      ErrorCode ignored;
      probe->socket.close(ignored);
    }
    if (resolving) {
      std::lock_guard lock(resolving->mutex);
      resolving->abandoned = true;
    }
  }

  awaitable<Expected<std::vector<IpAddress>>> resolve(const std::string& host) {
    if (auto literal = parse_literal(host)) co_return std::vector<IpAddress>{*literal};
    auto state = std::make_shared<ResolveState>();
    resolving = state;
    resolver_wait.expires_at(std::chrono::steady_clock::time_point::max());
    std::weak_ptr<Impl> weak = weak_from_this();
    std::thread([state, host, weak, ex = executor] {
      auto result = detail::resolve_blocking(host);
      std::lock_guard lock(state->mutex);
      if (state->abandoned) return;
      boost::asio::post(ex, [state, weak, result = std::move(result)]() mutable {
        state->result = std::move(result);
        if (auto self = weak.lock()) self->resolver_wait.cancel();
      });
    }).detach();
    ErrorCode ec;
    while (!stopped && !state->result)
      co_await resolver_wait.async_wait(redirect_error(use_awaitable, ec));
    resolving.reset();
    if (stopped) co_return cancelled_error();
    co_return std::move(*state->result);
  }

  awaitable<ErrorCode> connect(const ip::tcp::endpoint& to, const std::optional<IpAddress>& source,
                               Duration timeout, std::shared_ptr<Probe>& out) {
    auto p = std::make_shared<Probe>(executor, clock);
    ErrorCode ec;
    p->socket.open(to.protocol(), ec);
    if (!ec && source) p->socket.bind(ip::tcp::endpoint(*source, 0), ec);
    if (ec) co_return ec;
    probe = p;
    p->timer->async_wait(clock.now() + timeout, [p](const ErrorCode& e) {
      if (e) return;
      p->timed_out = true;
      ErrorCode ignored;
      p->socket.close(ignored);
    });
    co_await p->socket.async_connect(to, redirect_error(use_awaitable, ec));
    p->timer->cancel();
    probe.reset();
    if (p->timed_out) ec = boost::asio::error::timed_out;
    out = p;
    co_return ec;
  }

  // A connect: step: the handshake, the payload if any, then an orderly close. A refused or unanswered
  // handshake is a knock all the same (its SYN went out): `detail` says so, and the sequence goes on.
  awaitable<std::optional<std::string>> connect_step(const KnockPlan& plan, const Knock& k,
                                                     const IpAddress& to, std::string& detail) {
    std::shared_ptr<Probe> p;
    ErrorCode ec = co_await connect(ip::tcp::endpoint(to, k.port), plan.source, plan.connect_timeout, p);
    if (stopped) co_return std::nullopt;
    if (ec == boost::asio::error::connection_refused || ec == boost::asio::error::timed_out) {
      detail = "connect " + describe(ec, plan.connect_timeout);
      co_return std::nullopt;
    }
    if (ec) co_return "connect " + describe(ec, plan.connect_timeout);
    if (!k.payload.bytes.empty()) {
      boost::asio::write(p->socket, boost::asio::buffer(k.payload.bytes), ec);
      if (ec) co_return "sending the payload: " + ec.message();
    }
    p->socket.shutdown(ip::tcp::socket::shutdown_both, ec);
    p->socket.close(ec);
    co_return std::nullopt;
  }

  // One pass over the sequence, each knock at its absolute deadline from the start of the pass.
  awaitable<std::optional<Error>> knock_round(const KnockPlan& plan, int round, detail::Sender& sender,
                                              Observer& observer) {
    const auto start = clock.now();
    for (std::size_t i = 0; i < plan.knocks.size(); ++i) {
      const ScheduledKnock& sk = plan.knocks[i];
      const auto deadline = start + sk.at;
      if (clock.now() < deadline - spin) co_await sleep_until(deadline - spin);
      if (stopped) co_return cancelled_error();
      // A timer wakes up late by up to a few hundred microseconds on a busy or virtual machine; the last
      // stretch is a busy wait, so knocks leave on their deadlines (at most `spin` of CPU per knock).
      while (clock.now() < deadline) {
      }
      for (const IpAddress& target : plan.targets) {
        if (auto allowed = check_destination(target, plan.host, loopback_only); !allowed)
          co_return std::move(allowed).error();
        StepEvent event{i, plan.knocks.size(), round, &sk.knock, target, sk.at, since(start), std::nullopt};
        std::optional<std::string> failure;
        switch (sk.knock.protocol) {
          case Protocol::tcp:
            failure = sender.tcp_syn(target, sk.knock.port);
            break;
          case Protocol::udp:
            failure = sender.udp(target, sk.knock.port, sk.knock.payload.bytes);
            break;
          case Protocol::icmp:
            failure = sender.icmp(target, sk.knock.icmp_size, static_cast<std::uint16_t>(i + 1));
            break;
          case Protocol::connect:
            failure = co_await connect_step(plan, sk.knock, target, event.detail);
            if (stopped) co_return cancelled_error();
            break;
        }
        if (failure) {
          event.error = make_error(Errc::network, "step " + std::to_string(i + 1) + " (" +
                                                      std::string(to_string(sk.knock.protocol)) + ") to " +
                                                      target.to_string() + ": " + *failure);
        }
        observer.on_step(event);
        if (event.error) co_return event.error;
      }
    }
    co_return std::nullopt;
  }

  // A one-time knock's next round: the sequence of the window it starts in, on the same schedule rules.
  std::function<Sequence(std::chrono::system_clock::time_point)> sequence_at;
  Duration delay{0};
  void replan(KnockPlan& plan) {
    if (!sequence_at) return;
    const Sequence seq = sequence_at(clock.wall());
    const auto at = schedule(seq, delay);
    plan.knocks.clear();
    for (std::size_t i = 0; i < seq.knocks.size(); ++i)
      plan.knocks.push_back({seq.knocks[i], at[i]});
  }

  // One attempt at every address knocked that has not answered yet; true when all have.
  awaitable<bool> probe_all(const KnockPlan& plan, int attempt, int attempts, std::vector<bool>& granted,
                            Observer& observer, std::string& last, bool& refused) {
    const VerifyOptions& v = *plan.verify;
    const auto attempt_start = clock.now();
    refused = false;
    for (std::size_t t = 0; t < plan.targets.size(); ++t) {
      if (granted[t]) continue;
      std::shared_ptr<Probe> p;
      const ErrorCode ec =
          co_await connect(ip::tcp::endpoint(plan.targets[t], v.port), plan.source, v.timeout, p);
      if (stopped) co_return false;
      last = ec ? describe(ec, v.timeout) : "";
      refused = refused || ec == boost::asio::error::connection_refused;
      observer.on_verify({attempt, attempts, plan.targets[t], v.port, !ec, since(attempt_start), last});
      if (!ec) {
        ErrorCode ignored;
        p->socket.shutdown(ip::tcp::socket::shutdown_both, ignored);
        granted[t] = true;
      }
    }
    co_return std::all_of(granted.begin(), granted.end(), [](bool g) { return g; });
  }

  // Every address knocked is verified (with --both, the IPv4 and the IPv6 one). A reset is an answer: nothing
  // listens, or a rule rejects with a reset; retrying cannot help, unless the sequence is sent again.
  awaitable<Outcome> verify(KnockPlan& plan, detail::Sender& sender, Observer& observer, Outcome out) {
    const VerifyOptions& v = *plan.verify;
    const int attempts = v.retries + 1;
    std::vector<bool> granted(plan.targets.size(), false);
    std::string last;
    bool refused = false;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      if (attempt > 1 && v.reknock) {
        replan(plan);
        observer.on_reknock(++out.rounds);
        if (auto e = co_await knock_round(plan, out.rounds, sender, observer)) {
          out.status = e->code;
          out.message = e->message;
          co_return out;
        }
      }
      const auto attempt_start = clock.now();
      if (co_await probe_all(plan, attempt, attempts, granted, observer, last, refused)) {
        out.verified = true;
        co_return out;
      }
      if (refused && !v.reknock) break;
      if (!stopped && attempt < attempts) co_await sleep_until(attempt_start + v.timeout);  // `timeout` apart
      if (stopped) {
        out.status = Errc::cancelled;
        out.message = "interrupted";
        co_return out;
      }
    }
    const auto missing = std::find(granted.begin(), granted.end(), false) - granted.begin();
    out.address = plan.targets[static_cast<std::size_t>(missing)];
    out.status = Errc::not_verified;
    const std::string where = "tcp port " + std::to_string(v.port) + " on " + out.address->to_string();
    if (refused && !v.reknock) {
      out.message =
          "knocked, but " + where +
          " answered at once with a reset (connection refused): nothing listens there, or a firewall rule "
          "rejects it with tcp-reset; on a router, the service may be off or on another port (see /ip "
          "service)";
    } else {
      out.message = "knocked, but " + where + " did not answer after " + std::to_string(attempts) +
                    (attempts == 1 ? " attempt" : " attempts") + " (" + last + ")";
    }
    co_return out;
  }

  awaitable<Outcome> run(KnockRequest request, Observer& observer) {
    platform::tighten_timer_slack();  // per thread: this is the thread that runs the executor
    Outcome out;
    const auto fail = [&out](Error e) {
      out.status = e.code;
      out.message = std::move(e.message);
      return out;
    };
    if (request.host.empty()) co_return fail(make_error(Errc::bad_input, "no host given"));
    sequence_at = std::move(request.sequence_at);
    delay = request.options.delay;
    if (sequence_at) request.sequence = sequence_at(clock.wall());
    auto addresses = co_await resolve(request.host);
    if (!addresses) co_return fail(std::move(addresses).error());
    auto plan = make_plan(request.sequence, request.host, *addresses, request.options);
    if (!plan) co_return fail(std::move(plan).error());
    for (const IpAddress& target : plan->targets) {
      if (auto allowed = check_destination(target, plan->host, loopback_only); !allowed)
        co_return fail(std::move(allowed).error());
    }
    KnockPlan& p = *plan;
    out.plan = p;
    out.address = p.targets.front();
    observer.on_plan(p);
    if (request.dry_run) co_return out;

    detail::Sender sender(executor, p.source);
    out.rounds = 1;
    if (auto e = co_await knock_round(p, 1, sender, observer)) co_return fail(*e);
    if (!p.verify) co_return out;
    co_return co_await verify(p, sender, observer, std::move(out));
  }
};

Knocker::Knocker(boost::asio::any_io_executor executor, Clock& clock)
    : impl_(std::make_shared<Impl>(std::move(executor), clock)) {}

Knocker::~Knocker() = default;

void Knocker::start(KnockRequest request, Observer& observer, std::function<void(Outcome)> done) {
  impl_->stopped = false;
  impl_->loopback_only = request.loopback_only;
  impl_->spin = request.spin;
  const auto t0 = impl_->clock.now();
  boost::asio::co_spawn(impl_->executor, impl_->run(std::move(request), observer),
                        [done = std::move(done), t0, impl = impl_](std::exception_ptr e, Outcome out) {
                          if (e) {  // a bug, not an input problem; never let it escape as a crash
                            out.status = Errc::internal;
                            try {
                              std::rethrow_exception(e);
                            } catch (const std::exception& ex) {
                              out.message = std::string("internal error: ") + ex.what();
                            } catch (...) {
                              out.message = "internal error";
                            }
                          }
                          out.elapsed = impl->since(t0);
                          done(std::move(out));
                        });
}

void Knocker::stop() {
  boost::asio::post(impl_->executor, [impl = impl_] { impl->do_stop(); });
}

Outcome run_knock(KnockRequest request, Observer& observer, bool handle_signals, Clock& clock) {
  boost::asio::io_context io;
  Knocker knocker(io.get_executor(), clock);
  std::optional<boost::asio::signal_set> signals;
  if (handle_signals) {
    signals.emplace(io, SIGINT, SIGTERM);
    signals->async_wait([&knocker](const ErrorCode& ec, int) {
      if (!ec) knocker.stop();
    });
  }
  Outcome result;
  knocker.start(std::move(request), observer, [&](Outcome out) {
    result = std::move(out);
    if (signals) signals->cancel();
  });
  io.run();
  return result;
}

}  // namespace knock::core
