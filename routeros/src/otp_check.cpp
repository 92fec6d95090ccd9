// A one-time knock against an export, on a virtual clock: boot the export's router two windows and a bit
// before the knock (so that the layer, imported then, counts the knock's window), run its schedulers, knock,
// let the next poll settle the knock, connect; then say in plain words what happened.
#include "knock/routeros/otp_check.hpp"

#include <algorithm>

#include "interpreter.hpp"

namespace knock::routeros {
namespace {

using SysTime = std::chrono::system_clock::time_point;

struct Sim {
  Imported im;
  OtpCheckResult out;
  std::optional<Firewall> fw;
  std::unique_ptr<ScriptRunner> runner;
  Time now{0}, knocked{0};

  void until(Time t) {
    now = t;
    ScriptEffects fx = runner->run_due(now);
    out.log.insert(out.log.end(), fx.log.begin(), fx.log.end());
    if (fx.error) out.check.warnings.push_back("the router's scripts failed: " + fx.error->message);
  }
  Time at_wall(SysTime t) const { return std::chrono::duration_cast<Time>(t - out.boot); }
};

bool holds_key(const Scripting& s, std::string_view key) {
  const auto& scripts = s.state().scripts;
  return std::any_of(scripts.begin(), scripts.end(), [&](const script::ScriptEntry& e) {
    return e.name.rfind("knock-otp-key-", 0) == 0 && e.source == key;
  });
}

// The knock's packets at the router's `at`, then the connection after the next poll.
void knock_and_connect(Sim& s, const OtpCheckRequest& req, const core::otp::WindowKnock& wk) {
  CheckResult& r = s.out.check;
  const IpAddress& to = r.view.address_of(family_of(req.from));
  const Time start = s.at_wall(req.at);
  s.until(start);
  s.knocked = start;
  r.start = start;
  for (std::size_t i = 0; i < wk.sequence.knocks.size(); ++i) {
    const core::Knock& k = wk.sequence.knocks[i];
    const bool token = i + 1 == wk.sequence.knocks.size();
    const std::string label = "step " + std::to_string(i + 1) + " " + (token ? "udp:" : "tcp:") +
                              std::to_string(k.port) + (token ? " with the window's token" : "");
    for (Packet& p : packets_for(k, req.from, to, static_cast<std::uint16_t>(40000 + i))) {
      CheckStep step{label, std::chrono::duration_cast<core::Duration>(s.now - start), p, {}};
      step.verdict = s.fw->evaluate(p, s.now);
      r.steps.push_back(std::move(step));
    }
  }
  const Time poll = s.runner->next_run().value_or(s.now + std::chrono::seconds(1));
  s.until(poll);
  const Time connect = poll + std::chrono::milliseconds(100);
  CheckStep conn{"connection " + to_string(s.out.protect),
                 std::chrono::duration_cast<core::Duration>(connect - start),
                 connection_packet(s.out.protect, req.from, to),
                 {}};
  conn.verdict = s.fw->evaluate(conn.packet, connect);
  r.steps.push_back(std::move(conn));
  const Verdict& last = r.steps.back().verdict;
  if (last.accepted() && !last.forwarded() && s.out.protect.protocol == 6)
    r.service = service_answer(*s.out.config, last.dst_port, req.from);
  r.granted = last.accepted() && r.service.takes;
}

// The router's log lines about one-time knocks since the knock, as reasons.
void router_said(const Sim& s, std::vector<std::string>& out) {
  for (const RouterLog& l : s.out.log) {
    if (l.t >= s.knocked && l.text.rfind("knock-otp:", 0) == 0 && l.topic != "debug")
      out.push_back("the router logged (" + l.topic + "): " + l.text);
  }
}

void explain(Sim& s, const OtpCheckRequest& req, bool has_layer, bool has_key) {
  CheckResult& r = s.out.check;
  const std::string from = req.from.to_string();
  const std::string window = "window " + std::to_string(s.out.window);
  if (r.granted) {
    r.explanation.push_back("the router's poller let " + from + " in after its one-time knock of " + window);
  } else if (!has_layer) {
    r.explanation.push_back(
        "the export has no one-time knock layer (no /system script knock-otp-poll): knock routeros rules "
        "--otp FILE --protect " +
        to_string(s.out.protect) + " prints one");
  } else if (!has_key) {
    r.explanation.push_back(
        "no knock-otp-key-* script on the router holds this secret: the client is not on this router, or "
        "was revoked (knock routeros rules --otp FILE ... adds it)");
  } else if (r.steps.size() >= 2 && r.steps[r.steps.size() - 2].verdict.changes.empty()) {
    r.explanation.push_back(
        "no token rule counted the knock of " + window +
        ": the router had not armed that window (is one of the clocks off? --clock-offset), or its knock "
        "was used already");
  } else {
    r.explanation.push_back("the router counted the knock of " + window + " but did not let " + from +
                            " in to " + to_string(s.out.protect));
  }
  router_said(s, r.explanation);
  if (!r.granted && !r.service.takes) r.explanation.push_back(r.service.why);
}

}  // namespace

core::Expected<OtpCheckResult> check_otp(std::string_view export_text, const OtpCheckRequest& req) {
  Sim s;
  s.out.boot =
      req.at - 2 * std::chrono::duration_cast<SysTime::duration>(req.window) - std::chrono::seconds(10);
  ImportOptions io;
  io.wall = s.out.boot;
  auto im = import_script(export_text, io);
  if (!im) return std::move(im).error();
  s.im = std::move(*im);
  s.out.config = std::make_unique<Config>(std::move(s.im.config));
  auto protect = parse_protect(*s.out.config, req.protect, "--protect");
  if (!protect) return std::move(protect).error();
  s.out.protect = *protect;
  CheckResult& r = s.out.check;
  r.view = router_view(*s.out.config, req.view);
  const bool has_layer = s.im.scripting.has_script("knock-otp-poll");
  const bool has_key = holds_key(s.im.scripting, req.key.view());
  if (!s.im.scripting.ntp_enabled()) {
    r.warnings.push_back(
        "the export has no enabled /system ntp client: one-time knocks need the router's clock right "
        "(/system ntp client set enabled=yes servers=pool.ntp.org)");
  }
  s.fw.emplace(*s.out.config, r.view.firewall, Time{0});
  const SysTime boot = s.out.boot;
  s.runner = std::make_unique<ScriptRunner>(*s.out.config, *s.fw, std::move(s.im.scripting), [boot](Time t) {
    return boot + std::chrono::duration_cast<SysTime::duration>(t);
  });
  if (auto booted = s.runner->boot(Time{0}); !booted) return std::move(booted).error();
  s.out.window = core::otp::window_of(
      req.at + std::chrono::duration_cast<SysTime::duration>(req.client_ahead), req.window);
  const auto wk = core::otp::derive(req.key.view(), req.window, s.out.window, req.knocks);
  knock_and_connect(s, req, wk);
  r.warnings.insert(r.warnings.end(), s.out.config->warnings.begin(), s.out.config->warnings.end());
  explain(s, req, has_layer, has_key);
  return std::move(s.out);
}

}  // namespace knock::routeros
