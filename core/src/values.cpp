// Typed values: RouterOS durations (15s, 3h, 1d2h3m4s, 4w2d, 00:00:45), used for router timeouts wherever
// they appear (profiles, the rule generator, the emulator), and service ports.
#include <cctype>
#include <string>

#include "knock/core/values.hpp"

#include "knock/core/sequence.hpp"

namespace knock::core {

Expected<Duration> parse_routeros_duration(std::string_view text) {
  const auto bad = [&] {
    return make_error(Errc::bad_input,
                      "'" + std::string(text) +
                          "' is not a RouterOS duration (expected e.g. 15s, 3h, 1d2h3m4s, 4w2d or 00:00:45)");
  };
  const auto too_long = [&] {
    return make_error(Errc::bad_input,
                      "'" + std::string(text) + "' is longer than RouterOS allows (35w3d13h13m56s)");
  };
  if (text.empty()) return bad();
  long long micros = 0;
  std::size_t i = 0;
  // An optional "NdNw..." part, then optionally hh:mm:ss.
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
      ++j;
    if (j == i) {
      if (text[i] == ' ') {
        ++i;
        continue;
      }
      return bad();
    }
    if (j - i > 12) return bad();
    const long long n = std::stoll(std::string(text.substr(i, j - i)));
    if (j < text.size() && text[j] == ':') {  // hh:mm:ss
      long long h = n, m = 0, s = 0;
      std::size_t k = j + 1, e = k;
      while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e])))
        ++e;
      if (e == k || e - k > 2 || e >= text.size() || text[e] != ':') return bad();
      m = std::stoll(std::string(text.substr(k, e - k)));
      k = e + 1;
      e = k;
      while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e])))
        ++e;
      if (e == k || e - k > 2 || e != text.size() || m > 59) return bad();
      if (h > kMaxListTimeout.count() / (3600LL * 1000000) + 1) return too_long();  // no overflow below
      s = std::stoll(std::string(text.substr(k, e - k)));
      if (s > 59) return bad();
      micros += ((h * 60 + m) * 60 + s) * 1000000LL;
      i = e;
      break;
    }
    std::size_t u = j;
    while (u < text.size() && std::isalpha(static_cast<unsigned char>(text[u])))
      ++u;
    const std::string_view unit = text.substr(j, u - j);
    long long scale = 0;
    if (unit.empty() && u == text.size())
      scale = 1000000;  // a bare number is seconds
    else if (unit == "ms")
      scale = 1000;
    else if (unit == "s")
      scale = 1000000;
    else if (unit == "m")
      scale = 60LL * 1000000;
    else if (unit == "h")
      scale = 3600LL * 1000000;
    else if (unit == "d")
      scale = 86400LL * 1000000;
    else if (unit == "w")
      scale = 7 * 86400LL * 1000000;
    else
      return bad();
    if (n > kMaxListTimeout.count() / scale + 1) return bad();
    micros += n * scale;
    i = u;
  }
  if (micros > kMaxListTimeout.count()) return too_long();
  return Duration(micros);
}

std::string format_routeros_duration(Duration d) {
  long long us = d.count();
  if (us == 0) return "0s";
  std::string out;
  const std::pair<long long, const char*> units[] = {
      {7 * 86400LL * 1000000, "w"}, {86400LL * 1000000, "d"}, {3600LL * 1000000, "h"},
      {60LL * 1000000, "m"},        {1000000, "s"},           {1000, "ms"}};
  for (const auto& [scale, name] : units) {
    if (us >= scale) {
      out += std::to_string(us / scale) + name;
      us %= scale;
    }
  }
  return out.empty() ? "0s" : out;
}

Expected<ServicePort> parse_service_port(std::string_view text, std::string_view option) {
  ServicePort p;
  std::string_view port = text;
  if (const auto colon = text.find(':'); colon != std::string_view::npos) {
    const std::string_view proto = text.substr(0, colon);
    if (proto == "udp")
      p.protocol = 17;
    else if (proto != "tcp") {
      return make_error(Errc::bad_input, std::string(option) + ": '" + std::string(text) +
                                             "' is not a service port (expected tcp:PORT or udp:PORT)");
    }
    port = text.substr(colon + 1);
  }
  auto seq = parse_sequence(std::string("tcp:") + std::string(port));
  if (seq && seq->knocks.size() > 1) {
    return make_error(Errc::bad_input, std::string(option) + ": '" + std::string(text) +
                                           "' is more than one port (give each port on its own)");
  }
  if (!seq || port.find(':') != std::string_view::npos) {
    return make_error(Errc::bad_input,
                      std::string(option) + ": '" + std::string(text) +
                          "' is not a service port (expected tcp:PORT or udp:PORT, 1-65535)");
  }
  p.port = seq->knocks[0].port;
  return p;
}

std::string to_string(const ServicePort& p) {
  return (p.protocol == 17 ? "udp:" : "tcp:") + std::to_string(p.port);
}

Expected<std::uint16_t> parse_tcp_port(std::string_view text, std::string_view option) {
  auto port = parse_service_port(text, option);
  if (!port || port->protocol != 6) {
    return make_error(Errc::bad_input, std::string(option) + ": '" + std::string(text) +
                                           "' is not a TCP port (expected PORT or tcp:PORT, 1-65535)");
  }
  return port->port;
}

std::string_view to_string(Family f) {
  switch (f) {
    case Family::any:
      return "any";
    case Family::v4:
      return "ipv4";
    case Family::v6:
      return "ipv6";
    case Family::both:
      return "both";
  }
  return "any";
}

std::optional<Family> family_named(std::string_view s) {
  if (s == "any") return Family::any;
  if (s == "ipv4" || s == "4") return Family::v4;
  if (s == "ipv6" || s == "6") return Family::v6;
  if (s == "both") return Family::both;
  return std::nullopt;
}

}  // namespace knock::core
