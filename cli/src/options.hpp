#pragma once
// The knock options shared by `knock HOST STEP...`, `knock @NAME` and `knock run`, parsed into typed values
// while CLI11 parses (a bad value is rejected with a message naming the option), and the parse itself.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "knock/actions/knock.hpp"
#include "printer.hpp"
#include "session.hpp"

namespace knock::cli {

struct KnockOptions {
  actions::Overrides overrides;  // only what was given: a profile's own settings stand otherwise
  bool udp = false;              // bare PORT steps are UDP (knockd's -u)
  PrintOptions print;
};

// Which options the words of a command line can name. CLI11 spends more on defining knock's options than
// the knock itself takes (bench/run.sh, 1b), so a command defines only these; --help, -h and the completion
// scripts want all. The parse is the same either way: CLI11 looks an option up only by a name spelt out in
// a word (a long name before any =, the letters of a -abc cluster; also -4 in -40s, which decides whether
// -40s is a value), and none of these options does anything unless given. Every word counts, those after a
// -- too: "--" can be an option's value (--source --).
class Named {
 public:
  explicit Named(std::span<const std::string> words);  // words[0] is the program name
  static Named all();
  bool operator()(std::string_view names) const;  // "-d,--delay": can a word name -d or --delay?

 private:
  bool all_ = false;
  std::string shorts_;              // every letter of every -abc word
  std::vector<std::string> longs_;  // the name of every --name and --name=value word
};

// Adds the option groups (Timing, Addresses, Verify, One-time knocks, Output) to `app`: those `named`.
void define_knock_options(CLI::App& app, KnockOptions& o, const Named& named);

// --keep-open INTERVAL|auto, for the commands that launch (knock HOST ..., knock @NAME).
void define_keep_open(CLI::App& app, KnockOptions& o, const Named& named);

// Options are --name and -n on every platform: on Windows, CLI11 would also take /name, and so mistake an
// absolute path such as /etc/export.rsc for an option.
void unix_style_options(CLI::App& app);
// Runs CLI11 on `args` (args[0] is the program name); returns an exit status when parsing ended the run
// (help, version, errors), else -1. With `json`, errors are an "error" event too.
int parse(CLI::App& app, std::span<const std::string> args, Io& io, bool json);
// Is --json among the words (before any --)? Errors found while parsing are then reported as JSON.
bool wants_json(std::span<const std::string> args);

// An option whose text is parsed once, into a typed value; the parser's message names the option.
template <class T, class Parse>
CLI::Option* typed_option(CLI::App& app, const std::string& name, std::optional<T>& out, Parse parse,
                          const std::string& help) {
  return app.add_option_function<std::string>(
      name,
      [&out, parse](const std::string& text) {
        auto value = parse(text);
        if (!value) throw CLI::ValidationError(value.error().message);
        out = std::move(*value);
      },
      help);
}

// Names the values an option takes, as "{a,b}" (what the completion scripts offer), and refuses nothing: the
// option's own parser refuses a bad one, with its own message.
CLI::Validator offers(const std::vector<std::string>& values);

// Durations: "--delay: 'x' is not a duration ..."; `positive` refuses 0.
std::function<core::Expected<core::Duration>(const std::string&)> duration_parser(std::string option,
                                                                                  bool positive);

// `args` split at the first "--": the words before it, and the command after it (if there was a "--").
struct DashSplit {
  std::vector<std::string> own;
  std::optional<std::vector<std::string>> command;
};
DashSplit split_at_dashes(std::span<const std::string> args);

}  // namespace knock::cli
