#include "placement.hpp"

#include <algorithm>

#include "explain.hpp"
#include "knock/core/plan.hpp"

namespace knock::routeros {
namespace {

struct Probe {
  std::string label;  // "knock 1 tcp:1337", "a new connection to tcp:8291"
  Packet packet;
};

// The packets of the knocks and of a new connection to each protected port, from a client on no list.
std::vector<Probe> probes(const GenerateOptions& o, const RouterView& view, Family f) {
  const IpAddress from = *core::parse_literal(f == Family::v4 ? "127.0.0.1" : "::1");
  const IpAddress& to = view.address_of(f);
  std::vector<Probe> out;
  const auto& knocks = o.sequence.knocks;
  for (std::size_t i = 0; i < knocks.size(); ++i) {
    for (const Packet& p : packets_for(knocks[i], from, to, static_cast<std::uint16_t>(40000 + i))) {
      const std::string label = "knock " + std::to_string(i + 1) + " " + core::format_knock(knocks[i]);
      if (p.state == kNew) out.push_back({label, p});
    }
  }
  for (const ServicePort& p : o.protect)
    out.push_back({"a new connection to " + to_string(p), connection_packet(p, from, to)});
  return out;
}

// The input rule that decided the packet, or may have (a rule the emulator cannot evaluate, where the
// packet is undecided): the rule itself, or the jump that led to its chain. Rules placed above it see the
// packet before it, whatever it does.
const Rule* deciding_input_rule(const Verdict& v) {
  const Rule* decider = v.is_undecided() ? v.undecided_by : v.rule;
  if (!decider || decider->table != Table::filter) return nullptr;
  for (auto it = v.matched.rbegin(); it != v.matched.rend(); ++it) {
    if ((*it)->table == Table::filter && (*it)->chain == "input") return *it;
  }
  return nullptr;
}

core::Status reachable(const Probe& p, const Verdict& v, const std::string& router) {
  const auto bad = [](std::string m) { return core::make_error(core::Errc::bad_input, std::move(m)); };
  // Undecided in the filter: the rules go above the rule that could not be decided (the dry run then tries
  // the knock again). Undecided before the filter, no place in it is sure to see the packet.
  if (v.is_undecided() && !(v.undecided_by && v.undecided_by->table == Table::filter)) {
    return bad(router + ": no place for the rules can be found: the emulator cannot decide " + p.label +
               " (" + v.undecided + "), and it does not guess");
  }
  if (v.rule && v.rule->table == Table::raw) {
    return bad(
        router + ": " + v.rule->describe() + " drops " + p.label +
        " in raw, before the filter, so no place in the filter sees it: exempt the knock's ports in raw");
  }
  if (v.forwarded()) {
    return bad(router + ": " + v.nat->describe() + " sends " + p.label +
               " on to another host, through forward, so the input rules knock writes never see it");
  }
  return {};
}

std::string pick(const std::string& chain, std::size_t position) {
  return "[:pick [find where chain=" + chain + " dynamic=no] " + std::to_string(position) + "]";
}

// Names `anchor` by its chain and comment when no other rule shares them, else by its position among the
// chain's static rules (a print's numbers would count the dynamic ones too).
void name_anchor(const Config& c, Family f, const Rule& anchor, Placement& out) {
  const auto& rules = c.rules(f);
  const auto same = std::count_if(rules.begin(), rules.end(), [&](const Rule& r) {
    return r.chain == anchor.chain && r.comment == anchor.comment;
  });
  if (!anchor.comment.empty() && same == 1) {
    out.place_before = "[find where chain=" + anchor.chain + " comment=" + quote(anchor.comment) + "]";
    return;
  }
  out.by_position = true;
  out.position = static_cast<std::size_t>(
      std::count_if(rules.begin(), rules.begin() + static_cast<std::ptrdiff_t>(anchor.number),
                    [&](const Rule& r) { return r.chain == anchor.chain; }));
  out.place_before = pick(anchor.chain, out.position);
}

}  // namespace

core::Expected<Placement> place_rules(const Config& config, const GenerateOptions& o, Family f) {
  Placement out;
  out.family = f;
  const RouterView view = router_view(config, o.view);
  const Rule* first = nullptr;
  std::string decided;
  bool undecided = false;
  for (const Probe& p : probes(o, view, f)) {
    Firewall fw(config, view.firewall, Time{0});  // a fresh client for every packet
    const Verdict v = fw.evaluate(p.packet, kStart);
    if (auto ok = reachable(p, v, o.router_name); !ok) return ok.error();
    const Rule* r = deciding_input_rule(v);
    if (r && (!first || r->number < first->number)) {
      first = r;
      decided = p.label;
      undecided = v.is_undecided();
    }
  }
  const std::string family = f == Family::v4 ? "IPv4" : "IPv6";
  if (!first) {
    out.reason = family + ": added at the end of the filter table, since no rule of " + o.router_name +
                 " decides the knocks or a new connection to the protected ports";
    return out;
  }
  out.before = first->number;
  name_anchor(config, f, *first, out);
  out.reason = family + ": placed before " + first->describe() + ", the first rule of " + o.router_name +
               " that decides " + decided;
  if (undecided) out.reason += " (or may: the emulator cannot evaluate all of it)";
  return out;
}

std::string place_before(const Placement& p, std::size_t i) {
  return p.by_position ? pick("input", p.position + i) : p.place_before;
}

}  // namespace knock::routeros
