// The script commands of the subset: :local :global :set :if :while :foreach :return :log :put and the
// functions :len :pick :tonum :tostr :typeof :convert :timestamp.
#include <sodium.h>

#include "interpreter.hpp"

namespace knock::routeros::script {
namespace {

using core::Errc;
using core::make_error;

bool sodium_ready() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

// :pick on a string: the characters from `start` up to `end` (not included); RouterOS clips both to the text.
Value pick_text(const std::string& s, std::int64_t start, std::int64_t end) {
  const auto size = static_cast<std::int64_t>(s.size());
  start = std::clamp<std::int64_t>(start, 0, size);
  end = std::clamp<std::int64_t>(end, start, size);
  return Value::str(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
}

core::Expected<std::string> decode(std::string_view from, const std::string& text) {
  if (from == "raw") return text;
  if (from == "hex") {
    if (text.size() % 2) return make_error(Errc::bad_input, ":convert from=hex: an odd number of digits");
    std::string out(text.size() / 2, '\0');
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                       nullptr, nullptr, nullptr) != 0)
      return make_error(Errc::bad_input, ":convert from=hex: not hex digits");
    return out;
  }
  if (from == "base64") {
    std::string out(text.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
      return make_error(Errc::bad_input, ":convert from=base64: not base64");
    out.resize(len);
    return out;
  }
  return make_error(Errc::bad_input, ":convert from=" + std::string(from) +
                                         " is outside the emulated subset (raw, hex, base64)");
}

core::Expected<std::string> encode(std::string_view to, const std::string& bytes) {
  if (to == "raw") return bytes;
  if (to == "hex") {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                   bytes.size());
    out.pop_back();
    return out;
  }
  if (to == "base64") {
    const std::size_t n = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(n, '\0');
    sodium_bin2base64(out.data(), n, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(n - 1);
    return out;
  }
  return make_error(Errc::bad_input,
                    ":convert to=" + std::string(to) + " is outside the emulated subset (raw, hex, base64)");
}

}  // namespace

Interp::Result Interp::command(const Stmt& s) {
  if (s.name == "local" || s.name == "global" || s.name == "set") return declare(s);
  if (s.name == "if" || s.name == "while" || s.name == "foreach") return control(s);
  std::vector<Value> pos;
  std::map<std::string, Value> named;
  for (const Arg& a : s.args) {
    auto v = eval(a.value);
    if (!v) return v;
    if (a.key.empty())
      pos.push_back(std::move(*v));
    else if (!named.emplace(a.key, std::move(*v)).second)
      return fail(a.key_at, a.key + "= is given twice");
  }
  if (s.name == "return") {
    if (pos.size() > 1 || !named.empty()) return fail(s.at, ":return takes one value");
    returning_ = true;
    returned_ = pos.empty() ? Value{} : pos[0];
    return returned_;
  }
  if (s.name == "log" || s.name == "put") {
    if (!named.empty()) return fail(s.at, ":" + s.name + " takes no key=value");
    return log(s, pos);
  }
  if (s.name == "convert") return convert(s, pos, named);
  if (!named.empty()) return fail(s.args.front().key_at, ":" + s.name + " takes no key=value here");
  return builtin(s, pos, named);
}

Interp::Result Interp::declare(const Stmt& s) {
  if (s.args.empty() || !s.args[0].key.empty() || s.args[0].value.kind != Node::Kind::literal ||
      s.args[0].value.value.type != Type::str)
    return fail(s.at, ":" + s.name + " needs a variable name first");
  if (s.args.size() > 2 || (s.args.size() == 2 && !s.args[1].key.empty()))
    return fail(s.at, ":" + s.name + " NAME [VALUE]: one value at most");
  const std::string& name = s.args[0].value.value.s;
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
      }))
    return fail(s.args[0].key_at, "'" + name + "' is not a variable name (letters, digits and _)");
  Value v;
  if (s.args.size() == 2) {
    auto r = eval(s.args[1].value);
    if (!r) return r;
    v = std::move(*r);
  }
  if (s.name == "set") {
    if (auto e = assign(name, std::move(v), s.at)) return *e;
    return Value{};
  }
  Scope& here = scopes_.back();
  if (s.name == "local") {
    here.globals.erase(name);
    here.locals[name] = std::move(v);
  } else {
    here.locals.erase(name);
    here.globals.insert(name);
    if (s.args.size() == 2)
      w_.state.globals[name] = std::move(v);
    else
      w_.state.globals.try_emplace(name);
  }
  return Value{};
}

Interp::Result Interp::control(const Stmt& s) {
  const Node* cond = nullptr;
  const Block* body = nullptr;
  const Block* otherwise = nullptr;
  const Node* in = nullptr;
  std::string var;
  for (const Arg& a : s.args) {
    if (a.key.empty()) {
      if (cond || !var.empty()) return fail(a.key_at, ":" + s.name + ": one condition (or variable) only");
      if (s.name == "foreach") {
        if (a.value.kind != Node::Kind::literal || a.value.value.type != Type::str)
          return fail(a.key_at, ":foreach needs a variable name first");
        var = a.value.value.s;
      } else {
        cond = &a.value;
      }
    } else if ((a.key == "do" || (a.key == "else" && s.name == "if")) && a.value.kind == Node::Kind::block) {
      (a.key == "do" ? body : otherwise) = a.value.block.get();
    } else if (a.key == "in" && s.name == "foreach") {
      in = &a.value;
    } else {
      return fail(a.key_at, ":" + s.name + ": unexpected " + (a.key.empty() ? "value" : a.key + "=") +
                                " (do={...}" + (s.name == "if" ? " and else={...}" : "") +
                                " take code in braces)");
    }
  }
  if (!body || (s.name == "foreach" ? (!in || var.empty()) : !cond))
    return fail(s.at, s.name == "foreach" ? ":foreach VAR in=VALUES do={...}"
                                          : ":" + s.name + " (CONDITION) do={...}");
  const auto truth = [&]() -> core::Expected<bool> {
    auto v = eval(*cond);
    if (!v) return std::move(v).error();
    if (v->type != Type::boolean)
      return fail(cond->at, "the condition is a " + std::string(type_name(v->type)) + ", not a bool");
    return v->b;
  };
  if (s.name == "if") {
    auto t = truth();
    if (!t) return std::move(t).error();
    if (*t) return block(*body, scopes_.back().menu);
    if (otherwise) return block(*otherwise, scopes_.back().menu);
    return Value{};
  }
  if (s.name == "while") {
    for (;;) {
      auto t = truth();
      if (!t) return std::move(t).error();
      if (!*t) return Value{};
      auto r = block(*body, scopes_.back().menu);
      if (!r || returning_) return r;
    }
  }
  auto values = eval(*in);
  if (!values) return values;
  std::vector<Value> each;
  if (values->type == Type::array)
    each = *values->items;
  else if (values->type != Type::nothing)
    each.push_back(*values);
  for (Value& v : each) {
    scopes_.push_back(Scope{{{var, std::move(v)}}, {}, scopes_.back().menu});
    auto r = block(*body, scopes_.back().menu);
    scopes_.pop_back();
    if (!r) return r;
    if (returning_) break;
  }
  return Value{};
}

Interp::Result Interp::log(const Stmt& s, const std::vector<Value>& pos) {
  std::string topic = "put";
  std::size_t i = 0;
  if (s.name == "log") {
    if (pos.size() != 2 || pos[0].type != Type::str)
      return fail(s.at, ":log TOPIC MESSAGE (TOPIC: info, warning, error or debug)");
    topic = pos[0].s;
    if (topic != "info" && topic != "warning" && topic != "error" && topic != "debug")
      return fail(s.at, ":log " + topic + " is outside the emulated subset (info, warning, error, debug)");
    i = 1;
  } else if (pos.size() != 1) {
    return fail(s.at, ":put takes one value");
  }
  if (w_.log) w_.log->push_back({w_.now, topic, to_text(pos[i])});
  return Value{};
}

Interp::Result Interp::builtin(const Stmt& s, const std::vector<Value>& pos,
                               const std::map<std::string, Value>&) {
  const auto want = [&](std::size_t lo, std::size_t hi) -> std::optional<core::Error> {
    if (pos.size() < lo || pos.size() > hi) return fail(s.at, ":" + s.name + ": wrong number of values");
    return std::nullopt;
  };
  if (s.name == "timestamp") {
    if (auto e = want(0, 0)) return *e;
    return Value::time_ns(w_.unix_ns(w_.now));
  }
  if (auto e = want(1, s.name == "pick" ? 3 : 1)) return *e;
  const Value& v = pos[0];
  if (s.name == "typeof") return Value::str(std::string(type_name(v.type)));
  if (s.name == "tostr") return Value::str(to_text(v));
  if (s.name == "len") {
    if (v.type == Type::str) return Value::num(static_cast<std::int64_t>(v.s.size()));
    if (v.type == Type::array) return Value::num(static_cast<std::int64_t>(v.items->size()));
    if (v.type == Type::nothing) return Value::num(0);
    if (v.type == Type::id) return Value::num(1);
    return fail(s.at, ":len of a " + std::string(type_name(v.type)) + " is outside the emulated subset");
  }
  if (s.name == "tonum") {
    if (v.type == Type::num) return v;
    if (v.type == Type::str) {
      auto n = literal(v.s);
      if (n && n->type == Type::num) return *n;
    }
    return fail(s.at,
                ":tonum: the " + std::string(type_name(v.type)) + " is not a number (decimal or 0x hex)");
  }
  // :pick
  std::int64_t idx[2] = {0, 0};
  for (std::size_t i = 1; i < pos.size(); ++i) {
    if (pos[i].type != Type::num || pos[i].n < 0) return fail(s.at, ":pick: positions are numbers from 0");
    idx[i - 1] = pos[i].n;
  }
  if (pos.size() < 2) return fail(s.at, ":pick VALUE START [END]");
  if (pos.size() == 2) idx[1] = idx[0] + 1;
  if (v.type == Type::str) return pick_text(v.s, idx[0], idx[1]);
  if (v.type == Type::array) {
    const auto size = static_cast<std::int64_t>(v.items->size());
    if (pos.size() == 2) return idx[0] < size ? (*v.items)[static_cast<std::size_t>(idx[0])] : Value{};
    std::vector<Value> out;
    for (std::int64_t i = idx[0]; i < std::min(idx[1], size); ++i)
      out.push_back((*v.items)[static_cast<std::size_t>(i)]);
    return Value::array(std::move(out));
  }
  return fail(s.at, ":pick of a " + std::string(type_name(v.type)) + " is outside the emulated subset");
}

Interp::Result Interp::convert(const Stmt& s, const std::vector<Value>& pos,
                               const std::map<std::string, Value>& named) {
  if (pos.size() != 1) return fail(s.at, ":convert VALUE from=... to=... [transform=sha512]");
  std::string from, to, transform;
  for (const auto& [k, v] : named) {
    if (k == "from")
      from = to_text(v);
    else if (k == "to")
      to = to_text(v);
    else if (k == "transform")
      transform = to_text(v);
    else
      return fail(s.at, ":convert " + k + "= is outside the emulated subset (from, to, transform)");
  }
  if (from.empty() || to.empty())
    return fail(s.at, ":convert needs from= and to= (the emulator does not guess a value's format)");
  auto bytes = decode(from, to_text(pos[0]));
  if (!bytes) return fail(s.at, bytes.error());
  if (transform == "sha512") {
    if (!sodium_ready()) return fail(s.at, "libsodium did not start");
    std::string hash(crypto_hash_sha512_BYTES, '\0');
    crypto_hash_sha512(reinterpret_cast<unsigned char*>(hash.data()),
                       reinterpret_cast<const unsigned char*>(bytes->data()), bytes->size());
    sodium_memzero(bytes->data(), bytes->size());
    *bytes = std::move(hash);
  } else if (!transform.empty()) {
    return fail(s.at, ":convert transform=" + transform + " is outside the emulated subset (sha512)");
  }
  auto out = encode(to, *bytes);
  sodium_memzero(bytes->data(), bytes->size());
  if (!out) return fail(s.at, out.error());
  return Value::str(std::move(*out));
}

}  // namespace knock::routeros::script
