#include "knock/actions/fleet.hpp"

#include <algorithm>
#include <csignal>
#include <optional>
#if !defined(_WIN32)
#include <sys/resource.h>
#endif

#include "knock/actions/lookup.hpp"
#include "knock/core/asio.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

namespace knock::actions {
namespace {

using core::Errc;

// Knocks on one thread; each run is started when a slot is free.
class Fleet {
 public:
  Fleet(Context& ctx, std::vector<FleetEntry>& entries, std::size_t parallel)
      : ctx_(ctx), entries_(entries), parallel_(parallel), results_(entries.size()) {}

  std::vector<FleetResult> run(bool handle_signals) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      results_[i] = {entries_[i].profile, entries_[i].host, {}};
      if (!entries_[i].job) {
        results_[i].outcome.status = entries_[i].job.error().code;
        results_[i].outcome.message = entries_[i].job.error().message;
      } else {
        pending_.push_back(i);
      }
    }
    if (handle_signals) {
      signals_.emplace(io_, SIGINT, SIGTERM);
      signals_->async_wait([this](const boost::system::error_code& ec, int) {
        if (!ec) stop();
      });
    }
    start_more();
    if (running_ == 0 && signals_) signals_->cancel();
    io_.run();
    for (std::size_t i = next_; i < pending_.size(); ++i) {  // never started (interrupted)
      results_[pending_[i]].outcome = core::Outcome{Errc::cancelled, "interrupted"};
    }
    return std::move(results_);
  }

 private:
  void start_more() {
    while (!stopping_ && running_ < parallel_ && next_ < pending_.size()) {
      const std::size_t i = pending_[next_++];
      ++running_;
      auto& k = knockers_.emplace_back(std::make_unique<core::Knocker>(io_.get_executor(), ctx_.clock()));
      core::KnockRequest r = entries_[i].job->request;
      r.spin = core::Duration{0};  // many runs share this thread: no busy waiting
      k->start(std::move(r), quiet_, [this, i](core::Outcome o) {
        results_[i].outcome = std::move(o);
        --running_;
        start_more();
        if (running_ == 0 && signals_) signals_->cancel();
      });
    }
  }

  void stop() {
    stopping_ = true;
    for (auto& k : knockers_)
      k->stop();
  }

  Context& ctx_;
  std::vector<FleetEntry>& entries_;
  std::size_t parallel_;
  std::vector<FleetResult> results_;
  std::vector<std::size_t> pending_;  // entries with a job, in order
  boost::asio::io_context io_;
  std::vector<std::unique_ptr<core::Knocker>> knockers_;
  core::Observer quiet_;
  std::optional<boost::asio::signal_set> signals_;
  std::size_t next_ = 0, running_ = 0;
  bool stopping_ = false;
};

// A run holds a few descriptors at a time (a UDP socket per family, a SYN's socket, the probe): the soft
// open-file limit is raised to the hard one, and the parallelism kept within what it allows.
std::size_t within_open_file_limit(std::size_t wanted) {
#if defined(_WIN32)
  return wanted;
#else
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return wanted;
  if (r.rlim_cur < r.rlim_max) {
    rlimit raised = r;
    raised.rlim_cur = std::min<rlim_t>(r.rlim_max, rlim_t{1} << 20);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) r = raised;
  }
  const rlim_t usable = r.rlim_cur > 64 ? (r.rlim_cur - 64) / 4 : 1;
  return std::max<std::size_t>(1, std::min<std::size_t>(wanted, static_cast<std::size_t>(usable)));
#endif
}

}  // namespace

std::vector<FleetEntry> fleet_jobs(Context& ctx, const std::vector<const profiles::Profile*>& chosen,
                                   const Overrides& overrides) {
  std::optional<core::Expected<core::SecretString>>
      pass;  // asked once, when the first sealed profile needs it
  std::vector<FleetEntry> out;
  out.reserve(chosen.size());
  for (const profiles::Profile* p : chosen) {
    FleetEntry e{p->name, p->host, core::make_error(Errc::internal, "not prepared")};
    if (p->locked() && !pass)
      pass = ctx.passphrase().get({PassphraseRequest::Purpose::unlock, "the sealed profiles"});
    if (p->locked() && !*pass) {
      e.job = pass->error();
    } else {
      auto open = p->locked() ? unlock_with(*p, (*pass)->view()) : core::Expected<profiles::Profile>(*p);
      if (open)
        e.job = unlocked_job(ctx, *open, overrides, Launch{Launch::Use::none, {}});
      else
        e.job = std::move(open).error();
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<FleetResult> knock_fleet(Context& ctx, std::vector<FleetEntry> entries, std::size_t parallel,
                                     bool handle_signals) {
  return Fleet(ctx, entries, within_open_file_limit(std::max<std::size_t>(parallel, 1))).run(handle_signals);
}

}  // namespace knock::actions
