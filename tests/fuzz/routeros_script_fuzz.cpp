// libFuzzer target: an export as knock-server and routeros check read it (routeros::load_router: the script
// parser, the interpreter when it has scripts, the configuration loader, the jump check), the view, /ip
// service and check() on whatever loaded, then its schedulers run for a few seconds of the router's clock
// against a firewall. Seeded with routeros/examples and corpus/routeros_script. Never crashes, never hangs,
// whatever the bytes.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "knock/core/plan.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/interpreter.hpp"
#include "knock/routeros/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock;
  using namespace std::chrono_literals;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  routeros::ImportOptions io;
  io.wall = std::chrono::system_clock::time_point(1'700'000'000s);
  io.limits.max_steps = 100'000;  // the same limit, smaller: a loop that never ends stops sooner
  auto im = routeros::load_router(text, io);
  if (!im) return 0;
  routeros::Config& config = im->config;
  routeros::CheckRequest req;
  req.sequence = *core::parse_sequence("tcp:1337 udp:17954:text:open-sesame icmp:98");
  for (const char* protect : {"winbox", "ssh", "tcp:22"}) {
    req.protect = *routeros::parse_protect(config, protect, "--protect");
    for (const char* from : {"127.0.0.1", "::1"}) {
      req.from = *core::parse_literal(from);
      (void)routeros::check(config, req);
    }
  }
  // The LAN side too, and an interface on every list the export names.
  routeros::ViewOverrides lan;
  lan.interface = "bridge";
  const routeros::RouterView view = routeros::router_view(config, lan);
  (void)view.describe();
  for (const auto& list : config.interfaces.lists)
    (void)config.interfaces.members_of(list.name);
  (void)routeros::service_answer(config, 8291, view.address_of(routeros::Family::v4));

  // The schedulers, as knock-server runs them: ten seconds of the router's clock, a knock now and then.
  if (im->scripting.schedulers() == 0) return 0;
  routeros::FirewallOptions fo;
  fo.local = {view.address_of(routeros::Family::v4), view.address_of(routeros::Family::v6)};
  routeros::Firewall fw(config, fo, routeros::Time{0});
  routeros::ScriptRunner runner(
      config, fw, std::move(im->scripting),
      [&](routeros::Time t) {
        return io.wall + std::chrono::duration_cast<std::chrono::system_clock::duration>(t);
      },
      io.limits);
  if (!runner.boot(routeros::Time{0})) return 0;
  const auto from = *core::parse_literal("192.0.2.7");
  for (routeros::Time t = 0s; t <= 10s; t += 500ms) {
    (void)runner.run_due(t);
    (void)fw.evaluate(routeros::connection_packet({6, 8291}, from, fo.local[0]), t);
  }
  return 0;
}
