#pragma once
// Simulate a knock sequence, with its delays, from one source against a configuration, then a connection
// to the protected port; say in plain words whether it gets in, and if not, why.
#include <optional>
#include <string>
#include <vector>

#include "knock/core/sequence.hpp"
#include "knock/routeros/firewall.hpp"
#include "knock/routeros/router.hpp"

namespace knock::routeros {

using core::parse_service_port;
using core::ServicePort;
using core::to_string;

// The packets a knock puts on the wire, as the router sees them (a connect: step is its SYN, plus the
// payload in an established packet when there is one).
std::vector<Packet> packets_for(const core::Knock& k, const IpAddress& from, const IpAddress& to,
                                std::uint16_t src_port);
// The first packet of a connection to the protected port.
Packet connection_packet(const ServicePort& p, const IpAddress& from, const IpAddress& to);

struct CheckRequest {
  core::Sequence sequence;
  core::Duration delay{0};                                      // between the starts of consecutive knocks
  IpAddress from = boost::asio::ip::make_address("127.0.0.1");  // the knocking client
  ServicePort protect;                                          // the port that should open
  core::Duration connect_after{0};                              // from the last knock to the connection
  ViewOverrides view;  // the export's view of the router, corrected (interface, lists, the address knocked)
};

struct CheckStep {
  std::string label;     // "step 2 udp:17954" or "connection tcp:8291"
  core::Duration at{0};  // from the first knock
  Packet packet;
  Verdict verdict;
};

struct CheckResult {
  bool granted = false;  // never when a step is undecided
  Time start =
      std::chrono::seconds(1);  // the first knock, on the firewall's clock (list timeouts count from it)
  // The first step whose packet the emulator could not decide (see Verdict::undecided): the router may
  // have taken it either way, so nothing after it can be told, and the check is a denial of its own kind.
  std::optional<std::size_t> undecided_step;
  bool undecided() const { return undecided_step.has_value(); }
  RouterView view;               // how the router met the packets
  std::vector<CheckStep> steps;  // every packet of every knock, then the connection last
  ServiceAnswer service;         // what /ip service made of the connection, when it reached the router
  std::vector<std::string> explanation;  // plain words: why it gets in, or why not
  std::vector<std::string> warnings;  // pitfalls seen on the way (cascading stages, ...) and config warnings
  std::vector<std::string> notes;     // worth knowing, not wrong (a rule that is harmless on the router)
};

CheckResult check(const Config& config, const CheckRequest& request);

// "+1s500ms", "+3h"
std::string format_offset(core::Duration d);
// "dropped by rule #3 \"Drop Everything Else\" (drop)", or the default policy; where NAT sent the packet.
std::string verdict_words(const Verdict& v);

}  // namespace knock::routeros
