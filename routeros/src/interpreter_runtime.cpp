// The interpreter's public face: importing an export, booting the router, running its schedulers on the
// caller's clock, and what a reboot keeps.
#include <algorithm>

#include "interpreter.hpp"
#include "knock/routeros/generator.hpp"

namespace knock::routeros {

using core::Errc;
using core::make_error;
using script::State;

Scripting::Scripting() : state_(std::make_unique<State>()) {}
Scripting::~Scripting() = default;
Scripting::Scripting(Scripting&&) noexcept = default;
Scripting& Scripting::operator=(Scripting&&) noexcept = default;

Scripting Scripting::clone() const {
  Scripting out;
  *out.state_ = *state_;
  return out;
}

std::size_t Scripting::schedulers() const {
  return static_cast<std::size_t>(std::count_if(state_->schedulers.begin(), state_->schedulers.end(),
                                                [](const auto& e) { return !e.disabled; }));
}

bool Scripting::has_script(std::string_view name) const {
  return std::any_of(state_->scripts.begin(), state_->scripts.end(),
                     [&](const auto& e) { return e.name == name; });
}

bool Scripting::ntp_enabled() const {
  return state_->ntp_enabled;
}

namespace {

constexpr std::int64_t kStartupDelayNs =
    3'000'000'000;  // MikroTik: "startup - 3 seconds after the system startup"

std::int64_t unix_ns(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Runs `text` on an imported configuration as /import does.
core::Status run_import(Imported& im, std::string_view text, const ImportOptions& o) {
  auto code = script::parse_code(text);
  if (!code) return std::move(code).error();
  std::vector<RouterLog> log;
  script::World w{im.config, im.scripting.state()};
  const std::int64_t start = unix_ns(o.wall);
  w.unix_ns = [start](Time t) { return start + t.count(); };
  w.limits = o.limits;
  w.log = &log;
  script::Interp interp(w);
  auto r = interp.run(**code, "");
  if (!r) return std::move(r).error();
  for (const RouterLog& l : log)
    im.config.notes.push_back("the import logged (" + l.topic + "): " + l.text);
  if (auto e = check_jumps(im.config)) return *e;
  return {};
}

// Menus and verbs a scheduled script may use: the rest is refused when the router boots, not when it runs.
bool runtime_command(const std::string& menu, std::string_view verb) {
  const auto in = [&](std::initializer_list<std::string_view> verbs) {
    return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
  };
  if (auto fm = firewall_menu(menu)) {
    return fm->table ? in({"add", "set", "remove", "find", "get", "enable", "disable"})
                     : in({"add", "set", "remove", "find", "get"});
  }
  if (menu == "system script") return in({"add", "set", "remove", "find", "get", "run"});
  if (menu == "system scheduler") return in({"add", "set", "remove", "find", "get", "enable", "disable"});
  if (menu == "system script environment") return in({"find", "get", "remove"});
  return false;
}

std::optional<core::Error> check_block(const script::Block& b, std::vector<std::string> menu);

std::optional<core::Error> check_node(const script::Node& n, const std::vector<std::string>& menu) {
  if (n.block) {
    if (auto e = check_block(*n.block, menu)) return e;
  }
  for (const auto& k : n.kids) {
    if (auto e = check_node(k, menu)) return e;
  }
  return std::nullopt;
}

std::optional<core::Error> check_block(const script::Block& b, std::vector<std::string> menu) {
  for (const script::Stmt& s : b.statements) {
    std::vector<std::string> path = s.absolute ? std::vector<std::string>{} : menu;
    for (const auto& w : s.path) {
      if (w != "..")
        path.push_back(w);
      else if (!path.empty())
        path.pop_back();
    }
    if (s.kind == script::Stmt::Kind::path) {
      menu = path;
      if (!script::runtime_menu(script::join_menu(path))) {
        return make_error(Errc::bad_input,
                          where(s.at) + ": /" + script::join_menu(path) + " is outside the emulated subset");
      }
    }
    if (s.kind == script::Stmt::Kind::menu && !runtime_command(script::join_menu(path), s.name)) {
      return make_error(Errc::bad_input, where(s.at) + ": /" + script::join_menu(path) + " " + s.name +
                                             " is outside the emulated subset");
    }
    if (s.block) {
      if (auto e = check_block(*s.block, menu)) return e;
    }
    for (const auto& a : s.args) {
      if (auto e = check_node(a.value, s.kind == script::Stmt::Kind::menu ? path : menu)) return e;
    }
    for (const auto& c : s.conditions) {
      if (auto e = check_node(c.value, path)) return e;
    }
  }
  return std::nullopt;
}

bool walk_uses_scripts(const script::Block& b, std::vector<std::string> menu) {
  for (const script::Stmt& s : b.statements) {
    if (s.kind == script::Stmt::Kind::command) return true;
    std::vector<std::string> path = s.absolute ? std::vector<std::string>{} : menu;
    for (const auto& w : s.path) {
      if (w != "..")
        path.push_back(w);
      else if (!path.empty())
        path.pop_back();
    }
    if (s.kind == script::Stmt::Kind::path) menu = path;
    const std::string m = script::join_menu(path);
    if (s.kind == script::Stmt::Kind::menu && (m.rfind("system script", 0) == 0 || m == "system scheduler"))
      return true;
    if (s.block && walk_uses_scripts(*s.block, menu)) return true;
  }
  return false;
}

}  // namespace

core::Expected<Imported> import_script(std::string_view text, const ImportOptions& options) {
  Imported im;
  im.config.services = default_services();
  if (auto s = run_import(im, text, options); !s) return std::move(s).error();
  return im;
}

core::Expected<Imported> load_router(std::string_view text, const ImportOptions& options) {
  if (uses_scripts(text)) return import_script(text, options);
  auto config = load_config(text);
  if (!config) return std::move(config).error();
  Imported im;
  im.config = std::move(*config);
  return im;
}

bool uses_scripts(std::string_view text) {
  if (auto code = script::parse_code(text)) return walk_uses_scripts(**code, {});
  // The interpreter refuses it. With scripts in it, import_script's error (line and column) is the answer:
  // skipping them, as load_config would, could leave open a door the scripts were meant to close.
  auto plain = parse_script(text);
  if (!plain) return false;  // load_config's own error says what is wrong
  return plain->script_commands > 0 ||
         std::any_of(plain->commands.begin(), plain->commands.end(), [](const Command& c) {
           return c.menu.rfind("system script", 0) == 0 || c.menu == "system scheduler";
         });
}

core::Status restore_state(Imported& imported, std::string_view state_text, const ImportOptions& options) {
  return run_import(imported, state_text, options);
}

struct ScriptRunner::Impl {
  Config& config;
  Firewall& firewall;
  Scripting scripting;
  WallClock wall;
  ScriptLimits limits;
  bool booted = false, failed = false;

  State& state() { return scripting.state(); }

  // The code a scheduler entry runs: the script it names, or its own on-event text.
  core::Expected<std::pair<std::shared_ptr<const script::Block>, std::string>> code_of(
      const script::SchedulerEntry& e) {
    for (auto& s : state().scripts) {
      if (s.name != e.on_event) continue;
      if (!s.code)
        return make_error(Errc::bad_input,
                          where(s.at) + ": script " + s.name + " does not parse: " + s.invalid);
      return std::make_pair(s.code, "script " + s.name + ", run by scheduler " + e.name);
    }
    auto inline_code = script::parse_code(e.on_event);
    if (!inline_code) {
      return make_error(Errc::bad_input, where(e.at) + ": scheduler " + e.name +
                                             ": on-event is neither a script's "
                                             "name nor code that parses: " +
                                             inline_code.error().message);
    }
    return std::make_pair(std::move(*inline_code), "scheduler " + e.name);
  }

  void run_one(script::SchedulerEntry& e, Time at, ScriptEffects& fx) {
    auto code = code_of(e);
    if (!code) {
      fx.error = code.error();
      return;
    }
    for (auto& s : state().scripts) {
      if (s.name == e.on_event) ++s.run_count;
    }
    script::World w{config, state(), &firewall, at};
    w.unix_ns = [this](Time t) { return unix_ns(wall(t)); };
    w.limits = limits;
    w.runtime = true;
    w.effects = &fx;
    w.steps = &fx.steps;
    w.log = &fx.log;
    script::Interp interp(w);
    ++e.run_count;
    ++fx.runs;
    auto r = interp.run(*code->first, code->second);
    if (!r) fx.error = r.error();
  }
};

ScriptRunner::ScriptRunner(Config& config, Firewall& firewall, Scripting scripting, WallClock wall,
                           ScriptLimits limits)
    : impl_(std::make_unique<Impl>(Impl{config, firewall, std::move(scripting), std::move(wall), limits})) {}
ScriptRunner::~ScriptRunner() = default;

core::Status ScriptRunner::boot(Time now) {
  Impl& s = *impl_;
  for (auto& e : s.state().schedulers) {
    if (e.disabled) continue;
    auto code = s.code_of(e);
    if (!code) return std::move(code).error();
    if (auto err = check_block(*code->first, {})) {
      return make_error(Errc::bad_input, err->message + " (in " + code->second + ")");
    }
    // MikroTik: start-time=startup runs 3 s after the start; with an interval, not at that moment but an
    // interval after it (inferred from "If the interval is set to value other than 0 scheduler will not run
    // at startup").
    e.next = now + std::chrono::nanoseconds(kStartupDelayNs + e.interval_ns);
  }
  s.booted = true;
  return {};
}

std::optional<Time> ScriptRunner::next_run() const {
  if (impl_->failed) return std::nullopt;
  std::optional<Time> best;
  for (const auto& e : impl_->scripting.state().schedulers) {
    if (!e.disabled && e.next && (!best || *e.next < *best)) best = e.next;
  }
  return best;
}

ScriptEffects ScriptRunner::run_due(Time now) {
  Impl& s = *impl_;
  ScriptEffects fx;
  while (!s.failed && !fx.error) {
    script::SchedulerEntry* due = nullptr;
    for (auto& e : s.state().schedulers) {
      if (!e.disabled && e.next && *e.next <= now && (!due || *e.next < *due->next)) due = &e;
    }
    if (!due) break;
    const Time at = *due->next;
    if (due->interval_ns > 0) {
      const Time step{due->interval_ns};
      due->next = *due->next + step;
      // A clock far behind (a server stopped for a while) runs the entry once for the time it missed; the
      // runs of one call are held to ScriptLimits::kMomentRuns times the steps of one.
      if (now - *due->next > 100 * step) due->next = now - (now - *due->next) % step;
    } else {
      due->next.reset();
    }
    const std::uint64_t id = due->id;
    s.run_one(*due, at, fx);
    // A script may have added schedulers: they count from now (the startup moment is past).
    for (auto& e : s.state().schedulers) {
      if (!e.disabled && !e.next && e.id != id && e.interval_ns > 0 && e.run_count == 0)
        e.next = at + Time{e.interval_ns};
    }
  }
  if (fx.rules_changed && !fx.error) {
    if (auto e = check_jumps(s.config)) fx.error = *e;
  }
  if (fx.error) {
    s.failed = true;
    s.firewall.fail_closed(fx.error->message);
  } else if (fx.rules_changed) {
    s.firewall.reload();
  }
  return fx;
}

bool ScriptRunner::failed() const {
  return impl_->failed;
}

std::string ScriptRunner::global_text(std::string_view name) const {
  const auto& g = impl_->scripting.state().globals;
  auto it = g.find(std::string(name));
  return it == g.end() ? "" : script::to_text(it->second);
}

core::Expected<std::string> ScriptRunner::saved_state() const {
  const State& st = impl_->scripting.state();
  if (st.structural) {
    return make_error(Errc::bad_input,
                      "scripts added or removed rules, scripts or scheduler entries: the state is not saved");
  }
  // Every rule and script source as it stands: run after the same import, the configuration is what the
  // router kept (dynamic entries and globals are gone, as after a reboot).
  std::string out = "# saved state: the configuration as the router's scripts left it\n";
  for (const Table t : {Table::raw, Table::nat, Table::filter}) {
    for (const Family f : {Family::v4, Family::v6}) {
      const auto& table = impl_->config.rules(t, f);
      for (std::size_t i = 0; i < table.size(); ++i) {
        out += menu_of(t, f) + " set [:pick [find] " + std::to_string(i) + "]";
        for (const auto& [k, v] : table[i].settings)
          out += " " + k + "=" + quote(v);
        out += "\n";
      }
    }
  }
  for (const auto& e : st.scripts)
    out += "/system script set [find where name=" + quote(e.name) + "] source=" + quote(e.source) + "\n";
  return out;
}

}  // namespace knock::routeros
