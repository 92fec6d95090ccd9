#include "knock/routeros/dry_run.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "explain.hpp"
#include "knock/core/plan.hpp"
#include "knock/routeros/apply.hpp"

namespace knock::routeros {
namespace {

std::string family_word(Family f) {
  return f == Family::v4 ? "IPv4" : "IPv6";
}

// The client from outside, as `check` plays it.
IpAddress outside(Family f) {
  return *core::parse_literal(f == Family::v4 ? "127.0.0.1" : "::1");
}

IpAddress neighbour(const IpAddress& a) {
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    b[3] = b[3] >= 254 ? static_cast<unsigned char>(b[3] - 1) : static_cast<unsigned char>(b[3] + 1);
    return boost::asio::ip::address_v4(b);
  }
  auto b = a.to_v6().to_bytes();
  b[15] = b[15] == 0xff ? 0xfe : static_cast<unsigned char>(b[15] + 1);
  return boost::asio::ip::address_v6(b);
}

// A client on the LAN: next to the router's own address on the first LAN interface that has one.
struct LanClient {
  std::string interface;
  IpAddress router, client;
};

std::optional<LanClient> lan_client(const Config& c, Family f) {
  for (const std::string& iface : c.interfaces.members_of("LAN")) {
    for (const InterfaceAddress& a : c.interfaces.addresses) {
      if (a.disabled || a.interface != iface || !a.address || family_of(*a.address) != f) continue;
      return LanClient{iface, *a.address, neighbour(*a.address)};
    }
  }
  return std::nullopt;
}

// The next packet of a connection that is already open: established, acknowledging.
Packet open_session(const ServicePort& p, const IpAddress& from, const IpAddress& to) {
  Packet pk = connection_packet(p, from, to);
  pk.state = kEstablished;
  pk.tcp_flags = p.protocol == 6 ? kAck : 0;
  return pk;
}

class Trials {
 public:
  Trials(const Config& before, const Config& after, const GenerateOptions& o, DryRun& out)
      : before_(before), after_(after), o_(o), out_(out) {}

  void run(Family f) {
    knock(f);
    misses(f);
    const auto lan = lan_client(before_, f);
    if (lan) {
      this->lan(f, *lan);
    } else if (f == Family::v4) {
      out_.notes.push_back(
          "no interface on the LAN list has an IPv4 address in the export, so no LAN connection was tried");
    }
    sessions(f, lan);
  }

 private:
  void add(std::string label, bool passed, std::string outcome) {
    out_.trials.push_back({std::move(label), passed, std::move(outcome)});
  }

  CheckRequest request(Family f, const core::Sequence& s, const ServicePort& p) const {
    CheckRequest r;
    r.sequence = s;
    r.delay = o_.delay;
    r.from = outside(f);
    r.protect = p;
    r.view = o_.view;
    return r;
  }

  // The knock opens the door only when the profile's own accept lets the connection in: a grant by some
  // other accept (or a chain's default policy) says nothing of the rules, and an undecided check is no pass.
  void knock(Family f) {
    const std::string prefix = comment_prefix(o_.name);
    for (const ServicePort& p : o_.protect) {
      const CheckResult r = check(after_, request(f, o_.sequence, p));
      const Rule* by = r.steps.back().verdict.rule;
      const bool own = by && by->action == Action::accept && by->comment.rfind(prefix, 0) == 0;
      std::string outcome = r.explanation.front();
      if (r.granted && !own) {
        outcome += "; that is not the profile's own accept (its comment starts with \"" + prefix +
                   "\"), so the knock is not what opened it";
      }
      add("the knock opens " + to_string(p) + " (" + family_word(f) + ")", r.granted && own,
          undecided_outcome(r, std::move(outcome)));
    }
  }

  // A near miss must stay shut; one the emulator cannot decide may get in on the router, so it fails.
  void misses(Family f) {
    const ServicePort& p = o_.protect.front();
    for (const NearMiss& m : near_misses(o_.sequence)) {
      const CheckResult r = check(after_, request(f, m.sequence, p));
      add("near miss, " + m.label + ": " + to_string(p) + " stays shut (" + family_word(f) + ")",
          !r.granted && !r.undecided(), undecided_outcome(r, r.explanation.front()));
    }
  }

  static std::string undecided_outcome(const CheckResult& r, std::string outcome) {
    if (!r.undecided()) return outcome;
    return "undecided, not a pass: " + outcome + " (" + r.explanation.back() + ")";
  }

  void lan(Family f, const LanClient& c) {
    for (const ServicePort& p : o_.protect) {
      CheckRequest r;
      r.from = c.client;
      r.protect = p;
      r.view.interface = c.interface;
      r.view.interface_lists = before_.interfaces.lists_of(c.interface);
      r.view.to = {c.router};
      const CheckResult then = check(before_, r);
      const bool had = then.granted;
      const CheckResult now = check(after_, r);
      // Undecided before or after: whether it keeps its access cannot be told, which is no pass.
      const CheckResult* undecided = then.undecided() ? &then : now.undecided() ? &now : nullptr;
      std::string outcome =
          undecided
              ? undecided_outcome(*undecided, (undecided == &then ? "before the change: " : "after it: ") +
                                                  undecided->explanation.front())
          : had ? now.explanation.front()
                : "it had none before the change either";
      if (!undecided && had && !now.granted && o_.in_interface_list.empty())
        outcome += "; limit the rules to the WAN side with --interface-list WAN";
      add("a new connection from the LAN (" + c.client.to_string() + " on " + c.interface + ") to " +
              to_string(p) + " keeps its access (" + family_word(f) + ")",
          !undecided && (!had || now.granted), std::move(outcome));
    }
  }

  // A session that is open when the rules go in (the Winbox the admin pastes from, or one whose access has
  // since expired) must survive them.
  void sessions(Family f, const std::optional<LanClient>& lan) {
    for (const ServicePort& p : o_.protect) {
      const RouterView wan = router_view(before_, o_.view);
      session("from outside (" + outside(f).to_string() + ")", p, f, wan, outside(f), wan.address_of(f));
      if (!lan) continue;
      ViewOverrides inside;
      inside.interface = lan->interface;
      inside.interface_lists = before_.interfaces.lists_of(lan->interface);
      session("from the LAN (" + lan->client.to_string() + ")", p, f, router_view(before_, inside),
              lan->client, lan->router);
    }
  }

  void session(const std::string& who, const ServicePort& p, Family f, const RouterView& view,
               const IpAddress& from, const IpAddress& to) {
    const Packet pk = open_session(p, from, to);
    Firewall then(before_, view.firewall, Time{0}), now(after_, view.firewall, Time{0});
    const Verdict before = then.evaluate(pk, kStart);
    const bool had = before.accepted();
    const Verdict v = now.evaluate(pk, kStart);
    const std::string label =
        "an open session " + who + " to " + to_string(p) + " survives (" + family_word(f) + ")";
    if (before.is_undecided() || v.is_undecided()) {  // cannot be told, which is no pass
      add(label, false,
          "undecided, not a pass: " +
              std::string(before.is_undecided() ? "before the change, " : "after it, ") +
              verdict_words(before.is_undecided() ? before : v));
      return;
    }
    add(label, !had || v.accepted(),
        had ? verdict_words(v) : "it was not let through before the change either");
  }

  const Config& before_;
  const Config& after_;
  const GenerateOptions& o_;
  DryRun& out_;
};

std::string shown(const std::string& v) {
  const bool plain = !v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) {
    return std::isalnum(c) || std::strchr("-_.,:!/", c) != nullptr;
  });
  return plain ? v : quote(v);
}

std::string knock_word(std::size_t i) {
  return "knock " + std::to_string(i + 1);
}

}  // namespace

bool DryRun::passed() const {
  return std::all_of(trials.begin(), trials.end(), [](const Trial& t) { return t.passed; });
}

core::Expected<DryRun> dry_run(const Config& before, const std::string& script, const GenerateOptions& o) {
  Config after = before;
  if (auto applied = apply_script(after, script); !applied) {
    return core::make_error(core::Errc::internal,
                            "the generated rules do not apply to the export: " + applied.error().message);
  }
  return rehearse(before, std::move(after), o);
}

DryRun rehearse(const Config& before, Config after, const GenerateOptions& o) {
  DryRun out;
  out.after = std::move(after);
  Trials trials(before, out.after, o, out);
  trials.run(Family::v4);
  if (o.ipv6) trials.run(Family::v6);
  return out;
}

std::vector<NearMiss> near_misses(const core::Sequence& s) {
  const auto& knocks = s.knocks;
  std::vector<NearMiss> out{{"no knock at all", {}}};
  if (knocks.size() >= 2) {
    core::Sequence shorter = s;
    shorter.knocks.pop_back();
    out.push_back({"one knock short (" + core::format_sequence(shorter) + ")", shorter});
    core::Sequence reversed = s;
    std::reverse(reversed.knocks.begin(), reversed.knocks.end());
    if (!(reversed == s)) out.push_back({"the knocks in reverse order", reversed});
  }
  for (std::size_t i = 0; i < knocks.size(); ++i) {
    core::Sequence m = s;
    core::Knock& k = m.knocks[i];
    if (k.protocol == core::Protocol::icmp) {
      k.icmp_size = k.icmp_size < 65535 ? k.icmp_size + 1 : k.icmp_size - 1;
      out.push_back({knock_word(i) + " of " + std::to_string(k.icmp_size) + " bytes instead of " +
                         std::to_string(knocks[i].icmp_size),
                     m});
      continue;
    }
    k.port = k.port < 65535 ? k.port + 1 : k.port - 1;
    out.push_back({knock_word(i) + " on port " + std::to_string(k.port) + " instead of " +
                       std::to_string(knocks[i].port),
                   m});
    if (k.protocol == core::Protocol::udp && !k.payload.bytes.empty()) {
      core::Sequence p = s;
      p.knocks[i].payload.bytes.back() ^= 0x01;
      out.push_back({knock_word(i) + " with its payload one bit off", p});
    }
  }
  return out;
}

std::string add_line(const Rule& rule) {
  std::string out = "add";
  for (const auto& [k, v] : rule.settings)
    out += " " + k + "=" + shown(v);
  return out;
}

std::vector<std::string> filter_diff(const Config& before, const Config& after, Family family) {
  std::vector<std::string> a, b;
  for (const Rule& r : before.rules(family))
    a.push_back(add_line(r));
  for (const Rule& r : after.rules(family))
    b.push_back(add_line(r));
  // The longest common subsequence: the rules the change kept, the rest added or removed.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  std::vector<std::string> out;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      out.push_back("  " + a[i++]);
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push_back("- " + a[i++]);
    } else {
      out.push_back("+ " + b[j++]);
    }
  }
  return out;
}

}  // namespace knock::routeros
