#include "knock/actions/knock.hpp"

#include <thread>

#include "knock/actions/lookup.hpp"
#include "knock/core/asio.hpp"
#include "knock/core/launch.hpp"
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

core::Expected<core::KnockRequest> request_of(const profiles::Profile& p) {
  core::KnockRequest r;
  r.host = p.host;
  auto seq = core::parse_sequence(p.sequence.view());
  if (!seq) return make_error(Errc::bad_input, "profile '" + p.name + "': " + seq.error().message);
  r.sequence = std::move(*seq);
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

core::Expected<KnockJob> adhoc_job(const Context& ctx, std::string host, core::Sequence sequence,
                                   const Overrides& overrides, std::vector<std::string> command) {
  KnockJob job;
  job.request.host = std::move(host);
  job.request.sequence = std::move(sequence);
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
  auto request = request_of(open);
  if (!request) return std::move(request).error();
  auto command = launch_command(open, launch);
  if (!command) return std::move(command).error();
  KnockJob job{open.name, std::move(*request), std::move(*command)};
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

core::Outcome knock(Context& ctx, const KnockJob& job, core::Observer& observer, bool handle_signals) {
  return core::run_knock(job.request, observer, handle_signals, ctx.clock());
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
