// The firewall menus in scripts: rules of the raw, nat and filter tables (add with place-before, set, enable,
// disable, remove, find, get) and address-list entries (add, set timeout, remove, find, get). Rules go
// through the same loader as an export's, so a script's rule is checked exactly as an exported one.
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

namespace {

Command to_command(const std::string& menu, const Stmt& s, const std::vector<EvalArg>& args,
                   std::size_t from = 0) {
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

Interp::Result Interp::rules(const Stmt& s, const FirewallMenu& fm, std::vector<EvalArg>& args) {
  const std::uint8_t code = menu_code(*fm.table, fm.family);
  auto& table = table_of(w_.config, code);
  const std::string menu = menu_of(*fm.table, fm.family).substr(1);
  Notes notes{w_.config};
  const auto changed = [&](bool structural) {
    if (!w_.runtime) return;
    if (structural) w_.state.structural = true;
    if (w_.effects) w_.effects->rules_changed = true;
  };
  if (s.name == "add") {
    std::size_t at = table.size();
    std::vector<EvalArg> rest;
    for (EvalArg& a : args) {
      if (a.key != "place-before") {
        rest.push_back(std::move(a));
        continue;
      }
      std::size_t i = 0;
      if (a.value.type == Type::id && a.value.item == ItemKind::rule && a.value.menu == code &&
          find_rule(w_.config, code, static_cast<std::uint64_t>(a.value.n), &i)) {
        at = i;
      } else if (a.value.type == Type::num && a.value.n >= 0 &&
                 static_cast<std::size_t>(a.value.n) < table.size()) {
        at = static_cast<std::size_t>(a.value.n);
      } else {
        return fail(a.key_at, "place-before: not a rule of /" + menu + " (give an id from its find)");
      }
    }
    Rule r;
    r.table = *fm.table;
    r.family = fm.family;
    r.number = at;
    if (auto e = load_rule(to_command(menu, s, rest), r, notes)) return *e;
    r.id = w_.state.next_id++;
    table.insert(table.begin() + static_cast<std::ptrdiff_t>(at), std::move(r));
    renumber(table);
    changed(true);
    return Value::id(ItemKind::rule, code, table[at].id);
  }
  if (s.name == "find") {
    auto conds = conditions(s, args);
    if (!conds) return std::move(conds).error();
    std::vector<Value> out;
    for (const Rule& r : table) {
      auto ok = passes(s, *conds, [&](std::string_view p) { return rule_property(r, p); });
      if (!ok) return std::move(ok).error();
      if (*ok) out.push_back(Value::id(ItemKind::rule, code, r.id));
    }
    return Value::array(std::move(out));
  }
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::rule, code, used);
  if (!ids) return std::move(ids).error();
  if (s.name == "get") {
    if (ids->size() != 1 || args.size() != used + 1 || !args[used].key.empty())
      return fail(s.at, "get ID PROPERTY");
    const Rule* r = find_rule(w_.config, code, static_cast<std::uint64_t>(ids->front().n));
    if (!r) return fail(s.at, "get: that rule is gone");
    const std::string p = args[used].text();
    if (p == "disabled") return Value::boolean(r->disabled);
    if (!has_property(*r, p)) return Value{};
    return Value::str(rule_property(*r, p));
  }
  if (s.name == "remove") {
    std::vector<std::size_t> gone;
    for (const Value& id : *ids) {
      std::size_t i = 0;
      if (find_rule(w_.config, code, static_cast<std::uint64_t>(id.n), &i)) gone.push_back(i);
    }
    std::sort(gone.rbegin(), gone.rend());
    gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
    for (std::size_t i : gone)
      table.erase(table.begin() + static_cast<std::ptrdiff_t>(i));
    renumber(table);
    if (!gone.empty()) changed(true);
    return Value{};
  }
  if (s.name != "set" && s.name != "enable" && s.name != "disable")
    return fail(s.at, "/" + menu + " " + s.name + " is outside the emulated subset");
  std::vector<EvalArg> changes(args.begin() + static_cast<std::ptrdiff_t>(used), args.end());
  if (s.name != "set")
    changes.push_back({"disabled", "", Value::str(s.name == "disable" ? "yes" : "no"), nullptr, s.at});
  for (const Value& id : *ids) {
    Rule* r = find_rule(w_.config, code, static_cast<std::uint64_t>(id.n));
    if (!r) return fail(s.at, s.name + ": that rule is gone");
    // The rule as written, with the new settings in place: loaded again, it is checked as a new one would be.
    std::vector<EvalArg> merged;
    for (const auto& [k, v] : r->settings)
      merged.push_back({k, "", Value::str(v), nullptr, r->at});
    for (const EvalArg& c : changes) {
      if (c.key.empty() || c.key == "place-before")
        return fail(c.key_at, s.name + ": give key=value settings after the rule");
      auto it = std::find_if(merged.begin(), merged.end(), [&](const EvalArg& m) { return m.key == c.key; });
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
    if (auto e = load_rule(to_command(menu, s, merged), fresh, notes)) return *e;
    fresh.at = r->at;
    *r = std::move(fresh);
    changed(false);
  }
  return Value{};
}

Interp::Result Interp::entries(const Stmt& s, Family f, std::vector<EvalArg>& args) {
  const std::string menu = f == Family::v4 ? "ip firewall address-list" : "ipv6 firewall address-list";
  Config& c = w_.config;
  AddressLists* lists = w_.firewall ? &w_.firewall->lists() : nullptr;
  const auto id_of = [&](EntryRef ref) {
    w_.entries.push_back(std::move(ref));
    return Value::id(ItemKind::entry, static_cast<std::uint8_t>(f), w_.entries.size());
  };
  const auto single = [](const ListEntry& e) {
    return e.address.dns_name.empty() && e.address.low == e.address.high;
  };
  if (s.name == "add") {
    ListEntry e;
    Notes notes{c};
    if (auto err = load_entry(to_command(menu, s, args), f, e, notes)) return *err;
    if (!lists) {
      c.entries.push_back(std::move(e));
      return id_of({f, c.entries.back().list, c.entries.back().address.low, c.entries.size() - 1});
    }
    if (!single(e) || e.disabled)
      return fail(
          s.at,
          "/" + menu +
              " add: a script may add one enabled address (ranges, blocks and names come from the export)");
    for (const ListItem& item : lists->items(e.list, w_.now)) {
      if (item.address == e.address.low)
        return fail(s.at, "/" + menu + " add: failure: already have such entry");
    }
    ListTimeout t;
    t.kind = !e.timeout                ? ListTimeout::none_static
             : e.timeout->count() == 0 ? ListTimeout::none_dynamic
                                       : ListTimeout::duration;
    if (e.timeout) t.value = *e.timeout;
    const ListChange ch = lists->add(e.list, e.address.low, t, w_.now);
    if (w_.effects) w_.effects->lists.push_back({ListEdit::added, e.list, e.address.low, ch.expires});
    return id_of({f, e.list, e.address.low, std::nullopt});
  }
  if (s.name == "find") {
    auto conds = conditions(s, args);
    if (!conds) return std::move(conds).error();
    std::vector<Value> out;
    const auto consider =
        [&](EntryRef ref,
            const std::function<std::string(std::string_view)>& prop) -> std::optional<core::Error> {
      auto ok = passes(s, *conds, prop);
      if (!ok) return std::move(ok).error();
      if (*ok) out.push_back(id_of(std::move(ref)));
      return std::nullopt;
    };
    for (std::size_t i = 0; i < c.entries.size(); ++i) {
      const ListEntry& e = c.entries[i];
      if (e.family != f || (lists && single(e))) continue;  // after boot, single addresses are the lists'
      auto err = consider({f, e.list, e.address.low, i}, [&](std::string_view p) -> std::string {
        if (p == "list") return e.list;
        if (p == "address") return e.address.text;
        if (p == "disabled") return e.disabled ? "true" : "false";
        if (p == "dynamic") return "false";
        if (p == "timeout" && e.timeout) return format_time(e.timeout->count() * 1000);
        return "";
      });
      if (err) return *err;
    }
    if (lists) {
      std::vector<std::string> names;
      for (const EvalArg& cond : *conds) {
        if (cond.key == "list" && cond.op == "=") names = {cond.text()};
      }
      if (names.empty()) names = lists->names();
      for (const std::string& name : names) {
        for (const ListItem& item : lists->items(name, w_.now)) {
          if (item.address.is_v4() != (f == Family::v4)) continue;
          auto err = consider({f, name, item.address, std::nullopt}, [&](std::string_view p) -> std::string {
            if (p == "list") return name;
            if (p == "address") return item.address.to_string();
            if (p == "dynamic") return item.is_static ? "false" : "true";
            if (p == "disabled") return "false";
            if (p == "timeout" && item.expires) return format_time((*item.expires - w_.now).count());
            return "";
          });
          if (err) return *err;
        }
      }
    }
    return Value::array(std::move(out));
  }
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::entry, static_cast<std::uint8_t>(f), used);
  if (!ids) return std::move(ids).error();
  const auto ref_of = [&](const Value& id) -> EntryRef& {
    return w_.entries.at(static_cast<std::size_t>(id.n) - 1);
  };
  if (s.name == "get") {
    if (ids->size() != 1 || args.size() != used + 1 || !args[used].key.empty())
      return fail(s.at, "get ID PROPERTY");
    const EntryRef& ref = ref_of(ids->front());
    const std::string p = args[used].text();
    if (p == "list") return Value::str(ref.list);
    if (p == "address")
      return Value::str(ref.config_index ? c.entries.at(*ref.config_index).address.text
                                         : ref.address.to_string());
    if (p == "comment") return Value::str("");
    if (p == "dynamic" || p == "timeout") {
      std::optional<Time> expires;
      bool is_static = true;
      if (lists && !ref.config_index) {
        if (auto when = lists->expiry(ref.list, ref.address)) expires = when;
        for (const ListItem& item : lists->items(ref.list, w_.now)) {
          if (item.address == ref.address) is_static = item.is_static;
        }
      }
      if (p == "dynamic") return Value::boolean(!is_static);
      return expires ? Value::time_ns((*expires - w_.now).count()) : Value{};
    }
    return fail(args[used].key_at, "/" + menu + " get: property " + p + " is outside the emulated subset");
  }
  if (s.name == "remove") {
    std::vector<std::size_t> config_gone;
    for (const Value& id : *ids) {
      const EntryRef& ref = ref_of(id);
      if (ref.config_index) {
        if (lists)
          return fail(s.at,
                      "/" + menu + " remove: the export's own entries are not removed at run time here");
        config_gone.push_back(*ref.config_index);
      } else if (lists && lists->remove(ref.list, ref.address, w_.now) && w_.effects) {
        w_.effects->lists.push_back({ListEdit::removed, ref.list, ref.address, std::nullopt});
      }
    }
    std::sort(config_gone.rbegin(), config_gone.rend());
    config_gone.erase(std::unique(config_gone.begin(), config_gone.end()), config_gone.end());
    for (std::size_t i : config_gone)
      c.entries.erase(c.entries.begin() + static_cast<std::ptrdiff_t>(i));
    return Value{};
  }
  if (s.name == "set") {
    for (std::size_t i = used; i < args.size(); ++i) {
      const EvalArg& a = args[i];
      if (a.key == "comment") continue;
      auto t = a.value.type == Type::time ? std::optional<Value>(a.value) : literal(a.text());
      if (a.key != "timeout" || !t || t->type != Type::time || t->n <= 0)
        return fail(a.key_at, "/" + menu + " set: only timeout=TIME is emulated");
      for (const Value& id : *ids) {
        const EntryRef& ref = ref_of(id);
        const auto d = std::chrono::duration_cast<core::Duration>(std::chrono::nanoseconds(t->n));
        if (ref.config_index) {
          if (lists)
            return fail(a.key_at,
                        "/" + menu + " set: the export's own entries are not changed at run time here");
          c.entries.at(*ref.config_index).timeout = d;
        } else if (lists) {
          const ListChange ch =
              lists->add(ref.list, ref.address, ListTimeout{ListTimeout::duration, d}, w_.now);
          if (w_.effects)
            w_.effects->lists.push_back({ListEdit::refreshed, ref.list, ref.address, ch.expires});
        }
      }
    }
    return Value{};
  }
  return fail(s.at, "/" + menu + " " + s.name + " is outside the emulated subset");
}

}  // namespace knock::routeros::script
