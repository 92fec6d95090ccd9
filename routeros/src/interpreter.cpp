// The evaluator: blocks, statements, expressions, variables and their scopes, the step limit.
#include "interpreter.hpp"

namespace knock::routeros::script {

using core::Errc;
using core::make_error;

std::string join_menu(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

bool is_bool_word(std::string_view v, bool& out) {
  if (v == "yes" || v == "true") return out = true, true;
  if (v == "no" || v == "false") return out = false, true;
  return false;
}

core::Error Interp::fail(Position at, const std::string& what) const {
  return make_error(Errc::bad_input, where(at) + ": " + what);
}

core::Error Interp::fail(Position at, const core::Error& e) const {
  // Errors that already name a line keep it: they come from deeper down.
  if (e.message.rfind("line ", 0) == 0) return e;
  return fail(at, e.message);
}

std::optional<core::Error> Interp::step(Position at, std::size_t bytes) {
  const std::uint64_t n = 1 + bytes / kBytesPerStep;
  steps_ += n;
  if (steps_ > w_.limits.max_steps) {
    return fail(at, "stopped after " + std::to_string(w_.limits.max_steps) +
                        " steps (a loop that never ends?): the emulator fails closed");
  }
  if (!w_.steps) return std::nullopt;
  *w_.steps += n;
  const std::uint64_t together = ScriptLimits::kMomentRuns * w_.limits.max_steps;
  if (*w_.steps <= together) return std::nullopt;
  return fail(at, "the scheduled scripts due by now took more than " + std::to_string(together) +
                      " steps together: the emulator fails closed");
}

// A value made or copied costs its text: a loop that copies a long string works as hard as one that runs
// many steps, and the same limit stops both.
Interp::Result Interp::charged(Result r, Position at) {
  if (r && r->type == Type::str) {
    if (auto e = step(at, r->s.size())) return *e;
  }
  return r;
}

core::Expected<Value> Interp::run(const Block& code, const std::string& label, int depth) {
  if (depth > w_.limits.max_depth) {
    return make_error(Errc::bad_input, label + ": /system script run nested deeper than " +
                                           std::to_string(w_.limits.max_depth) + " levels");
  }
  const int saved_depth = depth_;
  const std::string saved_label = label_;
  auto saved_scopes = std::move(scopes_);
  scopes_.clear();
  depth_ = depth;
  label_ = label;
  auto r = block(code, {});
  const bool returned = returning_;
  returning_ = false;
  scopes_ = std::move(saved_scopes);
  depth_ = saved_depth;
  label_ = saved_label;
  if (!r) {
    core::Error e = r.error();
    if (!label.empty() && e.message.find(" (in " + label + ")") == std::string::npos)
      e.message += " (in " + label + ")";
    return e;
  }
  if (returned) return std::move(returned_);
  return r;
}

Interp::Result Interp::block(const Block& b, std::vector<std::string> menu) {
  if (scopes_.size() > 256) return fail(b.at, "blocks nested too deep");
  scopes_.push_back(Scope{{}, {}, std::move(menu)});
  Value last;
  for (const Stmt& s : b.statements) {
    auto r = statement(s);
    if (!r) {
      scopes_.pop_back();
      return r;
    }
    last = std::move(*r);
    if (returning_) break;
  }
  scopes_.pop_back();
  return last;
}

Interp::Result Interp::statement(const Stmt& s) {
  if (auto e = step(s.at)) return *e;
  switch (s.kind) {
    case Stmt::Kind::path: {
      auto& menu = scopes_.back().menu;
      if (s.absolute) menu.clear();
      for (const auto& word : s.path) {
        if (word == "..") {
          if (!menu.empty()) menu.pop_back();
        } else {
          menu.push_back(word);
        }
      }
      if (w_.runtime && !runtime_menu(join_menu(menu)))
        return fail(s.at, "/" + join_menu(menu) + " is outside the emulated subset");
      return Value{};
    }
    case Stmt::Kind::block:
      return block(*s.block, scopes_.back().menu);
    case Stmt::Kind::command:
      return command(s);
    case Stmt::Kind::menu:
      return menu(s);
  }
  return Value{};
}

Interp::Result Interp::lookup(const std::string& name, Position at) {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    if (auto l = it->locals.find(name); l != it->locals.end()) return l->second;
    if (it->globals.count(name)) {
      auto g = w_.state.globals.find(name);
      return g == w_.state.globals.end() ? Value{} : g->second;
    }
  }
  return fail(at, "$" + name + " is not declared here (:local or :global first)");
}

std::optional<core::Error> Interp::assign(const std::string& name, Value v, Position at) {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    if (auto l = it->locals.find(name); l != it->locals.end()) {
      l->second = std::move(v);
      return std::nullopt;
    }
    if (it->globals.count(name)) {
      w_.state.globals[name] = std::move(v);
      return std::nullopt;
    }
  }
  return fail(at, ":set " + name + ": no such variable here (:local or :global first)");
}

Interp::Result Interp::eval(const Node& n) {
  if (auto e = step(n.at)) return *e;
  return charged(value_of(n), n.at);
}

Interp::Result Interp::value_of(const Node& n) {
  switch (n.kind) {
    case Node::Kind::literal:
      return n.value;
    case Node::Kind::variable:
      return lookup(n.name, n.at);
    case Node::Kind::text: {
      std::string out;
      for (std::size_t i = 0; i < n.parts.size(); ++i) {
        if (i % 2 == 0) {
          out += n.parts[i];
          continue;
        }
        auto v = lookup(n.parts[i], n.at);
        if (!v) return v;
        out += to_text(*v);
        if (out.size() > w_.limits.max_text) return fail(n.at, "a string grew past the limit");
      }
      return Value::str(std::move(out));
    }
    case Node::Kind::unary: {
      auto a = eval(n.kids[0]);
      if (!a) return a;
      auto r = unary(n.name, *a);
      if (!r) return fail(n.at, r.error());
      return r;
    }
    case Node::Kind::binary: {
      auto a = eval(n.kids[0]);
      if (!a) return a;
      // && and || decide on their left side when they can, as in any language RouterOS users know.
      if ((n.name == "&&" || n.name == "||") && a->type == Type::boolean && a->b == (n.name == "||"))
        return *a;
      auto b = eval(n.kids[1]);
      if (!b) return b;
      auto r = binary(n.name, *a, *b);
      if (!r) return fail(n.at, r.error());
      if (r->type == Type::str && r->s.size() > w_.limits.max_text)
        return fail(n.at, "a string grew past the limit");
      return r;
    }
    case Node::Kind::command: {
      // [find ...] in an argument of /ip firewall filter set is a command of that menu.
      return block(*n.block, command_menu_.empty() ? scopes_.back().menu : command_menu_.back());
    }
    case Node::Kind::block:
      return Value::str(n.raw);
  }
  return Value{};
}

}  // namespace knock::routeros::script
