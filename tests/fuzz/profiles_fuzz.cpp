// libFuzzer target: the profile file (TOML), our JSON import, Knock on Ports files and knock:// links.
// Whatever loads must write out and load back; whatever toml++ reads, write_toml writes so that toml++ reads
// it again and it writes the same text.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../../profiles/src/toml_check.hpp"
#include "../../profiles/src/toml_writer.hpp"
#include "knock/profiles/interchange.hpp"

namespace {

// As the profile file is read: what toml++ must not be given (toml_check.hpp) is not.
std::optional<toml::table> toml_table(std::string_view text) {
  if (knock::profiles::check_toml(text, "fuzz.toml")) return std::nullopt;
  try {
    return toml::parse(text);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace knock::profiles;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto doc = parse_document(text, "fuzz.toml")) {
    auto again = parse_document(format_document(*doc), "again.toml");
    if (!again || again->profiles.size() != doc->profiles.size()) std::abort();
  }
  if (const auto read = toml_table(text)) {
    const std::string written = write_toml(*read);
    const auto again = toml_table(written);
    if (!again || write_toml(*again) != written) std::abort();
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
