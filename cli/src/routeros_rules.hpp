#pragma once
// `knock routeros rules`: the options, the run, and what `rules` and `check` share (reading an export,
// reporting an error). The command's definition itself is in routeros_command.cpp.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "knock/routeros/config.hpp"
#include "session.hpp"

namespace knock::cli {

struct RulesOptions {
  std::vector<std::string> steps;
  std::vector<std::string> protect;
  std::vector<std::string> otp;  // one-time knocks: [NAME=]FILE, one per client
  std::string timeouts, delay = "0", list, name = "default", interface_list, blacklist_timeout, export_file,
                        otp_window;
  bool udp = false, ipv6 = false, anti_scan = false, no_drop = false, json = false, diff = false,
       remove = false;
};

void define_rules(CLI::App& rules, RulesOptions& o);
int run_rules(const RulesOptions& o, Io& io);
// `rules --otp`: the one-time knock layer (routeros_otp.cpp).
int run_otp_rules(const RulesOptions& o, Io& io);
// --timeouts 15s,3h: durations, comma-separated, in knock's or RouterOS's units.
core::Expected<std::vector<core::Duration>> timeouts_of(const std::string& text);

// "knock: MESSAGE" on stderr (and an "error" object on stdout with --json); returns the exit status.
int routeros_fail(Io& io, bool json, const core::Error& e);
std::string json_strings(const std::vector<std::string>& items);
// knock's durations (500ms, 16s) or RouterOS's (3h, 1d); the message names `option`.
core::Expected<core::Duration> parse_any_duration(std::string_view option, const std::string& text);

}  // namespace knock::cli
