#include "knock/routeros/apply.hpp"

#include <algorithm>

#include "load.hpp"
#include "parse.hpp"

namespace knock::routeros {
namespace {

using core::Errc;
using core::make_error;

core::Error error_at(Position p, const std::string& what) {
  return make_error(Errc::bad_input, where(p) + ": " + what);
}

std::optional<Family> filter_family(const std::string& menu) {
  if (menu == "ip firewall filter") return Family::v4;
  if (menu == "ipv6 firewall filter") return Family::v6;
  return std::nullopt;
}

void renumber(std::vector<Rule>& rules) {
  for (std::size_t i = 0; i < rules.size(); ++i)
    rules[i].number = i;
}

// The command inside a bracketed value: "[find where chain=input]" is the verb find and its arguments.
core::Expected<Command> expression(const Argument& a, std::string_view text) {
  const auto unknown = [&] {
    return error_at(a.value_at, "'" + std::string(text) + "' is not understood here");
  };
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return unknown();
  auto script = parse_script(text.substr(1, text.size() - 2));
  if (!script || !script->notes.empty() || script->commands.size() != 1) return unknown();
  Command cmd = std::move(script->commands.front());
  if (!cmd.menu.empty() || cmd.verb != "find" || cmd.args.empty() || cmd.args[0].value != "where" ||
      !cmd.args[0].key.empty() || cmd.args[0].quoted) {
    return unknown();
  }
  cmd.args.erase(cmd.args.begin());
  return cmd;
}

bool is_meta(char c) {
  return std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos;
}

// An anchored regular expression of plain characters (metacharacters escaped) as the prefix it matches.
core::Expected<std::string> literal_prefix(const Argument& a, std::string_view regex) {
  if (regex.empty() || regex.front() != '^')
    return error_at(a.value_at, "comment~\"" + std::string(regex) + "\": only a prefix (^...) is understood");
  std::string out;
  for (std::size_t i = 1; i < regex.size(); ++i) {
    if (regex[i] == '\\' && i + 1 < regex.size() && is_meta(regex[i + 1])) {
      out += regex[++i];
    } else if (is_meta(regex[i])) {
      return error_at(a.value_at, "comment~\"" + std::string(regex) + "\": '" + std::string(1, regex[i]) +
                                      "' is more regular expression than this emulator follows");
    } else {
      out += regex[i];
    }
  }
  return out;
}

std::size_t remove_prefixed(std::vector<Rule>& rules, std::string_view prefix) {
  const auto before = rules.size();
  std::erase_if(rules, [&](const Rule& r) { return r.comment.rfind(prefix, 0) == 0; });
  renumber(rules);
  return before - rules.size();
}

core::Status remove(Config& config, Family f, const Command& cmd) {
  const auto usage = [&] {
    return error_at(cmd.at, "remove: only remove [find where comment~\"^PREFIX\"] is understood here");
  };
  if (cmd.args.size() != 1 || !cmd.args[0].key.empty()) return usage();
  auto find = expression(cmd.args[0], cmd.args[0].value);
  if (!find) return usage();
  const auto& args = find->args;
  if (args.size() != 1 || !args[0].key.empty() || !args[0].quoted || args[0].value.rfind("comment~", 0) != 0)
    return usage();
  auto prefix = literal_prefix(cmd.args[0], std::string_view(args[0].value).substr(8));
  if (!prefix) return prefix.error();
  remove_prefixed(config.filter[static_cast<int>(f)], *prefix);
  return {};
}

// The position place-before= names: one rule by chain and comment, or the N-th static rule of a chain.
core::Expected<std::size_t> position(const std::vector<Rule>& rules, const Argument& a) {
  std::string_view text = a.value;
  std::optional<std::size_t> nth;
  if (text.rfind("[:pick ", 0) == 0 && text.back() == ']') {
    text = text.substr(7, text.size() - 8);
    const auto space = text.rfind(' ');
    std::uint16_t n = 0;
    if (space == std::string_view::npos || !parse::parse_u16(text.substr(space + 1), n))
      return error_at(a.value_at, "place-before='" + a.value + "' is not understood here");
    nth = n;
    text = text.substr(0, space);
  }
  auto find = expression(a, text);
  if (!find) return find.error();
  std::string chain, comment;
  bool have_comment = false, dynamic_no = false;
  for (const Argument& w : find->args) {
    if (w.key == "chain" && chain.empty()) {
      chain = w.value;
    } else if (w.key == "comment" && !have_comment && !nth) {
      comment = w.value;
      have_comment = true;
    } else if (w.key == "dynamic" && w.value == "no" && nth) {
      dynamic_no = true;
    } else {
      return error_at(a.value_at, "place-before='" + a.value + "' is not understood here");
    }
  }
  if (chain.empty() || (nth ? !dynamic_no : !have_comment))
    return error_at(a.value_at, "place-before='" + a.value + "' is not understood here");
  std::vector<std::size_t> found;
  for (const Rule& r : rules) {
    if (r.chain == chain && (nth || r.comment == comment)) found.push_back(r.number);
  }
  if (nth) {
    if (*nth < found.size()) return found[*nth];
    return error_at(a.value_at, "place-before='" + a.value + "': chain " + chain + " has only " +
                                    std::to_string(found.size()) + " rules, so RouterOS refuses the add");
  }
  if (found.size() == 1) return found.front();
  return error_at(a.value_at, "place-before='" + a.value + "': " + std::to_string(found.size()) +
                                  " rules match, so RouterOS cannot place the rule");
}

core::Status add(Config& config, Family f, Command cmd) {
  auto& rules = config.filter[static_cast<int>(f)];
  const auto is_place = [](const Argument& a) { return a.key == "place-before"; };
  if (std::count_if(cmd.args.begin(), cmd.args.end(), is_place) > 1)
    return error_at(cmd.at, "place-before= is given twice");
  std::size_t at = rules.size();
  if (auto it = std::find_if(cmd.args.begin(), cmd.args.end(), is_place); it != cmd.args.end()) {
    auto pos = position(rules, *it);
    if (!pos) return pos.error();
    at = *pos;
    cmd.args.erase(it);
  }
  Rule rule;
  rule.family = f;
  rule.table = Table::filter;
  Notes notes{config};
  if (auto e = load_rule(cmd, rule, notes)) return *e;
  rules.insert(rules.begin() + static_cast<std::ptrdiff_t>(at), std::move(rule));
  renumber(rules);
  return {};
}

}  // namespace

core::Status apply_script(Config& config, std::string_view text) {
  auto script = parse_script(text);
  if (!script) return std::move(script).error();
  if (!script->notes.empty())
    return make_error(Errc::bad_input, script->notes.front() + ": scripting is not applied here");
  for (const Command& cmd : script->commands) {
    const auto f = filter_family(cmd.menu);
    if (!f) {
      return error_at(cmd.at, "/" + cmd.menu + " " + cmd.verb +
                                  ": only /ip firewall filter and /ipv6 firewall filter are applied here");
    }
    if (cmd.verb != "add" && cmd.verb != "remove")
      return error_at(cmd.at, "/" + cmd.menu + " " + cmd.verb + ": only add and remove are applied here");
    if (auto done = cmd.verb == "add" ? add(config, *f, cmd) : remove(config, *f, cmd); !done) return done;
  }
  if (auto e = check_jumps(config)) return *e;
  return {};
}

std::size_t remove_commented(Config& config, std::string_view prefix) {
  return remove_prefixed(config.filter[0], prefix) + remove_prefixed(config.filter[1], prefix);
}

}  // namespace knock::routeros
