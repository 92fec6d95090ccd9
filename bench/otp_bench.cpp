// One-time knocks benchmark: the client's derivation per knock; the router layer's poller per tick with 100
// clients (idle ticks, ticks that arm a new window, the tick that lets 100 knocks in), on the emulator's
// interpreter and a virtual clock; the evaluator's cost per packet with the layer loaded, beside the seed's
// static rules. Prints figures, asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <vector>

#include "knock/core/otp.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/interpreter.hpp"
#include "knock/routeros/otp_layer.hpp"

using namespace knock;
using namespace knock::routeros;
using Clock = std::chrono::steady_clock;
using SysTime = std::chrono::system_clock::time_point;
using namespace std::chrono_literals;

namespace {

constexpr int kClients = 100;
const SysTime kWall = SysTime(std::chrono::seconds(1'700'000'000));
const IpAddress kRouter = boost::asio::ip::make_address("198.51.100.1");

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void derivation() {
  const core::SecretString key = core::otp::new_secret();
  constexpr int n = 20000;
  const auto t0 = Clock::now();
  std::size_t sink = 0;
  for (int i = 0; i < n; ++i)
    sink += core::otp::derive(key.view(), 30s, 56666666 + i).ports.front();
  std::printf("client: derive one window's knock (SHA-512, ports, token): %.2f us (checksum %zu)\n",
              ms_since(t0) * 1e3 / n, sink % 10);
}

struct Stats {
  std::vector<double> ms;
  void print(const char* what) {
    if (ms.empty()) return;
    std::sort(ms.begin(), ms.end());
    std::printf("  %-44s %5zu ticks  median %7.2f ms  max %7.2f ms\n", what, ms.size(), ms[ms.size() / 2],
                ms.back());
  }
};

struct Router {
  Imported im;
  std::optional<Firewall> fw;
  std::unique_ptr<ScriptRunner> runner;
  Time now{0};
  explicit Router(const std::string& script) {
    ImportOptions o;
    o.wall = kWall;
    auto imported = import_script(script, o);
    if (!imported) {
      std::printf("cannot import the layer: %s\n", imported.error().message.c_str());
      std::exit(1);
    }
    im = std::move(*imported);
    FirewallOptions fo;
    fo.local = {kRouter};
    fw.emplace(im.config, fo, now);
    runner = std::make_unique<ScriptRunner>(im.config, *fw, std::move(im.scripting), [](Time t) {
      return kWall + std::chrono::duration_cast<SysTime::duration>(t);
    });
    (void)runner->boot(now);
  }
  SysTime wall() const { return kWall + std::chrono::duration_cast<SysTime::duration>(now); }
  // One tick: the time it took, and whether it armed a window.
  std::pair<double, bool> tick() {
    now = *runner->next_run();
    const auto t0 = Clock::now();
    const ScriptEffects fx = runner->run_due(now);
    return {ms_since(t0), fx.rules_changed};
  }
};

void poller(const std::string& script, const std::vector<std::string>& keys) {
  Router r(script);
  Stats idle, arming, granting;
  for (int i = 0; i < 200; ++i) {
    const auto [ms, armed] = r.tick();
    (armed ? arming : idle).ms.push_back(ms);
  }
  for (int round = 0; round < 5; ++round) {
    const auto n = core::otp::window_of(r.wall(), 30s);
    for (int c = 0; c < kClients; ++c) {
      const IpAddress from = boost::asio::ip::address_v4(0x0a000001u + static_cast<std::uint32_t>(c));
      for (const auto& k : core::otp::derive(keys[static_cast<std::size_t>(c)], 30s, n).sequence.knocks) {
        for (const auto& p : packets_for(k, from, kRouter, 40000))
          r.fw->evaluate(p, r.now);
      }
    }
    granting.ms.push_back(r.tick().first);
    for (int i = 0; i < 30; ++i)
      r.tick();  // on to the next window
  }
  std::printf("router: the poller of the layer with %d clients, per tick (every second):\n", kClients);
  idle.print("idle (nothing knocked, same window)");
  arming.print("a new window (200 SHA-512s, 400 rules set)");
  granting.print("settling 100 knocks (100 sources let in)");
}

// ns per packet: random UDP and TCP packets to the knock ports' range and to the protected port.
double per_packet(const Config& config) {
  FirewallOptions fo;
  fo.local = {kRouter};
  Firewall fw(config, fo, Time{0});
  std::mt19937 rng(7);
  std::vector<Packet> packets;
  for (int i = 0; i < 4096; ++i) {
    core::Knock k;
    k.protocol = i % 2 ? core::Protocol::udp : core::Protocol::tcp;
    k.port = static_cast<std::uint16_t>(i % 16 ? 20000 + rng() % 40000 : 8291);
    packets.push_back(
        packets_for(k, boost::asio::ip::address_v4(0x0a000000u + rng() % 65536), kRouter, 40000).front());
  }
  constexpr int n = 400000;
  const auto t0 = Clock::now();
  for (int i = 0; i < n; ++i)
    fw.evaluate(packets[static_cast<std::size_t>(i) % packets.size()], Time{std::chrono::milliseconds(i)});
  return ms_since(t0) * 1e6 / n;
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("One-time knocks benchmark\n\n");
  derivation();
  OtpLayerOptions o;
  std::vector<std::string> keys;
  for (int i = 0; i < kClients; ++i) {
    keys.emplace_back(core::otp::new_secret().view());
    o.clients.push_back({"c" + std::to_string(i), core::SecretString(keys.back())});
  }
  o.protect = {{6, 8291}};
  const auto layer = generate_otp_layer(o);
  if (!layer) {
    std::printf("cannot generate the layer: %s\n", layer.error().message.c_str());
    return 1;
  }
  poller(layer->script, keys);

  std::ifstream in(argc > 1 ? argv[1] : "routeros/examples/seed.rsc");
  std::stringstream seed_text;
  seed_text << in.rdbuf();
  auto seed = load_config(seed_text.str());
  Router armed(layer->script);
  for (int i = 0; i < 40; ++i)
    armed.tick();
  std::printf("evaluator: per packet (random knock-range ports and the protected one):\n");
  if (seed) std::printf("  the seed's static rules                      %7.0f ns\n", per_packet(*seed));
  std::printf("  the one-time layer, %d clients (%zu rules)   %7.0f ns\n", kClients,
              armed.im.config.rules(Family::v4).size(), per_packet(armed.im.config));
  return 0;
}
