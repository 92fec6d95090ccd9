#pragma once
// `knock routeros`'s insides, shared by its fixed-sequence part (routeros_command.cpp) and its one-time
// knock part (routeros_otp.cpp).
#include <string>
#include <vector>

#include "knock/cli/cli.hpp"
#include "knock/routeros/check.hpp"
#include "routeros_rules.hpp"

namespace knock::cli {

struct CheckOptions {
  std::string file;
  std::vector<std::string> steps;
  std::string from = "127.0.0.1", to, protect = "tcp:8291", delay = "0", after = "0", interface;
  std::vector<std::string> interface_lists;
  std::string otp, at, otp_window;
  bool udp = false, json = false, verbose = false;
};

int fail(Io& io, bool json, const core::Error& e);
core::Expected<core::Duration> duration(std::string_view option, const std::string& text);
// --from, --to, --interface, --interface-list: where the check's knock comes from and goes to.
core::Status check_view(const CheckOptions& o, IpAddress& from, routeros::ViewOverrides& view);
// A check's result, as text or JSON; `headline` says what was knocked. Returns the exit status.
int print_check(const CheckOptions& o, Io& io, const routeros::Config& config, const routeros::CheckResult& r,
                const std::string& headline);

int run_otp_check(const CheckOptions& o, Io& io);

}  // namespace knock::cli
