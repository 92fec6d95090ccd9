#pragma once
// The knock options shared by `knock HOST STEP...`, `knock @NAME` and `knock run`.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "knock/cli/cli.hpp"
#include "knock/core/knocker.hpp"
#include "printer.hpp"

namespace knock::cli {

struct KnockFlags {
  bool udp = false;
  std::string delay = "0";
  std::string connect_timeout = "2s";
  bool ipv4 = false, ipv6 = false, both = false;
  std::string source;
  std::string verify;
  std::string verify_timeout = "2s";
  int retries = 2;
  bool reknock = false;
  bool dry_run = false, json = false, quiet = false, verbose = false, show_secrets = false;
};

// Adds the option groups (Timing, Addresses, Verify, Output) to `app`.
void define_knock_flags(CLI::App& app, KnockFlags& f);
// Sets `r`'s options from the flags: every flag (ad-hoc knocks), or only those given (`only_given`, for
// profiles, whose own settings stand unless overridden).
std::optional<core::Error> apply_knock_flags(const CLI::App& app, const KnockFlags& f, bool only_given,
                                             core::KnockRequest& r);
PrintOptions print_options(const KnockFlags& f);
// Knocks, prints, and on success runs `command` (with {host} {ip} {port}) in place of knock.
int knock_and_launch(core::KnockRequest r, const KnockFlags& f, const std::vector<std::string>& command,
                     Io& io);
// Options are --name and -n on every platform: on Windows, CLI11 would also take /name, and so mistake an
// absolute path such as /etc/export.rsc for an option.
void unix_style_options(CLI::App& app);
// Runs CLI11 on `args` (args[0] is the program name); returns an exit status when parsing ended the run
// (help, version, errors), else -1.
int parse(CLI::App& app, std::span<const std::string> args, Io& io, bool json);

}  // namespace knock::cli
