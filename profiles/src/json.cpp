// A small JSON reader into toml++ nodes, so that JSON imports go through the same checks as TOML files.
#include <cctype>
#include <cstdlib>

#include "json_reader.hpp"
#include "knock/core/text.hpp"

namespace knock::profiles {
namespace {

struct Parser {
  std::string_view s;
  std::size_t i = 0;
  std::string error;
  int depth = 0;

  void ws() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
      ++i;
  }
  bool fail(const std::string& what) {
    if (error.empty()) error = "at offset " + std::to_string(i) + ": " + what;
    return false;
  }
  bool literal(std::string_view word) {
    if (s.substr(i, word.size()) != word) return fail("expected " + std::string(word));
    i += word.size();
    return true;
  }
  bool string(std::string& out) {
    if (i >= s.size() || s[i] != '"') return fail("expected a string");
    ++i;
    while (i < s.size() && s[i] != '"') {
      if (const auto u = static_cast<unsigned char>(s[i]); u >= 0x80) {  // JSON is UTF-8, as TOML is
        const std::size_t n = core::utf8_sequence(s.substr(i));
        if (n == 0) return fail("a byte that is not UTF-8 in a string");
        out.append(s.substr(i, n));
        i += n;
        continue;
      }
      char c = s[i++];
      if (static_cast<unsigned char>(c) < 0x20) return fail("a control character in a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i >= s.size()) return fail("an unfinished escape");
      c = s[i++];
      switch (c) {
        case '"':
        case '\\':
        case '/':
          out.push_back(c);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) return fail("a \\u escape without four hex digits");
          if (cp >= 0xdc00 && cp <= 0xdfff) return fail("a \\u escape of half a character");
          if (cp >= 0xd800 && cp < 0xdc00) {  // the first half of a pair; the second must follow
            if (s.substr(i, 2) != "\\u") return fail("a \\u escape of half a character");
            i += 2;
            unsigned lo = 0;
            if (!hex4(lo) || lo < 0xdc00 || lo > 0xdfff) return fail("a \\u escape of half a character");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          }
          if (cp < 0x80)
            out.push_back(static_cast<char>(cp));
          else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
          } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
          } else {
            out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
          }
          break;
        }
        default:
          return fail("an unknown escape \\" + std::string(1, c));
      }
    }
    if (i >= s.size()) return fail("an unterminated string");
    ++i;
    return true;
  }
  // Four hex digits at i, into `cp`.
  bool hex4(unsigned& cp) {
    if (i + 4 > s.size()) return false;
    for (std::size_t k = 0; k < 4; ++k) {
      const char h = s[i + k];
      if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
      cp = cp * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    i += 4;
    return true;
  }
  // Parses a value and stores it under `key` in `table`, or appends it to `array`.
  template <class Put>
  bool value(Put&& put) {
    ws();
    if (i >= s.size()) return fail("unexpected end");
    if (++depth > 64) return fail("nesting too deep");
    bool ok = true;
    const char c = s[i];
    if (c == '{') {
      toml::table t;
      ok = object(t);
      if (ok) put(std::move(t));
    } else if (c == '[') {
      toml::array a;
      ok = array(a);
      if (ok) put(std::move(a));
    } else if (c == '"') {
      std::string str;
      ok = string(str);
      if (ok) put(std::move(str));
    } else if (c == 't') {
      ok = literal("true");
      if (ok) put(true);
    } else if (c == 'f') {
      ok = literal("false");
      if (ok) put(false);
    } else if (c == 'n') {
      ok = literal("null") && fail("null is not a value knock uses");
    } else {
      std::size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '-' || s[j] == '+' ||
                              s[j] == '.' || s[j] == 'e' || s[j] == 'E')) {
        ++j;
      }
      if (j == i) return fail("unexpected '" + std::string(1, c) + "'");
      const std::string num(s.substr(i, j - i));
      i = j;
      if (num.find_first_of(".eE") == std::string::npos)
        put(static_cast<int64_t>(std::strtoll(num.c_str(), nullptr, 10)));
      else
        put(std::strtod(num.c_str(), nullptr));
    }
    --depth;
    return ok;
  }
  bool object(toml::table& t) {
    ++i;
    ws();
    if (i < s.size() && s[i] == '}') return ++i, true;
    for (;;) {
      ws();
      std::string key;
      if (!string(key)) return false;
      if (t.contains(key)) return fail("the key \"" + key + "\" appears twice in one object");
      ws();
      if (i >= s.size() || s[i] != ':') return fail("expected ':'");
      ++i;
      if (!value([&](auto&& v) { t.insert_or_assign(key, std::forward<decltype(v)>(v)); })) return false;
      ws();
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == '}') return ++i, true;
      return fail("expected ',' or '}'");
    }
  }
  bool array(toml::array& a) {
    ++i;
    ws();
    if (i < s.size() && s[i] == ']') return ++i, true;
    for (;;) {
      if (!value([&](auto&& v) { a.push_back(std::forward<decltype(v)>(v)); })) return false;
      ws();
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == ']') return ++i, true;
      return fail("expected ',' or ']'");
    }
  }
};

}  // namespace

core::Expected<toml::table> parse_json_object(std::string_view text, std::string_view source_name) {
  Parser p{text};
  p.ws();
  toml::table root;
  if (p.i >= text.size() || text[p.i] != '{') {
    return core::make_error(core::Errc::bad_input, std::string(source_name) + ": not a JSON object");
  }
  bool ok = p.object(root);
  if (ok) {
    p.ws();
    if (p.i != text.size()) ok = p.fail("trailing characters after the object");
  }
  if (!ok) {
    return core::make_error(core::Errc::bad_input, std::string(source_name) + ": invalid JSON " + p.error);
  }
  return root;
}

}  // namespace knock::profiles
