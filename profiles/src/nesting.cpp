#include "nesting.hpp"

#include <utility>
#include <vector>

namespace knock::profiles {
namespace {

// Walks the text once with just enough of TOML's grammar to know where keys, headers and values are
// (strings and comments are skipped whole), adding up the depth toml++ would build at each point.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  // The position (line, column) where the depth first passes kMaxNesting, if it does.
  std::optional<std::pair<int, int>> too_deep() {
    while (i_ < s_.size() && !deep_) {
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
    if (deep_) return std::pair{line_, column_};
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
  bool deep_ = false;

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
  void check() {
    int depth = header_ + top_key_;
    for (const auto& o : open_)
      depth += 1 + (o.table ? o.key_parts : 0);
    if (depth > kMaxNesting) deep_ = true;
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

  void line_start() {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return advance();
    if (c == '#') return skip_comment();
    if (c != '[') {
      mode_ = Mode::key;
      top_key_ = 1;
      return check();
    }
    // A [table] or [[array of tables]] header: one level per part, and one more for the array.
    advance();
    const bool array = peek() == '[';
    if (array) advance();
    header_ = 1 + (array ? 1 : 0);
    while (i_ < s_.size() && peek() != ']' && peek() != '\n' && !deep_) {
      if (peek() == '"' || peek() == '\'') {
        skip_string();
        continue;
      }
      if (peek() == '.') {
        ++header_;
        check();
        if (deep_) return;
      }
      advance();
    }
    top_key_ = 0;
    check();
    if (!deep_) skip_comment();  // the rest of the header's line
  }

  void key() {
    const char c = peek();
    if (c == '"' || c == '\'') return skip_string();
    if (c == '.') {
      ++key_parts();
      check();
    } else if (c == '=') {
      mode_ = Mode::value;
    } else if (c == '}' && !open_.empty()) {  // {} or a trailing comma
      advance();
      return close();
    } else if (c == '\n' && open_.empty()) {
      mode_ = Mode::line_start;
      top_key_ = 0;
    }
    if (!deep_) advance();
  }

  void value() {
    const char c = peek();
    if (c == '"' || c == '\'') return skip_string();
    if (c == '#') return skip_comment();
    if (c == '[' || c == '{') {
      open_.push_back({c == '{', c == '{' ? 1 : 0});
      if (c == '{') mode_ = Mode::key;
      check();
      if (!deep_) advance();
      return;
    }
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
  void close() {
    if (!open_.empty()) open_.pop_back();
    mode_ = Mode::value;  // what follows a closed array or table is the rest of a value
  }
};

}  // namespace

std::optional<core::Error> check_nesting(std::string_view text, std::string_view source_name) {
  const auto at = Scanner(text).too_deep();
  if (!at) return std::nullopt;
  return core::make_error(core::Errc::store, std::string(source_name) + ": line " +
                                                 std::to_string(at->first) + ", column " +
                                                 std::to_string(at->second) +
                                                 ": tables, arrays and dotted keys nested more than " +
                                                 std::to_string(kMaxNesting) + " deep");
}

}  // namespace knock::profiles
