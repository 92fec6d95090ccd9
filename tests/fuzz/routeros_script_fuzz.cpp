// libFuzzer target: the RouterOS script parser, the configuration loader (firewall tables, router menus,
// the jump check), the view, /ip service and check() on whatever loaded. Seeded with routeros/examples and
// corpus/routeros_script. Never crashes, never hangs, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "knock/core/plan.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = routeros::load_config(text);
  if (!config) return 0;
  routeros::CheckRequest req;
  req.sequence = *core::parse_sequence("tcp:1337 udp:17954:text:open-sesame icmp:98");
  for (const char* protect : {"winbox", "ssh", "tcp:22"}) {
    req.protect = *routeros::parse_protect(*config, protect, "--protect");
    for (const char* from : {"127.0.0.1", "::1"}) {
      req.from = *core::parse_literal(from);
      (void)routeros::check(*config, req);
    }
  }
  // The LAN side too, and an interface on every list the export names.
  routeros::ViewOverrides lan;
  lan.interface = "bridge";
  const routeros::RouterView view = routeros::router_view(*config, lan);
  (void)view.describe();
  for (const auto& list : config->interfaces.lists)
    (void)config->interfaces.members_of(list.name);
  (void)routeros::service_answer(*config, 8291, view.address_of(routeros::Family::v4));
  return 0;
}
