// The interpreter's parser: RouterOS script text to blocks of statements. Continuation lines are joined as
// in exports; every node keeps its line and column. Anything the subset does not know is an error here or
// when it runs, never skipped.
#include <algorithm>
#include <array>
#include <cctype>

#include "script_ast.hpp"

namespace knock::routeros::script {
namespace {

using core::Errc;
using core::Expected;
using core::make_error;

constexpr std::array kCommands = {"local",  "global", "set",     "if",       "foreach", "while",
                                  "return", "log",    "put",     "len",      "pick",    "tonum",
                                  "tostr",  "typeof", "convert", "timestamp"};
constexpr std::array kVerbs = {"add",     "set", "remove", "find",  "get",  "print",   "export", "enable",
                               "disable", "run", "move",   "unset", "edit", "comment", "reset",  "import"};

// Characters with positions, continuation lines joined (a backslash at the end of a line).
class Reader {
 public:
  Reader(std::string_view text, Position origin) : t_(text), line_(origin.line), col_(origin.column) {}
  bool done() { return skip(), i_ >= t_.size(); }
  char peek() { return skip(), i_ < t_.size() ? t_[i_] : '\0'; }
  char peek2() { return skip(), i_ + 1 < t_.size() ? t_[i_ + 1] : '\0'; }
  Position pos() { return skip(), Position{line_, col_}; }
  std::size_t offset() { return skip(), i_; }
  std::string_view slice(std::size_t from, std::size_t to) const { return t_.substr(from, to - from); }
  char get() {
    skip();
    const char c = t_[i_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    return c;
  }
  void rest_of_line() {
    while (i_ < t_.size() && t_[i_] != '\n')
      get();
  }

 private:
  void skip() {
    for (;;) {
      if (i_ >= t_.size() || t_[i_] != '\\') return;
      std::size_t j = i_ + 1;
      if (j < t_.size() && t_[j] == '\r') ++j;
      if (j < t_.size() && t_[j] != '\n') return;
      i_ = std::min(j + 1, t_.size());
      ++line_;
      col_ = 1;
      while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t')) {
        ++i_;
        ++col_;
      }
    }
  }
  std::string_view t_;
  std::size_t i_ = 0;
  int line_, col_;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_key(std::string_view k) {
  return !k.empty() && std::isalpha(static_cast<unsigned char>(k[0])) &&
         std::all_of(k.begin(), k.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Parser {
 public:
  Parser(std::string_view text, Position origin, ParseLimits limits) : r_(text, origin), limits_(limits) {}

  Expected<std::shared_ptr<const Block>> block(char end) {
    if (++depth_ > limits_.max_depth)
      return error(r_.pos(), "nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    auto b = std::make_shared<Block>();
    b->at = r_.pos();
    for (;;) {
      while (!r_.done() && (is_space(r_.peek()) || r_.peek() == '\n' || r_.peek() == ';'))
        r_.get();
      if (r_.done()) {
        if (end != '\0') return error(b->at, std::string("unclosed '") + (end == '}' ? '{' : '[') + "'");
        break;
      }
      if (r_.peek() == end && end != '\0') break;
      if (r_.peek() == '}' || r_.peek() == ']')
        return error(r_.pos(), std::string("unexpected '") + r_.peek() + "'");
      auto s = statement(end);
      if (!s) return std::move(s).error();
      if (*s) b->statements.push_back(std::move(**s));
    }
    --depth_;
    return std::shared_ptr<const Block>(std::move(b));
  }

 private:
  core::Error error(Position p, const std::string& what) const {
    return make_error(Errc::bad_input, where(p) + ": " + what);
  }
  bool at_end(char end) {
    if (r_.done()) return true;
    const char c = r_.peek();
    return c == '\n' || c == ';' || (end != '\0' && c == end);
  }
  void spaces() {
    while (!r_.done() && is_space(r_.peek()))
      r_.get();
  }

  Expected<std::optional<Stmt>> statement(char end) {
    Stmt s;
    s.at = r_.pos();
    const char c = r_.peek();
    if (c == '#') {
      r_.rest_of_line();
      return std::optional<Stmt>{};
    }
    if (c == '{') {
      r_.get();
      auto b = block('}');
      if (!b) return std::move(b).error();
      r_.get();
      s.kind = Stmt::Kind::block;
      s.block = std::move(*b);
      return std::optional<Stmt>(std::move(s));
    }
    if (c == ':') {
      r_.get();
      std::string name;
      while (!r_.done() && std::isalpha(static_cast<unsigned char>(r_.peek())))
        name.push_back(r_.get());
      if (!is_script_command(name)) {
        return error(s.at,
                     "':" + name +
                         "' is outside the emulated subset (:local :global :set :if :foreach :while :return "
                         ":log :put :len :pick :tonum :tostr :typeof :convert :timestamp)");
      }
      s.kind = Stmt::Kind::command;
      s.name = std::move(name);
      if (auto e = arguments(s, end)) return *e;
      return std::optional<Stmt>(std::move(s));
    }
    return menu_statement(std::move(s), end);
  }

  Expected<std::optional<Stmt>> menu_statement(Stmt s, char end) {
    s.kind = Stmt::Kind::path;
    for (;;) {
      spaces();
      if (at_end(end)) return std::optional<Stmt>(std::move(s));
      const Position at = r_.pos();
      const std::size_t start = r_.offset();
      std::string word;
      while (!r_.done() && !is_space(r_.peek()) && !at_end(end) && r_.peek() != '=' && r_.peek() != '"' &&
             r_.peek() != '[' && r_.peek() != '(' && r_.peek() != '{' && r_.peek() != '$')
        word.push_back(r_.get());
      if (word.empty() || (!r_.done() && (r_.peek() == '=' || r_.peek() == '"'))) {
        return error(at, "expected a menu or a command such as add, set or find, found '" +
                             std::string(r_.slice(start, r_.offset())) +
                             (r_.done() ? "" : std::string(1, r_.peek())) + "'");
      }
      if (is_verb(word) || (word.find('/') == std::string::npos && arguments_follow(end))) {
        s.kind = Stmt::Kind::menu;
        s.name = std::move(word);
        s.at = at;
        if (auto e = arguments(s, end)) return *e;
        return std::optional<Stmt>(std::move(s));
      }
      if (s.path.empty() && word.front() == '/') s.absolute = true;
      std::string part;
      for (char ch : word + "/") {
        if (ch != '/') {
          part.push_back(ch);
        } else if (!part.empty()) {
          s.path.push_back(std::move(part));
          part.clear();
        }
      }
    }
  }

  // Whether the next word is an argument (key=value or a value), which makes the word before it a command
  // (/tool fetch url=...): commands the subset does not have still parse, and fail when they run.
  bool arguments_follow(char end) {
    const Reader saved = r_;
    spaces();
    bool args = false;
    if (!at_end(end)) {
      if (std::string_view("\"[({$").find(r_.peek()) != std::string_view::npos) {
        args = true;
      } else {
        while (!r_.done() && !is_space(r_.peek()) && !at_end(end) && r_.peek() != '=')
          r_.get();
        args = !r_.done() && r_.peek() == '=';
      }
    }
    r_ = saved;
    return args;
  }

  std::optional<core::Error> arguments(Stmt& s, char end) {
    for (;;) {
      spaces();
      if (at_end(end)) return std::nullopt;
      Arg a;
      a.key_at = r_.pos();
      const char c = r_.peek();
      if (c != '"' && c != '[' && c != '(' && c != '{' && c != '$') {
        std::string word;
        while (!r_.done() && !is_space(r_.peek()) && !at_end(end) && r_.peek() != '=' && r_.peek() != ']' &&
               r_.peek() != '}')
          word.push_back(r_.get());
        if (!r_.done() && r_.peek() == '=' && is_key(word)) {
          r_.get();
          a.key = std::move(word);
          auto v = value(end);
          if (!v) return std::move(v).error();
          a.value = std::move(*v);
        } else if (word == "where" && s.kind == Stmt::Kind::menu && s.name == "find" && !s.where) {
          s.where = true;
          if (auto e = conditions(s, end)) return e;
          return std::nullopt;
        } else {
          // What stopped the word is neither a space nor this statement's end: a stray = ] or } (left
          // where it is, the loop would never move on).
          if (!r_.done() && !is_space(r_.peek()) && !at_end(end))
            return error(a.key_at,
                         "'" + word + std::string(1, r_.peek()) + "...' is not a key=value or a value");
          a.value = bare(std::move(word), a.key_at);
        }
      } else {
        auto v = value(end);
        if (!v) return std::move(v).error();
        a.value = std::move(*v);
      }
      s.args.push_back(std::move(a));
    }
  }

  std::optional<core::Error> conditions(Stmt& s, char end) {
    for (;;) {
      spaces();
      if (at_end(end) || r_.peek() == ']') {
        if (s.conditions.empty()) return error(r_.pos(), "find where: no condition");
        return std::nullopt;
      }
      Condition c;
      c.at = r_.pos();
      while (!r_.done() && (std::isalnum(static_cast<unsigned char>(r_.peek())) || r_.peek() == '-'))
        c.property.push_back(r_.get());
      if (r_.peek() == '=' || r_.peek() == '~') {
        c.op = std::string(1, r_.get());
      } else if (r_.peek() == '!' && r_.peek2() == '=') {
        r_.get();
        r_.get();
        c.op = "!=";
      }
      if (c.property.empty() || c.op.empty())
        return error(c.at, "find where: expected PROPERTY=VALUE, PROPERTY!=VALUE or PROPERTY~REGEX");
      auto v = value(end);
      if (!v) return std::move(v).error();
      c.value = std::move(*v);
      s.conditions.push_back(std::move(c));
      spaces();
      if (r_.peek() == '&' && r_.peek2() == '&') {
        r_.get();
        r_.get();
      } else if (r_.peek() == 'a' && r_.peek2() == 'n') {
        const Position at = r_.pos();
        std::string w;
        while (!r_.done() && std::isalpha(static_cast<unsigned char>(r_.peek())))
          w.push_back(r_.get());
        if (w != "and") return error(at, "find where: conditions are joined with 'and' (found '" + w + "')");
      } else if (!at_end(end) && r_.peek() != ']') {
        return error(r_.pos(),
                     "find where: conditions are joined with 'and' (or, not and parentheses are "
                     "outside the emulated subset)");
      }
    }
  }

  Node bare(std::string word, Position at) {
    Node n;
    n.at = at;
    n.kind = Node::Kind::literal;
    auto lit = literal(word);
    n.value = lit ? *lit : Value::str(std::move(word));
    return n;
  }

  // An argument's value: "text", [command], (expression), {code}, $variable or a bare word.
  Expected<Node> value(char end) {
    const Position at = r_.pos();
    const char c = r_.done() ? '\0' : r_.peek();
    Expected<Node> n = Node{};
    if (c == '"') {
      n = string_literal();
    } else if (c == '[' || c == '{') {
      n = bracketed(c);
    } else if (c == '(') {
      r_.get();
      n = expression(0);
      if (n && (r_.done() || r_.peek() != ')')) return error(at, "unclosed '(' (a ')' is missing)");
      if (n) r_.get();
    } else if (c == '$') {
      n = variable();
    } else {
      std::string word;
      while (!r_.done() && !is_space(r_.peek()) && !at_end(end) && r_.peek() != ']' && r_.peek() != '}') {
        if (std::string_view("\"[({$").find(r_.peek()) != std::string_view::npos)
          return error(r_.pos(), "'" + std::string(1, r_.peek()) +
                                     "' inside a word: quote it or build it with (\"a\" . $b)");
        word.push_back(r_.get());
      }
      return bare(std::move(word), at);
    }
    if (!n) return n;
    if (!r_.done() && !is_space(r_.peek()) && !at_end(end) && r_.peek() != ']' && r_.peek() != '}')
      return error(r_.pos(),
                   "'" + std::string(1, r_.peek()) + "' right after a value: put a space between values");
    return n;
  }

  Expected<Node> variable() {
    Node n;
    n.at = r_.pos();
    r_.get();  // $
    n.kind = Node::Kind::variable;
    while (!r_.done() && is_name_char(r_.peek()))
      n.name.push_back(r_.get());
    if (n.name.empty())
      return error(n.at, "'$' without a variable name ($\"...\" and $(...) are outside the emulated subset)");
    return n;
  }

  Expected<Node> bracketed(char open) {
    Node n;
    n.at = r_.pos();
    r_.get();
    const std::size_t from = r_.offset();
    auto b = block(open == '[' ? ']' : '}');
    if (!b) return std::move(b).error();
    n.raw = std::string(r_.slice(from, r_.offset()));
    r_.get();
    n.kind = open == '[' ? Node::Kind::command : Node::Kind::block;
    n.block = std::move(*b);
    return n;
  }

  Expected<Node> string_literal() {
    Node n;
    n.at = r_.pos();
    n.quoted = true;
    r_.get();
    std::string cur;
    for (;;) {
      if (r_.done() || r_.peek() == '\n') return error(n.at, "unterminated string (a \" is missing)");
      const char c = r_.get();
      if (c == '"') break;
      if (c == '$') {
        std::string name;
        while (!r_.done() && is_name_char(r_.peek()))
          name.push_back(r_.get());
        if (name.empty())
          return error(r_.pos(), "'$' in a string without a variable name (write \\$ for a dollar)");
        n.parts.push_back(std::move(cur));
        n.parts.push_back(std::move(name));
        cur.clear();
        continue;
      }
      if (c != '\\') {
        cur.push_back(c);
        continue;
      }
      const Position esc = r_.pos();
      if (r_.done()) return error(esc, "unterminated string");
      const char e = r_.get();
      switch (e) {
        case 'n':
          cur.push_back('\n');
          break;
        case 'r':
          cur.push_back('\r');
          break;
        case 't':
          cur.push_back('\t');
          break;
        case '_':
          cur.push_back(' ');
          break;
        case 'a':
          cur.push_back('\a');
          break;
        case 'b':
          cur.push_back('\b');
          break;
        case 'f':
          cur.push_back('\f');
          break;
        case 'v':
          cur.push_back('\v');
          break;
        case '"':
        case '\\':
        case '$':
        case '?':
          cur.push_back(e);
          break;
        default: {
          const int hi = hex_digit(e), lo = r_.done() ? -1 : hex_digit(r_.peek());
          if (hi < 0 || lo < 0) return error(esc, "unknown escape \\" + std::string(1, e) + " in a string");
          r_.get();
          cur.push_back(static_cast<char>(hi * 16 + lo));
        }
      }
    }
    if (n.parts.empty()) {
      n.kind = Node::Kind::literal;
      n.value = Value::str(std::move(cur));
    } else {
      n.kind = Node::Kind::text;
      n.parts.push_back(std::move(cur));
    }
    return n;
  }

  static int precedence(std::string_view op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "=" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=" || op == "~") return 3;
    if (op == ".") return 4;
    if (op == "+" || op == "-") return 5;
    if (op == "*" || op == "/" || op == "%") return 6;
    return 0;
  }

  std::string peek_operator() {
    const char a = r_.peek(), b = r_.peek2();
    for (const char* two : {"||", "&&", "!=", "<=", ">="}) {
      if (a == two[0] && b == two[1]) return two;
    }
    if (std::string_view("=<>~.+-*/%").find(a) != std::string_view::npos && a != '\0')
      return std::string(1, a);
    return "";
  }

  void expression_space() {
    while (!r_.done() && (is_space(r_.peek()) || r_.peek() == '\n'))
      r_.get();
  }

  Expected<Node> expression(int min) {
    if (++depth_ > limits_.max_depth)
      return error(r_.pos(), "nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    auto left = primary();
    if (!left) return left;
    for (;;) {
      expression_space();
      if (r_.done() || r_.peek() == ')') break;
      const Position at = r_.pos();
      const std::string op = peek_operator();
      const int p = precedence(op);
      if (p == 0)
        return error(
            at, "expected an operator or ')' in the expression, found '" + std::string(1, r_.peek()) + "'");
      if (p <= min) break;
      for (std::size_t i = 0; i < op.size(); ++i)
        r_.get();
      auto right = expression(p);
      if (!right) return right;
      Node n;
      n.kind = Node::Kind::binary;
      n.at = at;
      n.name = op;
      n.kids.push_back(std::move(*left));
      n.kids.push_back(std::move(*right));
      left = std::move(n);
    }
    --depth_;
    return left;
  }

  Expected<Node> primary() {
    expression_space();
    const Position at = r_.pos();
    if (r_.done()) return error(at, "the expression ends too early");
    const char c = r_.peek();
    if (c == '!' || c == '-') {
      r_.get();
      auto operand = primary();
      if (!operand) return operand;
      Node n;
      n.kind = Node::Kind::unary;
      n.at = at;
      n.name = std::string(1, c);
      n.kids.push_back(std::move(*operand));
      return n;
    }
    if (c == '(') {
      r_.get();
      auto inner = expression(0);
      if (!inner) return inner;
      expression_space();
      if (r_.done() || r_.peek() != ')') return error(at, "unclosed '(' (a ')' is missing)");
      r_.get();
      return inner;
    }
    if (c == '[') return bracketed('[');
    if (c == '"') return string_literal();
    if (c == '$') return variable();
    std::string word;
    while (!r_.done() && (std::isalnum(static_cast<unsigned char>(r_.peek())) || r_.peek() == ':'))
      word.push_back(r_.get());
    auto lit = literal(word);
    if (!lit) {
      return error(
          at, word.empty()
                  ? "unexpected '" + std::string(1, c) + "' in an expression"
                  : "'" + word + "' in an expression is not a number, a time, true or false (quote text)");
    }
    Node n;
    n.at = at;
    n.value = std::move(*lit);
    return n;
  }

  Reader r_;
  ParseLimits limits_;
  int depth_ = 0;
};

}  // namespace

bool is_script_command(std::string_view name) {
  return std::find(kCommands.begin(), kCommands.end(), name) != kCommands.end();
}

bool is_verb(std::string_view word) {
  return std::find(kVerbs.begin(), kVerbs.end(), word) != kVerbs.end();
}

Expected<std::shared_ptr<const Block>> parse_code(std::string_view text, Position origin,
                                                  ParseLimits limits) {
  Parser p(text, origin, limits);
  return p.block('\0');
}

}  // namespace knock::routeros::script
