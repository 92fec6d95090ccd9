// libFuzzer target: knock-server's frame decoder (every link type) and the checksum fixer, as a flood of
// hostile frames would reach them.
#include <cstdint>
#include <vector>

#include "knock/server/decode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock::server;
  const std::span<const std::uint8_t> frame(data, size);
  for (auto link : {LinkType::ethernet, LinkType::null, LinkType::raw, LinkType::linux_sll}) {
    if (auto p = decode_frame(frame, link)) (void)knock::routeros::describe(*p);
    std::vector<std::uint8_t> copy(data, data + size);
    (void)fix_tcp_checksum(copy, link);
  }
  return 0;
}
