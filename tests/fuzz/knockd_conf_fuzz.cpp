// libFuzzer target: knockd.conf import, and knockd export of whatever imported.
#include <cstdint>
#include <string_view>

#include "knock/profiles/interchange.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock::profiles;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto imported = import_knockd(text, "127.0.0.1", "fuzz.conf")) (void)export_knockd(imported->profiles);
  return 0;
}
