#include "knock/profiles/profile.hpp"

#include <algorithm>

#include "knock/core/launch.hpp"
#include "knock/core/otp.hpp"
#include "knock/core/plan.hpp"
#include "knock/core/sequence.hpp"
#include "knock/core/values.hpp"
#include "toml_check.hpp"
#include "toml_profile.hpp"
#include "toml_writer.hpp"

namespace knock::profiles {
namespace {

using core::Errc;
using core::make_error;

core::Error bad(std::string_view where, const std::string& what) {
  return make_error(Errc::store, std::string(where) + ": " + what);
}

// Reads an optional key of type T; a present key of another type is an error naming it.
template <class T>
std::optional<core::Error> read(const toml::table& t, std::string_view key, T& out, std::string_view where,
                                const char* expected) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    const toml::array* a = n->as_array();
    if (!a) return bad(where, std::string(key) + " must be " + expected);
    out.clear();
    for (const auto& item : *a) {
      auto s = item.value<std::string>();
      if (!s) return bad(where, std::string(key) + " must be " + expected);
      out.push_back(*s);
    }
    return std::nullopt;
  } else {
    auto v = n->value_exact<T>();
    if (!v) return bad(where, std::string(key) + " must be " + expected);
    out = *v;
    return std::nullopt;
  }
}

// Copies a node of any type into a table (toml++ inserts concrete node types).
void copy_into(toml::table& dst, const toml::key& key, const toml::node& n) {
  n.visit([&](const auto& concrete) { dst.insert_or_assign(key, concrete); });
}

const std::vector<std::string_view> kKnownKeys = {"host",   "sequence", "delay", "family",   "source",
                                                  "verify", "launch",   "group", "tags",     "notes",
                                                  "router", "secret",   "otp",   "keep_open"};

const toml::table& table_of(const std::shared_ptr<const UnknownKeys>& u) {
  static const toml::table none;
  return u ? u->table : none;
}

}  // namespace

std::shared_ptr<const UnknownKeys> keep_unknown(toml::table t) {
  if (t.empty()) return nullptr;
  return std::make_shared<const UnknownKeys>(UnknownKeys{std::move(t)});
}

bool Profile::operator==(const Profile& o) const {
  return name == o.name && host == o.host && sequence == o.sequence && otp == o.otp && otp_key == o.otp_key &&
         sealed == o.sealed && delay == o.delay && family == o.family && source == o.source &&
         verify_port == o.verify_port && verify_timeout == o.verify_timeout && retries == o.retries &&
         reknock == o.reknock && launch == o.launch && keep_open == o.keep_open && group == o.group &&
         tags == o.tags && notes == o.notes && protect == o.protect && timeouts == o.timeouts &&
         list == o.list && table_of(unknown) == table_of(o.unknown);
}

Profile* Document::find(std::string_view name) {
  for (auto& p : profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Profile* Document::find(std::string_view name) const {
  return const_cast<Document*>(this)->find(name);
}

core::Status check_name(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= 64 && name.front() != '-' &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                  });
  if (ok) return {};
  return make_error(Errc::bad_input, "profile name '" + std::string(name) +
                                         "' is not valid (use up to 64 letters, digits, '.', '_' and '-')");
}

core::Status validate(const Profile& p) {
  if (auto named = check_name(p.name); !named) return named;
  const std::string who = "profile '" + p.name + "'";
  const auto fail = [&](const std::string& what) { return make_error(Errc::bad_input, who + ": " + what); };
  if (p.host.empty()) return fail("no host (set one with --host)");
  if (auto host = core::check_host(p.host); !host) return fail(host.error().message);
  if (p.otp) {
    if (!p.sequence.empty()) return fail("a sequence and a one-time secret: give one of them (knock or otp)");
    if (auto w = core::otp::check_window(p.otp->window, "otp window"); !w) return fail(w.error().message);
    if (p.otp->knocks < 1 || p.otp->knocks > 8) return fail("otp knocks must be 1-8");
    if (!p.sealed) {
      if (auto k = core::otp::parse_secret(p.otp_key.view(), "otp key"); !k) return fail(k.error().message);
    }
  } else if (!p.sealed) {
    if (p.sequence.empty()) return fail("no sequence (set one with --sequence, or --otp FILE)");
    if (auto s = core::parse_sequence(p.sequence.view()); !s) return fail(s.error().message);
  }
  if (!p.source.empty()) {
    if (auto a = core::parse_address(p.source, "source"); !a) return fail(a.error().message);
  }
  if (p.retries < 0 || p.retries > 100) return fail("retries must be 0-100");
  if (p.delay > core::kMaxDelay || p.delay.count() < 0) return fail("delay must be 0-60m");
  if (p.verify_timeout.count() <= 0) return fail("verify timeout must be more than 0");
  for (const auto& t : p.timeouts) {
    if (t.count() <= 0 || t > core::kMaxListTimeout) return fail("timeouts must be 1ms-35w3d13h13m56s");
  }
  if (!p.launch.empty()) {
    if (auto c = core::split_command(p.launch); !c) return fail("launch: " + c.error().message);
  }
  return {};
}

toml::table to_toml(const Profile& p) {
  toml::table t = table_of(p.unknown);
  t.insert_or_assign("host", p.host);
  if (p.sealed || p.otp) {
    t.erase("sequence");
  } else {
    t.insert_or_assign("sequence", std::string(p.sequence.view()));
  }
  if (p.otp) {
    toml::table o = t["otp"].as_table() ? *t["otp"].as_table() : toml::table{};
    o.insert_or_assign("window", core::format_duration(p.otp->window));
    o.insert_or_assign("knocks", static_cast<int64_t>(p.otp->knocks));
    if (p.sealed)
      o.erase("key");
    else
      o.insert_or_assign("key", std::string(p.otp_key.view()));
    t.insert_or_assign("otp", std::move(o));
  } else {
    t.erase("otp");
  }
  if (p.delay.count())
    t.insert_or_assign("delay", core::format_duration(p.delay));
  else
    t.erase("delay");
  if (p.family != core::Family::any)
    t.insert_or_assign("family", std::string(core::to_string(p.family)));
  else
    t.erase("family");
  const auto text = [&](const char* key, const std::string& v) {
    if (v.empty())
      t.erase(key);
    else
      t.insert_or_assign(key, v);
  };
  text("source", p.source);
  text("launch", p.launch);
  if (p.keep_open)
    t.insert_or_assign("keep_open", true);
  else
    t.erase("keep_open");
  text("group", p.group);
  text("notes", p.notes);
  const auto strings = [](const auto& v, auto format) {
    toml::array a;
    for (const auto& item : v)
      a.push_back(format(item));
    return a;
  };
  const auto same = [](const std::string& s) { return s; };
  if (p.tags.empty())
    t.erase("tags");
  else
    t.insert_or_assign("tags", strings(p.tags, same));
  if (p.verify_port) {
    toml::table v = t["verify"].as_table() ? *t["verify"].as_table() : toml::table{};
    v.insert_or_assign("port", static_cast<int64_t>(p.verify_port));
    v.insert_or_assign("timeout", core::format_duration(p.verify_timeout));
    v.insert_or_assign("retries", static_cast<int64_t>(p.retries));
    v.insert_or_assign("reknock", p.reknock);
    t.insert_or_assign("verify", std::move(v));
  } else {
    t.erase("verify");
  }
  if (!p.protect.empty() || !p.timeouts.empty() || !p.list.empty()) {
    toml::table r = t["router"].as_table() ? *t["router"].as_table() : toml::table{};
    if (p.protect.empty())
      r.erase("protect");
    else
      r.insert_or_assign("protect",
                         strings(p.protect, [](const core::ServicePort& sp) { return core::to_string(sp); }));
    if (p.timeouts.empty())
      r.erase("timeouts");
    else
      r.insert_or_assign("timeouts", strings(p.timeouts, core::format_routeros_duration));
    if (p.list.empty())
      r.erase("list");
    else
      r.insert_or_assign("list", p.list);
    t.insert_or_assign("router", std::move(r));
  } else {
    t.erase("router");
  }
  if (p.sealed) {
    toml::table s;
    s.insert_or_assign("kdf", p.sealed->kdf);
    s.insert_or_assign("opslimit", static_cast<int64_t>(p.sealed->opslimit));
    s.insert_or_assign("memlimit", static_cast<int64_t>(p.sealed->memlimit));
    s.insert_or_assign("salt", p.sealed->salt);
    s.insert_or_assign("nonce", p.sealed->nonce);
    s.insert_or_assign("ciphertext", p.sealed->ciphertext);
    t.insert_or_assign("secret", std::move(s));
  } else {
    t.erase("secret");
  }
  return t;
}

core::Expected<Profile> from_toml(const std::string& name, const toml::table& t, std::string_view where) {
  Profile p;
  p.name = name;
  const std::string at = std::string(where) + ": profile '" + name + "'";
  std::string delay, family, sequence, verify_timeout = "2s";
  std::vector<std::string> protect, timeouts;
  std::int64_t port = 0, retries = 2;
  if (auto e = read(t, "host", p.host, at, "a string")) return *e;
  if (auto e = read(t, "sequence", sequence, at, "a string such as \"tcp:1337 udp:17954\"")) return *e;
  p.sequence = sequence;
  core::secure_wipe(sequence.data(), sequence.size());
  if (auto e = read(t, "delay", delay, at, "a duration string such as \"200ms\"")) return *e;
  if (auto e = read(t, "family", family, at, "\"any\", \"ipv4\", \"ipv6\" or \"both\"")) return *e;
  if (auto e = read(t, "source", p.source, at, "an address string")) return *e;
  if (auto e = read(t, "launch", p.launch, at, "a command string")) return *e;
  if (auto e = read(t, "keep_open", p.keep_open, at, "true or false")) return *e;
  if (auto e = read(t, "group", p.group, at, "a string")) return *e;
  if (auto e = read(t, "notes", p.notes, at, "a string")) return *e;
  if (auto e = read(t, "tags", p.tags, at, "an array of strings")) return *e;
  if (const toml::node* v = t.get("verify")) {
    const toml::table* vt = v->as_table();
    if (!vt) return bad(at, "verify must be a table ([profiles." + name + ".verify])");
    if (auto e = read(*vt, "port", port, at, "a port number")) return *e;
    if (auto e = read(*vt, "timeout", verify_timeout, at, "a duration string")) return *e;
    if (auto e = read(*vt, "retries", retries, at, "a number")) return *e;
    if (auto e = read(*vt, "reknock", p.reknock, at, "true or false")) return *e;
    if (port < 1 || port > 65535) return bad(at, "verify.port must be 1-65535");
    p.verify_port = static_cast<std::uint16_t>(port);
    p.retries = static_cast<int>(std::clamp<std::int64_t>(retries, -1, 1000));
  }
  if (const toml::node* r = t.get("router")) {
    const toml::table* rt = r->as_table();
    if (!rt) return bad(at, "router must be a table");
    if (auto e = read(*rt, "protect", protect, at, "an array of ports such as [\"tcp:8291\"]")) return *e;
    if (auto e = read(*rt, "timeouts", timeouts, at, "an array of durations such as [\"15s\", \"3h\"]"))
      return *e;
    if (auto e = read(*rt, "list", p.list, at, "a string")) return *e;
  }
  if (const toml::node* o = t.get("otp")) {
    const toml::table* ot = o->as_table();
    if (!ot) return bad(at, "otp must be a table ([profiles." + name + ".otp])");
    std::string window = "30s", key;
    std::int64_t knocks = 2;
    if (auto e = read(*ot, "window", window, at, "a duration string such as \"30s\"")) return *e;
    if (auto e = read(*ot, "knocks", knocks, at, "a number")) return *e;
    if (auto e = read(*ot, "key", key, at, "the secret's base64 text")) return *e;
    auto w = core::parse_duration(window);
    if (!w) return bad(at, "otp.window: " + w.error().message);
    p.otp = OneTime{*w, static_cast<int>(std::clamp<std::int64_t>(knocks, 0, 100))};
    p.otp_key = key;
    core::secure_wipe(key.data(), key.size());
  }
  if (t.get("secret") && (t.get("sequence") || (t.get("otp") && t["otp"].as_table() && t["otp"]["key"]))) {
    return bad(at,
               "holds a secret both in the clear and sealed; remove the one that is not meant (the sealed "
               "[profiles." +
                   name + ".secret] or the plain one)");
  }
  if (const toml::node* s = t.get("secret")) {
    const toml::table* st = s->as_table();
    if (!st) return bad(at, "secret must be a table");
    Sealed sealed;
    std::int64_t ops = 0, mem = 0;
    if (auto e = read(*st, "kdf", sealed.kdf, at, "a string")) return *e;
    if (auto e = read(*st, "opslimit", ops, at, "a number")) return *e;
    if (auto e = read(*st, "memlimit", mem, at, "a number")) return *e;
    if (auto e = read(*st, "salt", sealed.salt, at, "a base64 string")) return *e;
    if (auto e = read(*st, "nonce", sealed.nonce, at, "a base64 string")) return *e;
    if (auto e = read(*st, "ciphertext", sealed.ciphertext, at, "a base64 string")) return *e;
    if (ops <= 0 || mem <= 0 || sealed.salt.empty() || sealed.nonce.empty() || sealed.ciphertext.empty()) {
      return bad(at,
                 "secret is incomplete (kdf, opslimit, memlimit, salt, nonce and ciphertext are all needed)");
    }
    sealed.opslimit = static_cast<unsigned long long>(ops);
    sealed.memlimit = static_cast<unsigned long long>(mem);
    p.sealed = sealed;
  }
  if (!delay.empty()) {
    auto d = core::parse_duration(delay);
    if (!d) return bad(at, "delay: " + d.error().message);
    p.delay = *d;
  }
  auto vt = core::parse_duration(verify_timeout);
  if (!vt) return bad(at, "verify.timeout: " + vt.error().message);
  p.verify_timeout = *vt;
  for (const auto& text : protect) {
    auto sp = core::parse_service_port(text, "protect");
    if (!sp) return bad(at, sp.error().message);
    p.protect.push_back(*sp);
  }
  for (const auto& text : timeouts) {
    auto d = core::parse_routeros_duration(text);
    if (!d) return bad(at, "timeouts: " + d.error().message);
    p.timeouts.push_back(*d);
  }
  if (!family.empty()) {
    auto f = core::family_named(family);
    if (!f) return bad(at, "family must be \"any\", \"ipv4\", \"ipv6\" or \"both\", not \"" + family + "\"");
    p.family = *f;
  }
  toml::table unknown;
  for (const auto& [key, value] : t) {
    if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key.str()) == kKnownKeys.end()) {
      copy_into(unknown, key, value);
    }
  }
  // Unknown keys inside the known sub-tables stay too: to_toml starts from `extra`.
  for (const auto& [sub, known] : {std::pair<const char*, std::vector<std::string_view>>{
                                       "verify", {"port", "timeout", "retries", "reknock"}},
                                   {"router", {"protect", "timeouts", "list"}},
                                   {"otp", {"window", "knocks", "key"}}}) {
    const toml::table* st = t[sub].as_table();
    if (!st) continue;
    toml::table inner;
    for (const auto& [key, value] : *st) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) copy_into(inner, key, value);
    }
    if (!inner.empty()) unknown.insert_or_assign(sub, std::move(inner));
  }
  p.unknown = keep_unknown(std::move(unknown));
  if (auto valid = validate(p); !valid)
    return core::make_error(Errc::store, std::string(where) + ": " + valid.error().message);
  return p;
}

core::Expected<Document> parse_document(std::string_view text, std::string_view source_name) {
  if (auto e = check_toml(text, source_name)) return std::move(*e);
  Document doc;
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    return make_error(Errc::store, std::string(source_name) + ": line " + std::to_string(b.line) +
                                       ", column " + std::to_string(b.column) + ": " +
                                       std::string(e.description()));
  }
  if (const toml::node* s = root.get("schema")) {
    auto v = s->value_exact<std::int64_t>();
    if (!v) return bad(source_name, "schema must be a number");
    if (*v > kSchemaVersion) {
      return bad(source_name, "schema " + std::to_string(*v) + " is newer than this knock understands (" +
                                  std::to_string(kSchemaVersion) + "); upgrade knock");
    }
    doc.schema = static_cast<int>(*v);
  }
  if (const toml::node* ps = root.get("profiles")) {
    const toml::table* pt = ps->as_table();
    if (!pt) return bad(source_name, "profiles must be a table of [profiles.NAME] tables");
    for (const auto& [key, value] : *pt) {
      const toml::table* t = value.as_table();
      if (!t) return bad(source_name, "profiles." + std::string(key.str()) + " must be a table");
      auto p = from_toml(std::string(key.str()), *t, source_name);
      if (!p) return std::move(p).error();
      doc.profiles.push_back(std::move(*p));
    }
  }
  toml::table unknown;
  for (const auto& [key, value] : root) {
    if (key.str() != "schema" && key.str() != "profiles") copy_into(unknown, key, value);
  }
  doc.unknown = keep_unknown(std::move(unknown));
  return doc;
}

std::string format_document(const Document& doc) {
  toml::table root = table_of(doc.unknown);
  root.insert_or_assign("schema", static_cast<int64_t>(kSchemaVersion));
  toml::table profiles;
  for (const auto& p : doc.profiles)
    profiles.insert_or_assign(p.name, to_toml(p));
  root.insert_or_assign("profiles", std::move(profiles));
  return "# knock profiles: edit freely, or use `knock profile edit`. Written by knock.\n" + write_toml(root);
}

std::string format_profile(const Profile& p) {
  return write_toml(to_toml(p));
}

}  // namespace knock::profiles
