#include "knock/routeros/check.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "knock/core/plan.hpp"

namespace knock::routeros {
namespace {

using core::Duration;

Time to_time(Duration d) { return std::chrono::duration_cast<Time>(d); }
Duration to_duration(Time t) { return std::chrono::duration_cast<Duration>(t); }

// The virtual clock starts here, so entries loaded at time 0 have been there a while.
constexpr Time kStart = std::chrono::seconds(1);

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string past_tense(Action a) {
  switch (a) {
    case Action::accept: return "accepted";
    case Action::drop: return "dropped";
    case Action::reject: return "rejected";
    case Action::tarpit: return "tarpitted";
    default: return std::string(to_string(a));
  }
}

class Explainer {
 public:
  Explainer(const Firewall& fw, const CheckRequest& req, const CheckResult& result)
      : fw_(fw), req_(req), result_(result), statics_() {
    statics_.load(fw.config().entries, Time{0});
  }

  // Whether the source was on `list` just before step `index` was evaluated, from the recorded changes.
  bool was_on(const std::string& list, std::size_t index) const {
    const Time at = kStart + to_time(result_.steps[index].at);
    if (statics_.contains(list, req_.from, at)) return true;
    std::optional<std::optional<Time>> latest;  // the last change's expiry
    for (std::size_t i = 0; i < index; ++i) {
      for (const ListChange& c : result_.steps[i].verdict.changes) {
        if (c.list == list && c.address == req_.from) latest = c.expires;
      }
    }
    return latest && (!*latest || **latest > at);
  }

  // Why the source was not on `list` when step `index` came: an entry expired, or no step put it there.
  void why_not_on(const std::string& list, std::size_t index, int depth, std::vector<std::string>& out) {
    if (depth > 8 || !explained_.insert(list).second) return;
    const std::string who = req_.from.to_string();
    const CheckStep& step = result_.steps[index];
    const CheckStep* last = nullptr;
    const ListChange* change = nullptr;
    for (std::size_t i = 0; i < index; ++i) {
      for (const ListChange& c : result_.steps[i].verdict.changes) {
        if (c.list == list && c.address == req_.from) {
          last = &result_.steps[i];
          change = &c;
        }
      }
    }
    if (change && change->expires) {
      const Duration expired = to_duration(*change->expires - kStart);
      out.push_back(who + " was put on " + quoted(list) + " by " + last->label + " at " + format_offset(last->at) +
                    ", but that entry expired at " + format_offset(expired) + ", before " + step.label + " at " +
                    format_offset(step.at) + ": raise that stage's address-list-timeout, or knock faster");
      return;
    }
    std::vector<const Rule*> adders;
    for (const Rule& r : fw_.config().rules(family_of(req_.from))) {
      if (r.action == Action::add_src_to_address_list && r.address_list == list && !r.disabled) adders.push_back(&r);
    }
    if (adders.empty()) {
      out.push_back("no enabled rule adds the source address to " + quoted(list) + ", so nothing can put " + who +
                    " there (is the list name spelled the same everywhere?)");
      return;
    }
    for (const Rule* adder : adders) {
      if (!adder->unsupported.empty()) {
        out.push_back(adder->describe() + " adds to " + quoted(list) + " but uses " + adder->unsupported.front() +
                      ", which this emulator cannot evaluate (treated as never matching)");
        continue;
      }
      std::optional<std::size_t> meant, later;  // the knock this stage waits for, before or after `index`
      for (std::size_t i = 0; i + 1 < result_.steps.size(); ++i) {
        const CheckStep& s = result_.steps[i];
        if (!fw_.matches_ignoring_lists(*adder, s.packet, kStart + to_time(s.at))) continue;
        if (i < index) meant = i;
        else if (!later) later = i;
      }
      if (!meant) {
        if (later) {
          out.push_back(adder->describe() + " puts sources on " + quoted(list) + " when " +
                        result_.steps[*later].label + " arrives, but that comes after " + step.label +
                        ": the knocks are in the wrong order");
          continue;
        }
        // A knock that misses this stage by a single setting (a payload, a size, a port) is most likely
        // the one meant for it.
        std::optional<std::pair<std::size_t, std::string>> closest;
        for (std::size_t i = 0; i < index; ++i) {
          const CheckStep& s = result_.steps[i];
          std::vector<std::string> fails;
          for (auto& f : fw_.mismatches(*adder, s.packet, kStart + to_time(s.at))) {
            if (f.rfind("src-address-list", 0) != 0 && f.rfind("dst-address-list", 0) != 0) fails.push_back(f);
          }
          if (fails.size() == 1 && (adder->setting("protocol").empty() || fails[0].rfind("protocol", 0) != 0)) {
            closest.emplace(i, fails[0]);
          }
        }
        if (closest) {
          out.push_back(result_.steps[closest->first].label + " was meant for " + adder->describe() +
                        ", but it fails " + closest->second);
          continue;
        }
        std::string wants;
        for (const char* key : {"protocol", "dst-port", "packet-size", "content", "icmp-options", "in-interface",
                                "in-interface-list", "src-address", "dst-address", "tcp-flags", "connection-state"}) {
          const std::string w = adder->setting(key);
          if (!w.empty()) wants += (wants.empty() ? "" : " ") + w;
        }
        out.push_back(adder->describe() + " puts sources on " + quoted(list) + ", but no knock matches it" +
                      (wants.empty() ? "" : " (it wants " + wants + "): a step is missing or wrong"));
        continue;
      }
      const CheckStep& m = result_.steps[*meant];
      const auto& matched = m.verdict.matched;
      if (std::find(matched.begin(), matched.end(), adder) != matched.end()) continue;  // it fired
      const Rule* decider = m.verdict.rule;
      if (decider && decider->chain == adder->chain && decider->number < adder->number) {
        out.push_back(adder->describe() + " never saw " + m.label + ": " + decider->describe() + " above it " +
                      past_tense(decider->action) + " the packet first; move the knock rules above it");
        continue;
      }
      if (adder->src_address_list && !adder->src_address_list->negated &&
          !was_on(adder->src_address_list->value, *meant)) {
        const std::string& needed = adder->src_address_list->value;
        out.push_back(m.label + " at " + format_offset(m.at) + " did not count: " + adder->describe() +
                      " takes it only from sources on " + quoted(needed) + ", and " + who + " was not on it then");
        why_not_on(needed, *meant, depth + 1, out);
        continue;
      }
      std::string failing;
      for (const auto& f : fw_.mismatches(*adder, m.packet, kStart + to_time(m.at))) {
        if (f.rfind("src-address-list", 0) != 0 && f.rfind("dst-address-list", 0) != 0) {
          failing += (failing.empty() ? "" : ", ") + f;
        }
      }
      out.push_back(m.label + " did not match " + adder->describe() + (failing.empty() ? "" : ": it fails " + failing));
    }
  }

 private:
  const Firewall& fw_;
  const CheckRequest& req_;
  const CheckResult& result_;
  AddressLists statics_;  // the configuration's own entries, never changed by knocks
  std::set<std::string> explained_;
};

}  // namespace

std::string verdict_words(const Verdict& v) {
  if (!v.rule) return "accepted by the chain's default policy (no rule decided)";
  return past_tense(v.action) + " by " + v.rule->describe();
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
  const IpAddress to = req.to.value_or(req.from.is_v4() ? boost::asio::ip::make_address("127.0.0.1")
                                                          : boost::asio::ip::make_address("::1"));
  Firewall fw(config, req.firewall, Time{0});
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
  CheckStep conn{"connection " + to_string(req.protect), at, connection_packet(req.protect, req.from, to), {}};
  conn.verdict = fw.evaluate(conn.packet, kStart + to_time(at));
  result.steps.push_back(std::move(conn));
  const CheckStep& last = result.steps.back();
  result.granted = last.verdict.accepted();

  // Pitfalls seen on the way.
  for (const CheckStep& s : result.steps) {
    std::set<std::string> added;
    for (const Rule* r : s.verdict.matched) {
      if (r->action == Action::add_src_to_address_list && r->src_address_list && !r->src_address_list->negated &&
          added.count(r->src_address_list->value)) {
        result.warnings.push_back(s.label + " climbed more than one stage at once (" + r->describe() +
                                  " fired right after the same packet was put on " +
                                  quoted(r->src_address_list->value) +
                                  "): list the knock stages last-first so that each knock climbs one stage");
      }
      if (r->action == Action::add_src_to_address_list) added.insert(r->address_list);
    }
    if (&s != &last && s.packet.protocol == 6 && s.verdict.rule &&
        (s.verdict.action == Action::drop || s.verdict.action == Action::tarpit)) {
      result.warnings.push_back(s.label + " gets no answer (" + verdict_words(s.verdict) +
                                "): fine for a knock, which is one SYN and never waits for a handshake");
    }
  }
  if (req.from.is_v6() && config.rules(Family::v6).empty() && !config.rules(Family::v4).empty()) {
    result.warnings.push_back("IPv4 rules never see IPv6 packets, and the /ipv6 firewall filter is empty: IPv6 "
                              "traffic is not filtered at all; knock and connect on the same address family");
  }
  for (const auto& note : config.notes) {
    if (note.find("cannot evaluate") != std::string::npos || note.find("DNS name") != std::string::npos) {
      result.warnings.push_back(note);
    }
  }

  // The explanation.
  const std::string who = req.from.to_string();
  if (result.granted) {
    std::string why = last.label + " from " + who + " at " + format_offset(at) + " is " + verdict_words(last.verdict);
    const Rule* r = last.verdict.rule;
    if (r && r->src_address_list && !r->src_address_list->negated) {
      why += ", because " + who + " is on " + quoted(r->src_address_list->value);
      if (auto e = fw.lists().expiry(r->src_address_list->value, req.from)) {
        why += " until " + format_offset(to_duration(*e - kStart));
      }
    } else if (!r) {
      why += "; nothing in this configuration protects it";
    }
    result.explanation.push_back(why);
    return result;
  }
  result.explanation.push_back(last.label + " from " + who + " at " + format_offset(at) + " is " +
                               verdict_words(last.verdict));
  Explainer explainer(fw, req, result);
  bool found = false;
  for (const Rule& r : config.rules(family_of(req.from))) {
    if (r.action != Action::accept || !fw.matches_ignoring_lists(r, last.packet, kStart + to_time(at))) continue;
    if (!r.src_address_list || r.src_address_list->negated) continue;
    if (last.verdict.rule && last.verdict.rule->chain == r.chain && last.verdict.rule->number < r.number) {
      result.explanation.push_back(r.describe() + " would let it in, but it sits below " +
                                   last.verdict.rule->describe() + ", which decides first");
      found = true;
      break;
    }
    result.explanation.push_back(r.describe() + " lets it in only from sources on " +
                                 quoted(r.src_address_list->value) + ", and " + who + " is not on it at " +
                                 format_offset(at));
    explainer.why_not_on(r.src_address_list->value, result.steps.size() - 1, 0, result.explanation);
    found = true;
    break;
  }
  if (!found) {
    result.explanation.push_back("no accept rule for " + to_string(req.protect) +
                                 " depends on an address list, so no knock sequence can open it");
  }
  return result;
}

}  // namespace knock::routeros
