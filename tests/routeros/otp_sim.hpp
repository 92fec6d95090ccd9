#pragma once
// A router on a virtual clock for the one-time knock tests: an imported script, its firewall, its schedulers
// run as time moves on, and clients that knock with core/otp.hpp's derivation.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "knock/core/otp.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/interpreter.hpp"
#include "knock/routeros/otp_layer.hpp"

namespace knock::test {

using SysTime = std::chrono::system_clock::time_point;
using namespace std::chrono_literals;

// Window 56666666 of 30 s starts here (docs/otp.md's first test vector).
inline const SysTime kWindowStart = SysTime(std::chrono::seconds(1'699'999'980));

inline IpAddress ip(const char* text) {
  return boost::asio::ip::make_address(text);
}

// What boot() says of an export's scripts, on a runner of its own with the router's clock stopped at `wall`
// (for the tests of what boot refuses).
inline core::Status boot_alone(routeros::Imported& im, SysTime wall) {
  routeros::FirewallOptions fo;
  routeros::Firewall fw(im.config, fo, routeros::Time{0});
  routeros::ScriptRunner runner(im.config, fw, std::move(im.scripting),
                                [wall](routeros::Time) { return wall; });
  return runner.boot(routeros::Time{0});
}

struct OtpSim {
  routeros::Imported im;
  std::optional<routeros::Firewall> fw;
  std::unique_ptr<routeros::ScriptRunner> runner;
  SysTime wall0;  // the router's clock at t = 0
  routeros::Time now{0};
  std::vector<routeros::RouterLog> log;
  std::vector<std::string> errors;
  std::vector<routeros::ListEdit> edits;
  routeros::ScriptLimits limits;  // for the runner boot() makes

  OtpSim(const std::string& script, SysTime wall, const std::string& state = "") : wall0(wall) {
    routeros::ImportOptions o;
    o.wall = wall;
    auto imported = routeros::import_script(script, o);
    if (!imported) {
      ADD_FAILURE() << "import: " << imported.error().message;
      return;
    }
    im = std::move(*imported);
    if (!state.empty()) {
      auto restored = routeros::restore_state(im, state, o);
      if (!restored) ADD_FAILURE() << "restore: " << restored.error().message;
    }
  }

  void boot() {
    routeros::FirewallOptions fo;
    fo.local = {ip("198.51.100.1"), ip("2001:db8::1")};
    fw.emplace(im.config, fo, now);
    runner = std::make_unique<routeros::ScriptRunner>(
        im.config, *fw, std::move(im.scripting),
        [this](routeros::Time t) {  // wall0 may jump
          return wall0 + std::chrono::duration_cast<SysTime::duration>(t);
        },
        limits);
    auto booted = runner->boot(now);
    if (!booted) ADD_FAILURE() << "boot: " << booted.error().message;
  }

  void until(routeros::Time t) {
    now = t;
    if (!runner) return;
    auto fx = runner->run_due(now);
    log.insert(log.end(), fx.log.begin(), fx.log.end());
    edits.insert(edits.end(), fx.lists.begin(), fx.lists.end());
    if (fx.error) errors.push_back(fx.error->message);
  }
  void wait(routeros::Time d) { until(now + d); }
  SysTime wall() const { return wall0 + std::chrono::duration_cast<SysTime::duration>(now); }
  // Runs the router on until the next whole window of `w` has begun (and a poll has seen it).
  void next_window(core::Duration w = 30s) {
    const auto n = core::otp::window_of(wall(), w);
    const SysTime start = SysTime(std::chrono::duration_cast<SysTime::duration>((n + 1) * w));
    until(now + std::chrono::duration_cast<routeros::Time>(start - wall()) + 1500ms);
  }

  routeros::Verdict send(const routeros::Packet& p) {
    until(now);
    return fw->evaluate(p, now);
  }
  // The client's knock for the window its own clock (the router's plus `ahead`) is in, each knock 10 ms
  // apart.
  core::otp::WindowKnock knock(const std::string& key, const IpAddress& from, core::Duration window = 30s,
                               core::Duration ahead = 0s, int knocks = 2,
                               std::optional<std::int64_t> n = {}) {
    const auto w =
        core::otp::derive(key, window, n ? *n : core::otp::window_of(wall() + ahead, window), knocks);
    replay(w.sequence, from);
    return w;
  }
  void replay(const core::Sequence& seq, const IpAddress& from) {
    const IpAddress to = from.is_v6() ? ip("2001:db8::1") : ip("198.51.100.1");
    for (const auto& k : seq.knocks) {
      for (const auto& p : routeros::packets_for(k, from, to, 40000))
        send(p);
      wait(10ms);
    }
  }
  bool connects(const IpAddress& from, std::uint16_t port = 8291) {
    const IpAddress to = from.is_v6() ? ip("2001:db8::1") : ip("198.51.100.1");
    return send(routeros::connection_packet({6, port}, from, to)).accepted();
  }
  bool logged(const std::string& text) const {
    for (const auto& l : log) {
      if (l.text.find(text) != std::string::npos) return true;
    }
    return false;
  }
  std::string all_log() const {
    std::string out;
    for (const auto& l : log)
      out += l.topic + ": " + l.text + "\n";
    return out;
  }
  const routeros::Rule* rule(const std::string& comment, routeros::Family f = routeros::Family::v4) const {
    for (const auto& r : im.config.rules(f)) {
      if (r.comment == comment) return &r;
    }
    return nullptr;
  }
};

// The layer as knock routeros rules --otp prints it, protecting tcp:8291.
inline std::string layer(std::vector<routeros::OtpClient> clients, core::Duration window = 30s,
                         int knocks = 2, bool ipv6 = false) {
  routeros::OtpLayerOptions o;
  o.clients = std::move(clients);
  o.window = window;
  o.knocks = knocks;
  o.ipv6 = ipv6;
  o.protect = {{6, 8291}};
  auto g = routeros::generate_otp_layer(o);
  if (!g) {
    ADD_FAILURE() << g.error().message;
    return "";
  }
  return g->script;
}

inline const std::string kKeyA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
inline const std::string kKeyB = "a25vY2sgdGVzdCB2ZWN0b3Igc2VjcmV0LCAzMiBieXQ=";

inline routeros::OtpClient client(const std::string& name, const std::string& key) {
  return {name, core::SecretString(key)};
}

// The router, imported just before window 56666666 and run until that window is armed.
struct Armed : OtpSim {
  explicit Armed(const std::string& script, core::Duration window = 30s)
      : OtpSim(script, kWindowStart - 10s) {
    boot();
    next_window(window);
  }
};

}  // namespace knock::test
