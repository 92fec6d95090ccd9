#include "completion.hpp"

#include <algorithm>
#include <set>

#include <CLI/CLI.hpp>

#include "commands.hpp"

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

std::string bash_script(const std::vector<Scope>& tree) {
  std::string out = R"sh(# bash completion for knock                                -*- shell-script -*-
# Generated by `knock completion bash` from knock's own option definitions; regenerate, do not edit.

# Sets the tables of one scope ("", "@", "routeros check", ...).
_knock_scope() {
    _knock_subs= _knock_opts= _knock_vals= _knock_pos=
    case $1 in
)sh";
  for (const auto& s : tree) {
    const Tables t = tables(s);
    out += "        " + single_quoted(s.path) + ")\n";
    out += "            _knock_subs=" + single_quoted(join(t.subs)) + "\n";
    out += "            _knock_opts=" + single_quoted(join(t.opts)) + "\n";
    out += "            _knock_vals=" + single_quoted(join(t.vals)) + "\n";
    out += "            _knock_pos=" + single_quoted(join(t.pos)) + " ;;\n";
  }
  out += R"sh(    esac
}

# The value kind of option $1 in the current scope, or nothing when it takes no value.
_knock_value_kind() {
    local v
    for v in $_knock_vals; do
        [[ ${v%%=*} == "$1" ]] && { printf '%s\n' "${v#*=}"; return; }
    done
}

# Offers candidates of kind $1 for the word $cur.
_knock_offer() {
    local kind=$1 knock=${words[0]:-knock}
    case $kind in
        file)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur")) ;;
        target)
            if [[ $cur == @* ]]; then
                COMPREPLY=($(compgen -P @ -W "$("$knock" profile list --names 2>/dev/null)" -- "${cur#@}"))
            else
                COMPREPLY=($(compgen -A hostname -- "$cur"))
            fi ;;
        profile) COMPREPLY=($(compgen -W "$("$knock" profile list --names 2>/dev/null)" -- "$cur")) ;;
        step)
            if [[ $cur != *:* ]]; then
                compopt -o nospace 2>/dev/null
                COMPREPLY=($(compgen -W ')sh" +
         std::string(kStepPrefixes) + R"sh(' -- "$cur"))
            fi ;;
        {*}) local choices=${kind//[{\}]/}; COMPREPLY=($(compgen -W "${choices//,/ }" -- "$cur")) ;;
        *) COMPREPLY=() ;;
    esac
}

_knock() {
    local cur words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n =:@ || return
    else  # bash splits words at : and @ too; knock's words are split at white space only
        read -ra words <<<"${COMP_LINE:0:COMP_POINT}"
        [[ ${#words[@]} -eq 0 || ${COMP_LINE:COMP_POINT-1:1} == [[:space:]] ]] && words+=("")
        cword=$((${#words[@]} - 1)) cur=${words[cword]}
    fi
    _knock_complete
    # Bash replaces only what follows the last word break (: or =) of the word, so the candidates must too.
    local breaks=${COMP_WORDBREAKS//[^:=]/}
    if [[ -n $breaks && $cur == *["$breaks"]* ]]; then
        local pre=${cur%"${cur##*["$breaks"]}"}
        COMPREPLY=("${COMPREPLY[@]#"$pre"}")
    fi
    return 0
}

_knock_complete() {
    local scope= at=0 npos=0 i w value=
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $value ]]; then value=; continue; fi
        if [[ $w == -- ]]; then  # the command that knock runs afterwards
            if ((i == cword - 1)); then COMPREPLY=($(compgen -c -- "$cur")); else _knock_offer file; fi
            return
        fi
        _knock_scope "$scope"
        if [[ $w == -?* ]]; then
            [[ $w != *=* && -n $(_knock_value_kind "$w") ]] && value=1
            continue
        fi
        if ((i == at + 1)) && [[ " $_knock_subs " == *" $w "* ]]; then
            scope=${scope:+$scope }$w at=$i npos=0
            continue
        fi
        if ((i == 1)) && [[ $w == @?* ]]; then scope=@ at=1; continue; fi
        ((npos++))
    done
    _knock_scope "$scope"
    if [[ -n $value ]]; then _knock_offer "$(_knock_value_kind "${words[cword - 1]}")"; return; fi
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$_knock_opts" -- "$cur")); return; fi
    local kinds=($_knock_pos) kind=
    if ((npos < ${#kinds[@]})); then
        kind=${kinds[npos]}
    elif ((${#kinds[@]} > 0)) && [[ ${kinds[${#kinds[@]} - 1]} == *+ ]]; then
        kind=${kinds[${#kinds[@]} - 1]}  # (not [-1]: bash 3.2, macOS's own, lacks it)
    fi
    _knock_offer "${kind%+}"
    if ((cword == at + 1)) && [[ -n $_knock_subs ]]; then
        COMPREPLY+=($(compgen -W "$_knock_subs" -- "$cur"))
    fi
}
complete -F _knock knock
)sh";
  return out;
}

std::string zsh_script(const std::vector<Scope>& tree) {
  const auto described = [](const std::string& name, const std::string& help) {
    std::string escaped;
    for (char c : name)
      escaped += c == ':' ? std::string("\\:") : std::string(1, c);
    return single_quoted(escaped + ":" + help);
  };
  std::string out = R"sh(#compdef knock
# zsh completion for knock. Generated by `knock completion zsh` from knock's own option definitions;
# regenerate, do not edit.

# Sets the tables of one scope ("", "@", "routeros check", ...).
_knock_scope() {
  _knock_subs=() _knock_opts=() _knock_vals=() _knock_pos=()
  case $1 in
)sh";
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
  out += R"sh(  esac
}

# The value kind of option $1 in the current scope, or nothing when it takes no value.
_knock_value_kind() {
  local v
  for v in $_knock_vals; do
    [[ ${v%%=*} == $1 ]] && { print -r -- ${v#*=}; return }
  done
}

# Offers candidates of kind $1.
_knock_offer() {
  local kind=$1 knock=${words[1]}
  case $kind in
    file) _files ;;
    target)
      if [[ $PREFIX == @* ]]; then
        compset -P @
        compadd -- ${(f)"$($knock profile list --names 2>/dev/null)"}
      else
        _hosts
      fi ;;
    profile) compadd -- ${(f)"$($knock profile list --names 2>/dev/null)"} ;;
    step) [[ $PREFIX == *:* ]] || compadd -S '' -- )sh" +
         std::string(kStepPrefixes) + R"sh( ;;
    \{*\}) local choices=${kind[2,-2]}; compadd -- ${(s:,:)choices} ;;
  esac
}

_knock() {
  local scope= at=1 npos=0 i w value=
  local -a _knock_subs _knock_opts _knock_vals _knock_pos
  for ((i = 2; i < CURRENT; i++)); do
    w=$words[i]
    if [[ -n $value ]]; then value=; continue; fi
    if [[ $w == -- ]]; then  # the command that knock runs afterwards
      shift $i words
      (( CURRENT -= i ))
      _normal
      return
    fi
    _knock_scope $scope
    if [[ $w == -?* ]]; then
      [[ $w != *=* && -n $(_knock_value_kind $w) ]] && value=1
      continue
    fi
    if (( i == at + 1 )) && (( ${_knock_subs[(I)${w}:*]} )); then
      scope=${scope:+$scope }$w at=$i npos=0
      continue
    fi
    if (( i == 2 )) && [[ $w == @?* ]]; then scope=@ at=2; continue; fi
    (( npos++ ))
  done
  _knock_scope $scope
  if [[ -n $value ]]; then _knock_offer $(_knock_value_kind $words[CURRENT-1]); return; fi
  if [[ $PREFIX == -* ]]; then _describe -t options option _knock_opts; return; fi
  local kind=
  if (( npos < $#_knock_pos )); then
    kind=$_knock_pos[npos+1]
  elif (( $#_knock_pos )) && [[ $_knock_pos[-1] == *+ ]]; then
    kind=$_knock_pos[-1]
  fi
  _knock_offer ${kind%+}
  if (( CURRENT == at + 1 && $#_knock_subs )); then _describe -t commands command _knock_subs; fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _knock "$@"
else
  compdef _knock knock
fi
)sh";
  return out;
}

std::string fish_script(const std::vector<Scope>& tree) {
  const auto quoted = [](const std::string& s) {
    std::string out = "'";
    for (char c : s) {
      if (c == '\\' || c == '\'') out.push_back('\\');
      out.push_back(c);
    }
    return out + "'";
  };
  // What fish offers for a word of this kind.
  const auto candidates = [&](const Arg& a) -> std::string {
    switch (a.kind) {
      case Kind::text:
        return "";
      case Kind::file:
        return " -F";
      case Kind::target:
        return " -a '(__fish_print_hostnames) @(__knock_profiles)'";
      case Kind::step:
        return " -a " + quoted(kStepPrefixes);
      case Kind::profile:
        return " -a '(__knock_profiles)'";
      case Kind::choice:
        return " -a " + quoted(join(a.choices));
    }
    return "";
  };
  std::string out =
      R"sh(# fish completion for knock. Generated by `knock completion fish` from knock's own option definitions;
# regenerate, do not edit.

# Sets the tables of one scope ("", "@", "routeros check", ...).
function __knock_scope -a scope
    set -g __knock_subs
    set -g __knock_vals
    set -g __knock_pos
    switch "$scope"
)sh";
  for (const auto& s : tree) {
    const Tables t = tables(s);
    out += "        case " + quoted(s.path) + "\n";
    out += "            set -g __knock_subs " + quoted_words(t.subs, quoted) + "\n";
    out += "            set -g __knock_vals " + quoted_words(t.vals, quoted) + "\n";
    out += "            set -g __knock_pos " + quoted_words(t.pos, quoted) + "\n";
  }
  out += R"sh(    end
end

# The value kind of option $argv[1] in the current scope, or nothing when it takes no value.
function __knock_value_kind -a option
    for v in $__knock_vals
        set -l parts (string split -m 1 = -- $v)
        if test "$parts[1]" = "$option"
            echo $parts[2]
            return
        end
    end
end

# Prints where the command line stands: "dashes" after --, else the scope, the next positional's kind and
# whether a subcommand may come next, one per line.
function __knock_state
    set -l words (commandline -opc)
    set -l scope ''
    set -l at 1
    set -l npos 0
    set -l value 0
    for i in (seq 2 (count $words))
        set -l w $words[$i]
        if test $value = 1
            set value 0
            continue
        end
        if test "$w" = --
            echo dashes
            return
        end
        __knock_scope $scope
        if string match -q -- '-?*' $w
            if not string match -q -- '*=*' $w; and test -n "$(__knock_value_kind $w)"
                set value 1
            end
            continue
        end
        if test $i -eq (math $at + 1); and contains -- $w $__knock_subs
            set scope (string join ' ' -- $scope $w | string trim)
            set at $i
            set npos 0
            continue
        end
        if test $i -eq 2; and string match -q -- '@?*' $w
            set scope @
            set at 2
            continue
        end
        set npos (math $npos + 1)
    end
    __knock_scope $scope
    echo $scope
    set -l kind ''
    if test $npos -lt (count $__knock_pos)
        set kind $__knock_pos[(math $npos + 1)]
    else if test (count $__knock_pos) -gt 0; and string match -q -- '*+' $__knock_pos[-1]
        set kind $__knock_pos[-1]
    end
    if test $value = 1
        set kind value
    end
    echo (string trim -r -c + -- $kind)
    if test (count $words) -eq $at
        echo sub
    else
        echo no
    end
end

function __knock_in -a scope
    set -l state (__knock_state)
    test "$state[1]" = "$scope"
end

function __knock_next -a scope kind
    set -l state (__knock_state)
    test "$state[1]" = "$scope"; and test "$state[2]" = "$kind"
end

function __knock_sub -a scope
    set -l state (__knock_state)
    test "$state[1]" = "$scope"; and test "$state[3]" = sub
end

# The command after --, completed as fish completes it anywhere.
function __knock_command
    set -l words (commandline -opc) (commandline -ct)
    set -l i (contains -i -- -- $words)
    __fish_complete_subcommand --commandline $words[(math $i + 1)..-1]
end

function __knock_profiles
    set -l knock (commandline -opc)[1]
    $knock profile list --names 2>/dev/null
end

complete -c knock -f
complete -c knock -n '__knock_in dashes' -x -a '(__knock_command)'
)sh";
  for (const auto& s : tree) {
    const std::string in = quoted(s.path);
    for (const auto& [name, summary] : s.subcommands) {
      out += "complete -c knock -n " + quoted("__knock_sub " + in) + " -a " + quoted(name) + " -d " +
             quoted(summary) + "\n";
    }
    for (const auto& o : s.options) {
      std::string line = "complete -c knock -n " + quoted("__knock_in " + in);
      for (const auto& n : o.names)
        line += (n.size() == 2 ? " -s " + n.substr(1) : " -l " + n.substr(2));
      if (o.takes_value) line += (o.kind == Kind::file ? " -r" : " -x") + candidates(o);
      out += line + " -d " + quoted(o.help) + "\n";
    }
    std::set<std::string> done;
    for (const auto& p : s.positionals) {
      const std::string kind = kind_word(p);
      if (p.kind == Kind::text || !done.insert(kind).second) continue;
      out += "complete -c knock -n " + quoted("__knock_next " + in + " " + quoted(kind)) + candidates(p) +
             " -d " + quoted(p.help) + "\n";
    }
  }
  return out;
}

}  // namespace knock::cli::completion
