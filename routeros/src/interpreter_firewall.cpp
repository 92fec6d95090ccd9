// The firewall tables in scripts: rules of the raw, nat and filter tables (add with place-before, set,
// enable, disable, remove, find, get). Rules go through the same loader as an export's, so a script's rule is
// checked exactly as an exported one. Address lists are in interpreter_lists.cpp.
#include <algorithm>

#include "interpreter.hpp"

namespace knock::routeros::script {

using core::Errc;
using core::make_error;

std::uint8_t menu_code(Table t, Family f) {
  return static_cast<std::uint8_t>(static_cast<int>(t) * 2 + static_cast<int>(f));
}

std::vector<Rule>& table_of(Config& c, std::uint8_t menu) {
  const int f = menu % 2;
  switch (static_cast<Table>(menu / 2)) {
    case Table::raw:
      return c.raw[f];
    case Table::nat:
      return c.nat[f];
    case Table::filter:
      break;
  }
  return c.filter[f];
}

Rule* find_rule(Config& c, std::uint8_t menu, std::uint64_t id, std::size_t* index) {
  auto& table = table_of(c, menu);
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].id == id) {
      if (index) *index = i;
      return &table[i];
    }
  }
  return nullptr;
}

Command to_command(const std::string& menu, const Stmt& s, const std::vector<EvalArg>& args,
                   std::size_t from) {
  Command cmd;
  cmd.menu = menu;
  cmd.verb = "add";
  cmd.at = s.at;
  for (std::size_t i = from; i < args.size(); ++i) {
    const EvalArg& a = args[i];
    cmd.args.push_back({a.key, a.text(), a.node && a.node->quoted, a.key_at, a.node ? a.node->at : a.key_at});
  }
  return cmd;
}

namespace {

void renumber(std::vector<Rule>& table) {
  for (std::size_t i = 0; i < table.size(); ++i)
    table[i].number = i;
}

std::string rule_property(const Rule& r, std::string_view p) {
  if (p == "disabled") return r.disabled ? "true" : "false";
  for (const auto& [k, v] : r.settings) {
    if (k == p) return v;
  }
  if (p == "chain") return r.chain;
  if (p == "action") return std::string(to_string(r.action));
  return "";
}

bool has_property(const Rule& r, std::string_view p) {
  return p == "disabled" || p == "chain" || p == "action" ||
         std::any_of(r.settings.begin(), r.settings.end(), [&](const auto& kv) { return kv.first == p; });
}

}  // namespace

void Interp::rules_changed(bool structural) {
  if (!w_.runtime) return;
  if (structural) w_.state.structural = true;
  if (w_.effects) w_.effects->rules_changed = true;
}

Interp::Result Interp::rules(const Stmt& s, const FirewallMenu& fm, std::vector<EvalArg>& args) {
  const RuleMenu m{menu_code(*fm.table, fm.family), *fm.table, fm.family,
                   menu_of(*fm.table, fm.family).substr(1)};
  if (s.name == "add") return rule_add(s, m, args);
  if (s.name == "find") {
    auto conds = conditions(s, args);
    if (!conds) return std::move(conds).error();
    std::vector<Value> out;
    for (const Rule& r : table_of(w_.config, m.code)) {
      auto ok = passes(s, *conds, [&](std::string_view p) { return rule_property(r, p); });
      if (!ok) return std::move(ok).error();
      if (*ok) out.push_back(Value::id(ItemKind::rule, m.code, r.id));
    }
    return Value::array(std::move(out));
  }
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::rule, m.code, used);
  if (!ids) return std::move(ids).error();
  if (s.name == "get") {
    if (ids->size() != 1 || args.size() != used + 1 || !args[used].key.empty())
      return fail(s.at, "get ID PROPERTY");
    const Rule* r = find_rule(w_.config, m.code, static_cast<std::uint64_t>(ids->front().n));
    if (!r) return fail(s.at, "get: that rule is gone");
    const std::string p = args[used].text();
    if (p == "disabled") return Value::boolean(r->disabled);
    if (!has_property(*r, p)) return Value{};
    return Value::str(rule_property(*r, p));
  }
  if (s.name == "remove") return rule_remove(m, *ids);
  if (s.name != "set" && s.name != "enable" && s.name != "disable")
    return fail(s.at, "/" + m.menu + " " + s.name + " is outside the emulated subset");
  std::vector<EvalArg> changes(args.begin() + static_cast<std::ptrdiff_t>(used), args.end());
  if (s.name != "set")
    changes.push_back({"disabled", "", Value::str(s.name == "disable" ? "yes" : "no"), nullptr, s.at});
  for (const Value& id : *ids) {
    if (auto e = rule_set(s, m, static_cast<std::uint64_t>(id.n), changes)) return *e;
  }
  return Value{};
}

Interp::Result Interp::rule_add(const Stmt& s, const RuleMenu& m, std::vector<EvalArg>& args) {
  auto& table = table_of(w_.config, m.code);
  std::size_t at = table.size();
  std::vector<EvalArg> rest;
  for (EvalArg& a : args) {
    if (a.key != "place-before") {
      rest.push_back(std::move(a));
      continue;
    }
    std::size_t i = 0;
    if (a.value.type == Type::id && a.value.item == ItemKind::rule && a.value.menu == m.code &&
        find_rule(w_.config, m.code, static_cast<std::uint64_t>(a.value.n), &i)) {
      at = i;
    } else if (a.value.type == Type::num && a.value.n >= 0 &&
               static_cast<std::size_t>(a.value.n) < table.size()) {
      at = static_cast<std::size_t>(a.value.n);
    } else {
      return fail(a.key_at, "place-before: not a rule of /" + m.menu + " (give an id from its find)");
    }
  }
  Rule r;
  r.table = m.table;
  r.family = m.family;
  r.number = at;
  Notes notes{w_.config};
  if (auto e = load_rule(to_command(m.menu, s, rest), r, notes)) return *e;
  r.id = w_.state.next_id++;
  table.insert(table.begin() + static_cast<std::ptrdiff_t>(at), std::move(r));
  renumber(table);
  rules_changed(true);
  return Value::id(ItemKind::rule, m.code, table[at].id);
}

Interp::Result Interp::rule_remove(const RuleMenu& m, const std::vector<Value>& ids) {
  auto& table = table_of(w_.config, m.code);
  std::vector<std::size_t> gone;
  for (const Value& id : ids) {
    std::size_t i = 0;
    if (find_rule(w_.config, m.code, static_cast<std::uint64_t>(id.n), &i)) gone.push_back(i);
  }
  std::sort(gone.rbegin(), gone.rend());
  gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
  for (std::size_t i : gone)
    table.erase(table.begin() + static_cast<std::ptrdiff_t>(i));
  renumber(table);
  if (!gone.empty()) rules_changed(true);
  return Value{};
}

// The rule as written, with the new settings in place: loaded again, it is checked as a new one would be.
std::optional<core::Error> Interp::rule_set(const Stmt& s, const RuleMenu& m, std::uint64_t id,
                                            const std::vector<EvalArg>& changes) {
  Rule* r = find_rule(w_.config, m.code, id);
  if (!r) return fail(s.at, s.name + ": that rule is gone");
  std::vector<EvalArg> merged;
  for (const auto& [k, v] : r->settings)
    merged.push_back({k, "", Value::str(v), nullptr, r->at});
  for (const EvalArg& c : changes) {
    if (c.key.empty() || c.key == "place-before")
      return fail(c.key_at, s.name + ": give key=value settings after the rule");
    auto it = std::find_if(merged.begin(), merged.end(), [&](const EvalArg& e) { return e.key == c.key; });
    if (it == merged.end())
      merged.push_back(c);
    else
      *it = c;
  }
  Rule fresh;
  fresh.table = r->table;
  fresh.family = r->family;
  fresh.number = r->number;
  fresh.id = r->id;
  Notes notes{w_.config};
  if (auto e = load_rule(to_command(m.menu, s, merged), fresh, notes)) return *e;
  fresh.at = r->at;
  *r = std::move(fresh);
  rules_changed(false);
  return std::nullopt;
}

}  // namespace knock::routeros::script
