#pragma once
// RouterOS scripts and `/export` output, read into commands: menu context, verb, key=value arguments, each
// with the line and column it came from in the original text (continuation lines included).
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"

namespace knock::routeros {

struct Position {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

struct Argument {
  std::string key;    // "chain"; empty for a positional word such as "[ find ... ]"
  std::string value;  // unquoted and unescaped
  bool quoted = false;
  Position key_at, value_at;
};

struct Command {
  std::string menu;  // "ip firewall filter" (words joined by single spaces, whatever the path style)
  std::string verb;  // "add", "set", "remove", ...
  std::vector<Argument> args;
  Position at;
};

struct Script {
  std::vector<Command> commands;
  std::vector<std::string> notes;   // what was skipped and where, for --verbose
  std::size_t script_commands = 0;  // :global, :if, ... (skipped)
};

// Errors name the line and column: "line 7, column 12: unterminated string".
core::Expected<Script> parse_script(std::string_view text);

// "line 7, column 12"
std::string where(Position p);

}  // namespace knock::routeros
