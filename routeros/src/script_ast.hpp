#pragma once
// RouterOS scripts parsed for the interpreter: blocks of statements (script commands such as :if, menu
// commands such as /ip firewall filter set, menu lines that change the current menu), each part with the
// line and column it came from.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"
#include "knock/routeros/script.hpp"
#include "script_value.hpp"

namespace knock::routeros::script {

struct Block;

struct Node {  // an expression
  enum class Kind : std::uint8_t {
    literal,   // 30s, "text", knock-otp (a bare word)
    variable,  // $name
    text,      // "a $b c": parts, every other one a variable name
    unary,     // op, kids[0]
    binary,    // op, kids[0], kids[1]
    command,   // [ ... ]: the value of the commands in block
    block,     // { ... }: code (do=, source=, on-event=)
  } kind = Kind::literal;
  Position at;
  Value value;                     // literal
  std::string name;                // variable name, or the operator
  std::vector<std::string> parts;  // text: literal, variable, literal, variable, ...
  std::vector<Node> kids;
  std::shared_ptr<const Block> block;  // command, block
  std::string raw;                     // command, block: the source text between the brackets
  bool quoted = false;                 // a "..." string
};

struct Arg {
  std::string key;  // empty: a positional argument
  Node value;
  Position key_at;
};

struct Condition {           // find where PROP OP VALUE
  std::string property, op;  // op: = != ~
  Node value;
  Position at;
};

struct Stmt {
  enum class Kind : std::uint8_t { command, menu, path, block } kind = Kind::command;
  Position at;
  std::string name;  // command: "if", "local", ...; menu: the verb
  bool absolute = false;
  std::vector<std::string> path;  // menu and path: the menu words as written ("..": up one)
  std::vector<Arg> args;
  bool where = false;
  std::vector<Condition> conditions;
  std::shared_ptr<const Block> block;  // a { } statement
};

struct Block {
  std::vector<Stmt> statements;
  Position at;
};

// The script commands of the subset, the verbs menus know.
bool is_script_command(std::string_view name);
bool is_verb(std::string_view word);

struct ParseLimits {
  int max_depth = 64;  // nesting of blocks, brackets and parentheses
};

// Parses `text`; positions count from `origin` (line 1, column 1 for a file of its own).
core::Expected<std::shared_ptr<const Block>> parse_code(std::string_view text, Position origin = {1, 1},
                                                        ParseLimits limits = {});

}  // namespace knock::routeros::script
