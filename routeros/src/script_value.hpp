#pragma once
// The values of RouterOS scripting as the interpreter models them: nothing, num (64-bit), str, bool, time
// (nanoseconds), id (an item of a menu) and array. Arithmetic and comparisons are strict: a mix RouterOS
// would have to guess about is an error, never a silent conversion.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"

namespace knock::routeros::script {

enum class Type : std::uint8_t { nothing, num, str, boolean, time, id, array };

// Which menu an id belongs to: a rule or an entry of a table (and its family), a script, a scheduler entry,
// a global variable.
enum class ItemKind : std::uint8_t { rule, entry, script, scheduler, env };

struct Value {
  Type type = Type::nothing;
  std::int64_t n = 0;  // num; time in nanoseconds; an id's number
  bool b = false;
  ItemKind item = ItemKind::rule;
  std::uint8_t menu = 0;  // an id's table and family (rules and entries)
  std::string s;
  std::shared_ptr<std::vector<Value>> items;  // array

  static Value num(std::int64_t v);
  static Value str(std::string v);
  static Value boolean(bool v);
  static Value time_ns(std::int64_t ns);
  static Value id(ItemKind kind, std::uint8_t menu, std::uint64_t number);
  static Value array(std::vector<Value> v = {});
};

std::string_view type_name(Type t);  // as :typeof says it: "nothing", "num", "str", "bool", "time", ...
// :tostr, and what a value becomes in a command's argument (dst-port=$p).
std::string to_text(const Value& v);
// RouterOS's time format: 1w2d03:04:05, 00:00:30, 00:00:00.5
std::string format_time(std::int64_t ns);
// A literal word: a number (42, -7, 0x1F), a time (30s, 1h30m, 500ms, 00:01:00), true or false; else none.
std::optional<Value> literal(std::string_view word);

// Operators; errors say what was wrong in plain words (no values: they may be secrets).
core::Expected<Value> binary(std::string_view op, const Value& a, const Value& b);
core::Expected<Value> unary(std::string_view op, const Value& a);
// =, != between any two values (different types are not equal).
bool equal(const Value& a, const Value& b);

// A regular expression of the subset the interpreter runs: literal characters, \-escaped punctuation, ^ and $
// anchors. Anything else is an error rather than a guess at POSIX semantics.
core::Expected<bool> regex_match(std::string_view text, std::string_view pattern);

}  // namespace knock::routeros::script
