#include "knock/actions/knock.hpp"

#include <algorithm>
#include <thread>

#include "knock/actions/lookup.hpp"
#include "knock/core/asio.hpp"
#include "knock/core/launch.hpp"
#include "knock/core/otp.hpp"
#include "knock/core/plan.hpp"

#include <boost/asio/io_context.hpp>

namespace knock::actions {
namespace {

using core::Errc;
using core::make_error;

void apply(const Overrides& o, core::KnockRequest& r) {
  r.dry_run = o.dry_run;
  if (o.delay) r.options.delay = *o.delay;
  if (o.connect_timeout) r.options.connect_timeout = *o.connect_timeout;
  if (o.family) r.options.family = *o.family;
  if (o.source) r.options.source = *o.source;
  if (o.verify_port) {
    core::VerifyOptions v = r.options.verify.value_or(core::VerifyOptions{});
    v.port = *o.verify_port;
    r.options.verify = v;
  }
  if (r.options.verify) {
    if (o.verify_timeout) r.options.verify->timeout = *o.verify_timeout;
    if (o.retries) r.options.verify->retries = *o.retries;
    if (o.reknock) r.options.verify->reknock = true;
  }
}

// A mistake in the launch template is found before anything is sent.
core::Status check_command(const std::vector<std::string>& command, const core::KnockRequest& r) {
  if (command.empty()) return {};
  const std::optional<std::uint16_t> port =
      r.options.verify ? std::optional<std::uint16_t>(r.options.verify->port) : std::nullopt;
  auto checked = core::expand_command(command, {r.host, "127.0.0.1", port});
  if (!checked) return std::move(checked).error();
  return {};
}

core::Expected<std::vector<std::string>> launch_command(const profiles::Profile& p, const Launch& launch) {
  using Use = Launch::Use;
  if (launch.use == Use::given) return launch.command;
  if (launch.use == Use::none || (launch.use == Use::profile_if_set && p.launch.empty())) {
    return std::vector<std::string>{};
  }
  if (p.launch.empty()) {
    return make_error(Errc::bad_input,
                      "profile '" + p.name + "' has no launch command: set one in its launch field");
  }
  auto words = core::split_command(p.launch);
  if (!words)
    return make_error(Errc::bad_input, "profile '" + p.name + "': launch: " + words.error().message);
  return words;
}

// Each round's knock, from the time of day it starts at (and the router's clock offset).
core::Status make_one_time(core::KnockRequest& r, OneTimeKnock otp, const Overrides& o) {
  if (o.otp_window) otp.window = *o.otp_window;
  auto window = core::otp::check_window(otp.window, "--otp-window");
  if (!window) return std::move(window).error();
  const auto offset = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      o.clock_offset.value_or(core::Duration{0}));
  r.sequence_at = [otp = std::move(otp), offset](std::chrono::system_clock::time_point now) {
    return core::otp::derive(otp.key.view(), otp.window, core::otp::window_of(now + offset, otp.window),
                             otp.knocks)
        .sequence;
  };
  return {};
}

core::Status static_only(const Overrides& o) {
  if (o.clock_offset || o.otp_window) {
    return make_error(Errc::bad_input,
                      "--clock-offset and --otp-window go with one-time knocks (--otp FILE)");
  }
  return {};
}

core::Expected<core::KnockRequest> request_of(const profiles::Profile& p, const Overrides& o) {
  core::KnockRequest r;
  r.host = p.host;
  if (p.otp) {
    if (auto made = make_one_time(r, {p.otp_key, p.otp->window, p.otp->knocks}, o); !made)
      return std::move(made).error();
  } else {
    if (auto plain = static_only(o); !plain) return std::move(plain).error();
    auto seq = core::parse_sequence(p.sequence.view());
    if (!seq) return make_error(Errc::bad_input, "profile '" + p.name + "': " + seq.error().message);
    r.sequence = std::move(*seq);
  }
  r.options.delay = p.delay;
  r.options.family = p.family;
  if (!p.source.empty()) {
    auto a = core::parse_address(p.source, "source");
    if (!a) return make_error(Errc::bad_input, "profile '" + p.name + "': " + a.error().message);
    r.options.source = *a;
  }
  if (p.verify_port)
    r.options.verify = core::VerifyOptions{p.verify_port, p.verify_timeout, p.retries, p.reknock};
  return r;
}

}  // namespace

core::Duration access_timeout(const profiles::Profile& p) {
  if (p.otp ? p.timeouts.size() == 2 : !p.timeouts.empty()) return p.timeouts.back();
  return std::chrono::hours(3);
}

core::Duration keep_open_interval(const profiles::Profile& p) {
  return std::max<core::Duration>(access_timeout(p) / 3, std::chrono::seconds(1));
}

namespace {

// --keep-open without a profile: an interval must be given, there are no router timeouts to take it from.
core::Expected<std::optional<core::Duration>> adhoc_keep_open(const Overrides& o) {
  if (o.keep_open && o.keep_open->count() == 0) {
    return make_error(Errc::bad_input,
                      "--keep-open auto takes the interval from a profile's timeouts: give one, e.g. "
                      "--keep-open 10m");
  }
  return o.keep_open;
}

}  // namespace

core::Expected<KnockJob> adhoc_job(const Context& ctx, std::string host, core::Sequence sequence,
                                   const Overrides& overrides, std::vector<std::string> command) {
  if (auto plain = static_only(overrides); !plain) return std::move(plain).error();
  if (auto named = core::check_host(host); !named) return std::move(named).error();
  auto keep = adhoc_keep_open(overrides);
  if (!keep) return std::move(keep).error();
  KnockJob job;
  job.keep_open = *keep;
  job.request.host = std::move(host);
  job.request.sequence = std::move(sequence);
  job.request.loopback_only = ctx.loopback_only();
  apply(overrides, job.request);
  job.command = std::move(command);
  if (auto checked = check_command(job.command, job.request); !checked) return std::move(checked).error();
  return job;
}

core::Expected<KnockJob> one_time_job(const Context& ctx, std::string host, OneTimeKnock otp,
                                      const Overrides& overrides, std::vector<std::string> command) {
  if (auto named = core::check_host(host); !named) return std::move(named).error();
  auto keep = adhoc_keep_open(overrides);
  if (!keep) return std::move(keep).error();
  KnockJob job;
  job.keep_open = *keep;
  job.request.host = std::move(host);
  job.one_time = true;
  if (auto made = make_one_time(job.request, std::move(otp), overrides); !made)
    return std::move(made).error();
  job.request.loopback_only = ctx.loopback_only();
  apply(overrides, job.request);
  job.command = std::move(command);
  if (auto checked = check_command(job.command, job.request); !checked) return std::move(checked).error();
  return job;
}

core::Expected<KnockJob> unlocked_job(const Context& ctx, const profiles::Profile& open,
                                      const Overrides& overrides, const Launch& launch) {
  if (open.locked()) {
    return make_error(Errc::internal, "profile '" + open.name + "' is still sealed where it should be open");
  }
  auto request = request_of(open, overrides);
  if (!request) return std::move(request).error();
  auto command = launch_command(open, launch);
  if (!command) return std::move(command).error();
  KnockJob job{open.name, std::move(*request), std::move(*command), open.otp.has_value(), std::nullopt};
  if (overrides.keep_open)
    job.keep_open = overrides.keep_open->count() ? *overrides.keep_open : keep_open_interval(open);
  else if (open.keep_open && !job.command.empty())
    job.keep_open = keep_open_interval(open);
  job.request.loopback_only = ctx.loopback_only();
  apply(overrides, job.request);
  if (auto checked = check_command(job.command, job.request); !checked) return std::move(checked).error();
  return job;
}

core::Expected<KnockJob> profile_job(Context& ctx, const profiles::Profile& profile,
                                     const Overrides& overrides, const Launch& launch) {
  auto open = unlock(ctx, profile);
  if (!open) return std::move(open).error();
  return unlocked_job(ctx, *open, overrides, launch);
}

namespace {

// A router says nothing about a one-time knock it did not take: say what to suspect.
void explain(const KnockJob& job, core::Outcome& out) {
  if (!job.one_time || out.status != Errc::not_verified) return;
  out.message +=
      "; for a one-time knock, check that this machine's clock and the router's agree (NTP on the "
      "router, or --clock-offset), and that this window's knock was not used already";
}

}  // namespace

core::Outcome knock(Context& ctx, const KnockJob& job, core::Observer& observer, bool handle_signals) {
  core::Outcome out = core::run_knock(job.request, observer, handle_signals, ctx.clock());
  explain(job, out);
  return out;
}

core::Expected<std::vector<std::string>> launch_argv(const KnockJob& job, const core::Outcome& outcome) {
  if (job.command.empty() || outcome.status != Errc::ok || !outcome.address)
    return std::vector<std::string>{};
  const auto& verify = job.request.options.verify;
  return core::expand_command(job.command,
                              {job.request.host, outcome.address->to_string(),
                               verify ? std::optional<std::uint16_t>(verify->port) : std::nullopt});
}

struct BackgroundKnock::Impl {
  boost::asio::io_context io;
  core::Knocker knocker;
  std::thread thread;
  Impl(Context& ctx) : knocker(io.get_executor(), ctx.clock()) {}
};

BackgroundKnock::BackgroundKnock(Context& ctx, KnockJob job, core::Observer& observer, Done done)
    : impl_(std::make_unique<Impl>(ctx)) {
  impl_->thread = std::thread([impl = impl_.get(), job = std::move(job), &observer, done = std::move(done)] {
    core::Outcome outcome;
    impl->knocker.start(job.request, observer, [&](core::Outcome o) { outcome = std::move(o); });
    impl->io.run();
    explain(job, outcome);
    auto argv = launch_argv(job, outcome);
    done(std::move(outcome), std::move(argv));
  });
}

BackgroundKnock::~BackgroundKnock() {
  stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void BackgroundKnock::stop() {
  impl_->knocker.stop();
}

}  // namespace knock::actions
