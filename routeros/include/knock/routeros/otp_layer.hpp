#pragma once
// The router side of one-time knocks (docs/otp.md): a RouterOS 7.12+ script of filter rules, /system script
// and /system scheduler entries that derives each window's knock exactly as core/otp.hpp does, lets in the
// one source that sent it, and burns a window two sources sent (a replay racing the genuine knock). Every
// object is named knock-otp-... or commented knock-otp:..., so importing the script again replaces the layer
// and the commands of otp_removal() remove it.
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/otp.hpp"
#include "knock/core/secret.hpp"
#include "knock/routeros/generator.hpp"

namespace knock::routeros {

struct OtpClient {
  std::string name;        // letters, digits and _: it names the client's script, rules and lists
  core::SecretString key;  // the secret file's text (core::otp::parse_secret)
};

struct OtpLayerOptions {
  std::vector<OtpClient> clients;  // one secret each
  core::Duration window = core::otp::kDefaultWindow;
  int knocks = core::otp::kDefaultKnocks;
  std::vector<ServicePort> protect;  // at least one; none in 20000-59999, where knock ports are derived
  core::Duration stage_timeout = std::chrono::seconds(15);  // from one knock to the next
  core::Duration access = std::chrono::hours(3);            // how long a source let in stays in
  bool ipv6 = false;
  bool drop = true;                 // drop new connections to the protected ports from everyone else
  std::string in_interface_list;    // count knocks only from this interface list (e.g. WAN)
  std::string generator = "knock";  // names the program in the header
};

core::Expected<Generated> generate_otp_layer(const OtpLayerOptions& options);

// STAGE[,ACCESS] (`--timeouts`, a profile's timeouts) into the options; none leaves the defaults. `what`
// names them in the message for more than two.
core::Status set_timeouts(OtpLayerOptions& options, const std::vector<core::Duration>& timeouts,
                          std::string_view what);

// The RouterOS commands that remove the whole layer, and those that revoke one client alone.
std::string otp_removal(bool ipv6);
std::string otp_revocation(std::string_view client, bool ipv6);

// A client's name made from other text (a file's stem, a profile's name): other characters become _, at
// most 32 kept. "laptop-alice" is laptop_alice.
std::string otp_client_name_of(std::string_view text);
// A client's name, checked: 1-32 letters, digits or _ (the message names `what`).
core::Expected<std::string> otp_client_name(std::string_view name, std::string_view what);

inline constexpr const char* kOtpChain = "knock-otp";
inline constexpr const char* kOtpAllowedList = "knock-otp-allowed";

}  // namespace knock::routeros
