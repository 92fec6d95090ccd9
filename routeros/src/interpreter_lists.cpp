// /ip firewall address-list (and /ipv6) in scripts: add, set timeout, remove, find, get. Before boot the
// entries are the configuration's (an import adds to the export's entries); after it single addresses are the
// firewall's address lists, which the evaluator matches, and changes to them are reported as ListEdits.
#include <algorithm>

#include "interpreter.hpp"

namespace knock::routeros::script {
namespace {

bool single(const ListEntry& e) {
  return e.address.dns_name.empty() && e.address.low == e.address.high;
}

using Property = std::function<std::string(std::string_view)>;

Property config_property(const ListEntry& e) {
  return [&e](std::string_view p) -> std::string {
    if (p == "list") return e.list;
    if (p == "address") return e.address.text;
    if (p == "disabled") return e.disabled ? "true" : "false";
    if (p == "dynamic") return "false";
    if (p == "timeout" && e.timeout) return format_time(e.timeout->count() * 1000);
    return "";
  };
}

Property item_property(const std::string& list, const ListItem& item, Time now) {
  return [&list, &item, now](std::string_view p) -> std::string {
    if (p == "list") return list;
    if (p == "address") return item.address.to_string();
    if (p == "dynamic") return item.is_static ? "false" : "true";
    if (p == "disabled") return "false";
    if (p == "timeout" && item.expires) return format_time((*item.expires - now).count());
    return "";
  };
}

}  // namespace

Value Interp::entry_id(EntryRef ref) {
  const auto f = static_cast<std::uint8_t>(ref.family);
  w_.entries.push_back(std::move(ref));
  return Value::id(ItemKind::entry, f, w_.entries.size());
}

Interp::Result Interp::entries(const Stmt& s, Family f, std::vector<EvalArg>& args) {
  const std::string menu = f == Family::v4 ? "ip firewall address-list" : "ipv6 firewall address-list";
  if (s.name == "add") return entry_add(s, f, menu, args);
  if (s.name == "find") return entry_find(s, f, args);
  if (s.name != "get" && s.name != "remove" && s.name != "set")
    return fail(s.at, "/" + menu + " " + s.name + " is outside the emulated subset");
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::entry, static_cast<std::uint8_t>(f), used);
  if (!ids) return std::move(ids).error();
  if (s.name == "get") {
    if (ids->size() != 1 || args.size() != used + 1 || !args[used].key.empty())
      return fail(s.at, "get ID PROPERTY");
    return entry_get(menu, entry_ref(ids->front()), args[used]);
  }
  if (s.name == "remove") return entry_remove(s, menu, *ids);
  return entry_set(menu, *ids, args, used);
}

Interp::Result Interp::entry_add(const Stmt& s, Family f, const std::string& menu,
                                 const std::vector<EvalArg>& args) {
  Config& c = w_.config;
  ListEntry e;
  Notes notes{c};
  if (auto err = load_entry(to_command(menu, s, args), f, e, notes)) return *err;
  AddressLists* on = lists();
  if (!on) {
    c.entries.push_back(std::move(e));
    return entry_id({f, c.entries.back().list, c.entries.back().address.low, c.entries.size() - 1});
  }
  if (!single(e) || e.disabled)
    return fail(s.at,
                "/" + menu +
                    " add: a script may add one enabled address (ranges, blocks and names come from the "
                    "export)");
  for (const ListItem& item : on->items(e.list, w_.now)) {
    if (item.address == e.address.low)
      return fail(s.at, "/" + menu + " add: failure: already have such entry");
  }
  ListTimeout t;
  t.kind = !e.timeout                ? ListTimeout::none_static
           : e.timeout->count() == 0 ? ListTimeout::none_dynamic
                                     : ListTimeout::duration;
  if (e.timeout) t.value = *e.timeout;
  const ListChange ch = on->add(e.list, e.address.low, t, w_.now);
  if (w_.effects) w_.effects->lists.push_back({ListEdit::added, e.list, e.address.low, ch.expires});
  return entry_id({f, e.list, e.address.low, std::nullopt});
}

Interp::Result Interp::entry_find(const Stmt& s, Family f, const std::vector<EvalArg>& args) {
  auto conds = conditions(s, args);
  if (!conds) return std::move(conds).error();
  AddressLists* on = lists();
  std::vector<Value> out;
  const auto consider = [&](EntryRef ref, const Property& prop) -> std::optional<core::Error> {
    auto ok = passes(s, *conds, prop);
    if (!ok) return std::move(ok).error();
    if (*ok) out.push_back(entry_id(std::move(ref)));
    return std::nullopt;
  };
  for (std::size_t i = 0; i < w_.config.entries.size(); ++i) {
    const ListEntry& e = w_.config.entries[i];
    if (e.family != f || (on && single(e))) continue;  // after boot, single addresses are the lists'
    if (auto err = consider({f, e.list, e.address.low, i}, config_property(e))) return *err;
  }
  if (!on) return Value::array(std::move(out));
  std::vector<std::string> names;
  for (const EvalArg& cond : *conds) {
    if (cond.key == "list" && cond.op == "=") names = {cond.text()};
  }
  if (names.empty()) names = on->names();
  for (const std::string& name : names) {
    for (const ListItem& item : on->items(name, w_.now)) {
      if (item.address.is_v4() != (f == Family::v4)) continue;
      if (auto err = consider({f, name, item.address, std::nullopt}, item_property(name, item, w_.now)))
        return *err;
    }
  }
  return Value::array(std::move(out));
}

Interp::Result Interp::entry_get(const std::string& menu, const EntryRef& ref, const EvalArg& property) {
  AddressLists* on = lists();
  const std::string p = property.text();
  if (p == "list") return Value::str(ref.list);
  if (p == "address")
    return Value::str(ref.config_index ? w_.config.entries.at(*ref.config_index).address.text
                                       : ref.address.to_string());
  if (p == "comment") return Value::str("");
  if (p != "dynamic" && p != "timeout")
    return fail(property.key_at, "/" + menu + " get: property " + p + " is outside the emulated subset");
  std::optional<Time> expires;
  bool is_static = true;
  if (on && !ref.config_index) {
    expires = on->expiry(ref.list, ref.address);
    for (const ListItem& item : on->items(ref.list, w_.now)) {
      if (item.address == ref.address) is_static = item.is_static;
    }
  }
  if (p == "dynamic") return Value::boolean(!is_static);
  return expires ? Value::time_ns((*expires - w_.now).count()) : Value{};
}

Interp::Result Interp::entry_remove(const Stmt& s, const std::string& menu, const std::vector<Value>& ids) {
  AddressLists* on = lists();
  std::vector<std::size_t> config_gone;
  for (const Value& id : ids) {
    const EntryRef& ref = entry_ref(id);
    if (ref.config_index) {
      if (on)
        return fail(s.at, "/" + menu + " remove: the export's own entries are not removed at run time here");
      config_gone.push_back(*ref.config_index);
    } else if (on && on->remove(ref.list, ref.address, w_.now) && w_.effects) {
      w_.effects->lists.push_back({ListEdit::removed, ref.list, ref.address, std::nullopt});
    }
  }
  std::sort(config_gone.rbegin(), config_gone.rend());
  config_gone.erase(std::unique(config_gone.begin(), config_gone.end()), config_gone.end());
  for (std::size_t i : config_gone)
    w_.config.entries.erase(w_.config.entries.begin() + static_cast<std::ptrdiff_t>(i));
  return Value{};
}

Interp::Result Interp::entry_set(const std::string& menu, const std::vector<Value>& ids,
                                 const std::vector<EvalArg>& args, std::size_t used) {
  AddressLists* on = lists();
  for (std::size_t i = used; i < args.size(); ++i) {
    const EvalArg& a = args[i];
    if (a.key == "comment") continue;
    auto t = a.value.type == Type::time ? std::optional<Value>(a.value) : literal(a.text());
    if (a.key != "timeout" || !t || t->type != Type::time || t->n <= 0)
      return fail(a.key_at, "/" + menu + " set: only timeout=TIME is emulated");
    const auto d = std::chrono::duration_cast<core::Duration>(std::chrono::nanoseconds(t->n));
    for (const Value& id : ids) {
      const EntryRef& ref = entry_ref(id);
      if (ref.config_index) {
        if (on)
          return fail(a.key_at,
                      "/" + menu + " set: the export's own entries are not changed at run time here");
        w_.config.entries.at(*ref.config_index).timeout = d;
      } else if (on) {
        const ListChange ch = on->add(ref.list, ref.address, ListTimeout{ListTimeout::duration, d}, w_.now);
        if (w_.effects) w_.effects->lists.push_back({ListEdit::refreshed, ref.list, ref.address, ch.expires});
      }
    }
  }
  return Value{};
}

}  // namespace knock::routeros::script
