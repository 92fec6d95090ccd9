#include "printer.hpp"

#include <cstdio>

#include "knock/core/events.hpp"
#include "knock/core/json.hpp"
#include "knock/core/text.hpp"

namespace knock::cli {
namespace {

using core::Duration;

std::string ms(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

std::string join_addresses(const std::vector<IpAddress>& addresses) {
  std::string out;
  for (const auto& a : addresses)
    out += (out.empty() ? "" : ", ") + a.to_string();
  return out;
}

// A name's addresses, with the family when there is one: a name with both may be knocked on either.
std::string resolved(const core::KnockPlan& plan) {
  if (core::parse_literal(plan.host)) return "";
  std::string family;
  if (plan.targets.size() == 1) family = plan.targets.front().is_v6() ? ", IPv6" : ", IPv4";
  return " (" + join_addresses(plan.targets) + family + ")";
}

// The outcome's one spelling (core::to_string), as text and in JSON.
std::string outcome_status(const core::Outcome& o) {
  return std::string(core::to_string(core::result_of(o)));
}

class HumanPrinter final : public Printer {
 public:
  HumanPrinter(const PrintOptions& o, std::ostream& out, std::ostream& err) : o_(o), out_(out), err_(err) {}

  void on_plan(const core::KnockPlan& plan) override {
    if (o_.dry_run) return print_dry_run(plan);
    if (o_.verbosity >= 2) {
      out_ << "knocking " << plan.host << resolved(plan);
      out_ << " with " << plan.knocks.size() << (plan.knocks.size() == 1 ? " knock" : " knocks") << " over "
           << ms(plan.length()) << "\n";
    }
  }

  void on_step(const core::StepEvent& e) override {
    if (o_.verbosity < 2 && !e.error) return;
    char prefix[64];
    std::snprintf(prefix, sizeof prefix, "  %+10.3f ms  step %zu/%zu  ", e.sent.count() / 1000.0, e.index + 1,
                  e.count);
    out_ << prefix << step_text(*e.knock) << " -> " << e.target.to_string();
    out_ << (e.error ? "  FAILED" : "  sent") << (e.detail.empty() ? "" : " (" + e.detail + ")") << "\n";
  }

  void on_reknock(int round) override {
    if (o_.verbosity >= 2) out_ << "re-knocking (round " << round << ")\n";
  }

  void on_verify(const core::VerifyEvent& e) override {
    if (o_.verbosity < 2) return;
    out_ << "verify tcp port " << e.port << " on " << e.target.to_string() << ": attempt " << e.attempt << "/"
         << e.attempts << " " << (e.granted ? "connected" : e.detail) << " (" << ms(e.took) << ")\n";
  }

  void finished(const core::Outcome& o) override {
    if (o.status != core::Errc::ok) return failed({o.status, o.message});
    if (o_.dry_run) {
      out_ << "nothing sent (--dry-run)\n";
      return;
    }
    if (o_.verbosity < 1 || !o.plan) return;
    const auto& plan = *o.plan;
    out_ << "knocked " << plan.host << resolved(plan);
    out_ << ": " << plan.knocks.size() << (plan.knocks.size() == 1 ? " knock" : " knocks");
    if (o.rounds > 1) out_ << " x " << o.rounds << " rounds";
    if (o.verified) {
      out_ << ", tcp port " << plan.verify->port << " on " << join_addresses(plan.targets)
           << (plan.targets.size() == 1 ? " is open" : " are open");
    }
    out_ << " (" << ms(o.elapsed) << ")\n";
  }

  void failed(const core::Error& e) override {
    if (e.code == core::Errc::cancelled) {
      err_ << "knock: interrupted\n";
      return;
    }
    err_ << "knock: " << core::printable(e.message) << "\n";
  }

  void kept_open(const core::Outcome& o, core::Duration next) override {
    // The launched program has the terminal: say nothing unless something is wrong (or -v).
    if (o.status == core::Errc::cancelled) return;
    if (o.status != core::Errc::ok) {
      err_ << "knock: keeping the door open: " << core::printable(o.message) << "; knocking again in "
           << core::format_duration(next) << "\n";
    } else if (o_.verbosity >= 2) {
      err_ << "knock: knocked again to keep the door open; next in " << core::format_duration(next) << "\n";
    }
  }

  void launching(const std::vector<std::string>& argv) override {
    if (o_.dry_run) {
      out_ << "would run:";
    } else if (o_.verbosity >= 2) {
      out_ << "running:";
    } else {
      return;
    }
    for (const auto& a : argv)
      out_ << " " << a;
    out_ << "\n";
    out_.flush();
  }

 private:
  std::string step_text(const core::Knock& k) const {
    return o_.show_secrets || o_.dry_run ? core::format_knock(k) : core::format_knock_redacted(k);
  }

  void print_dry_run(const core::KnockPlan& plan) {
    out_ << "plan for " << plan.host << " (" << join_addresses(plan.targets) << ")";
    if (plan.source) out_ << " from " << plan.source->to_string();
    out_ << ":\n";
    for (std::size_t i = 0; i < plan.knocks.size(); ++i) {
      const auto& k = plan.knocks[i].knock;
      char at[48];
      std::snprintf(at, sizeof at, "  %+10.3f ms  ", plan.knocks[i].at.count() / 1000.0);
      out_ << at << step_text(k) << "  (";
      switch (k.protocol) {
        case core::Protocol::tcp:
          out_ << "one SYN, no handshake";
          break;
        case core::Protocol::connect:
          out_ << "full handshake, " << core::format_duration(plan.connect_timeout) << " limit";
          break;
        case core::Protocol::udp:
          out_ << "one datagram";
          break;
        case core::Protocol::icmp:
          out_ << "one echo request, " << k.icmp_size << "-byte IP packet";
          break;
      }
      if (!k.payload.bytes.empty()) out_ << ", " << k.payload.bytes.size() << "-byte payload";
      out_ << ")\n";
    }
    if (plan.verify) {
      const auto& v = *plan.verify;
      out_ << "then verify tcp port " << v.port << ": up to " << v.retries + 1 << " attempts, "
           << core::format_duration(v.timeout) << " each"
           << (v.reknock ? ", knocking again before each retry" : "") << "\n";
    }
  }

  PrintOptions o_;
  std::ostream& out_;
  std::ostream& err_;
};

class JsonPrinter final : public Printer {
 public:
  JsonPrinter(const PrintOptions& o, std::ostream& out, std::ostream& err) : o_(o), out_(out), err_(err) {}

  void on_plan(const core::KnockPlan& plan) override {
    std::string targets = "[";
    for (const auto& t : plan.targets)
      targets += (targets.size() > 1 ? "," : "") + core::json_quote(t.to_string());
    targets += "]";
    core::JsonObject j;
    j.field("event", "plan")
        .field("host", plan.host)
        .raw("targets", targets)
        .field("knocks", plan.knocks.size());
    j.field_ms("length_ms", plan.length().count());
    if (plan.source) j.field("source", plan.source->to_string());
    if (plan.verify) j.field("verify_port", static_cast<int>(plan.verify->port));
    if (reveal()) {
      std::string steps = "[";
      for (const auto& sk : plan.knocks) {
        core::JsonObject s;
        s.field("step", core::format_knock(sk.knock)).field_ms("at_ms", sk.at.count());
        steps += (steps.size() > 1 ? "," : "") + s.str();
      }
      j.raw("steps", steps + "]");
    }
    emit(j);
  }

  void on_step(const core::StepEvent& e) override {
    core::JsonObject j;
    j.field("event", "step").field("index", e.index + 1).field("of", e.count).field("round", e.round);
    j.field("protocol", core::to_string(e.knock->protocol)).field("target", e.target.to_string());
    if (reveal()) j.field("step", core::format_knock(*e.knock));
    j.field_ms("scheduled_ms", e.scheduled.count()).field_ms("sent_ms", e.sent.count());
    j.field("status", e.error ? "failed" : "sent");
    if (e.error) j.field("error", e.error->message);
    if (!e.detail.empty()) j.field("detail", e.detail);
    emit(j);
  }

  void on_reknock(int round) override {
    emit(core::JsonObject().field("event", "reknock").field("round", round));
  }

  void on_verify(const core::VerifyEvent& e) override {
    core::JsonObject j;
    j.field("event", "verify").field("attempt", e.attempt).field("of", e.attempts);
    j.field("target", e.target.to_string()).field("port", static_cast<int>(e.port));
    j.field("status", e.granted ? "granted" : "denied").field_ms("took_ms", e.took.count());
    if (!e.granted) j.field("detail", e.detail);
    emit(j);
  }

  void finished(const core::Outcome& o) override {
    core::JsonObject j;
    j.field("event", "done").field("status", outcome_status(o)).field("exit_code", core::exit_code(o.status));
    if (o.address) j.field("address", o.address->to_string());
    j.field("verified", o.verified).field("rounds", o.rounds).field_ms("elapsed_ms", o.elapsed.count());
    if (o.status != core::Errc::ok) j.field("error", o.message);
    emit(j);
    if (o.status != core::Errc::ok && o.status != core::Errc::cancelled)
      err_ << "knock: " << core::printable(o.message) << "\n";
  }

  void failed(const core::Error& e) override {
    emit(core::JsonObject()
             .field("event", "error")
             .field("exit_code", core::exit_code(e.code))
             .field("error", e.message));
    err_ << "knock: " << core::printable(e.message) << "\n";
  }

  void kept_open(const core::Outcome& o, core::Duration next) override {
    core::JsonObject j;
    j.field("event", "keep_open").field("status", outcome_status(o)).field("verified", o.verified);
    if (o.status != core::Errc::ok) j.field("error", o.message);
    emit(j.field_ms("next_in_ms", next.count()));
  }

  void launching(const std::vector<std::string>& argv) override {
    std::string list = "[";
    for (const auto& a : argv)
      list += (list.size() > 1 ? "," : "") + core::json_quote(a);
    emit(core::JsonObject().field("event", "launch").raw("argv", list + "]").field("dry_run", o_.dry_run));
  }

 private:
  bool reveal() const { return o_.show_secrets || o_.dry_run; }
  void emit(const core::JsonObject& j) {
    out_ << j.str() << std::endl;
  }  // one line per event, flushed at once

  PrintOptions o_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace

std::unique_ptr<Printer> make_printer(const PrintOptions& options, std::ostream& out, std::ostream& err) {
  if (options.json) return std::make_unique<JsonPrinter>(options, out, err);
  return std::make_unique<HumanPrinter>(options, out, err);
}

}  // namespace knock::cli
