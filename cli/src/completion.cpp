#include "completion.hpp"

#include <algorithm>
#include <set>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "completion_shells.hpp"

namespace knock::cli::completion {
namespace {

// Positionals that name a profile to be created, not an existing one: nothing to offer there.
const std::set<std::string> kNewNames = {"profile add", "profile new"};

Kind kind_named(const std::string& name, const std::string& path) {
  if (name == "HOST") return Kind::target;
  if (name == "STEP") return Kind::step;
  if (name == "FILE") return Kind::file;
  if (name == "NAME") return kNewNames.count(path) ? Kind::text : Kind::profile;
  return Kind::text;
}

// IsMember validators describe themselves as "{a,b,c}".
std::vector<std::string> choices_of(CLI::Option& o) {
  std::string desc;
  try {
    desc = o.get_validator()->get_description();
  } catch (const CLI::OptionNotFound&) {
    return {};
  }
  if (desc.size() < 2 || desc.front() != '{' || desc.back() != '}') return {};
  std::vector<std::string> out;
  std::string item;
  for (char c : desc.substr(1, desc.size() - 2) + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item.push_back(c);
    }
  }
  return out;
}

void add_scope(std::vector<Scope>& tree, const std::string& path, CLI::App& app) {
  Scope s;
  s.path = path;
  for (CLI::Option* o : app.get_options({})) {
    if (o->get_group().empty()) continue;  // hidden
    Arg a;
    a.help = o->get_description();
    a.choices = choices_of(*o);
    if (!o->nonpositional()) {
      a.kind = a.choices.empty() ? kind_named(o->get_name(true), path) : Kind::choice;
      a.repeats = o->get_items_expected_max() > 1;
      s.positionals.push_back(std::move(a));
      continue;
    }
    for (const auto& n : o->get_snames())
      a.names.push_back("-" + n);
    for (const auto& n : o->get_lnames())
      a.names.push_back("--" + n);
    a.takes_value = o->get_expected_max() != 0;  // flags expect none
    if (a.takes_value) a.kind = a.choices.empty() ? kind_named(o->get_type_name(), path) : Kind::choice;
    s.options.push_back(std::move(a));
  }
  std::vector<std::pair<std::string, CLI::App*>> subs;
  for (CLI::App* sub : app.get_subcommands({})) {
    s.subcommands.emplace_back(sub->get_name(), sub->get_description());
    subs.emplace_back(path.empty() ? sub->get_name() : path + " " + sub->get_name(), sub);
  }
  tree.push_back(std::move(s));
  for (auto& [p, sub] : subs)
    add_scope(tree, p, *sub);
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string join(const std::vector<std::string>& words, const std::string& sep = " ") {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : sep) + w;
  return out;
}

// The kind as the generated scripts spell it: a word, or "{a,b}" for choices.
std::string kind_word(const Arg& a) {
  switch (a.kind) {
    case Kind::text:
      return "text";
    case Kind::file:
      return "file";
    case Kind::target:
      return "target";
    case Kind::step:
      return "step";
    case Kind::profile:
      return "profile";
    case Kind::choice:
      return "{" + join(a.choices, ",") + "}";
  }
  return "text";
}

// Per scope, the tables every shell's script reads: subcommands, options, options with their value kinds
// ("--from={knockd,json}"), positional kinds ("file step+": a trailing + repeats).
struct Tables {
  std::vector<std::string> subs, opts, vals, pos;
};

Tables tables(const Scope& s) {
  Tables t;
  for (const auto& [name, summary] : s.subcommands)
    t.subs.push_back(name);
  for (const auto& o : s.options) {
    for (const auto& n : o.names) {
      t.opts.push_back(n);
      if (o.takes_value) t.vals.push_back(n + "=" + kind_word(o));
    }
  }
  for (const auto& p : s.positionals)
    t.pos.push_back(kind_word(p) + (p.repeats ? "+" : ""));
  return t;
}

// Each word single-quoted (for zsh and fish, where {a,b} would be expanded).
template <typename Quote>
std::string quoted_words(const std::vector<std::string>& words, Quote quote) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : " ") + quote(w);
  return out;
}

const char* kStepPrefixes = "tcp: udp: connect: icmp: wait:";

}  // namespace

std::vector<Scope> command_tree() {
  std::vector<Scope> tree;
  describe_knock([&](CLI::App& app) { add_scope(tree, "", app); });
  for (const Command& c : subcommands())
    tree.front().subcommands.emplace_back(c.name, c.summary);
  describe_at_profile([&](CLI::App& app) { add_scope(tree, "@", app); });
  for (const Command& c : subcommands()) {
    if (c.describe) {
      c.describe([&](CLI::App& app) { add_scope(tree, std::string(c.name), app); });
    } else {
      tree.push_back(Scope{std::string(c.name), {}, {}, {}});
    }
  }
  return tree;
}

namespace {

std::string with_steps(std::string text) {
  const std::string mark = "@STEPS@";
  for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
    text.replace(at, mark.size(), kStepPrefixes);
  return text;
}

std::string bash_tables(const std::vector<Scope>& tree) {
  std::string out;
  for (const auto& s : tree) {
    const Tables t = tables(s);
    out += "        " + single_quoted(s.path) + ")\n";
    out += "            _knock_subs=" + single_quoted(join(t.subs)) + "\n";
    out += "            _knock_opts=" + single_quoted(join(t.opts)) + "\n";
    out += "            _knock_vals=" + single_quoted(join(t.vals)) + "\n";
    out += "            _knock_pos=" + single_quoted(join(t.pos)) + " ;;\n";
  }
  return out;
}

// zsh describes each word: "name:help", with the colons of the name escaped.
std::string described(const std::string& name, const std::string& help) {
  std::string escaped;
  for (char c : name)
    escaped += c == ':' ? std::string("\\:") : std::string(1, c);
  return single_quoted(escaped + ":" + help);
}

std::string zsh_tables(const std::vector<Scope>& tree) {
  std::string out;
  for (const auto& s : tree) {
    const Tables t = tables(s);
    out += "    " + single_quoted(s.path) + ")\n";
    std::vector<std::string> subs, opts;
    for (const auto& [name, summary] : s.subcommands)
      subs.push_back(described(name, summary));
    for (const auto& o : s.options) {
      for (const auto& n : o.names)
        opts.push_back(described(n, o.help));
    }
    out += "      _knock_subs=(" + join(subs) + ")\n";
    out += "      _knock_opts=(" + join(opts) + ")\n";
    out += "      _knock_vals=(" + quoted_words(t.vals, single_quoted) + ")\n";
    out += "      _knock_pos=(" + quoted_words(t.pos, single_quoted) + ") ;;\n";
  }
  return out;
}

std::string fish_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

// What fish offers for a word of this kind.
std::string fish_candidates(const Arg& a) {
  switch (a.kind) {
    case Kind::text:
      return "";
    case Kind::file:
      return " -F";
    case Kind::target:
      return " -a '(__fish_print_hostnames) @(__knock_profiles)'";
    case Kind::step:
      return " -a " + fish_quoted(kStepPrefixes);
    case Kind::profile:
      return " -a '(__knock_profiles)'";
    case Kind::choice:
      return " -a " + fish_quoted(join(a.choices));
  }
  return "";
}

std::string fish_tables(const std::vector<Scope>& tree) {
  std::string out;
  for (const auto& s : tree) {
    const Tables t = tables(s);
    out += "        case " + fish_quoted(s.path) + "\n";
    out += "            set -g __knock_subs " + quoted_words(t.subs, fish_quoted) + "\n";
    out += "            set -g __knock_vals " + quoted_words(t.vals, fish_quoted) + "\n";
    out += "            set -g __knock_pos " + quoted_words(t.pos, fish_quoted) + "\n";
  }
  return out;
}

std::string fish_option(const std::string& in, const Arg& o) {
  std::string line = "complete -c knock -n " + fish_quoted("__knock_in " + in);
  for (const auto& n : o.names)
    line += (n.size() == 2 ? " -s " + n.substr(1) : " -l " + n.substr(2));
  if (o.takes_value) line += (o.kind == Kind::file ? " -r" : " -x") + fish_candidates(o);
  return line + " -d " + fish_quoted(o.help) + "\n";
}

std::string fish_completions(const std::vector<Scope>& tree) {
  std::string out;
  for (const auto& s : tree) {
    const std::string in = fish_quoted(s.path);
    for (const auto& [name, summary] : s.subcommands) {
      out += "complete -c knock -n " + fish_quoted("__knock_sub " + in) + " -a " + fish_quoted(name) +
             " -d " + fish_quoted(summary) + "\n";
    }
    for (const auto& o : s.options)
      out += fish_option(in, o);
    std::set<std::string> done;
    for (const auto& p : s.positionals) {
      const std::string kind = kind_word(p);
      if (p.kind == Kind::text || !done.insert(kind).second) continue;
      out += "complete -c knock -n " + fish_quoted("__knock_next " + in + " " + fish_quoted(kind)) +
             fish_candidates(p) + " -d " + fish_quoted(p.help) + "\n";
    }
  }
  return out;
}

}  // namespace

std::string bash_script(const std::vector<Scope>& tree) {
  return shell::kBashHead + bash_tables(tree) + with_steps(shell::kBashBody);
}

std::string zsh_script(const std::vector<Scope>& tree) {
  return shell::kZshHead + zsh_tables(tree) + with_steps(shell::kZshBody);
}

std::string fish_script(const std::vector<Scope>& tree) {
  return shell::kFishHead + fish_tables(tree) + shell::kFishBody + fish_completions(tree);
}

}  // namespace knock::cli::completion
