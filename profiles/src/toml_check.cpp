#include "toml_check.hpp"

#include <utility>
#include <vector>

namespace knock::profiles {
namespace {

constexpr const char* kTooDeep = "tables, arrays and dotted keys nested more than 64 deep";
static_assert(kMaxNesting == 64, "kTooDeep names the limit");
constexpr const char* kNonAscii = "a non-ASCII character outside a string or comment";
constexpr const char* kEscape = "a backslash before a non-ASCII character (no such escape)";
constexpr const char* kContinued =
    "a non-ASCII character after a backslash and whitespace in a multi-line string (toml++ 3.3 misreads it)";

bool non_ascii(char c) {
  return (static_cast<unsigned char>(c) & 0x80) != 0;
}

// Walks the text once with just enough of TOML's grammar to know where keys, headers, values, strings and
// comments are, adding up the depth toml++ would build at each point.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xef\xbb\xbf") i_ = 3;  // a byte order mark, which toml++ skips
  }

  struct Problem {
    int line, column;
    const char* what;
  };
  std::optional<Problem> first_problem() {
    while (i_ < s_.size() && !problem_) {
      switch (mode_) {
        case Mode::line_start:
          line_start();
          break;
        case Mode::key:
          key();
          break;
        case Mode::value:
          value();
          break;
      }
    }
    if (problem_) return Problem{line_, column_, problem_};
    return std::nullopt;
  }

 private:
  enum class Mode { line_start, key, value };
  struct Open {         // an array or inline table not yet closed
    bool table;         // an inline table, whose keys may be dotted
    int key_parts = 0;  // the parts of the key being defined in it
  };

  std::string_view s_;
  std::size_t i_ = 0;
  int line_ = 1, column_ = 1;
  Mode mode_ = Mode::line_start;
  int header_ = 0;   // the depth of the current [table] or [[array]] header
  int top_key_ = 0;  // the parts of the top-level key being defined
  std::vector<Open> open_;
  const char* problem_ = nullptr;  // at line_, column_

  char peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  void advance() {
    const auto c = static_cast<unsigned char>(s_[i_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xc0) != 0x80) {  // columns count characters, not UTF-8 continuation bytes
      ++column_;
    }
  }
  void check_depth() {
    int depth = header_ + top_key_;
    for (const auto& o : open_)
      depth += 1 + (o.table ? o.key_parts : 0);
    if (depth > kMaxNesting) problem_ = kTooDeep;
  }
  // Outside strings and comments.
  bool foreign() {
    if (non_ascii(peek())) problem_ = kNonAscii;
    return problem_ != nullptr;
  }
  int& key_parts() { return open_.empty() ? top_key_ : open_.back().key_parts; }

  void skip_comment() {
    while (i_ < s_.size() && peek() != '\n')
      advance();
  }
  // A string of any of TOML's four kinds, from its opening quote to past its closing one (or the end of the
  // line, for an unterminated one-line string).
  void skip_string() {
    const char q = peek();
    const bool multiline = peek(1) == q && peek(2) == q;
    for (int k = 0; k < (multiline ? 3 : 1); ++k)
      advance();
    while (i_ < s_.size()) {
      const char c = peek();
      if (c == '\n' && !multiline) return;
      if (c == '\\' && q == '"') {
        advance();
        if (non_ascii(peek())) {
          problem_ = kEscape;
          return;
        }
        if (multiline && blank(peek())) {
          // A line-ending backslash (or an attempt at one): toml++ asks of each character after it whether it
          // is whitespace, up to the first that is not.
          while (i_ < s_.size() && blank(peek()))
            advance();
          if (non_ascii(peek())) problem_ = kContinued;
          if (problem_) return;
          continue;
        }
        if (i_ < s_.size()) advance();
        continue;
      }
      if (c == q && (!multiline || (peek(1) == q && peek(2) == q))) {
        for (int k = 0; k < (multiline ? 3 : 1); ++k)
          advance();
        for (int k = 0; multiline && k < 2 && peek() == q; ++k)
          advance();  // """a""""" ends in two quotes
        return;
      }
      advance();
    }
  }
  static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  void line_start() {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return advance();
    if (c == '#') return skip_comment();
    if (foreign()) return;
    if (c != '[') {
      mode_ = Mode::key;
      top_key_ = 1;
      return check_depth();
    }
    // A [table] or [[array of tables]] header: one level per part, and one more for the array.
    advance();
    const bool array = peek() == '[';
    if (array) advance();
    header_ = 1 + (array ? 1 : 0);
    while (i_ < s_.size() && peek() != ']' && peek() != '\n' && !problem_) {
      if (peek() == '"' || peek() == '\'') {
        skip_string();
        continue;
      }
      if (foreign()) return;
      if (peek() == '.') {
        ++header_;
        check_depth();
        if (problem_) return;
      }
      advance();
    }
    top_key_ = 0;
    check_depth();
    // The rest of the header's line: the closing brackets, then at most a comment.
    while (!problem_ && i_ < s_.size() && peek() != '\n' && peek() != '#') {
      if (!foreign()) advance();
    }
  }

  void key() {
    const char c = peek();
    if (c == '"' || c == '\'') return skip_string();
    if (foreign()) return;
    if (c == '.') {
      ++key_parts();
      check_depth();
    } else if (c == '=') {
      mode_ = Mode::value;
    } else if (c == '}' && !open_.empty()) {  // {} or a trailing comma
      advance();
      return close();
    } else if (c == '\n' && open_.empty()) {
      mode_ = Mode::line_start;
      top_key_ = 0;
    }
    if (!problem_) advance();
  }

  void value() {
    const char c = peek();
    if (c == '"' || c == '\'') return skip_string();
    if (c == '#') return skip_comment();
    if (foreign()) return;
    if (c == '[' || c == '{') {
      open_.push_back({c == '{', c == '{' ? 1 : 0});
      if (c == '{') mode_ = Mode::key;
      check_depth();
      if (!problem_) advance();
      return;
    }
    if (!ends_token(c)) return bare_value();
    advance();
    if (c == ']' || c == '}') {
      close();
    } else if (c == ',' && !open_.empty() && open_.back().table) {
      open_.back().key_parts = 1;
      mode_ = Mode::key;
    } else if (c == '\n' && open_.empty()) {
      mode_ = Mode::line_start;
      top_key_ = 0;
    }
  }
  // A number, date or boolean. toml++ asks of each of its characters whether it ends the value (whitespace
  // among them), up to one that does: also past quotes, when the value is not valid.
  void bare_value() {
    while (i_ < s_.size() && !ends_token(peek()) && !foreign())
      advance();
  }
  static bool ends_token(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ']' || c == '}' || c == ',' || c == '#';
  }
  void close() {
    if (!open_.empty()) open_.pop_back();
    mode_ = Mode::value;  // what follows a closed array or table is the rest of a value
  }
};

}  // namespace

std::optional<core::Error> check_toml(std::string_view text, std::string_view source_name) {
  const auto p = Scanner(text).first_problem();
  if (!p) return std::nullopt;
  return core::make_error(core::Errc::store, std::string(source_name) + ": line " + std::to_string(p->line) +
                                                 ", column " + std::to_string(p->column) + ": " + p->what);
}

}  // namespace knock::profiles
