#include "knock/profiles/profile.hpp"

#include <algorithm>
#include <sstream>

#include "knock/core/launch.hpp"
#include "knock/core/plan.hpp"
#include "knock/core/values.hpp"
#include "toml_check.hpp"

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

const std::vector<std::string_view> kKnownKeys = {"host", "sequence", "delay", "family", "source", "verify",
                                                  "launch", "group", "tags", "notes", "router", "secret"};

}  // namespace

bool Profile::operator==(const Profile& o) const {
  return name == o.name && host == o.host && sequence == o.sequence && sealed == o.sealed && delay == o.delay &&
         family == o.family && source == o.source && verify_port == o.verify_port &&
         verify_timeout == o.verify_timeout && retries == o.retries && reknock == o.reknock && launch == o.launch &&
         group == o.group && tags == o.tags && notes == o.notes && protect == o.protect && timeouts == o.timeouts &&
         list == o.list && extra == o.extra;
}

Profile* Document::find(std::string_view name) {
  for (auto& p : profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Profile* Document::find(std::string_view name) const { return const_cast<Document*>(this)->find(name); }

std::string_view to_string(core::Family f) {
  switch (f) {
    case core::Family::any: return "any";
    case core::Family::v4: return "ipv4";
    case core::Family::v6: return "ipv6";
    case core::Family::both: return "both";
  }
  return "any";
}

std::optional<core::Family> family_named(std::string_view s) {
  if (s == "any") return core::Family::any;
  if (s == "ipv4" || s == "4") return core::Family::v4;
  if (s == "ipv6" || s == "6") return core::Family::v6;
  if (s == "both") return core::Family::both;
  return std::nullopt;
}

std::optional<core::Error> check_name(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= 64 && name.front() != '-' &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                  });
  if (ok) return std::nullopt;
  return make_error(Errc::bad_input, "profile name '" + std::string(name) +
                                         "' is not valid (use up to 64 letters, digits, '.', '_' and '-')");
}

std::optional<core::Error> validate(const Profile& p) {
  if (auto e = check_name(p.name)) return e;
  const std::string who = "profile '" + p.name + "'";
  const auto fail = [&](const std::string& what) { return make_error(Errc::bad_input, who + ": " + what); };
  if (p.host.empty()) return fail("no host (set one with --host)");
  if (!p.sealed) {
    if (p.sequence.empty()) return fail("no sequence (set one with --sequence)");
    if (auto s = core::parse_sequence(p.sequence); !s) return fail(s.error().message);
  }
  if (!p.source.empty()) {
    if (auto a = core::parse_address(p.source, "source"); !a) return fail(a.error().message);
  }
  if (p.retries < 0 || p.retries > 100) return fail("retries must be 0-100");
  if (p.delay > core::kMaxDelay || p.delay.count() < 0) return fail("delay must be 0-60m");
  if (p.verify_timeout.count() <= 0) return fail("verify timeout must be more than 0");
  for (const auto& port : p.protect) {
    if (auto sp = core::parse_service_port(port, "protect"); !sp) return fail(sp.error().message);
  }
  for (const auto& t : p.timeouts) {
    if (auto d = core::parse_routeros_duration(t); !d) return fail("timeouts: " + d.error().message);
  }
  if (!p.launch.empty()) {
    if (auto c = core::split_command(p.launch); !c) return fail("launch: " + c.error().message);
  }
  return std::nullopt;
}

toml::table to_toml(const Profile& p) {
  toml::table t = p.extra;
  t.insert_or_assign("host", p.host);
  if (p.sealed) {
    t.erase("sequence");
  } else {
    t.insert_or_assign("sequence", p.sequence);
  }
  if (p.delay.count()) t.insert_or_assign("delay", core::format_duration(p.delay));
  else t.erase("delay");
  if (p.family != core::Family::any) t.insert_or_assign("family", std::string(to_string(p.family)));
  else t.erase("family");
  const auto text = [&](const char* key, const std::string& v) {
    if (v.empty()) t.erase(key);
    else t.insert_or_assign(key, v);
  };
  text("source", p.source);
  text("launch", p.launch);
  text("group", p.group);
  text("notes", p.notes);
  const auto strings = [](const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& s : v) a.push_back(s);
    return a;
  };
  if (p.tags.empty()) t.erase("tags");
  else t.insert_or_assign("tags", strings(p.tags));
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
    if (p.protect.empty()) r.erase("protect");
    else r.insert_or_assign("protect", strings(p.protect));
    if (p.timeouts.empty()) r.erase("timeouts");
    else r.insert_or_assign("timeouts", strings(p.timeouts));
    if (p.list.empty()) r.erase("list");
    else r.insert_or_assign("list", p.list);
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
  std::string delay, family, verify_timeout = "2s";
  std::int64_t port = 0, retries = 2;
  if (auto e = read(t, "host", p.host, at, "a string")) return *e;
  if (auto e = read(t, "sequence", p.sequence, at, "a string such as \"tcp:1337 udp:17954\"")) return *e;
  if (auto e = read(t, "delay", delay, at, "a duration string such as \"200ms\"")) return *e;
  if (auto e = read(t, "family", family, at, "\"any\", \"ipv4\", \"ipv6\" or \"both\"")) return *e;
  if (auto e = read(t, "source", p.source, at, "an address string")) return *e;
  if (auto e = read(t, "launch", p.launch, at, "a command string")) return *e;
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
    if (auto e = read(*rt, "protect", p.protect, at, "an array of ports such as [\"tcp:8291\"]")) return *e;
    if (auto e = read(*rt, "timeouts", p.timeouts, at, "an array of durations such as [\"15s\", \"3h\"]")) return *e;
    if (auto e = read(*rt, "list", p.list, at, "a string")) return *e;
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
      return bad(at, "secret is incomplete (kdf, opslimit, memlimit, salt, nonce and ciphertext are all needed)");
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
  if (!family.empty()) {
    auto f = family_named(family);
    if (!f) return bad(at, "family must be \"any\", \"ipv4\", \"ipv6\" or \"both\", not \"" + family + "\"");
    p.family = *f;
  }
  for (const auto& [key, value] : t) {
    if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key.str()) == kKnownKeys.end()) {
      copy_into(p.extra, key, value);
    }
  }
  // Unknown keys inside the known sub-tables stay too: to_toml starts from `extra`.
  for (const auto& [sub, known] : {std::pair<const char*, std::vector<std::string_view>>{"verify", {"port", "timeout", "retries", "reknock"}},
                                   {"router", {"protect", "timeouts", "list"}}}) {
    const toml::table* st = t[sub].as_table();
    if (!st) continue;
    toml::table unknown;
    for (const auto& [key, value] : *st) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) copy_into(unknown, key, value);
    }
    if (!unknown.empty()) p.extra.insert_or_assign(sub, std::move(unknown));
  }
  if (auto e = validate(p)) return core::make_error(Errc::store, std::string(where) + ": " + e->message);
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
    return make_error(Errc::store, std::string(source_name) + ": line " + std::to_string(b.line) + ", column " +
                                       std::to_string(b.column) + ": " + std::string(e.description()));
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
  for (const auto& [key, value] : root) {
    if (key.str() != "schema" && key.str() != "profiles") copy_into(doc.extra, key, value);
  }
  return doc;
}

std::string format_document(const Document& doc) {
  toml::table root = doc.extra;
  root.insert_or_assign("schema", static_cast<int64_t>(kSchemaVersion));
  toml::table profiles;
  for (const auto& p : doc.profiles) profiles.insert_or_assign(p.name, to_toml(p));
  root.insert_or_assign("profiles", std::move(profiles));
  std::ostringstream out;
  out << "# knock profiles: edit freely, or use `knock profile edit`. Written by knock.\n" << root << "\n";
  return out.str();
}

core::Expected<core::KnockRequest> to_request(const Profile& p) {
  if (p.sealed && p.sequence.empty()) {
    return make_error(Errc::store, "profile '" + p.name + "' is locked: unlock it with its passphrase first");
  }
  core::KnockRequest r;
  r.host = p.host;
  auto seq = core::parse_sequence(p.sequence);
  if (!seq) return make_error(Errc::bad_input, "profile '" + p.name + "': " + seq.error().message);
  r.sequence = std::move(*seq);
  r.options.delay = p.delay;
  r.options.family = p.family;
  if (!p.source.empty()) {
    auto a = core::parse_address(p.source, "source");
    if (!a) return make_error(Errc::bad_input, "profile '" + p.name + "': " + a.error().message);
    r.options.source = *a;
  }
  if (p.verify_port) r.options.verify = core::VerifyOptions{p.verify_port, p.verify_timeout, p.retries, p.reknock};
  return r;
}

}  // namespace knock::profiles
