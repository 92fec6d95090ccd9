#include "knock/routeros/script.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace knock::routeros {
namespace {

using core::Errc;
using core::make_error;

constexpr std::array kVerbs = {
    "add",     "set",     "remove", "print", "export",         "enable",
    "disable", "comment", "move",   "unset", "edit",           "find",
    "get",     "reset",   "import", "run",   "reset-counters", "reset-counters-all"};

bool is_verb(std::string_view w) {
  return std::find(kVerbs.begin(), kVerbs.end(), w) != kVerbs.end();
}

struct Token {
  std::string text;  // unescaped
  std::string key;   // for key=value tokens
  bool has_equals = false;
  bool quoted = false;   // the value (or the whole word) was quoted
  bool bracket = false;  // a [ ... ] or ( ... ) or { ... } expression
  Position at, value_at;
};

// A character-level reader that joins continuation lines (a backslash before the end of a line joins it
// with the next, whose leading white space is dropped) and remembers where each character came from.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool done() { return skip_continuations(), i_ >= text_.size(); }
  char peek() {
    skip_continuations();
    return i_ < text_.size() ? text_[i_] : '\0';
  }
  // Skips to the end of the physical line, continuations not honoured (comments end at the line's end).
  void skip_rest_of_line() {
    while (i_ < text_.size() && text_[i_] != '\n') {
      ++i_;
      ++col_;
    }
  }
  Position pos() {
    skip_continuations();
    return {line_, col_};
  }
  char get() {
    skip_continuations();
    const char c = text_[i_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    return c;
  }

 private:
  bool at_continuation() const {
    if (i_ >= text_.size() || text_[i_] != '\\') return false;
    std::size_t j = i_ + 1;
    if (j < text_.size() && text_[j] == '\r') ++j;
    return j >= text_.size() || text_[j] == '\n';
  }
  void skip_continuations() {
    while (at_continuation()) {
      ++i_;
      if (i_ < text_.size() && text_[i_] == '\r') ++i_;
      if (i_ < text_.size()) ++i_;  // the newline
      ++line_;
      col_ = 1;
      while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t')) {
        ++i_;
        ++col_;
      }
    }
  }

  std::string_view text_;
  std::size_t i_ = 0;
  int line_ = 1, col_ = 1;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a quoted string after its opening quote; returns an error position on failure.
core::Expected<std::string> read_quoted(Reader& r, Position start) {
  std::string out;
  for (;;) {
    if (r.done() || r.peek() == '\n') {
      return make_error(Errc::bad_input, where(start) + ": unterminated string (a \" is missing)");
    }
    const char c = r.get();
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    const Position esc = r.pos();
    if (r.done()) return make_error(Errc::bad_input, where(esc) + ": unterminated string");
    const char e = r.get();
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case '_':
        out.push_back(' ');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '"':
      case '\\':
      case '$':
      case '?':
        out.push_back(e);
        break;
      default: {
        const int hi = hex_digit(e);
        const int lo = hex_digit(r.peek());
        if (hi < 0 || lo < 0) {
          return make_error(Errc::bad_input,
                            where(esc) + ": unknown escape \\" + std::string(1, e) +
                                " in a string (expected \\\", \\\\, \\n, \\r, \\t, \\$, \\_ or \\XX)");
        }
        r.get();
        out.push_back(static_cast<char>(hi * 16 + lo));
      }
    }
  }
}

// A bracketed expression, kept as text: [ find where comment="x" ], (1+2), { ... } (may span lines).
core::Expected<std::string> read_bracketed(Reader& r, Position start) {
  std::string out;
  std::vector<char> closing;
  bool in_string = false;
  while (!r.done()) {
    const char c = r.get();
    out.push_back(c);
    if (in_string) {
      if (c == '\\' && !r.done())
        out.push_back(r.get());
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[')
      closing.push_back(']');
    else if (c == '(')
      closing.push_back(')');
    else if (c == '{')
      closing.push_back('}');
    else if (!closing.empty() && c == closing.back()) {
      closing.pop_back();
      if (closing.empty()) return out;
    }
  }
  return make_error(Errc::bad_input,
                    where(start) + ": unclosed '" + std::string(1, out.empty() ? '[' : out[0]) + "'");
}

// One logical line (up to a newline or ';' outside strings and brackets) as tokens; comments dropped.
core::Expected<std::vector<Token>> read_statement(Reader& r) {
  std::vector<Token> tokens;
  for (;;) {
    while (!r.done() && (r.peek() == ' ' || r.peek() == '\t' || r.peek() == '\r'))
      r.get();
    if (r.done()) return tokens;
    const char c = r.peek();
    if (c == '\n' || c == ';') {
      r.get();
      return tokens;
    }
    if (c == '#') {  // a comment runs to the end of the physical line
      r.skip_rest_of_line();
      continue;
    }
    Token t;
    t.at = r.pos();
    if (c == '[' || c == '(' || c == '{') {
      auto text = read_bracketed(r, t.at);
      if (!text) return std::move(text).error();
      t.text = std::move(*text);
      t.bracket = true;
      tokens.push_back(std::move(t));
      continue;
    }
    // A word: bare characters and quoted parts, up to white space; key=value when '=' comes unquoted.
    bool in_value = false;
    std::string* part = &t.text;
    for (;;) {
      if (r.done()) break;
      const char d = r.peek();
      if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == ';') break;
      if (d == '"') {
        const Position q = r.pos();
        r.get();
        auto s = read_quoted(r, q);
        if (!s) return std::move(s).error();
        *part += *s;
        t.quoted = true;
        continue;
      }
      if ((d == '[' || d == '(') && in_value && part->empty()) {  // key=[ expression ]
        auto text = read_bracketed(r, r.pos());
        if (!text) return std::move(text).error();
        *part += *text;
        t.bracket = true;
        continue;
      }
      r.get();
      if (d == '=' && !t.has_equals && !t.quoted) {
        t.has_equals = true;
        t.key = std::move(t.text);
        t.text.clear();
        part = &t.text;
        t.value_at = r.pos();
        in_value = true;
        continue;
      }
      part->push_back(d);
    }
    tokens.push_back(std::move(t));
  }
}

std::vector<std::string> split_path(std::string_view word) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : word) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) parts.push_back(std::move(cur));
  return parts;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::string where(Position p) {
  return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

core::Expected<Script> parse_script(std::string_view text) {
  Script script;
  Reader reader(text);
  std::vector<std::string> menu;
  while (!reader.done()) {
    auto statement = read_statement(reader);
    if (!statement) return std::move(statement).error();
    auto& tokens = *statement;
    if (tokens.empty()) continue;
    const Token& first = tokens.front();
    if (!first.text.empty() && first.text[0] == ':' && !first.has_equals) {
      script.notes.push_back(where(first.at) + ": skipped script command " + first.text);
      ++script.script_commands;
      continue;
    }
    // Menu words come first: an absolute path (/ip firewall filter, /ip/firewall/filter) or, after a
    // menu line, words relative to it; then the verb; then arguments.
    const bool absolute = !first.has_equals && !first.quoted && !first.text.empty() && first.text[0] == '/';
    std::vector<std::string> here = absolute ? std::vector<std::string>{} : menu;
    std::size_t i = 0;
    for (; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      if (t.has_equals || t.bracket || t.quoted || is_verb(t.text)) break;
      for (auto& word : split_path(t.text)) {
        if (word == "..") {
          if (!here.empty()) here.pop_back();
        } else {
          here.push_back(std::move(word));
        }
      }
    }
    if (i == tokens.size()) {  // a menu line
      menu = here;
      continue;
    }
    const Token& verb = tokens[i];
    if (!is_verb(verb.text) || verb.has_equals) {
      return make_error(Errc::bad_input, where(verb.at) + ": expected a command such as add or set, found '" +
                                             (verb.has_equals ? verb.key + "=" : verb.text) + "'");
    }
    Command cmd;
    cmd.menu = join(here);
    cmd.verb = verb.text;
    cmd.at = verb.at;
    for (++i; i < tokens.size(); ++i) {
      Token& t = tokens[i];
      Argument a;
      if (t.has_equals) {
        a.key = std::move(t.key);
        a.value_at = t.value_at;
      } else {
        a.value_at = t.at;
      }
      a.value = std::move(t.text);
      a.quoted = t.quoted;
      a.key_at = t.at;
      cmd.args.push_back(std::move(a));
    }
    script.commands.push_back(std::move(cmd));
  }
  return script;
}

}  // namespace knock::routeros
