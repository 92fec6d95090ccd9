#include "knock/routeros/check.hpp"

#include <algorithm>
#include <set>

#include "explain.hpp"
#include "knock/core/plan.hpp"

namespace knock::routeros {
namespace {

using core::Duration;

std::string host_port(const IpAddress& a, std::uint16_t port) {
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(port);
}

bool is_loopback_accept(const Rule& r) {
  return r.table == Table::filter && r.chain == "input" && r.action == Action::accept && !r.disabled &&
         r.dst_address && !r.dst_address->negated && r.dst_address->value.low.is_loopback() &&
         r.dst_address->value.high.is_loopback();
}

// The knocks' own pitfalls: one packet climbing two stages, a raw drop or a port forward taking a knock away
// from the filter, a TCP knock that gets no answer.
void knock_pitfalls(const CheckResult& result, std::vector<std::string>& warnings) {
  const CheckStep& last = result.steps.back();
  for (const CheckStep& s : result.steps) {
    std::set<std::string> added;
    for (const Rule* r : s.verdict.matched) {
      if (r->action == Action::add_src_to_address_list && r->src_address_list &&
          !r->src_address_list->negated && added.count(r->src_address_list->value)) {
        warnings.push_back(s.label + " climbed more than one stage at once (" + r->describe() +
                           " fired right after the same packet was put on " +
                           quoted(r->src_address_list->value) +
                           "): list the knock stages last-first so that each knock climbs one stage");
      }
      if (r->action == Action::add_src_to_address_list) added.insert(r->address_list);
    }
    if (&s == &last) continue;
    if (s.verdict.rule && s.verdict.rule->table == Table::raw) {
      warnings.push_back(
          s.label + " never reached the filter: " + s.verdict.rule->describe() +
          " dropped it in prerouting. The raw table runs before nat and filter, so no knock rule "
          "there can count it: exempt the knock's ports in raw, or count the knock in raw itself");
    } else if (s.verdict.forwarded()) {
      warnings.push_back(s.label + " is sent on to " + host_port(s.verdict.dst, s.verdict.dst_port) + " by " +
                         s.verdict.nat->describe() + ", so knock rules on input never see it");
    } else if (s.packet.protocol == 6 && s.verdict.rule &&
               (s.verdict.action == Action::drop || s.verdict.action == Action::tarpit)) {
      warnings.push_back(s.label + " gets no answer (" + verdict_words(s.verdict) +
                         "): fine for a knock, which is one SYN and never waits for a handshake");
    }
  }
}

// What the view and the router's services add: the defconf loopback accept, a port forward, a port nothing
// listens on.
void router_pitfalls(const Config& config, const CheckRequest& req, CheckResult& result) {
  const CheckStep& last = result.steps.back();
  const IpAddress& to = result.view.address_of(family_of(req.from));
  for (const Rule& r : config.rules(family_of(req.from))) {
    if (!is_loopback_accept(r)) continue;
    const bool decided = std::any_of(result.steps.begin(), result.steps.end(),
                                     [&](const CheckStep& s) { return s.verdict.rule == &r; });
    if (to.is_loopback() && decided) {
      result.warnings.push_back(r.describe() + " accepts packets addressed to " + r.dst_address->value.text +
                                ", and decided here only because --to addresses the knock to " +
                                to.to_string() +
                                ": on the router, packets from outside never carry that address");
    } else if (!to.is_loopback()) {
      result.notes.push_back(
          r.describe() + " accepts packets addressed to " + r.dst_address->value.text +
          ": harmless on the router, where packets from outside never carry that address; the "
          "knocks here go to " +
          to.to_string() + ", as from outside");
    }
  }
  if (last.verdict.forwarded()) {
    result.notes.push_back(last.verdict.nat->describe() + " sends connections to " + to_string(req.protect) +
                           " on to " + host_port(last.verdict.dst, last.verdict.dst_port) +
                           ": the filter's forward chain decides them, and rules on input (a knock's accept "
                           "among them) do not apply");
  } else if (last.verdict.accepted() && req.protect.protocol == 6 && !result.service.service) {
    result.warnings.push_back(
        "no service of /ip service listens on " + to_string(req.protect) +
        ": the firewall lets the connection in, but unless something else on the router "
        "answers there (a container, a proxy), it is refused");
  }
}

// The lists a knock climbs: those a rule waits for before it adds to another list or accepts (the stages
// and the access list). A list a drop waits for is a blacklist.
std::set<std::string> lists_waited_for(const Config& config, Family f, bool by_drops) {
  std::set<std::string> out;
  for (const Table t : {Table::raw, Table::nat, Table::filter}) {
    for (const Rule& r : config.rules(t, f)) {
      if (r.disabled || !r.src_address_list || r.src_address_list->negated) continue;
      const bool drops = r.action == Action::drop || r.action == Action::reject || r.action == Action::tarpit;
      const bool climbs = r.action == Action::accept || r.action == Action::add_src_to_address_list;
      if (by_drops ? drops : climbs) out.insert(r.src_address_list->value);
    }
  }
  return out;
}

const Rule* adder_of(const Verdict& v, const std::string& list) {
  for (const Rule* r : v.matched) {
    if (r->action == Action::add_src_to_address_list && r->address_list == list) return r;
  }
  return nullptr;
}

// A connection to the protected port that counts as a knock opens the door without one; one that puts the
// client on a blacklist locks out whoever connects (a verify probe does) after a knock that failed.
void connection_pitfalls(const Config& config, const CheckRequest& req, CheckResult& result) {
  const Family f = family_of(req.from);
  Firewall fw(config, result.view.firewall, Time{0});
  const Verdict v = fw.evaluate(connection_packet(req.protect, req.from, result.view.address_of(f)), kStart);
  const auto stages = lists_waited_for(config, f, false), blacklists = lists_waited_for(config, f, true);
  for (const ListChange& c : v.changes) {
    const Rule* adder = adder_of(v, c.list);
    if (c.kind != ListChange::added || !adder) continue;
    if (stages.count(c.list)) {
      result.warnings.push_back("a connection to " + to_string(req.protect) + " counts as a knock: " +
                                adder->describe() + " puts its source on " + quoted(c.list) +
                                ", so every attempt to connect climbs that stage (with one knock, the "
                                "connection opens the door for itself): knock on ports nothing connects to");
    } else if (blacklists.count(c.list)) {
      result.warnings.push_back(
          "a connection to " + to_string(req.protect) + " without the knock puts its source on " +
          quoted(c.list) + " (" + adder->describe() +
          "), which a drop waits for: a client whose knock failed and who then tries to connect, as a verify "
          "probe does, is locked out; count scans only on ports nobody connects to");
    }
  }
}

std::string copy_words(const core::Knock& k) {
  switch (k.protocol) {
    case core::Protocol::udp:
      return "the same datagram sent again 1s later";
    case core::Protocol::icmp:
      return "the next echo request, 1s later, as ping sends it";
    default:
      return "its SYN retransmitted 1s later, as a client that waits for an answer sends it";
  }
}

// A knock sent twice must not climb a stage the first copy did not: then one knock and its copy are worth
// two knocks (tcp:1 tcp:1 tcp:1 falls to one connection attempt).
void repeat_pitfalls(const Config& config, const CheckRequest& req, CheckResult& result) {
  const auto& knocks = req.sequence.knocks;
  const auto offsets = core::schedule(req.sequence, req.delay);
  const Family f = family_of(req.from);
  const IpAddress& to = result.view.address_of(f);
  const auto stages = lists_waited_for(config, f, false);
  for (std::size_t i = 0; i < knocks.size(); ++i) {
    Firewall fw(config, result.view.firewall, Time{0});
    std::set<std::string> first;
    for (std::size_t j = 0; j <= i; ++j) {
      for (const Packet& p : packets_for(knocks[j], req.from, to, static_cast<std::uint16_t>(40000 + j))) {
        const Verdict v = fw.evaluate(p, kStart + to_time(offsets[j]));
        if (j == i) {
          for (const ListChange& c : v.changes)
            first.insert(c.list);
        }
      }
    }
    const Packet copy = packets_for(knocks[i], req.from, to, static_cast<std::uint16_t>(40000 + i)).front();
    const Verdict v = fw.evaluate(copy, kStart + to_time(offsets[i] + std::chrono::seconds(1)));
    for (const ListChange& c : v.changes) {
      const Rule* adder = adder_of(v, c.list);
      if (c.kind != ListChange::added || first.count(c.list) || !stages.count(c.list) || !adder) continue;
      result.warnings.push_back("step " + std::to_string(i + 1) + " " + core::format_knock(knocks[i]) +
                                " sent twice climbs two stages: " + adder->describe() +
                                " takes its second copy (" + copy_words(knocks[i]) +
                                ") and puts the source on " + quoted(c.list) +
                                ": consecutive knocks must not match the same packet");
      return;
    }
  }
}

// IPv4 rules never see IPv6 packets: with no IPv6 filter rules, or with some that let a new connection
// through, the protected port is open over IPv6 whatever the IPv4 rules say.
void ipv6_pitfall(const Config& config, const CheckRequest& req, CheckResult& result) {
  const IpAddress anyone = *core::parse_literal("2001:db8::7");
  if (req.protect.protocol == 6 && !service_answer(config, req.protect.port, anyone).takes) return;
  const std::string twin = "the IPv6 twin (knock routeros rules ... --ipv6)";
  if (config.rules(Family::v6).empty()) {
    std::string w = "the export has no /ipv6 firewall filter rules: " + to_string(req.protect) +
                    " is open to everyone over IPv6, knock or no knock (IPv4 rules never see IPv6 packets); "
                    "add " +
                    twin;
    if (req.from.is_v6()) w += ", and knock and connect on the same address family";
    result.warnings.push_back(std::move(w));
    return;
  }
  if (req.from.is_v6()) return;  // the knock itself was tried over IPv6
  Firewall fw(config, result.view.firewall, Time{0});
  const Verdict v =
      fw.evaluate(connection_packet(req.protect, anyone, result.view.address_of(Family::v6)), kStart);
  if (v.is_undecided()) {
    result.warnings.push_back("whether " + to_string(req.protect) +
                              " is open to everyone over IPv6 cannot be told: a new connection from outside, "
                              "with no knock, is " +
                              verdict_words(v));
    return;
  }
  if (!v.accepted() || v.forwarded()) return;
  result.warnings.push_back(
      to_string(req.protect) +
      " is open to everyone over IPv6: a new connection from outside, with no knock, is " + verdict_words(v) +
      "; guard it in /ipv6 firewall filter too, e.g. with " + twin);
}

// Why the connection did not get in: the accept rule that would have let it, and why the source was not on
// its list; or the service that turned it away.
void explain_denial(const Firewall& fw, const CheckRequest& req, CheckResult& result) {
  const CheckStep& last = result.steps.back();
  const std::string who = req.from.to_string();
  const Time at = kStart + to_time(last.at);
  const std::string head = last.label + " from " + who + " at " + format_offset(last.at) + " is ";
  if (last.verdict.accepted()) {  // the firewall let it in; the service did not take it
    result.explanation.push_back(head + verdict_words(last.verdict) + ", but " + result.service.why);
    return;
  }
  result.explanation.push_back(head + verdict_words(last.verdict));
  const Packet seen = as_filtered(last.packet, last.verdict);
  Explainer explainer(fw, req, result);
  for (const Rule& r : fw.config().rules(family_of(req.from))) {
    if (r.action != Action::accept || !fw.matches_ignoring_lists(r, seen, at)) continue;
    if (!r.src_address_list || r.src_address_list->negated) continue;
    if (last.verdict.forwarded() && r.chain == "input") {
      result.explanation.push_back(r.describe() + " on input would let it in, but " +
                                   last.verdict.nat->describe() +
                                   " sends it on through forward, which input's rules never see: a forwarded "
                                   "port needs its access rule in forward");
      return;
    }
    const Rule* decider = last.verdict.rule;
    if (decider && decider->table == r.table && decider->chain == r.chain && decider->number < r.number) {
      result.explanation.push_back(r.describe() + " would let it in, but it sits below " +
                                   decider->describe() + ", which decides first");
      return;
    }
    result.explanation.push_back(r.describe() + " lets it in only from sources on " +
                                 quoted(r.src_address_list->value) + ", and " + who + " is not on it at " +
                                 format_offset(last.at));
    explainer.why_not_on(r.src_address_list->value, result.steps.size() - 1, 0, result.explanation);
    return;
  }
  result.explanation.push_back("no accept rule for " + to_string(req.protect) +
                               " depends on an address list, so no knock sequence can open it");
}

// A packet the emulator could not decide: what stopped it, that it counts as a denial, and how to go on.
void explain_undecided(const CheckRequest& req, CheckResult& result) {
  const CheckStep& s = result.steps[*result.undecided_step];
  const Verdict& v = s.verdict;
  result.explanation.push_back(s.label + " from " + req.from.to_string() + " at " + format_offset(s.at) +
                               " is undecided: " + v.undecided);
  const bool last = *result.undecided_step + 1 == result.steps.size();
  result.explanation.push_back(
      std::string("the emulator cannot tell what the router would do with ") +
      (last ? "the connection" : "that packet, nor with anything after it") +
      ", so it does not call this a grant: it counts as denied, and the router may decide otherwise");
  const Rule* r = v.undecided_by;
  if (r && !r->unsupported.empty()) {
    result.explanation.push_back(
        "to go on: if " + r->describe() + " never applies when you knock (" + r->unsupported.front() +
        " does not hold then), disable it in a copy of the export (add disabled=yes to its line) and check "
        "that copy; otherwise try the knock on the router itself");
  } else {
    result.explanation.push_back("to go on: try the knock on the router itself");
  }
}

void explain_grant(const Firewall& fw, const CheckRequest& req, CheckResult& result) {
  const CheckStep& last = result.steps.back();
  const std::string who = req.from.to_string();
  std::string why =
      last.label + " from " + who + " at " + format_offset(last.at) + " is " + verdict_words(last.verdict);
  const Rule* r = last.verdict.rule;
  if (r && r->src_address_list && !r->src_address_list->negated) {
    why += ", because " + who + " is on " + quoted(r->src_address_list->value);
    if (auto e = fw.lists().expiry(r->src_address_list->value, req.from))
      why += " until " + format_offset(to_duration(*e - kStart));
  } else if (!r && last.verdict.forwarded()) {
    why +=
        "; nothing in forward protects it: a port forward is open to everyone unless a forward rule limits "
        "it";
  } else if (!r) {
    why += "; nothing in this configuration protects it";
  }
  result.explanation.push_back(why);
}

}  // namespace

std::string verdict_words(const Verdict& v) {
  std::string out;
  if (v.is_undecided()) return "undecided, so counted as dropped: " + v.undecided;
  if (!v.rule) {
    out = v.forwarded() ? "accepted by the forward chain's default policy (no rule decided)"
                        : "accepted by the chain's default policy (no rule decided)";
  } else {
    out = past_tense(v.action) + " by " + v.rule->describe();
    if (v.rule->table == Table::raw) out += " in prerouting, before the filter";
  }
  if (v.nat) out += ", after " + v.nat->describe() + " sent it to " + host_port(v.dst, v.dst_port);
  return out;
}

std::vector<Packet> packets_for(const core::Knock& k, const IpAddress& from, const IpAddress& to,
                                std::uint16_t src_port) {
  const bool v6 = to.is_v6();
  const std::uint16_t ip = v6 ? 40 : 20;
  Packet p;
  p.src = from;
  p.dst = to;
  p.src_port = src_port;
  p.dst_port = k.port;
  switch (k.protocol) {
    case core::Protocol::tcp:
    case core::Protocol::connect: {
      p.protocol = 6;
      p.tcp_flags = kSyn;
      p.size = static_cast<std::uint16_t>(ip + 40);  // a SYN carries 20 bytes of options, as Linux sends it
      std::vector<Packet> out{p};
      if (k.protocol == core::Protocol::connect && !k.payload.bytes.empty()) {
        Packet data = p;
        data.tcp_flags = kAck | kPsh;
        data.state = kEstablished;
        data.payload.assign(k.payload.bytes.begin(), k.payload.bytes.end());
        data.size = static_cast<std::uint16_t>(ip + 32 + data.payload.size());
        out.push_back(data);
      }
      return out;
    }
    case core::Protocol::udp:
      p.protocol = 17;
      p.payload.assign(k.payload.bytes.begin(), k.payload.bytes.end());
      p.size = static_cast<std::uint16_t>(ip + 8 + p.payload.size());
      return {p};
    case core::Protocol::icmp:
      p.protocol = v6 ? 58 : 1;
      p.src_port = p.dst_port = 0;
      p.icmp_type = v6 ? 128 : 8;
      p.size = k.icmp_size;
      return {p};
  }
  return {p};
}

Packet connection_packet(const ServicePort& s, const IpAddress& from, const IpAddress& to) {
  core::Knock k;
  k.protocol = s.protocol == 17 ? core::Protocol::udp : core::Protocol::tcp;
  k.port = s.port;
  return packets_for(k, from, to, 50000).front();
}

std::string format_offset(Duration d) {
  // Whole milliseconds in RouterOS's own style: +0s, +15s, +1s500ms, +3h.
  return "+" + format_routeros_duration(std::chrono::duration_cast<std::chrono::milliseconds>(d));
}

CheckResult check(const Config& config, const CheckRequest& req) {
  CheckResult result;
  result.view = router_view(config, req.view);
  const IpAddress& to = result.view.address_of(family_of(req.from));
  Firewall fw(config, result.view.firewall, Time{0});
  const auto offsets = core::schedule(req.sequence, req.delay);
  for (std::size_t i = 0; i < req.sequence.knocks.size(); ++i) {
    const auto& k = req.sequence.knocks[i];
    for (Packet& p : packets_for(k, req.from, to, static_cast<std::uint16_t>(40000 + i))) {
      CheckStep step{"step " + std::to_string(i + 1) + " " + core::format_knock(k), offsets[i], p, {}};
      step.verdict = fw.evaluate(p, kStart + to_time(offsets[i]));
      result.steps.push_back(std::move(step));
    }
  }
  const Duration at = (offsets.empty() ? Duration{0} : offsets.back()) + req.connect_after;
  CheckStep conn{
      "connection " + to_string(req.protect), at, connection_packet(req.protect, req.from, to), {}};
  conn.verdict = fw.evaluate(conn.packet, kStart + to_time(at));
  result.steps.push_back(std::move(conn));
  const Verdict& last = result.steps.back().verdict;
  if (last.accepted() && !last.forwarded() && req.protect.protocol == 6) {
    result.service = service_answer(config, last.dst_port, req.from);
  }
  for (std::size_t i = 0; i < result.steps.size(); ++i) {
    if (result.steps[i].verdict.is_undecided()) {
      result.undecided_step = i;
      break;
    }
  }
  result.granted = !result.undecided() && last.accepted() && result.service.takes;

  knock_pitfalls(result, result.warnings);
  router_pitfalls(config, req, result);
  connection_pitfalls(config, req, result);
  repeat_pitfalls(config, req, result);
  ipv6_pitfall(config, req, result);
  result.warnings.insert(result.warnings.end(), config.warnings.begin(), config.warnings.end());
  if (result.undecided()) {
    explain_undecided(req, result);
  } else if (result.granted) {
    explain_grant(fw, req, result);
  } else {
    explain_denial(fw, req, result);
  }
  return result;
}

}  // namespace knock::routeros
