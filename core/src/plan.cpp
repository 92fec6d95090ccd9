#include "knock/core/plan.hpp"

#include "knock/core/text.hpp"

#include <cstdlib>

namespace knock::core {

std::vector<Duration> schedule(const Sequence& seq, Duration delay) {
  std::vector<Duration> at;
  at.reserve(seq.knocks.size());
  Duration t{0};
  for (std::size_t i = 0; i < seq.knocks.size(); ++i) {
    if (i > 0) t += delay;
    t += seq.knocks[i].wait_before;
    at.push_back(t);
  }
  return at;
}

namespace {

// Four decimal parts of one to three digits, each at most 255. Written out because the platforms'
// inet_pton differ: Wine's (and so the Windows build's) also takes the classic short forms, where
// "192.168.88" is 192.168.0.88, and a router admin who typed that meant something else.
bool dotted_quad(std::string_view s) {
  int parts = 0;
  while (true) {
    std::size_t n = 0;
    unsigned value = 0;
    while (n < s.size() && n < 4 && s[n] >= '0' && s[n] <= '9')
      value = value * 10 + unsigned(s[n++] - '0');
    if (n == 0 || n > 3 || value > 255) return false;
    ++parts;
    s.remove_prefix(n);
    if (s.empty()) return parts == 4;
    if (s.front() != '.' || parts == 4) return false;
    s.remove_prefix(1);
  }
}

}  // namespace

std::optional<IpAddress> parse_literal(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  IpAddress a;
  if (host.find(':') != std::string_view::npos) {
    a = boost::asio::ip::make_address_v6(std::string(host), ec);
  } else {
    if (!dotted_quad(host)) return std::nullopt;
    a = boost::asio::ip::make_address_v4(std::string(host), ec);
  }
  if (ec) return std::nullopt;
  return a;
}

Expected<IpAddress> parse_address(std::string_view text, std::string_view what) {
  if (auto a = parse_literal(text)) return *a;
  return make_error(Errc::bad_input,
                    std::string(what) + ": '" + std::string(text) + "' is not an IPv4 or IPv6 address");
}

namespace {

std::string join(const std::vector<IpAddress>& addresses) {
  std::string out;
  for (const auto& a : addresses)
    out += (out.empty() ? "" : ", ") + a.to_string();
  return out;
}

}  // namespace

Expected<std::vector<IpAddress>> choose_targets(std::string_view host, const std::vector<IpAddress>& resolved,
                                                Family family) {
  const std::string name = "'" + std::string(host) + "'";
  if (resolved.empty()) return make_error(Errc::resolve_failed, "host " + name + " has no address");
  const IpAddress* v4 = nullptr;
  const IpAddress* v6 = nullptr;
  for (const auto& a : resolved) {
    if (a.is_v4() && !v4) v4 = &a;
    if (a.is_v6() && !v6) v6 = &a;
  }
  switch (family) {
    case Family::any:
      return std::vector<IpAddress>{resolved.front()};
    case Family::v4:
      if (!v4)
        return make_error(Errc::resolve_failed,
                          "host " + name + " has no IPv4 address (it has " + join(resolved) + ")");
      return std::vector<IpAddress>{*v4};
    case Family::v6:
      if (!v6)
        return make_error(Errc::resolve_failed,
                          "host " + name + " has no IPv6 address (it has " + join(resolved) + ")");
      return std::vector<IpAddress>{*v6};
    case Family::both: {
      if (!v4 || !v6) {
        return make_error(Errc::resolve_failed,
                          "host " + name + " does not have both an IPv4 and an IPv6 address (it has " +
                              join(resolved) + ")");
      }
      // The resolver's preference goes first.
      if (resolved.front().is_v6()) return std::vector<IpAddress>{*v6, *v4};
      return std::vector<IpAddress>{*v4, *v6};
    }
  }
  return make_error(Errc::bad_input, "unknown address family");
}

Expected<KnockPlan> make_plan(const Sequence& seq, std::string host, const std::vector<IpAddress>& resolved,
                              const PlanOptions& options) {
  if (seq.knocks.empty()) return make_error(Errc::bad_input, "empty sequence: give at least one knock");
  auto targets = choose_targets(host, resolved, options.family);
  if (!targets) return std::move(targets).error();
  if (options.source) {
    for (const auto& t : *targets) {
      if (t.is_v4() != options.source->is_v4()) {
        return make_error(Errc::bad_input, "--source " + options.source->to_string() + " is " +
                                               (options.source->is_v4() ? "IPv4" : "IPv6") + " but " + host +
                                               " is knocked on " + t.to_string() + " (" +
                                               (t.is_v4() ? "IPv4" : "IPv6") + ")");
      }
    }
  }
  for (const auto& k : seq.knocks) {
    if (k.protocol != Protocol::icmp) continue;
    for (const auto& t : *targets) {
      if (t.is_v6() && k.icmp_size < kIcmpHeaderV6) {
        return make_error(Errc::bad_input,
                          "step '" + format_knock(k) + "': ICMP size " + std::to_string(k.icmp_size) +
                              " is below 48, the IPv6 and ICMPv6 headers of an echo request to " +
                              t.to_string());
      }
    }
  }
  const auto at = schedule(seq, options.delay);
  KnockPlan plan;
  plan.host = std::move(host);
  plan.targets = std::move(*targets);
  plan.source = options.source;
  plan.connect_timeout = options.connect_timeout;
  plan.verify = options.verify;
  plan.knocks.reserve(seq.knocks.size());
  for (std::size_t i = 0; i < seq.knocks.size(); ++i)
    plan.knocks.push_back({seq.knocks[i], at[i]});
  return plan;
}

Status check_host(std::string_view host, std::string_view what) {
  const auto bad = [&](const std::string& why) {
    return make_error(Errc::bad_input, std::string(what) + " '" + printable(host) + "' " + why);
  };
  if (host.empty()) return make_error(Errc::bad_input, "no " + std::string(what) + " given");
  if (host.size() > 253) return bad("is longer than a host name can be (253)");
  if (host.front() == '-') return bad("starts with '-': not a host name or address");
  for (std::size_t i = 0; i < host.size();) {
    const auto c = static_cast<unsigned char>(host[i]);
    const std::size_t n = utf8_sequence(host.substr(i));
    if (n == 0) return bad("is not UTF-8");
    if (c <= 0x20 || c == 0x7f) return bad("holds white space or a control character");
    i += n;
  }
  return {};
}

bool is_loopback(const IpAddress& a) {
  if (a.is_v4()) return (a.to_v4().to_uint() >> 24) == 127;
  const auto v6 = a.to_v6();
  if (v6.is_v4_mapped()) return (v6.to_bytes()[12]) == 127;
  return v6.is_loopback();
}

Status check_destination(const IpAddress& a, std::string_view host, bool loopback_only) {
  if (!loopback_only || is_loopback(a)) return {};
  std::string what = a.to_string();
  if (host != what && host != "[" + what + "]") what += " (" + std::string(host) + ")";
  return make_error(Errc::bad_input, "KNOCK_LOOPBACK_ONLY=1 refuses to send to " + what +
                                         ": only 127.0.0.0/8 and ::1 are allowed");
}

}  // namespace knock::core
