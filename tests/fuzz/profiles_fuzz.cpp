// libFuzzer target: the profile file (TOML) and our JSON import. Whatever loads must write out and load back.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "knock/profiles/interchange.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock::profiles;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto doc = parse_document(text, "fuzz.toml")) {
    auto again = parse_document(format_document(*doc), "again.toml");
    if (!again || again->profiles.size() != doc->profiles.size()) std::abort();
  }
  (void)import_json(text, "fuzz.json");
  return 0;
}
