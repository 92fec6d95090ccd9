// knock://v1/DATA links: one profile as our JSON, base64url without padding.
#include <sodium.h>

#include "knock/profiles/interchange.hpp"

namespace knock::profiles {

using core::Errc;
using core::make_error;

namespace {

constexpr std::string_view kPrefix = "knock://";
constexpr int kLinkVersion = 1;
constexpr std::size_t kMaxLink = 64 * 1024;  // a profile is a few hundred bytes; a QR code holds < 3 KB

// JSON without the white space between its tokens: a shorter link, a smaller QR code.
std::string compact_json(std::string_view json) {
  std::string out;
  bool in_string = false, escaped = false;
  for (const char c : json) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      continue;
    } else if (c == '"') {
      in_string = true;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

bool is_link(std::string_view text) {
  return text.substr(0, kPrefix.size()) == kPrefix;
}

std::string share_link(const Profile& p) {
  const std::string json = compact_json(export_json({p}));
  std::string b64(sodium_base64_encoded_len(json.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(json.data()), json.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  b64.resize(b64.find('\0'));
  return std::string(kPrefix) + "v" + std::to_string(kLinkVersion) + "/" + b64;
}

core::Expected<Imported> import_link(std::string_view link) {
  const auto bad = [](const std::string& why) { return make_error(Errc::bad_input, "the link " + why); };
  if (!is_link(link)) return bad("does not start with knock://");
  if (link.size() > kMaxLink) return bad("is longer than " + std::to_string(kMaxLink / 1024) + " KiB");
  std::string_view rest = link.substr(kPrefix.size());
  const auto slash = rest.find('/');
  const std::string_view version = rest.substr(0, slash);
  if (slash == std::string_view::npos || version.size() < 2 || version.front() != 'v' ||
      version.find_first_not_of("0123456789", 1) != std::string_view::npos || version.size() > 6)
    return bad("has no format version (knock://v1/...): it is cut short or not knock's");
  if (version != "v" + std::to_string(kLinkVersion)) {
    return bad("is of format " + std::string(version) + "; this knock reads v" +
               std::to_string(kLinkVersion) + " (a newer knock made it: update this one)");
  }
  const std::string_view data = rest.substr(slash + 1);
  std::string json(data.size(), '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (data.empty() ||
      sodium_base642bin(reinterpret_cast<unsigned char*>(json.data()), json.size(), data.data(), data.size(),
                        nullptr, &len, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != data.data() + data.size()) {
    return bad("is damaged or cut short: its data is not base64url");
  }
  json.resize(len);
  auto imported = import_json(json, "the link");
  if (!imported) return bad("is damaged or cut short: " + imported.error().message);
  if (imported->profiles.size() != 1) return bad("does not hold exactly one profile");
  return imported;
}

}  // namespace knock::profiles
