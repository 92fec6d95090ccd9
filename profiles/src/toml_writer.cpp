#include "toml_writer.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <locale>
#include <sstream>

#include "knock/core/json.hpp"
#include "knock/core/text.hpp"

namespace knock::profiles {
namespace {

bool bare_key(std::string_view k) {
  return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// Can `s` be a 'literal' string: UTF-8 without ' and without a control character but tab?
bool literal(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = core::utf8_sequence(s.substr(i));
    const auto c = static_cast<unsigned char>(s[i]);
    if (n == 0 || c == '\'' || (c < 0x20 && c != '\t') || c == 0x7f) return false;
    i += n;
  }
  return true;
}

// 'literal' when it can be one, else "basic": a JSON string is one, escapes and all (and a byte that is not
// UTF-8, which TOML cannot hold, becomes U+FFFD).
void put_string(std::string& out, std::string_view s) {
  if (literal(s))
    out.append("'").append(s).append("'");
  else
    out += core::json_quote(s);
}

void put_key(std::string& out, std::string_view k) {
  if (bare_key(k))
    out += k;
  else
    put_string(out, k);
}

// The shortest text that reads back as the same double, whatever the C locale (knock-gui's may write 1,5):
// the streams' classic locale, at 15, 16 then 17 digits. "2" is an integer in TOML, so 2.0. (Not
// std::to_chars: libstdc++'s brings a reference to libm's fesetround, and with it libm.)
void put_float(std::string& out, double v) {
  if (v != v) {
    out += std::signbit(v) ? "-nan" : "nan";
    return;
  }
  if (v == std::numeric_limits<double>::infinity() || v == -std::numeric_limits<double>::infinity()) {
    out += v < 0 ? "-inf" : "inf";
    return;
  }
  std::string text;
  for (int digits = 15; digits <= 17; ++digits) {
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(digits) << v;
    text = s.str();
    std::istringstream back(text);
    back.imbue(std::locale::classic());
    double read = 0;
    if (back >> read && read == v) break;
  }
  out += text;
  if (text.find_first_of(".e") == std::string::npos) out += ".0";
}

void put_value(std::string& out, const toml::node& n);

void put_inline(std::string& out, const toml::table& t) {
  if (t.empty()) {
    out += "{}";
    return;
  }
  const char* separator = "{ ";
  for (auto&& [k, v] : t) {
    out += separator;
    separator = ", ";
    put_key(out, k.str());
    out += " = ";
    put_value(out, v);
  }
  out += " }";
}

void put_array(std::string& out, const toml::array& a) {
  if (a.empty()) {
    out += "[]";
    return;
  }
  const char* separator = "[ ";
  for (const toml::node& v : a) {
    out += separator;
    separator = ", ";
    put_value(out, v);
  }
  out += " ]";
}

void put_value(std::string& out, const toml::node& n) {
  n.visit([&out](auto&& v) {
    using T = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<T, toml::table>) {
      put_inline(out, v);
    } else if constexpr (std::is_same_v<T, toml::array>) {
      put_array(out, v);
    } else if constexpr (std::is_same_v<T, toml::value<std::string>>) {
      put_string(out, v.get());
    } else if constexpr (std::is_same_v<T, toml::value<std::int64_t>>) {
      out += std::to_string(v.get());
    } else if constexpr (std::is_same_v<T, toml::value<double>>) {
      put_float(out, v.get());
    } else if constexpr (std::is_same_v<T, toml::value<bool>>) {
      out += v.get() ? "true" : "false";
    } else {  // a date, a time or a date-time: toml++ prints those as TOML writes them
      std::ostringstream s;
      s << v.get();
      out += s.str();
    }
  });
}

class Writer {
 public:
  std::string text;

  // The values of `t` (inline tables and arrays included), then its tables, then its arrays of tables.
  void table(const toml::table& t) {
    for (auto&& [k, v] : t) {
      if (block_table(v) || table_array(v)) continue;
      start_line();
      put_key(text, k.str());
      text += " = ";
      put_value(text, v);
      text += '\n';
    }
    for (auto&& [k, v] : t) {
      if (!block_table(v)) continue;
      const toml::table& child = *v.as_table();
      path_.push_back(k.str());
      // A table of nothing but tables needs no header of its own: its tables' headers make it.
      if (!child.empty() && std::all_of(child.begin(), child.end(), [](auto&& kv) {
            return block_table(kv.second) || table_array(kv.second);
          })) {
        table(child);
      } else {
        ++depth_;
        header("[", "]");
        table(child);
        --depth_;
      }
      path_.pop_back();
    }
    for (auto&& [k, v] : t) {
      if (!table_array(v)) continue;
      path_.push_back(k.str());
      ++depth_;
      for (const toml::node& element : *v.as_array()) {
        header("[[", "]]");
        table(*element.as_table());
      }
      --depth_;
      path_.pop_back();
    }
  }

 private:
  std::vector<std::string_view> path_;
  int depth_ = -1;  // the root's values and its first tables' headers are not indented

  static bool block_table(const toml::node& n) { return n.is_table() && !n.as_table()->is_inline(); }
  static bool table_array(const toml::node& n) {
    const toml::array* a = n.as_array();
    return a && a->is_array_of_tables() && !(*a)[0].as_table()->is_inline();
  }

  void start_line() { text.append(static_cast<std::size_t>(std::max(depth_, 0)) * 4, ' '); }

  void header(const char* open, const char* close) {
    if (!text.empty()) text += '\n';
    start_line();
    text += open;
    for (std::size_t i = 0; i < path_.size(); ++i) {
      if (i) text += '.';
      put_key(text, path_[i]);
    }
    text += close;
    text += '\n';
  }
};

}  // namespace

std::string write_toml(const toml::table& root) {
  Writer w;
  w.table(root);
  return std::move(w.text);
}

}  // namespace knock::profiles
