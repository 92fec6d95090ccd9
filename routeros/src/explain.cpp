#include "explain.hpp"

#include <algorithm>
#include <optional>

namespace knock::routeros {
namespace {

bool is_list_key(const std::string& setting) {
  return setting.rfind("src-address-list", 0) == 0 || setting.rfind("dst-address-list", 0) == 0;
}

}  // namespace

std::string past_tense(Action a) {
  switch (a) {
    case Action::accept:
      return "accepted";
    case Action::drop:
      return "dropped";
    case Action::reject:
      return "rejected";
    case Action::tarpit:
      return "tarpitted";
    default:
      return std::string(to_string(a));
  }
}

Packet seen_by(const Rule& r, const CheckStep& step) {
  return r.table == Table::filter ? as_filtered(step.packet, step.verdict) : step.packet;
}

Explainer::Explainer(const Firewall& fw, const CheckRequest& req, const CheckResult& result)
    : fw_(fw), req_(req), result_(result) {
  statics_.load(fw.config().entries, Time{0});
}

bool Explainer::was_on(const std::string& list, std::size_t index) const {
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

void Explainer::why_not_on(const std::string& list, std::size_t index, int depth,
                           std::vector<std::string>& out) {
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
    const core::Duration expired = to_duration(*change->expires - kStart);
    out.push_back(who + " was put on " + quoted(list) + " by " + last->label + " at " +
                  format_offset(last->at) + ", but that entry expired at " + format_offset(expired) +
                  ", before " + step.label + " at " + format_offset(step.at) +
                  ": raise that stage's address-list-timeout, or knock faster");
    return;
  }
  std::vector<const Rule*> adders;
  for (const Table t : {Table::raw, Table::nat, Table::filter}) {
    for (const Rule& r : fw_.config().rules(t, family_of(req_.from))) {
      if (r.action == Action::add_src_to_address_list && r.address_list == list && !r.disabled)
        adders.push_back(&r);
    }
  }
  if (adders.empty()) {
    out.push_back("no enabled rule adds the source address to " + quoted(list) + ", so nothing can put " +
                  who + " there (is the list name spelled the same everywhere?)");
    return;
  }
  for (const Rule* adder : adders) {
    std::optional<std::size_t> meant;  // the knock this stage waits for, before `index`
    for (std::size_t i = 0; i < index; ++i) {
      const CheckStep& s = result_.steps[i];
      if (fw_.matches_ignoring_lists(*adder, seen_by(*adder, s), kStart + to_time(s.at))) meant = i;
    }
    if (meant) {
      did_not_count(*adder, *meant, depth, out);
    } else {
      no_knock_for(*adder, list, index, out);
    }
  }
}

void Explainer::no_knock_for(const Rule& adder, const std::string& list, std::size_t index,
                             std::vector<std::string>& out) {
  const CheckStep& step = result_.steps[index];
  for (std::size_t i = index; i + 1 < result_.steps.size(); ++i) {
    const CheckStep& s = result_.steps[i];
    if (fw_.matches_ignoring_lists(adder, seen_by(adder, s), kStart + to_time(s.at))) {
      out.push_back(adder.describe() + " puts sources on " + quoted(list) + " when " + s.label +
                    " arrives, but that comes after " + step.label + ": the knocks are in the wrong order");
      return;
    }
  }
  // A knock that misses this stage by a single setting (a payload, a size, a port) is most likely the one
  // meant for it.
  std::optional<std::pair<std::size_t, std::string>> closest;
  for (std::size_t i = 0; i < index; ++i) {
    const CheckStep& s = result_.steps[i];
    std::vector<std::string> fails;
    for (auto& f : fw_.mismatches(adder, seen_by(adder, s), kStart + to_time(s.at))) {
      if (!is_list_key(f)) fails.push_back(f);
    }
    if (fails.size() == 1 && (adder.setting("protocol").empty() || fails[0].rfind("protocol", 0) != 0)) {
      closest.emplace(i, fails[0]);
    }
  }
  if (closest) {
    const CheckStep& s = result_.steps[closest->first];
    std::string why = s.label + " was meant for " + adder.describe() + ", but it fails " + closest->second;
    if (s.verdict.nat && adder.table == Table::filter && closest->second.rfind("dst-", 0) == 0) {
      why += " (" + s.verdict.nat->describe() + " changed its destination first)";
    }
    out.push_back(why);
    return;
  }
  std::string wants;
  for (const char* key :
       {"protocol", "dst-port", "packet-size", "content", "icmp-options", "in-interface", "in-interface-list",
        "src-address", "dst-address", "tcp-flags", "connection-state"}) {
    const std::string w = adder.setting(key);
    if (!w.empty()) wants += (wants.empty() ? "" : " ") + w;
  }
  out.push_back(adder.describe() + " puts sources on " + quoted(list) + ", but no knock matches it" +
                (wants.empty() ? "" : " (it wants " + wants + "): a step is missing or wrong"));
}

void Explainer::did_not_count(const Rule& adder, std::size_t meant, int depth,
                              std::vector<std::string>& out) {
  const std::string who = req_.from.to_string();
  const CheckStep& m = result_.steps[meant];
  const auto& matched = m.verdict.matched;
  if (std::find(matched.begin(), matched.end(), &adder) != matched.end()) return;  // it fired
  const Rule* decider = m.verdict.rule;
  if (decider && decider->table == Table::raw && adder.table != Table::raw) {
    out.push_back(
        adder.describe() + " never saw " + m.label + ": " + decider->describe() +
        " dropped it in prerouting; the raw table runs before nat and filter, so exempt the knock there");
    return;
  }
  if (adder.table == Table::filter && m.verdict.forwarded() && adder.chain == "input") {
    out.push_back(adder.describe() + " never saw " + m.label + ": " + m.verdict.nat->describe() +
                  " sent it on to another host, so it went through forward, not input: do not forward the "
                  "knock's port");
    return;
  }
  if (!m.verdict.undecided.empty()) {
    out.push_back(adder.describe() + " never saw " + m.label + ": " + m.verdict.undecided);
    return;
  }
  if (decider && decider->table == adder.table && decider->chain == adder.chain &&
      decider->number < adder.number) {
    out.push_back(adder.describe() + " never saw " + m.label + ": " + decider->describe() + " above it " +
                  past_tense(decider->action) + " the packet first; move the knock rules above it");
    return;
  }
  if (adder.src_address_list && !adder.src_address_list->negated &&
      !was_on(adder.src_address_list->value, meant)) {
    const std::string& needed = adder.src_address_list->value;
    out.push_back(m.label + " at " + format_offset(m.at) + " did not count: " + adder.describe() +
                  " takes it only from sources on " + quoted(needed) + ", and " + who +
                  " was not on it then");
    why_not_on(needed, meant, depth + 1, out);
    return;
  }
  std::string failing;
  for (const auto& f : fw_.mismatches(adder, seen_by(adder, m), kStart + to_time(m.at))) {
    if (!is_list_key(f)) failing += (failing.empty() ? "" : ", ") + f;
  }
  out.push_back(m.label + " did not match " + adder.describe() +
                (failing.empty() ? "" : ": it fails " + failing));
}

}  // namespace knock::routeros
