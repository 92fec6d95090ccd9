#include "knock/core/text.hpp"

#include <cstdio>

namespace knock::core {

std::size_t utf8_sequence(std::string_view t) {
  if (t.empty()) return 0;
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(t[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned min = 0, value = 0;
  if ((c & 0xe0) == 0xc0)
    n = 2, min = 0x80, value = c & 0x1f;
  else if ((c & 0xf0) == 0xe0)
    n = 3, min = 0x800, value = c & 0x0f;
  else if ((c & 0xf8) == 0xf0)
    n = 4, min = 0x10000, value = c & 0x07;
  else
    return 0;
  if (t.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xc0) != 0x80) return 0;
    value = (value << 6) | (b(i) & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if (value < min || (value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return 0;
  return n;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_sequence(text.substr(i));
    if (n > 1 || (n == 1 && c >= 0x20 && c != 0x7f)) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
    ++i;
  }
  return out;
}

}  // namespace knock::core
