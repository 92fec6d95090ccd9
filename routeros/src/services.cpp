// /ip service: a connection the firewall lets in to the router still needs a service that takes it. RouterOS
// refuses it when the service is disabled, listens on another port, or has an address= that leaves the
// source out (MikroTik's "Services" page).
#include <algorithm>

#include "knock/routeros/router.hpp"

namespace knock::routeros {
namespace {

std::string line_of(const Service& s) {
  return s.at ? " (" + where(*s.at) + ")" : "";
}

std::string allowed_text(const Service& s) {
  std::string out;
  for (const auto& a : s.allowed)
    out += (out.empty() ? "" : ", ") + a.text;
  return out;
}

}  // namespace

const Service* find_service(const Config& config, std::string_view name) {
  auto it = std::find_if(config.services.begin(), config.services.end(),
                         [&](const Service& s) { return s.name == name; });
  return it == config.services.end() ? nullptr : &*it;
}

ServiceAnswer service_answer(const Config& config, std::uint16_t port, const IpAddress& from) {
  ServiceAnswer out;
  const auto& all = config.services;
  auto on_port =
      std::find_if(all.begin(), all.end(), [&](const Service& s) { return s.port == port && !s.disabled; });
  if (on_port == all.end())
    on_port = std::find_if(all.begin(), all.end(), [&](const Service& s) { return s.port == port; });
  if (on_port != all.end()) {
    const Service& s = *on_port;
    out.service = &s;
    if (s.disabled) {
      out.takes = false;
      out.why = "/ip service " + s.name + " is disabled" + line_of(s) + ": nothing answers on port " +
                std::to_string(port);
    } else if (!s.allowed.empty() && std::none_of(s.allowed.begin(), s.allowed.end(),
                                                  [&](const AddressSpec& a) { return a.contains(from); })) {
      out.takes = false;
      out.why = "/ip service " + s.name + " takes connections only from " + allowed_text(s) + line_of(s) +
                ", and " + from.to_string() +
                " is not among them: add the address the knock comes from to its address=, or "
                "clear it and let the firewall decide";
    }
    return out;
  }
  const auto moved =
      std::find_if(all.begin(), all.end(), [&](const Service& s) { return s.default_port == port; });
  if (moved != all.end()) {
    out.service = &*moved;
    out.takes = false;
    out.why = "/ip service " + moved->name + " listens on port " + std::to_string(moved->port) +
              line_of(*moved) + ", not " + std::to_string(port) + ": nothing answers on " +
              std::to_string(port) + " (--protect " + moved->name + " checks the port it moved to)";
  }
  return out;
}

core::Expected<core::ServicePort> parse_protect(const Config& config, std::string_view text,
                                                std::string_view option) {
  if (const Service* s = find_service(config, text)) return core::ServicePort{6, s->port};
  return core::parse_service_port(text, option);
}

}  // namespace knock::routeros
