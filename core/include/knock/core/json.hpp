#pragma once
// Just enough JSON writing for one-object-per-line output: the CLI's events and knock-server's log.
#include <cstdint>
#include <string>
#include <string_view>

namespace knock::core {

std::string json_quote(std::string_view s);

class JsonObject {
 public:
  JsonObject& field(std::string_view key, std::string_view value);
  JsonObject& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  JsonObject& field(std::string_view key, bool value);
  JsonObject& field(std::string_view key, std::int64_t value);
  JsonObject& field(std::string_view key, int value) { return field(key, static_cast<std::int64_t>(value)); }
  JsonObject& field(std::string_view key, std::size_t value) {
    return field(key, static_cast<std::int64_t>(value));
  }
  JsonObject& field_ms(std::string_view key, std::int64_t micros);  // milliseconds with 3 decimals
  JsonObject& raw(std::string_view key, std::string_view json);     // an already-encoded value
  std::string str() const { return body_ + "}"; }

 private:
  JsonObject& key(std::string_view k);
  std::string body_ = "{";
};

}  // namespace knock::core
