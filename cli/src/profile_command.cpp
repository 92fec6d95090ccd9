// `knock profile add|edit|show|list|rm|rename|copy|import|export|new`: the saved hosts.
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "knock/core/json.hpp"
#include "knock/core/plan.hpp"
#include "knock/profiles/interchange.hpp"
#include "knock/profiles/secret.hpp"
#include "knock/profiles/store.hpp"
#include "knock/routeros/generator.hpp"
#include "knock_flags.hpp"

namespace knock::cli {
namespace {

using core::Errc;
using core::make_error;
using profiles::Profile;

constexpr const char* kFooter = R"(
Profiles live in $KNOCK_CONFIG_DIR/profiles.toml (default ~/.config/knock/profiles.toml), a TOML file
you may also edit by hand; every change is written atomically under a lock, with the previous version
kept as profiles.toml.bak. --encrypt seals the sequence with a passphrase (asked on the terminal, or
taken from KNOCK_PASSPHRASE in scripts).

Examples:
  knock profile add office --host router.example.net --sequence "tcp:1337 udp:17954" \
      --verify 8291 --launch "winbox {ip}" --group hq --tag mikrotik
  knock profile list --group hq
  knock profile new lab --host 127.0.0.1 --random-sequence 3 --protect tcp:22
  knock profile export office --to routeros
  knock @office                      (knock it; knock run --help for many at once)

Exit status: 0 done, 2 bad input, 5 the profile file is unreadable, locked, or the passphrase is wrong.)";

struct Fields {
  std::string host, sequence, delay, family, source, verify, verify_timeout, launch, group, notes, list,
      timeouts;
  int retries = 2;
  bool reknock = false, no_reknock = false, encrypt = false, decrypt = false;
  std::vector<std::string> tags, protect;
};

void define_fields(CLI::App* c, Fields& f, bool edit) {
  c->add_option("--host", f.host, "Host name or address to knock");
  c->add_option("--sequence", f.sequence, "The knock sequence, e.g. \"tcp:1337 udp:17954\"")
      ->type_name("STEPS");
  c->add_option("--delay", f.delay, "Pause between knocks, e.g. 200ms")->type_name("DURATION");
  c->add_option("--family", f.family, "any, ipv4, ipv6 or both")->type_name("FAMILY");
  c->add_option("--source", f.source, "Local address to send from")->type_name("ADDR");
  c->add_option("--verify", f.verify, "Protected TCP port to check after knocking (0: none)")
      ->type_name("PORT");
  c->add_option("--verify-timeout", f.verify_timeout, "Limit per verify attempt (default 2s)")
      ->type_name("DURATION");
  c->add_option("--retries", f.retries, "Verify attempts after the first (default 2)")
      ->check(CLI::Range(0, 100));
  c->add_flag("--reknock", f.reknock, "Knock again before each verify retry");
  if (edit) c->add_flag("--no-reknock", f.no_reknock, "Do not knock again before retries");
  c->add_option("--launch", f.launch, "Command after access, e.g. \"ssh admin@{ip}\"")->type_name("COMMAND");
  c->add_option("--group", f.group, "Group, for knock run --group");
  c->add_option("--tag", f.tags, edit ? "Tags (replace the old ones; repeat)" : "A tag (repeat)");
  c->add_option("--notes", f.notes, "Free text");
  c->add_option("--protect", f.protect, "Router side: a port the sequence opens, e.g. tcp:8291 (repeat)")
      ->type_name("PORT");
  c->add_option("--timeouts", f.timeouts, "Router side: stage timeouts then access, e.g. 15s,3h")
      ->type_name("LIST");
  c->add_option("--list", f.list, "Router side: the access list's name");
  c->add_flag("--encrypt", f.encrypt, "Seal the sequence with a passphrase");
  if (edit) c->add_flag("--decrypt", f.decrypt, "Store the sequence in the clear again");
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// Applies the given fields to `p`; with a sealed profile, a new sequence is sealed with the same passphrase.
std::optional<core::Error> apply_fields(const CLI::App* c, const Fields& f, Profile& p) {
  const auto given = [&](const char* name) { return c->count(name) > 0; };
  const auto fail = [&](const std::string& what) { return make_error(Errc::bad_input, what); };
  if (given("--host")) p.host = f.host;
  if (given("--delay")) {
    auto d = core::parse_duration(f.delay);
    if (!d) return fail("--delay: " + d.error().message);
    p.delay = *d;
  }
  if (given("--family")) {
    auto fam = profiles::family_named(f.family);
    if (!fam) return fail("--family: '" + f.family + "' is not any, ipv4, ipv6 or both");
    p.family = *fam;
  }
  if (given("--source")) p.source = f.source;
  if (given("--verify")) {
    if (f.verify == "0") {
      p.verify_port = 0;
    } else {
      auto port = core::parse_tcp_port(f.verify, "--verify");
      if (!port) return port.error();
      p.verify_port = *port;
    }
  }
  if (given("--verify-timeout")) {
    auto d = core::parse_duration(f.verify_timeout);
    if (!d || d->count() == 0)
      return fail("--verify-timeout: '" + f.verify_timeout + "' is not a positive duration");
    p.verify_timeout = *d;
  }
  if (given("--retries")) p.retries = f.retries;
  if (f.reknock) p.reknock = true;
  if (f.no_reknock) p.reknock = false;
  if (given("--launch")) p.launch = f.launch;
  if (given("--group")) p.group = f.group;
  if (given("--tag")) p.tags = f.tags;
  if (given("--notes")) p.notes = f.notes;
  if (given("--protect")) p.protect = f.protect;
  if (given("--timeouts")) p.timeouts = split_list(f.timeouts);
  if (given("--list")) p.list = f.list;
  if (given("--sequence")) {
    auto seq = core::parse_sequence(f.sequence);
    if (!seq) return fail("--sequence: " + seq.error().message);
    const std::string canonical = core::format_sequence(*seq);
    if (p.sealed && !f.decrypt) {  // re-seal: the passphrase must open the old secret first
      auto pass = profiles::read_passphrase("Passphrase for profile '" + p.name + "': ", false);
      if (!pass) return std::move(pass).error();
      auto old = profiles::unseal(*p.sealed, pass->view(), p.name);
      if (!old) return std::move(old).error();
      auto sealed = profiles::seal(canonical, pass->view());
      if (!sealed) return std::move(sealed).error();
      p.sealed = *sealed;
      p.sequence.clear();
    } else {
      p.sequence = canonical;
    }
  }
  if (f.decrypt && p.sealed) {
    if (p.sequence.empty()) {
      if (auto e = profiles::unlock(p)) return e;
    }
    p.sealed.reset();
  }
  if (f.encrypt && !p.sealed) {
    if (p.sequence.empty()) return fail("profile '" + p.name + "' has no sequence to seal");
    auto pass = profiles::read_passphrase("New passphrase for profile '" + p.name + "': ", true);
    if (!pass) return std::move(pass).error();
    auto sealed = profiles::seal(p.sequence, pass->view());
    if (!sealed) return std::move(sealed).error();
    p.sealed = *sealed;
    p.sequence.clear();
  }
  return profiles::validate(p);
}

core::Error missing(const std::string& name) {
  return make_error(Errc::bad_input, "no profile named '" + name + "' (knock profile list shows them)");
}

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& s : items)
    out += (out.size() > 1 ? "," : "") + core::json_quote(s);
  return out + "]";
}

std::string profile_json(const Profile& p, bool secrets) {
  core::JsonObject j;
  j.field("name", p.name).field("host", p.host).field("sealed", p.sealed.has_value());
  if (secrets && !p.sequence.empty()) j.field("sequence", p.sequence);
  j.field("delay", core::format_duration(p.delay)).field("family", profiles::to_string(p.family));
  if (!p.source.empty()) j.field("source", p.source);
  if (p.verify_port) {
    j.raw("verify", core::JsonObject()
                        .field("port", static_cast<int>(p.verify_port))
                        .field("timeout", core::format_duration(p.verify_timeout))
                        .field("retries", p.retries)
                        .field("reknock", p.reknock)
                        .str());
  }
  if (!p.launch.empty()) j.field("launch", p.launch);
  j.field("group", p.group).raw("tags", json_strings(p.tags)).field("notes", p.notes);
  j.raw("router", core::JsonObject()
                      .raw("protect", json_strings(p.protect))
                      .raw("timeouts", json_strings(p.timeouts))
                      .field("list", p.list)
                      .str());
  return j.str();
}

void show_human(const Profile& p, bool secrets, std::ostream& out) {
  const auto row = [&](const char* k, const std::string& v) {
    if (!v.empty()) out << "  " << k << std::string(10 - std::string_view(k).size(), ' ') << v << "\n";
  };
  out << p.name << "\n";
  row("host", p.host);
  std::string seq = p.sealed ? "(sealed with a passphrase)" : "(hidden; --show-secrets shows it)";
  if (secrets && !p.sequence.empty()) seq = p.sequence;
  row("sequence", seq);
  if (p.delay.count()) row("delay", core::format_duration(p.delay));
  if (p.family != core::Family::any) row("family", std::string(profiles::to_string(p.family)));
  row("source", p.source);
  if (p.verify_port) {
    row("verify", "tcp:" + std::to_string(p.verify_port) + ", " + core::format_duration(p.verify_timeout) +
                      " each, " + std::to_string(p.retries) + " retries" +
                      (p.reknock ? ", knocking again before each" : ""));
  }
  row("launch", p.launch);
  row("group", p.group);
  std::string tags;
  for (const auto& t : p.tags)
    tags += (tags.empty() ? "" : ", ") + t;
  row("tags", tags);
  std::string protect;
  for (const auto& t : p.protect)
    protect += (protect.empty() ? "" : ", ") + t;
  row("protects", protect);
  std::string timeouts;
  for (const auto& t : p.timeouts)
    timeouts += (timeouts.empty() ? "" : ",") + t;
  row("timeouts", timeouts);
  row("list", p.list);
  row("notes", p.notes);
}

int fail(Io& io, const core::Error& e) {
  io.err << "knock: " << e.message << "\n";
  return core::exit_code(e.code);
}

core::Expected<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::bad_input, "cannot read '" + path + "'");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The command's definition, shared by the parser and the completion scripts.
struct ProfileCli {
  std::string name, other;
  Fields fields;
  bool json = false, secrets = false, replace = false, names_only = false;
  std::string group, from = "toml", to = "toml", file, host;
  std::vector<std::string> names;
  int random = 0;
  CLI::App app{"Saved host profiles, shared with knock-gui.", "knock profile"};
  CLI::App *add, *edit, *show, *list, *rm, *rename, *copy, *import, *exp, *make;

  ProfileCli() {
    app.footer(kFooter);
    app.require_subcommand(1);
    app.get_formatter()->column_width(28);

    add = app.add_subcommand("add", "Save a new profile");
    add->add_option("NAME", name, "The profile's name")->required()->type_name("");
    define_fields(add, fields, false);
    edit = app.add_subcommand("edit", "Change some fields of a profile");
    edit->add_option("NAME", name, "The profile's name")->required()->type_name("");
    define_fields(edit, fields, true);
    show = app.add_subcommand("show", "Show one profile");
    show->add_option("NAME", name, "The profile's name")->required()->type_name("");
    show->add_flag("--json", json, "As JSON");
    show->add_flag("--show-secrets", secrets, "Include the sequence (unsealing it if needed)");
    list = app.add_subcommand("list", "List the profiles");
    list->add_option("--group", group, "Only this group");
    list->add_flag("--json", json, "As JSON, one array");
    list->add_flag("--names", names_only, "Only the names, one per line (for scripts and shell completion)");
    rm = app.add_subcommand("rm", "Delete a profile");
    rm->add_option("NAME", name, "The profile's name")->required()->type_name("");
    rename = app.add_subcommand("rename", "Rename a profile");
    rename->add_option("NAME", name, "The profile's name")->required()->type_name("");
    rename->add_option("NEW", other, "Its new name")->required()->type_name("");
    copy = app.add_subcommand("copy", "Copy a profile under a new name");
    copy->add_option("NAME", name, "The profile to copy")->required()->type_name("");
    copy->add_option("NEW", other, "The copy's name")->required()->type_name("");
    import = app.add_subcommand("import", "Add profiles from a knockd.conf or our JSON export");
    import->add_option("FILE", file, "The file to read")->required()->type_name("");
    import->add_option("--from", from, "knockd or json")
        ->check(CLI::IsMember({"knockd", "json"}))
        ->required();
    import->add_option("--host", host, "For knockd: the host its doors guard");
    import->add_flag("--replace", replace, "Replace profiles of the same name");
    exp = app.add_subcommand("export", "Print profiles as TOML, JSON, knockd.conf or RouterOS rules");
    exp->add_option("NAME", names, "Profiles to export (default: all)")->type_name("");
    exp->add_option("--to", to, "toml, json, knockd or routeros")
        ->check(CLI::IsMember({"toml", "json", "knockd", "routeros"}));
    make = app.add_subcommand("new", "Save a profile with a random sequence, and print its RouterOS rules");
    make->add_option("NAME", name, "The profile's name")->required()->type_name("");
    make->add_option("--random-sequence", random, "How many knocks")
        ->required()
        ->check(CLI::Range(1, 20))
        ->type_name("N");
    define_fields(make, fields, false);
  }

  int run(std::span<const std::string> args, Io& io);
};

}  // namespace

void describe_profile(const DefinitionVisitor& visit) {
  ProfileCli cli;
  visit(cli.app);
}

int ProfileCli::run(std::span<const std::string> args, Io& io) {
  const auto known = [&](const std::string& word) {
    for (const CLI::App* c : app.get_subcommands({})) {
      if (c->get_name() == word) return true;
    }
    return false;
  };
  if (args.size() > 1 && args[1].rfind('-', 0) != 0 && !known(args[1])) {
    return fail(
        io, make_error(Errc::bad_input,
                       "unknown profile command '" + args[1] +
                           "' (expected add, edit, show, list, rm, rename, copy, import, export or new)"));
  }
  if (const int status = parse(app, args, io, false); status >= 0) return status;
  if (list->parsed() && names_only && json) {
    return fail(io, make_error(Errc::bad_input, "profile list: give --names or --json, not both"));
  }

  profiles::Store store(profiles::default_store_path());
  const auto result = [&](const core::Expected<profiles::Document>& r, const std::string& done) {
    if (!r) return fail(io, r.error());
    if (!done.empty()) io.out << done << "\n";
    return 0;
  };

  if (add->parsed() || make->parsed()) {
    if (auto e = profiles::check_name(name)) return fail(io, *e);
    std::string rules;
    auto r = store.update([&](profiles::Document& doc) -> std::optional<core::Error> {
      if (doc.find(name))
        return make_error(Errc::bad_input, "a profile named '" + name + "' exists (edit it, or rm it first)");
      Profile p;
      p.name = name;
      CLI::App* c = add->parsed() ? add : make;
      if (make->parsed()) {
        if (c->count("--sequence"))
          return make_error(Errc::bad_input, "give --sequence or --random-sequence, not both");
        p.sequence = profiles::random_sequence(random);
      }
      const std::string plain = p.sequence;  // the random sequence, before --encrypt seals it
      if (auto e = apply_fields(c, fields, p)) return e;
      if (make->parsed()) {
        Profile clear = p;
        clear.sequence = plain;
        if (auto o = profiles::generate_options(clear)) {
          if (auto g = routeros::generate(*o)) rules = g->script;
        }
      }
      doc.profiles.push_back(std::move(p));
      return std::nullopt;
    });
    if (!r) return fail(io, r.error());
    if (make->parsed()) {
      const Profile* p = r->find(name);
      io.out << "saved " << name << " with a random sequence"
             << (p && p->sealed ? " (sealed)" : ": " + p->sequence) << "\n";
      if (!rules.empty())
        io.out << "\n" << rules;
      else
        io.out << "(give --protect or --verify to get the matching RouterOS rules)\n";
      return 0;
    }
    return result(r, "saved " + name);
  }
  if (edit->parsed()) {
    return result(store.update([&](profiles::Document& doc) -> std::optional<core::Error> {
      Profile* p = doc.find(name);
      if (!p) return missing(name);
      return apply_fields(edit, fields, *p);
    }),
                  "saved " + name);
  }
  if (rm->parsed()) {
    return result(store.update([&](profiles::Document& doc) -> std::optional<core::Error> {
      auto it = std::find_if(doc.profiles.begin(), doc.profiles.end(),
                             [&](const Profile& p) { return p.name == name; });
      if (it == doc.profiles.end()) return missing(name);
      doc.profiles.erase(it);
      return std::nullopt;
    }),
                  "deleted " + name);
  }
  if (rename->parsed() || copy->parsed()) {
    if (auto e = profiles::check_name(other)) return fail(io, *e);
    return result(store.update([&](profiles::Document& doc) -> std::optional<core::Error> {
      Profile* p = doc.find(name);
      if (!p) return missing(name);
      if (doc.find(other)) return make_error(Errc::bad_input, "a profile named '" + other + "' exists");
      if (rename->parsed()) {
        p->name = other;
      } else {
        Profile c = *p;
        c.name = other;
        doc.profiles.push_back(std::move(c));
      }
      return std::nullopt;
    }),
                  (rename->parsed() ? "renamed " : "copied ") + name + " to " + other);
  }
  if (import->parsed()) {
    auto text = read_text(file);
    if (!text) return fail(io, text.error());
    auto imported =
        from == "knockd" ? profiles::import_knockd(*text, host, file) : profiles::import_json(*text, file);
    if (!imported) return fail(io, imported.error());
    auto r = store.update([&](profiles::Document& doc) -> std::optional<core::Error> {
      for (auto& p : imported->profiles) {
        if (Profile* old = doc.find(p.name)) {
          if (!replace)
            return make_error(Errc::bad_input, "a profile named '" + p.name + "' exists (use --replace)");
          *old = p;
        } else {
          doc.profiles.push_back(p);
        }
      }
      return std::nullopt;
    });
    if (!r) return fail(io, r.error());
    for (const auto& p : imported->profiles)
      io.out << "imported " << p.name << "\n";
    for (const auto& s : imported->skipped)
      io.err << "knock: skipped " << s << "\n";
    return 0;
  }

  auto doc = store.load();
  if (!doc) return fail(io, doc.error());
  if (show->parsed()) {
    const Profile* found = doc->find(name);
    if (!found) return fail(io, missing(name));
    Profile p = *found;
    if (secrets) {
      if (auto e = profiles::unlock(p)) return fail(io, *e);
    }
    if (json)
      io.out << profile_json(p, secrets) << "\n";
    else
      show_human(p, secrets, io.out);
    return 0;
  }
  if (list->parsed()) {
    std::vector<const Profile*> shown;
    for (const auto& p : doc->profiles) {
      if (group.empty() || p.group == group) shown.push_back(&p);
    }
    if (names_only) {
      for (const auto* p : shown)
        io.out << p->name << "\n";
      return 0;
    }
    if (json) {
      std::string out = "[";
      for (const auto* p : shown)
        out += (out.size() > 1 ? "," : "") + profile_json(*p, false);
      io.out << out << "]\n";
      return 0;
    }
    if (shown.empty()) {
      io.out << (doc->profiles.empty()
                     ? "no profiles yet: knock profile add NAME --host HOST --sequence STEPS\n"
                     : "no profiles in group " + group + "\n");
      return 0;
    }
    std::size_t w = 4, hw = 4, gw = 5;
    for (const auto* p : shown) {
      w = std::max(w, p->name.size());
      hw = std::max(hw, p->host.size());
      gw = std::max(gw, p->group.size());
    }
    const auto pad = [](const std::string& s, std::size_t n) {
      return s + std::string(n - s.size() + 2, ' ');
    };
    io.out << pad("NAME", w) << pad("HOST", hw) << pad("GROUP", gw) << "VERIFY    TAGS\n";
    for (const auto* p : shown) {
      std::string tags;
      for (const auto& t : p->tags)
        tags += (tags.empty() ? "" : ",") + t;
      const std::string verify = p->verify_port ? "tcp:" + std::to_string(p->verify_port) : "-";
      io.out << pad(p->name, w) << pad(p->host, hw) << pad(p->group, gw) << verify
             << std::string(verify.size() < 10 ? 10 - verify.size() : 1, ' ') << tags
             << (p->sealed ? " (sealed)" : "") << "\n";
    }
    return 0;
  }
  // export
  std::vector<Profile> chosen;
  if (names.empty()) {
    chosen = doc->profiles;
  } else {
    for (const auto& n : names) {
      const Profile* p = doc->find(n);
      if (!p) return fail(io, missing(n));
      chosen.push_back(*p);
    }
  }
  if (to == "toml") {
    profiles::Document out;
    out.profiles = chosen;
    io.out << profiles::format_document(out);
    return 0;
  }
  if (to == "json") {
    io.out << profiles::export_json(chosen);
    return 0;
  }
  for (auto& p : chosen) {  // knockd and RouterOS need the sequences themselves
    if (auto e = profiles::unlock(p)) return fail(io, *e);
  }
  if (to == "knockd") {
    auto text = profiles::export_knockd(chosen);
    if (!text) return fail(io, text.error());
    io.out << *text;
    return 0;
  }
  for (const auto& p : chosen) {
    auto o = profiles::generate_options(p);
    if (!o) return fail(io, o.error());
    auto g = routeros::generate(*o);
    if (!g) return fail(io, make_error(Errc::bad_input, "profile '" + p.name + "': " + g.error().message));
    io.out << g->script;
    for (const auto& w : g->warnings)
      io.err << "knock: warning: " << p.name << ": " << w << "\n";
  }
  return 0;
}

int profile_command(std::span<const std::string> args, Io& io) {
  return ProfileCli().run(args, io);
}

}  // namespace knock::cli
