#include "script_value.hpp"

#include <charconv>
#include <cstdio>

namespace knock::routeros::script {
namespace {

using core::Errc;
using core::make_error;

constexpr std::int64_t kSecond = 1'000'000'000;

core::Error type_error(std::string_view op, const Value& a, const Value& b) {
  return make_error(Errc::bad_input, "'" + std::string(op) + "' between a " + std::string(type_name(a.type)) +
                                         " and a " + std::string(type_name(b.type)) +
                                         " is outside the emulated subset");
}

core::Error overflow(std::string_view op) {
  return make_error(Errc::bad_input, "'" + std::string(op) + "' overflows a 64-bit number");
}

bool digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<std::int64_t> parse_int(std::string_view s, int base = 10) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// 1w2d3h4m5s6ms, each unit at most once, in this order.
std::optional<std::int64_t> parse_units(std::string_view s) {
  static constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
      {"w", 7 * 86400 * kSecond}, {"d", 86400 * kSecond}, {"h", 3600 * kSecond},
      {"ms", 1'000'000},          {"us", 1'000},          {"ns", 1},
      {"m", 60 * kSecond},        {"s", kSecond}};
  std::int64_t total = 0;
  bool any = false;
  while (!s.empty()) {
    const auto end = s.find_first_not_of("0123456789");
    if (end == 0 || end == std::string_view::npos) return std::nullopt;
    const auto n = parse_int(s.substr(0, end));
    s.remove_prefix(end);
    std::int64_t unit = 0;
    for (const auto& [name, ns] : kUnits) {
      if (s.substr(0, name.size()) == name) {
        unit = ns;
        s.remove_prefix(name.size());
        break;
      }
    }
    std::int64_t part = 0;
    if (!n || unit == 0 || __builtin_mul_overflow(*n, unit, &part) ||
        __builtin_add_overflow(total, part, &total))
      return std::nullopt;
    any = true;
  }
  return any ? std::optional<std::int64_t>(total) : std::nullopt;
}

// [Nw][Nd]HH:MM:SS[.fraction]
std::optional<std::int64_t> parse_clock(std::string_view s) {
  std::int64_t days = 0;
  const auto colon = s.find(':');
  const auto split = s.find_last_of("wd", colon);
  if (split != std::string_view::npos) {
    const auto d = parse_units(s.substr(0, split + 1));
    if (!d) return std::nullopt;
    days = *d;
    s.remove_prefix(split + 1);
  }
  if (s.size() < 8 || s[2] != ':' || s[5] != ':') return std::nullopt;
  const auto h = parse_int(s.substr(0, 2)), m = parse_int(s.substr(3, 2)), sec = parse_int(s.substr(6, 2));
  if (!h || !m || !sec || *m > 59 || *sec > 59) return std::nullopt;
  std::int64_t ns = 0;
  if (s.size() > 8) {
    if (s[8] != '.' || s.size() > 18 || !digits(s.substr(9))) return std::nullopt;
    std::string frac(s.substr(9));
    frac.resize(9, '0');
    ns = *parse_int(frac);
  }
  return days + ((*h * 60 + *m) * 60 + *sec) * kSecond + ns;
}

std::string two(std::int64_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

}  // namespace

Value Value::num(std::int64_t v) {
  Value x;
  x.type = Type::num;
  x.n = v;
  return x;
}
Value Value::str(std::string v) {
  Value x;
  x.type = Type::str;
  x.s = std::move(v);
  return x;
}
Value Value::boolean(bool v) {
  Value x;
  x.type = Type::boolean;
  x.b = v;
  return x;
}
Value Value::time_ns(std::int64_t ns) {
  Value x;
  x.type = Type::time;
  x.n = ns;
  return x;
}
Value Value::id(ItemKind kind, std::uint8_t menu, std::uint64_t number) {
  Value x;
  x.type = Type::id;
  x.item = kind;
  x.menu = menu;
  x.n = static_cast<std::int64_t>(number);
  return x;
}
Value Value::array(std::vector<Value> v) {
  Value x;
  x.type = Type::array;
  x.items = std::make_shared<std::vector<Value>>(std::move(v));
  return x;
}

std::string_view type_name(Type t) {
  switch (t) {
    case Type::nothing:
      return "nothing";
    case Type::num:
      return "num";
    case Type::str:
      return "str";
    case Type::boolean:
      return "bool";
    case Type::time:
      return "time";
    case Type::id:
      return "id";
    case Type::array:
      return "array";
  }
  return "?";
}

std::string format_time(std::int64_t ns) {
  std::string out = ns < 0 ? "-" : "";
  std::uint64_t v = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  const std::uint64_t s = v / kSecond, frac = v % kSecond;
  const std::uint64_t weeks = s / (7 * 86400), days = s / 86400 % 7;
  if (weeks) out += std::to_string(weeks) + "w";
  if (days) out += std::to_string(days) + "d";
  out += two(static_cast<std::int64_t>(s / 3600 % 24)) + ":" + two(static_cast<std::int64_t>(s / 60 % 60)) +
         ":" + two(static_cast<std::int64_t>(s % 60));
  if (frac) {
    std::string f = std::to_string(frac);
    f.insert(0, 9 - f.size(), '0');
    f.erase(f.find_last_not_of('0') + 1);
    out += "." + f;
  }
  return out;
}

std::string to_text(const Value& v) {
  switch (v.type) {
    case Type::nothing:
      return "";
    case Type::num:
      return std::to_string(v.n);
    case Type::str:
      return v.s;
    case Type::boolean:
      return v.b ? "true" : "false";
    case Type::time:
      return format_time(v.n);
    case Type::id: {
      char buf[24];
      std::snprintf(buf, sizeof buf, "*%llX", static_cast<unsigned long long>(v.n));
      return buf;
    }
    case Type::array: {
      std::string out;
      for (const Value& x : *v.items)
        out += (out.empty() ? "" : ";") + to_text(x);
      return out;
    }
  }
  return "";
}

std::optional<Value> literal(std::string_view w) {
  if (w == "true" || w == "false") return Value::boolean(w == "true");
  const bool negative = !w.empty() && w.front() == '-';
  const std::string_view body = negative ? w.substr(1) : w;
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    const auto v = parse_int(body.substr(2), 16);
    if (!v) return std::nullopt;
    return Value::num(negative ? -*v : *v);
  }
  if (digits(body)) {
    const auto v = parse_int(body);
    if (!v) return std::nullopt;
    return Value::num(negative ? -*v : *v);
  }
  if (body.empty() || body.front() < '0' || body.front() > '9') return std::nullopt;
  const auto t = body.find(':') != std::string_view::npos ? parse_clock(body) : parse_units(body);
  if (!t) return std::nullopt;
  return Value::time_ns(negative ? -*t : *t);
}

bool equal(const Value& a, const Value& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case Type::nothing:
      return true;
    case Type::num:
    case Type::time:
      return a.n == b.n;
    case Type::str:
      return a.s == b.s;
    case Type::boolean:
      return a.b == b.b;
    case Type::id:
      return a.item == b.item && a.menu == b.menu && a.n == b.n;
    case Type::array:
      if (a.items->size() != b.items->size()) return false;
      for (std::size_t i = 0; i < a.items->size(); ++i) {
        if (!equal((*a.items)[i], (*b.items)[i])) return false;
      }
      return true;
  }
  return false;
}

core::Expected<Value> unary(std::string_view op, const Value& a) {
  if (op == "!") {
    if (a.type != Type::boolean)
      return make_error(Errc::bad_input, "'!' of a " + std::string(type_name(a.type)) + " (expected a bool)");
    return Value::boolean(!a.b);
  }
  if (a.type != Type::num && a.type != Type::time)
    return make_error(Errc::bad_input, "'-' of a " + std::string(type_name(a.type)));
  if (a.n == INT64_MIN) return overflow(op);
  Value out = a;
  out.n = -a.n;
  return out;
}

namespace {

core::Expected<Value> arithmetic(char op, const Value& a, const Value& b) {
  const std::string_view name(&op, 1);
  const bool nums = a.type == Type::num && b.type == Type::num;
  const bool times = a.type == Type::time && b.type == Type::time;
  std::int64_t r = 0;
  if (op == '+' || op == '-') {
    if (!nums && !times) return type_error(name, a, b);
    if (op == '+' ? __builtin_add_overflow(a.n, b.n, &r) : __builtin_sub_overflow(a.n, b.n, &r))
      return overflow(name);
    return times ? Value::time_ns(r) : Value::num(r);
  }
  if (op == '*') {
    const bool scaled =
        (a.type == Type::time && b.type == Type::num) || (a.type == Type::num && b.type == Type::time);
    if (!nums && !scaled) return type_error(name, a, b);
    if (__builtin_mul_overflow(a.n, b.n, &r)) return overflow(name);
    return scaled ? Value::time_ns(r) : Value::num(r);
  }
  // '/' and '%': num by num, time by num (a time), time by time (how many: a num, the rest: a time).
  const bool by_num = b.type == Type::num && (a.type == Type::num || a.type == Type::time);
  if (!by_num && !times) return type_error(name, a, b);
  if (b.n == 0) return make_error(Errc::bad_input, "division by zero");
  if (a.n == INT64_MIN && b.n == -1) return overflow(name);
  // Truncated, as 64-bit integers divide: for the non-negative timestamps and windows here, the floor.
  r = op == '/' ? a.n / b.n : a.n % b.n;
  if (op == '/' && times) return Value::num(r);
  return a.type == Type::time ? Value::time_ns(r) : Value::num(r);
}

}  // namespace

core::Expected<Value> binary(std::string_view op, const Value& a, const Value& b) {
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") return arithmetic(op[0], a, b);
  if (op == ".") return Value::str(to_text(a) + to_text(b));
  if (op == "=") return Value::boolean(equal(a, b));
  if (op == "!=") return Value::boolean(!equal(a, b));
  if (op == "&&" || op == "||") {
    if (a.type != Type::boolean || b.type != Type::boolean) return type_error(op, a, b);
    return Value::boolean(op == "&&" ? a.b && b.b : a.b || b.b);
  }
  if (op == "~") {
    if (b.type != Type::str) return type_error(op, a, b);
    auto m = regex_match(to_text(a), b.s);
    if (!m) return std::move(m).error();
    return Value::boolean(*m);
  }
  // < > <= >= between two nums, two times or two strings
  if (a.type != b.type || (a.type != Type::num && a.type != Type::time && a.type != Type::str))
    return type_error(op, a, b);
  const int c = a.type == Type::str ? a.s.compare(b.s) : (a.n < b.n ? -1 : a.n > b.n ? 1 : 0);
  if (op == "<") return Value::boolean(c < 0);
  if (op == ">") return Value::boolean(c > 0);
  if (op == "<=") return Value::boolean(c <= 0);
  if (op == ">=") return Value::boolean(c >= 0);
  return make_error(Errc::bad_input, "unknown operator '" + std::string(op) + "'");
}

core::Expected<bool> regex_match(std::string_view text, std::string_view pattern) {
  const bool head = !pattern.empty() && pattern.front() == '^';
  if (head) pattern.remove_prefix(1);
  bool tail = false;
  std::string literal_text;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size() &&
        std::string_view(".^$*+?()[]{}|\\/-").find(pattern[i + 1]) != std::string_view::npos) {
      literal_text.push_back(pattern[++i]);
    } else if (c == '$' && i + 1 == pattern.size()) {
      tail = true;
    } else if (std::string_view(".^$*+?()[]{}|\\").find(c) != std::string_view::npos) {
      return make_error(Errc::bad_input,
                        "the regular expression uses '" + std::string(1, c) +
                            "', which is outside the emulated subset (literal text, \\-escapes, ^ and $)");
    } else {
      literal_text.push_back(c);
    }
  }
  if (head && tail) return text == literal_text;
  if (head) return text.substr(0, literal_text.size()) == literal_text;
  if (tail)
    return text.size() >= literal_text.size() &&
           text.substr(text.size() - literal_text.size()) == literal_text;
  return text.find(literal_text) != std::string_view::npos;
}

}  // namespace knock::routeros::script
