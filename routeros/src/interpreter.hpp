#pragma once
// The interpreter's insides, shared by its files: the scripting state, the world a run sees (configuration,
// firewall, clock), and the evaluator with its menus.
#include <map>
#include <set>

#include "knock/routeros/interpreter.hpp"
#include "load.hpp"
#include "script_ast.hpp"

namespace knock::routeros::script {

struct ScriptEntry {  // /system script
  std::uint64_t id = 0;
  std::string name, source, comment, policy;
  std::shared_ptr<const Block> code;  // parsed source; null when it does not parse (RouterOS: invalid)
  std::string invalid;                // why it does not parse
  std::int64_t run_count = 0;
  Position at;
};

struct SchedulerEntry {  // /system scheduler
  std::uint64_t id = 0;
  std::string name, on_event, comment, policy, start_time = "startup";
  std::int64_t interval_ns = 0;
  bool disabled = false;
  std::int64_t run_count = 0;
  std::optional<Time> next;  // after boot
  Position at;
};

struct State {
  std::vector<ScriptEntry> scripts;
  std::vector<SchedulerEntry> schedulers;
  std::map<std::string, Value> globals;
  bool ntp_enabled = false;
  std::uint64_t next_id = 1;
  // A run after boot added or removed items: saved_state cannot say that as settings of the same items.
  bool structural = false;
};

// One address-list entry handed out as an id during one run.
struct EntryRef {
  Family family = Family::v4;
  std::string list;
  IpAddress address;
  std::optional<std::size_t>
      config_index;  // an entry of the configuration (the export's own, or before boot)
};

struct World {
  Config& config;
  State& state;
  Firewall* firewall = nullptr;  // after boot; before it the address lists are the configuration's entries
  Time now{0};
  std::function<std::int64_t(Time)> unix_ns;  // [:timestamp]
  ScriptLimits limits;
  bool runtime = false;  // a scheduler's run (not the import)
  ScriptEffects* effects = nullptr;
  std::uint64_t* steps = nullptr;  // the steps of every run due by now (ScriptRunner::run_due)
  std::vector<RouterLog>* log = nullptr;
  std::vector<EntryRef> entries;       // ids handed out in this run
  std::vector<std::string> env_names;  // ids of /system script environment items in this run
};

// A command's argument, evaluated.
struct EvalArg {
  std::string key;  // or a find condition's property
  std::string op;   // a find condition: = != ~
  Value value;
  const Node* node = nullptr;
  Position key_at;
  std::string text() const { return to_text(value); }
};

class Interp {
 public:
  explicit Interp(World& w) : w_(w) {}
  // Runs a script's code in a scope of its own; `label` names it in errors ("script knock-otp-poll").
  core::Expected<Value> run(const Block& code, const std::string& label, int depth = 0);

 private:
  struct Scope {
    std::map<std::string, Value> locals;
    std::set<std::string> globals;
    std::vector<std::string> menu;
  };
  using Result = core::Expected<Value>;

  core::Error fail(Position at, const std::string& what) const;
  core::Error fail(Position at, const core::Error& e) const;
  // One step, and one more for every kBytesPerStep bytes of text it made or copied.
  static constexpr std::size_t kBytesPerStep = 64;
  std::optional<core::Error> step(Position at, std::size_t bytes = 0);
  Result charged(Result r, Position at);
  Result block(const Block& b, std::vector<std::string> menu);
  Result statement(const Stmt& s);
  Result eval(const Node& n);  // value_of, with its steps counted
  Result value_of(const Node& n);
  Result lookup(const std::string& name, Position at);
  std::optional<core::Error> assign(const std::string& name, Value v, Position at);

  // script commands (interpreter_commands.cpp)
  Result command(const Stmt& s);
  Result declare(const Stmt& s);
  Result control(const Stmt& s);
  Result builtin(const Stmt& s, const std::vector<Value>& pos, const std::map<std::string, Value>& named);
  Result convert(const Stmt& s, const std::vector<Value>& pos, const std::map<std::string, Value>& named);
  Result log(const Stmt& s, const std::vector<Value>& pos);

  // menus (interpreter_firewall.cpp, interpreter_system.cpp)
  Result menu(const Stmt& s);
  // `evaluate`: run [ ] in the arguments (else they stay text, for load_config's loaders).
  core::Expected<std::vector<EvalArg>> arguments(const Stmt& s, bool evaluate);
  Result rules(const Stmt& s, const FirewallMenu& m, std::vector<EvalArg>& args);
  // firewall rules, by verb (interpreter_firewall.cpp)
  struct RuleMenu {
    std::uint8_t code;
    Table table;
    Family family;
    std::string menu;  // "ip firewall filter"
  };
  void rules_changed(bool structural);
  Result rule_add(const Stmt& s, const RuleMenu& m, std::vector<EvalArg>& args);
  Result rule_remove(const RuleMenu& m, const std::vector<Value>& ids);
  std::optional<core::Error> rule_set(const Stmt& s, const RuleMenu& m, std::uint64_t id,
                                      const std::vector<EvalArg>& changes);
  Result entries(const Stmt& s, Family f, std::vector<EvalArg>& args);
  // address-list entries, by verb (interpreter_lists.cpp)
  Value entry_id(EntryRef ref);
  EntryRef& entry_ref(const Value& id) { return w_.entries.at(static_cast<std::size_t>(id.n) - 1); }
  AddressLists* lists() const { return w_.firewall ? &w_.firewall->lists() : nullptr; }
  Result entry_add(const Stmt& s, Family f, const std::string& menu, const std::vector<EvalArg>& args);
  Result entry_find(const Stmt& s, Family f, const std::vector<EvalArg>& args);
  Result entry_get(const std::string& menu, const EntryRef& ref, const EvalArg& property);
  Result entry_remove(const Stmt& s, const std::string& menu, const std::vector<Value>& ids);
  Result entry_set(const std::string& menu, const std::vector<Value>& ids, const std::vector<EvalArg>& args,
                   std::size_t used);
  Result scripts(const Stmt& s, std::vector<EvalArg>& args);
  Result schedulers(const Stmt& s, std::vector<EvalArg>& args);
  std::optional<core::Error> scheduler_setting(SchedulerEntry& e, const EvalArg& a);
  std::optional<core::Error> scheduler_check(const SchedulerEntry& e);
  Result environment(const Stmt& s, std::vector<EvalArg>& args);
  Result load(const Stmt& s, const std::string& menu, const std::vector<EvalArg>& args);
  Result run_script(const Stmt& s, const std::vector<EvalArg>& args);

  // find: the conditions (find where A=B and C~D, or find A=B), evaluated once.
  core::Expected<std::vector<EvalArg>> conditions(const Stmt& s, const std::vector<EvalArg>& args);
  // Does an item with these properties pass them? `property` gives a property's text.
  core::Expected<bool> passes(const Stmt& s, const std::vector<EvalArg>& conds,
                              const std::function<std::string(std::string_view)>& property);
  core::Expected<std::vector<Value>> targets(const Stmt& s, const std::vector<EvalArg>& args, ItemKind kind,
                                             std::uint8_t menu, std::size_t& used);

  World& w_;
  std::vector<Scope> scopes_;
  std::vector<std::vector<std::string>> command_menu_;  // the menu of the command whose arguments run now
  std::uint64_t steps_ = 0;
  int depth_ = 0;
  bool returning_ = false;
  Value returned_;
  std::string label_;
};

// Shared helpers
// Whether a menu (or a menu on the way to one: "ip firewall") is one a scheduled script may use.
bool runtime_menu(const std::string& menu);
std::string join_menu(const std::vector<std::string>& words);
// A menu command's evaluated arguments (from `from` on) as the export loaders take them, verb add.
Command to_command(const std::string& menu, const Stmt& s, const std::vector<EvalArg>& args,
                   std::size_t from = 0);
bool is_bool_word(std::string_view v, bool& out);
// The rule with this id in its table, or nullptr; `index` gets its position.
Rule* find_rule(Config& c, std::uint8_t menu, std::uint64_t id, std::size_t* index = nullptr);
std::vector<Rule>& table_of(Config& c, std::uint8_t menu);
std::uint8_t menu_code(Table t, Family f);
// A script source parsed; its errors kept for when it runs (RouterOS marks such a script invalid).
void parse_source(ScriptEntry& e, Position origin, const std::shared_ptr<const Block>& parsed);

}  // namespace knock::routeros::script
