// libFuzzer target: the RouterOS script parser, the configuration loader and the evaluator on whatever
// loaded. Seeded with routeros/examples. Never crashes, never hangs, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "knock/core/plan.hpp"
#include "knock/routeros/check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = routeros::load_config(text);
  if (!config) return 0;
  routeros::CheckRequest req;
  req.sequence = *core::parse_sequence("tcp:1337 udp:17954:text:open-sesame icmp:98");
  for (const char* from : {"127.0.0.1", "::1"}) {
    req.from = *core::parse_literal(from);
    (void)routeros::check(*config, req);
  }
  return 0;
}
