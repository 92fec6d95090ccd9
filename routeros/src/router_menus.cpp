// The router around the firewall, as the export describes it: interface lists and their members, the
// interfaces' addresses, and /ip service. Exports of other RouterOS versions carry keys these menus have and
// the emulator does not model: an unknown key is a warning; a bad value in a key it uses is an error.
#include <array>

#include "knock/core/plan.hpp"
#include "load.hpp"
#include "parse.hpp"

namespace knock::routeros {
namespace {

using core::Errc;
using core::make_error;
using namespace parse;

std::optional<core::Error> required(const Command& cmd, const std::string& menu, const std::string& value,
                                    const char* key) {
  if (!value.empty()) return std::nullopt;
  return make_error(Errc::bad_input, where(cmd.at) + ": /" + menu + " " + cmd.verb + " has no " + key + "=");
}

void unknown_key(const Command& cmd, const Argument& a, Notes& notes) {
  notes.warn(where(a.key_at) + ": /" + cmd.menu + " " + cmd.verb + ": ignored " +
             (a.key.empty() ? "'" + a.value + "'" : a.key + "=" + a.value) +
             " (not modelled by the emulator)");
}

std::optional<core::Error> load_list(const Command& cmd, Config& config, Notes& notes) {
  InterfaceList list;
  list.at = cmd.at;
  for (const Argument& a : cmd.args) {
    if (a.key == "name") {
      list.name = a.value;
    } else if (a.key == "include" || a.key == "exclude") {
      auto names = parse_names(a);
      if (!names) return names.error();
      (a.key == "include" ? list.include : list.exclude) = std::move(*names);
    } else if (a.key != "comment") {
      unknown_key(cmd, a, notes);
    }
  }
  if (auto e = required(cmd, cmd.menu, list.name, "name")) return e;
  config.interfaces.lists.push_back(std::move(list));
  return std::nullopt;
}

std::optional<core::Error> load_member(const Command& cmd, Config& config, Notes& notes) {
  ListMember m;
  m.at = cmd.at;
  for (const Argument& a : cmd.args) {
    if (a.key == "interface") {
      m.interface = a.value;
    } else if (a.key == "list") {
      m.list = a.value;
    } else if (a.key == "disabled") {
      auto b = parse_bool(a);
      if (!b) return b.error();
      m.disabled = *b;
    } else if (a.key != "comment") {
      unknown_key(cmd, a, notes);
    }
  }
  if (auto e = required(cmd, cmd.menu, m.interface, "interface")) return e;
  if (auto e = required(cmd, cmd.menu, m.list, "list")) return e;
  config.interfaces.members.push_back(std::move(m));
  return std::nullopt;
}

// address=192.0.2.2/24 (or without the prefix): the interface's own address.
core::Expected<IpAddress> interface_address(const Argument& a, Family family) {
  const std::string_view v = a.value;
  const auto slash = v.find('/');
  auto ip = core::parse_literal(v.substr(0, slash));
  std::uint16_t prefix = 0;
  const bool ok = ip && family_of(*ip) == family &&
                  (slash == std::string_view::npos ||
                   (parse_u16(v.substr(slash + 1), prefix) && prefix <= (family == Family::v4 ? 32 : 128)));
  if (!ok) {
    return value_error(a, family == Family::v4
                              ? "is not an IPv4 address with its prefix (e.g. 192.0.2.2/24)"
                              : "is not an IPv6 address with its prefix (e.g. 2001:db8::1/64)");
  }
  return *ip;
}

std::optional<core::Error> load_address(const Command& cmd, Family family, Config& config, Notes& notes) {
  InterfaceAddress addr;
  addr.at = cmd.at;
  bool made_up = false, have_address = false;
  for (const Argument& a : cmd.args) {
    if (a.key == "address") {
      auto ip = interface_address(a, family);
      if (!ip) return ip.error();
      addr.address = *ip;
      have_address = true;
    } else if (a.key == "interface") {
      addr.interface = a.value;
    } else if (a.key == "disabled") {
      auto b = parse_bool(a);
      if (!b) return b.error();
      addr.disabled = *b;
    } else if (family == Family::v6 && (a.key == "from-pool" || a.key == "eui-64")) {
      // The address is only a template: RouterOS fills in the prefix from a pool or the host part from the
      // MAC.
      made_up = made_up || a.key == "from-pool" || a.value == "yes";
    } else if (a.key != "comment" && a.key != "network" && a.key != "broadcast" && a.key != "netmask" &&
               a.key != "advertise" && a.key != "no-dad") {
      unknown_key(cmd, a, notes);
    }
  }
  if (!have_address)
    return make_error(Errc::bad_input, where(cmd.at) + ": /" + cmd.menu + " add has no address=");
  if (auto e = required(cmd, cmd.menu, addr.interface, "interface")) return e;
  if (made_up) {
    notes.warn(where(cmd.at) + ": the IPv6 address of " + addr.interface +
               " comes from a pool or the MAC address, which the export does not tell; it is not used");
    addr.address.reset();
  }
  config.interfaces.addresses.push_back(std::move(addr));
  return std::nullopt;
}

// The service a `set` line names: `set winbox ...`, `set [ find name=winbox ] ...`, `set numbers=winbox`.
std::optional<std::string> service_name(const Command& cmd) {
  for (const Argument& a : cmd.args) {
    if (a.key == "numbers") return a.value;
    if (!a.key.empty()) continue;
    if (a.value.empty() || a.value.front() != '[') return a.value;
    const auto at = a.value.find("name=");
    if (at == std::string::npos) return std::nullopt;
    std::string name;
    for (std::size_t i = at + 5; i < a.value.size() && a.value[i] != ' ' && a.value[i] != ']'; ++i) {
      if (a.value[i] != '"') name.push_back(a.value[i]);
    }
    return name;
  }
  return std::nullopt;
}

std::optional<core::Error> load_service(const Command& cmd, Config& config, Notes& notes) {
  const auto name = service_name(cmd);
  if (!name) {
    return make_error(Errc::bad_input, where(cmd.at) +
                                           ": /ip service set: cannot tell which service it sets "
                                           "(expected e.g. set winbox ... or set [ find name=winbox ] ...)");
  }
  auto it = std::find_if(config.services.begin(), config.services.end(),
                         [&](const Service& s) { return s.name == *name; });
  if (it == config.services.end()) {
    notes.warn(where(cmd.at) + ": /ip service has no service '" + *name +
               "' the emulator knows; the line is ignored");
    return std::nullopt;
  }
  Service& s = *it;
  s.at = cmd.at;
  for (const Argument& a : cmd.args) {
    if (a.key.empty() || a.key == "numbers") continue;
    if (a.key == "disabled") {
      auto b = parse_bool(a);
      if (!b) return b.error();
      s.disabled = *b;
    } else if (a.key == "port") {
      if (!parse_u16(a.value, s.port, 1)) return value_error(a, "is not a port (1-65535)");
    } else if (a.key == "address") {
      s.allowed.clear();
      for (auto part : split(a.value, ',')) {
        if (part.empty()) continue;
        auto spec = parse_any_address_spec(a, part);
        if (!spec) return spec.error();
        s.allowed.push_back(std::move(*spec));
      }
    } else if (a.key != "certificate" && a.key != "tls-version" && a.key != "max-sessions" &&
               a.key != "vrf" && a.key != "comment") {
      unknown_key(cmd, a, notes);
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<Service> default_services() {
  // RouterOS's eight services and their ports (MikroTik's "Services" page). www-ssl starts disabled: it has
  // no certificate until one is set.
  std::vector<Service> out;
  const std::pair<const char*, std::uint16_t> known[] = {{"telnet", 23},   {"ftp", 21},      {"www", 80},
                                                         {"ssh", 22},      {"www-ssl", 443}, {"api", 8728},
                                                         {"winbox", 8291}, {"api-ssl", 8729}};
  for (const auto& [name, port] : known) {
    Service s;
    s.name = name;
    s.default_port = s.port = port;
    s.disabled = s.name == "www-ssl";
    out.push_back(std::move(s));
  }
  return out;
}

bool is_router_menu(const std::string& menu) {
  return menu == "interface list" || menu == "interface list member" || menu == "ip address" ||
         menu == "ipv6 address" || menu == "ip service";
}

std::optional<core::Error> load_router_command(const Command& cmd, Config& config, Notes& notes) {
  const bool service = cmd.menu == "ip service";
  if (cmd.verb != (service ? "set" : "add")) {
    notes.note(where(cmd.at) + ": skipped /" + cmd.menu + " " + cmd.verb + " (only " +
               (service ? "set" : "add") + " is read here, as exports write it)");
    return std::nullopt;
  }
  if (auto e = repeated_key(cmd, cmd.menu)) return e;
  if (service) return load_service(cmd, config, notes);
  if (cmd.menu == "interface list") return load_list(cmd, config, notes);
  if (cmd.menu == "interface list member") return load_member(cmd, config, notes);
  return load_address(cmd, cmd.menu == "ip address" ? Family::v4 : Family::v6, config, notes);
}

}  // namespace knock::routeros
