// libFuzzer target: the knock sequence grammar. Whatever parses must format to text that parses back to
// the same bytes on the wire.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "knock/core/sequence.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto seq = parse_sequence(text);
  (void)parse_duration(text);
  if (!seq) return 0;
  auto again = parse_sequence(format_sequence(*seq));
  if (!again || again->knocks.size() != seq->knocks.size()) std::abort();
  for (std::size_t i = 0; i < seq->knocks.size(); ++i) {
    const Knock& a = seq->knocks[i];
    const Knock& b = again->knocks[i];
    if (a.protocol != b.protocol || a.port != b.port || a.icmp_size != b.icmp_size ||
        a.payload.bytes != b.payload.bytes || a.wait_before != b.wait_before) {
      std::abort();
    }
  }
  return 0;
}
