#pragma once
// `knock routeros check export.rsc --otp FILE --at TIME`: the router of an export that holds the one-time
// knock layer, booted on a virtual clock a little before TIME, its schedulers run; at TIME a client knocks
// with the secret's knock of that window (docs/otp.md), then connects after the next poll.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/otp.hpp"
#include "knock/core/secret.hpp"
#include "knock/routeros/check.hpp"
#include "knock/routeros/interpreter.hpp"

namespace knock::routeros {

struct OtpCheckRequest {
  core::SecretString key;  // the client's secret (core::otp::parse_secret)
  core::Duration window = core::otp::kDefaultWindow;
  int knocks = core::otp::kDefaultKnocks;
  std::chrono::system_clock::time_point at;  // the router's clock when the knock arrives
  core::Duration client_ahead{0};            // the client's clock minus the router's
  IpAddress from = boost::asio::ip::make_address("127.0.0.1");
  std::string protect = "tcp:8291";  // a port or a service by name (parse_protect), after the import
  ViewOverrides view;
};

struct OtpCheckResult {
  std::unique_ptr<Config> config;  // as the scripts left it; the steps' verdicts point into it
  CheckResult check;               // steps, granted, explanation, warnings, as for a fixed sequence
  ServicePort protect;
  std::int64_t window = 0;                     // the window whose knock the client sent
  std::vector<RouterLog> log;                  // what the router's scripts logged from boot to the connection
  std::chrono::system_clock::time_point boot;  // when the virtual router started
};

// `export_text` is imported as /import runs it (the interpreter: scripts and schedulers included).
core::Expected<OtpCheckResult> check_otp(std::string_view export_text, const OtpCheckRequest& request);

}  // namespace knock::routeros
