#pragma once
// The plan: the host resolved once, the address family chosen, every knock given an absolute offset from
// the start. Pure data and pure functions; the Knocker carries it out.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/asio.hpp"
#include "knock/core/error.hpp"
#include "knock/core/sequence.hpp"

namespace knock::core {

using namespace std::chrono_literals;

struct VerifyOptions {
  std::uint16_t port = 0;  // the protected TCP port
  Duration timeout = 2s;   // per connect attempt; attempts start this far apart
  int retries = 2;         // attempts after the first
  bool reknock = false;    // knock the whole sequence again before each retry
};

struct PlanOptions {
  Duration delay{0};  // between the starts of consecutive knocks
  Family family = Family::any;
  std::optional<IpAddress> source;
  Duration connect_timeout = 2s;  // handshake limit for connect: steps
  std::optional<VerifyOptions> verify;
};

struct ScheduledKnock {
  Knock knock;
  Duration at{0};  // from the start of the sequence
};

struct KnockPlan {
  std::string host;                    // as the user wrote it
  std::vector<IpAddress> targets;      // one, or one per family with Family::both
  std::vector<ScheduledKnock> knocks;  // in sending order, `at` non-decreasing
  std::optional<IpAddress> source;
  Duration connect_timeout = 2s;
  std::optional<VerifyOptions> verify;
  Duration length() const { return knocks.empty() ? Duration{0} : knocks.back().at; }
};

// Offsets of each knock: delay between consecutive starts plus any wait: before it; nothing after the last.
std::vector<Duration> schedule(const Sequence& seq, Duration delay);

// A host as a user may give one: a name or an address, without white space or control characters, not
// starting with '-' (it would reach a launched ssh as an option), at most 253 characters.
Status check_host(std::string_view host, std::string_view what = "host");

// "127.0.0.1", "::1" and "[::1]" are literals; names are not.
std::optional<IpAddress> parse_literal(std::string_view host);
// An address for --source and the like; the message names the option.
Expected<IpAddress> parse_address(std::string_view text, std::string_view what);

// Pick the addresses to knock from the resolver's answers, in its order.
Expected<std::vector<IpAddress>> choose_targets(std::string_view host, const std::vector<IpAddress>& resolved,
                                                Family family);

Expected<KnockPlan> make_plan(const Sequence& seq, std::string host, const std::vector<IpAddress>& resolved,
                              const PlanOptions& options);

bool is_loopback(const IpAddress& a);
// An error naming the address when the loopback guard (KNOCK_LOOPBACK_ONLY) is on and `a` is not loopback.
Status check_destination(const IpAddress& a, std::string_view host, bool loopback_only);

}  // namespace knock::core
