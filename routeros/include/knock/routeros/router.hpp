#pragma once
// The router around its firewall: where a knock from outside arrives and what it is addressed to (the view),
// and whether a management service of /ip service takes a connection the firewall lets in.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/values.hpp"
#include "knock/routeros/firewall.hpp"

namespace knock::routeros {

// What the user says instead of the export (--interface, --interface-list, --to).
struct ViewOverrides {
  std::optional<std::string> interface;
  std::optional<std::vector<std::string>> interface_lists;
  std::vector<IpAddress> to;  // at most one of each family
};

// The router as a packet from outside meets it.
struct RouterView {
  FirewallOptions firewall;  // the interface, its lists, the router's own addresses
  IpAddress address[2];      // what a knock is addressed to, by Family
  struct Reason {
    std::optional<Family> family;  // the address it explains; none: the interface
    std::string text;
  };
  std::vector<Reason> reasons;  // where each part came from, in plain words, when the export said it (or not)

  const IpAddress& address_of(Family f) const { return address[static_cast<int>(f)]; }
  // "ether1 (on WAN), addressed to 198.51.100.1 and 2001:db8::1"; with a family, its address only.
  std::string describe(std::optional<Family> family = std::nullopt) const;
  // The reasons about the interface and about the address of `family`.
  std::vector<std::string> reasons_for(Family family) const;
};

// The documentation addresses a knock is sent to when the export gives the interface none (a DHCP client).
inline constexpr const char* kFallbackAddress4 = "198.51.100.1";
inline constexpr const char* kFallbackAddress6 = "2001:db8::1";

// Packets from outside arrive on the interface on the WAN list (ether1 when there is none), addressed to
// that interface's address; the overrides win over the export.
RouterView router_view(const Config& config, const ViewOverrides& overrides = {});

// Whether a service of /ip service takes a TCP connection to the router that the firewall let in.
struct ServiceAnswer {
  const Service* service = nullptr;  // the service on that port, or the one moved away from it
  bool takes = true;
  std::string why;  // when it does not: "winbox takes connections only from 192.168.88.0/24 (line 40)"
};
ServiceAnswer service_answer(const Config& config, std::uint16_t port, const IpAddress& from);

// A service of /ip service by name (winbox, ssh, api, ...), or nullptr.
const Service* find_service(const Config& config, std::string_view name);

// --protect, --service: a port ("tcp:8291", "22") or a service by name ("winbox"), at the port the export
// gives it. The message names `option` and the text.
core::Expected<core::ServicePort> parse_protect(const Config& config, std::string_view text,
                                                std::string_view option);

}  // namespace knock::routeros
