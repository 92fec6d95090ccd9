// Menu commands: where each goes, their arguments and find conditions, and the /system menus the subset
// has (script, scheduler, script environment; ntp client for check's warning). At import, the other menus go
// to load_config's loaders, which read router menus and skip the rest with a note.
#include "interpreter.hpp"

namespace knock::routeros::script {

using core::Errc;
using core::make_error;

void parse_source(ScriptEntry& e, Position origin, const std::shared_ptr<const Block>& parsed) {
  e.invalid.clear();
  e.code = parsed;
  if (e.code) return;
  auto code = parse_code(e.source, origin);
  if (code) {
    e.code = std::move(*code);
  } else {
    e.invalid = code.error().message;
  }
}

bool runtime_menu(const std::string& menu) {
  static const char* const kMenus[] = {
      "ip firewall filter",        "ip firewall raw",   "ip firewall nat",   "ip firewall address-list",
      "ipv6 firewall filter",      "ipv6 firewall raw", "ipv6 firewall nat", "ipv6 firewall address-list",
      "system script environment", "system scheduler"};
  for (const char* m : kMenus) {
    const std::string_view full(m);
    if (menu.empty() || full == menu || (full.substr(0, menu.size()) == menu && full[menu.size()] == ' '))
      return true;
  }
  return false;
}

Interp::Result Interp::menu(const Stmt& s) {
  std::vector<std::string> path = s.absolute ? std::vector<std::string>{} : scopes_.back().menu;
  for (const auto& word : s.path) {
    if (word != "..")
      path.push_back(word);
    else if (!path.empty())
      path.pop_back();
  }
  const std::string m = join_menu(path);
  const auto fm = firewall_menu(m);
  const bool ours = fm || m == "system script" || m == "system scheduler" || m == "system script environment";
  if (!ours && w_.runtime) return fail(s.at, "/" + m + " " + s.name + " is outside the emulated subset");
  command_menu_.push_back(path);
  auto args = arguments(s, ours);
  command_menu_.pop_back();
  if (!args) return std::move(args).error();
  if (!ours) return load(s, m, *args);
  if (fm && fm->table) return rules(s, *fm, *args);
  if (fm) return entries(s, fm->family, *args);
  if (m == "system script") return scripts(s, *args);
  if (m == "system scheduler") return schedulers(s, *args);
  return environment(s, *args);
}

core::Expected<std::vector<EvalArg>> Interp::arguments(const Stmt& s, bool evaluate) {
  std::vector<EvalArg> out;
  for (const Arg& a : s.args) {
    EvalArg e{a.key, "", Value{}, &a.value, a.key_at};
    if (!evaluate && (a.value.kind == Node::Kind::command || a.value.kind == Node::Kind::block)) {
      // A menu the interpreter leaves to load_config's loaders reads [ find name=ssh ] itself.
      const bool brackets = a.value.kind == Node::Kind::command;
      e.value = Value::str(std::string(brackets ? "[" : "{") + a.value.raw + (brackets ? "]" : "}"));
    } else {
      auto v = eval(a.value);
      if (!v) return std::move(v).error();
      e.value = std::move(*v);
    }
    if (!e.key.empty()) {
      for (const EvalArg& before : out) {
        if (before.key == e.key) return fail(a.key_at, e.key + "= is given twice in one command");
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

core::Expected<std::vector<EvalArg>> Interp::conditions(const Stmt& s, const std::vector<EvalArg>& args) {
  std::vector<EvalArg> out;
  for (const EvalArg& a : args) {
    if (a.key.empty())
      return fail(a.key_at, "find takes conditions (find where A=B, or find A=B), not values");
    EvalArg c = a;
    c.op = "=";
    out.push_back(std::move(c));
  }
  for (const Condition& c : s.conditions) {
    auto v = eval(c.value);
    if (!v) return std::move(v).error();
    EvalArg e{c.property, c.op, std::move(*v), &c.value, c.at};
    out.push_back(std::move(e));
  }
  return out;
}

core::Expected<bool> Interp::passes(const Stmt&, const std::vector<EvalArg>& conds,
                                    const std::function<std::string(std::string_view)>& property) {
  for (const EvalArg& c : conds) {
    const std::string have = property(c.key);
    bool ok = false;
    if (c.op == "~") {
      auto m = regex_match(have, to_text(c.value));
      if (!m) return fail(c.key_at, m.error());
      ok = *m;
    } else {
      bool a = false, b = false;
      const std::string want = to_text(c.value);
      // yes/no and true/false are the same to a bool property (disabled=no, dynamic=true)
      const bool same = is_bool_word(have, a) && is_bool_word(want, b) ? a == b : have == want;
      ok = c.op == "=" ? same : !same;
    }
    if (!ok) return false;
  }
  return true;
}

core::Expected<std::vector<Value>> Interp::targets(const Stmt& s, const std::vector<EvalArg>& args,
                                                   ItemKind kind, std::uint8_t menu, std::size_t& used) {
  used = 0;
  const EvalArg* first = nullptr;
  for (const EvalArg& a : args) {
    if (a.key.empty()) {
      first = &a;
      break;
    }
  }
  if (!first) return fail(s.at, s.name + ": which item? (an id from find, or a name)");
  used = 1;
  std::vector<Value> ids =
      first->value.type == Type::array ? *first->value.items : std::vector<Value>{first->value};
  for (Value& v : ids) {
    if (v.type == Type::str &&
        (kind == ItemKind::script || kind == ItemKind::scheduler || kind == ItemKind::env)) {
      std::optional<Value> named;
      if (kind == ItemKind::script) {
        for (const auto& e : w_.state.scripts) {
          if (e.name == v.s) named = Value::id(kind, 0, e.id);
        }
      } else if (kind == ItemKind::scheduler) {
        for (const auto& e : w_.state.schedulers) {
          if (e.name == v.s) named = Value::id(kind, 0, e.id);
        }
      } else if (w_.state.globals.count(v.s)) {
        w_.env_names.push_back(v.s);
        named = Value::id(kind, 0, w_.env_names.size());
      }
      if (!named) return fail(first->key_at, s.name + ": no item named \"" + v.s + "\"");
      v = *named;
    }
    if (v.type != Type::id || v.item != kind || v.menu != menu)
      return fail(first->key_at, s.name + ": not an item of this menu (give an id from its find, or a name)");
  }
  return ids;
}

Interp::Result Interp::load(const Stmt& s, const std::string& m, const std::vector<EvalArg>& args) {
  Command cmd;
  cmd.menu = m;
  cmd.verb = s.name;
  cmd.at = s.at;
  for (const EvalArg& a : args) {
    Argument arg;
    arg.key = a.key;
    arg.value = a.text();
    arg.quoted = a.node && a.node->quoted;
    arg.key_at = a.key_at;
    arg.value_at = a.node ? a.node->at : a.key_at;
    cmd.args.push_back(std::move(arg));
  }
  Notes notes{w_.config};
  if (m == "system ntp client" && s.name == "set") {
    for (const Argument& a : cmd.args) {
      bool on = false;
      if (a.key == "enabled" && is_bool_word(a.value, on)) w_.state.ntp_enabled = on;
    }
  }
  if (auto e = load_command(cmd, w_.config, notes)) return *e;
  return Value{};
}

namespace {

ScriptEntry* script_by_id(State& st, std::int64_t id) {
  for (auto& e : st.scripts) {
    if (static_cast<std::int64_t>(e.id) == id) return &e;
  }
  return nullptr;
}

SchedulerEntry* scheduler_by_id(State& st, std::int64_t id) {
  for (auto& e : st.schedulers) {
    if (static_cast<std::int64_t>(e.id) == id) return &e;
  }
  return nullptr;
}

}  // namespace

Interp::Result Interp::run_script(const Stmt& s, const std::vector<EvalArg>& args) {
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::script, 0, used);
  if (!ids) return std::move(ids).error();
  Value last;
  for (const Value& id : *ids) {
    ScriptEntry* e = script_by_id(w_.state, id.n);
    if (!e) return fail(s.at, "run: that script is gone");
    if (!e->code) return fail(s.at, "script " + e->name + " does not parse: " + e->invalid);
    ++e->run_count;
    const auto code = e->code;  // the script may replace its own source while it runs
    auto r = run(*code, "script " + e->name, depth_ + 1);
    if (!r) return r;
    last = std::move(*r);
  }
  return last;
}

Interp::Result Interp::scripts(const Stmt& s, std::vector<EvalArg>& args) {
  State& st = w_.state;
  const auto text_of = [](const ScriptEntry& e, std::string_view p) -> std::optional<std::string> {
    if (p == "name") return e.name;
    if (p == "source") return e.source;
    if (p == "comment") return e.comment;
    if (p == "policy") return e.policy;
    if (p == "owner") return std::string("admin");
    if (p == "run-count") return std::to_string(e.run_count);
    return std::nullopt;
  };
  const auto apply = [&](ScriptEntry& e, const EvalArg& a) -> std::optional<core::Error> {
    if (a.key == "name") {
      e.name = a.text();
    } else if (a.key == "source") {
      e.source = a.text();
      const bool braces = a.node && a.node->kind == Node::Kind::block;
      parse_source(e, braces ? Position{a.node->at.line, a.node->at.column + 1} : Position{1, 1},
                   braces ? a.node->block : nullptr);
    } else if (a.key == "comment") {
      e.comment = a.text();
    } else if (a.key == "policy") {
      e.policy = a.text();
    } else if (a.key != "owner" && a.key != "dont-require-permissions") {
      return fail(a.key_at, "/system script: " + (a.key.empty() ? "a value" : a.key + "=") +
                                " is outside the emulated subset (name, source, comment, policy)");
    }
    return std::nullopt;
  };
  if (s.name == "run") return run_script(s, args);
  if (s.name == "add") {
    ScriptEntry e;
    e.id = st.next_id++;
    e.at = s.at;
    parse_source(e, {1, 1}, nullptr);
    for (const EvalArg& a : args) {
      if (auto err = apply(e, a)) return *err;
    }
    if (e.name.empty()) return fail(s.at, "/system script add: no name=");
    for (const auto& other : st.scripts) {
      if (other.name == e.name)
        return fail(s.at, "/system script add: a script named \"" + e.name + "\" exists already");
    }
    if (w_.runtime) st.structural = true;
    st.scripts.push_back(std::move(e));
    return Value::id(ItemKind::script, 0, st.scripts.back().id);
  }
  if (s.name == "find") {
    auto conds = conditions(s, args);
    if (!conds) return std::move(conds).error();
    std::vector<Value> out;
    for (const auto& e : st.scripts) {
      auto ok = passes(s, *conds, [&](std::string_view p) { return text_of(e, p).value_or(""); });
      if (!ok) return std::move(ok).error();
      if (*ok) out.push_back(Value::id(ItemKind::script, 0, e.id));
    }
    return Value::array(std::move(out));
  }
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::script, 0, used);
  if (!ids) return std::move(ids).error();
  if (s.name == "get") {
    if (ids->size() != 1 || args.size() != 2 || !args[1].key.empty()) return fail(s.at, "get ID PROPERTY");
    ScriptEntry* e = script_by_id(st, ids->front().n);
    if (!e) return fail(s.at, "get: that script is gone");
    auto t = text_of(*e, args[1].text());
    if (!t) return fail(args[1].key_at, "/system script has no property " + args[1].text());
    if (args[1].text() == "run-count") return Value::num(e->run_count);
    return Value::str(std::move(*t));
  }
  if (s.name == "remove") {
    for (const Value& id : *ids) {
      std::erase_if(st.scripts,
                    [&](const ScriptEntry& e) { return static_cast<std::int64_t>(e.id) == id.n; });
    }
    if (w_.runtime) st.structural = true;
    return Value{};
  }
  if (s.name == "set") {
    for (const Value& id : *ids) {
      ScriptEntry* e = script_by_id(st, id.n);
      if (!e) return fail(s.at, "set: that script is gone");
      for (std::size_t i = used; i < args.size(); ++i) {
        if (auto err = apply(*e, args[i])) return *err;
      }
    }
    return Value{};
  }
  return fail(s.at, "/system script " + s.name + " is outside the emulated subset");
}

namespace {

std::optional<std::string> scheduler_property(const SchedulerEntry& e, std::string_view p) {
  if (p == "name") return e.name;
  if (p == "on-event") return e.on_event;
  if (p == "comment") return e.comment;
  if (p == "policy") return e.policy;
  if (p == "start-time") return e.start_time;
  if (p == "interval") return format_time(e.interval_ns);
  if (p == "disabled") return std::string(e.disabled ? "true" : "false");
  if (p == "run-count") return std::to_string(e.run_count);
  return std::nullopt;
}

}  // namespace

std::optional<core::Error> Interp::scheduler_setting(SchedulerEntry& e, const EvalArg& a) {
  bool b = false;
  if (a.key == "name") {
    e.name = a.text();
  } else if (a.key == "on-event") {
    e.on_event = a.text();
  } else if (a.key == "comment") {
    e.comment = a.text();
  } else if (a.key == "policy") {
    e.policy = a.text();
  } else if (a.key == "disabled" && is_bool_word(a.text(), b)) {
    e.disabled = b;
  } else if (a.key == "interval") {
    auto t = a.value.type == Type::time ? std::optional<Value>(a.value) : literal(a.text());
    if (t && t->type == Type::num) t = Value::time_ns(t->n * 1'000'000'000);
    if (!t || t->type != Type::time || t->n < 0)
      return fail(a.key_at, "/system scheduler: interval '" + a.text() + "' is not a time (e.g. 1s, 1m)");
    e.interval_ns = t->n;
  } else if (a.key == "start-time") {
    e.start_time = a.text();
  } else if (a.key != "start-date") {
    return fail(a.key_at,
                "/system scheduler: " + (a.key.empty() ? "a value" : a.key + "=") +
                    " is outside the emulated subset (name, interval, start-time, on-event, policy, "
                    "comment, disabled)");
  }
  return std::nullopt;
}

std::optional<core::Error> Interp::scheduler_check(const SchedulerEntry& e) {
  if (e.start_time == "startup" || e.disabled) return std::nullopt;
  return fail(e.at,
              "/system scheduler \"" + e.name + "\": start-time=" + e.start_time +
                  " runs at a time of day in the router's time zone, which the emulator cannot know; only "
                  "start-time=startup is emulated (or leave the entry disabled=yes)");
}

Interp::Result Interp::schedulers(const Stmt& s, std::vector<EvalArg>& args) {
  State& st = w_.state;
  if (s.name == "add") {
    SchedulerEntry e;
    e.id = st.next_id++;
    e.at = s.at;
    for (const EvalArg& a : args) {
      if (auto err = scheduler_setting(e, a)) return *err;
    }
    if (e.name.empty()) return fail(s.at, "/system scheduler add: no name=");
    if (auto err = scheduler_check(e)) return *err;
    if (w_.runtime) st.structural = true;
    st.schedulers.push_back(std::move(e));
    return Value::id(ItemKind::scheduler, 0, st.schedulers.back().id);
  }
  if (s.name == "find") {
    auto conds = conditions(s, args);
    if (!conds) return std::move(conds).error();
    std::vector<Value> out;
    for (const auto& e : st.schedulers) {
      auto ok = passes(s, *conds, [&](std::string_view p) { return scheduler_property(e, p).value_or(""); });
      if (!ok) return std::move(ok).error();
      if (*ok) out.push_back(Value::id(ItemKind::scheduler, 0, e.id));
    }
    return Value::array(std::move(out));
  }
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::scheduler, 0, used);
  if (!ids) return std::move(ids).error();
  if (s.name == "get") {
    if (ids->size() != 1 || args.size() != 2 || !args[1].key.empty()) return fail(s.at, "get ID PROPERTY");
    SchedulerEntry* e = scheduler_by_id(st, ids->front().n);
    auto t = e ? scheduler_property(*e, args[1].text()) : std::nullopt;
    if (!t) return fail(args[1].key_at, "/system scheduler has no such item or property");
    return Value::str(std::move(*t));
  }
  if (s.name == "remove") {
    for (const Value& id : *ids) {
      std::erase_if(st.schedulers,
                    [&](const SchedulerEntry& e) { return static_cast<std::int64_t>(e.id) == id.n; });
    }
    if (w_.runtime) st.structural = true;
    return Value{};
  }
  if (s.name == "set" || s.name == "enable" || s.name == "disable") {
    for (const Value& id : *ids) {
      SchedulerEntry* e = scheduler_by_id(st, id.n);
      if (!e) return fail(s.at, s.name + ": that scheduler entry is gone");
      if (s.name != "set") e->disabled = s.name == "disable";
      for (std::size_t i = used; i < args.size() && s.name == "set"; ++i) {
        if (auto err = scheduler_setting(*e, args[i])) return *err;
      }
      if (auto err = scheduler_check(*e)) return *err;
      if (w_.runtime) st.structural = true;  // when it runs next is not a setting a reboot keeps as such
    }
    return Value{};
  }
  return fail(s.at, "/system scheduler " + s.name + " is outside the emulated subset");
}

Interp::Result Interp::environment(const Stmt& s, std::vector<EvalArg>& args) {
  State& st = w_.state;
  if (s.name == "find") {
    auto conds = conditions(s, args);
    if (!conds) return std::move(conds).error();
    std::vector<Value> out;
    for (const auto& global : st.globals) {
      const auto& [name, value] = global;
      auto ok = passes(s, *conds, [&global](std::string_view p) {
        // The pair, not its bindings: clang 14 (the fuzz build) cannot capture a structured binding.
        return p == "name" ? global.first : p == "value" ? to_text(global.second) : std::string();
      });
      if (!ok) return std::move(ok).error();
      if (!*ok) continue;
      w_.env_names.push_back(name);
      out.push_back(Value::id(ItemKind::env, 0, w_.env_names.size()));
    }
    return Value::array(std::move(out));
  }
  std::size_t used = 0;
  auto ids = targets(s, args, ItemKind::env, 0, used);
  if (!ids) return std::move(ids).error();
  const auto name_of = [&](const Value& id) { return w_.env_names.at(static_cast<std::size_t>(id.n) - 1); };
  if (s.name == "remove") {
    for (const Value& id : *ids)
      st.globals.erase(name_of(id));
    return Value{};
  }
  if (s.name == "get" && ids->size() == 1 && args.size() == 2) {
    const std::string prop = args[1].text();
    if (prop == "name") return Value::str(name_of(ids->front()));
    if (prop == "value") {
      auto it = st.globals.find(name_of(ids->front()));
      return it == st.globals.end() ? Value{} : it->second;
    }
  }
  return fail(s.at,
              "/system script environment " + s.name + " is outside the emulated subset (find, get, remove)");
}

}  // namespace knock::routeros::script
