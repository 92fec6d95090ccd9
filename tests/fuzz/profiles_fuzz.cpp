// libFuzzer target: the profile file (TOML), our JSON import, Knock on Ports files and knock:// links.
// Whatever loads must write out and load back.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "knock/profiles/interchange.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock::profiles;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto doc = parse_document(text, "fuzz.toml")) {
    auto again = parse_document(format_document(*doc), "again.toml");
    if (!again || again->profiles.size() != doc->profiles.size()) std::abort();
  }
  (void)import_json(text, "fuzz.json");
  if (auto kop = import_knockonports(text, "fuzz-kop.json")) {
    std::vector<std::string> notes;
    if (!export_knockonports(kop->profiles, notes)) std::abort();  // what came in can go out
  }
  if (auto linked = import_link(text)) {
    if (!import_link(share_link(linked->profiles.front()))) std::abort();
  }
  return 0;
}
