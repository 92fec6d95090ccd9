#include "knock/core/json.hpp"

#include <cstdio>

#include "knock/core/text.hpp"

namespace knock::core {

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const std::size_t n = utf8_sequence(s.substr(i));
    if (n == 0) {  // JSON is UTF-8: a byte that is not becomes U+FFFD
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

JsonObject& JsonObject::key(std::string_view k) {
  if (body_.size() > 1) body_ += ",";
  body_ += json_quote(k) + ":";
  return *this;
}

JsonObject& JsonObject::field(std::string_view k, std::string_view value) {
  key(k).body_ += json_quote(value);
  return *this;
}

JsonObject& JsonObject::field(std::string_view k, bool value) {
  key(k).body_ += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::field(std::string_view k, std::int64_t value) {
  key(k).body_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::field_ms(std::string_view k, std::int64_t micros) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(micros) / 1000.0);
  key(k).body_ += buf;
  return *this;
}

JsonObject& JsonObject::raw(std::string_view k, std::string_view json) {
  key(k).body_ += json;
  return *this;
}

}  // namespace knock::core
