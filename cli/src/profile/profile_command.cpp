// `knock profile add|edit|show|list|rm|rename|copy|import|export|new|share`: the saved hosts. Each subcommand
// is in a file of its own; this one puts them together.
#include "../commands.hpp"
#include "../options.hpp"
#include "profile.hpp"

namespace knock::cli {
namespace {

constexpr const char* kFooter = R"(
Profiles live in $KNOCK_CONFIG_DIR/profiles.toml (default ~/.config/knock/profiles.toml), a TOML file
you may also edit by hand; every change is written atomically under a lock, with the previous version
kept as profiles.toml.bak. --encrypt seals the sequence with a passphrase (asked on the terminal, or
taken from KNOCK_PASSPHRASE in scripts; KNOCK_NEW_PASSPHRASE for --change-passphrase).

Examples:
  knock profile add office --host router.example.net --sequence "tcp:1337 udp:17954" \
      --verify 8291 --launch "winbox {ip}" --group hq --tag mikrotik
  knock profile list --group hq
  knock profile new lab --host 127.0.0.1 --random-sequence 3 --protect tcp:22
  knock profile export office --to routeros
  knock profile share office --qr    (a knock:// link for a phone; profile import LINK takes it back)
  knock @office                      (knock it; knock run --help for many at once)

Exit status: 0 done, 2 bad input, 5 the profile file is unreadable, locked, or the passphrase is wrong.)";

constexpr void (*kSetups[])(CLI::App&, profile::Work&) = {
    profile::setup_add,    profile::setup_edit,   profile::setup_show,  profile::setup_list,
    profile::setup_rm,     profile::setup_rename, profile::setup_copy,  profile::setup_import,
    profile::setup_export, profile::setup_new,    profile::setup_share,
};

// The command's definition, shared by the parser and the completion scripts.
struct ProfileCli {
  profile::Work work;
  CLI::App app{"Saved host profiles, shared with knock-gui.", "knock profile"};

  ProfileCli() {
    app.footer(kFooter);
    app.require_subcommand(1);
    app.get_formatter()->column_width(28);
    for (auto setup : kSetups)
      setup(app, work);
  }

  bool known(const std::string& word) const {
    for (const CLI::App* c : app.get_subcommands({})) {
      if (c->get_name() == word) return true;
    }
    return false;
  }

  // "add, edit, ... or share": the subcommands as declared.
  std::string names() const {
    const auto all = app.get_subcommands({});
    std::string text;
    for (std::size_t i = 0; i < all.size(); ++i)
      text += (i == 0 ? "" : i + 1 == all.size() ? " or " : ", ") + all[i]->get_name();
    return text;
  }
};

}  // namespace

void describe_profile(const DefinitionVisitor& visit) {
  ProfileCli cli;
  visit(cli.app);
}

int profile_command(std::span<const std::string> args, Session& s) {
  ProfileCli cli;
  if (args.size() > 1 && args[1].rfind('-', 0) != 0 && !cli.known(args[1])) {
    return profile::fail(s, core::make_error(core::Errc::bad_input, "unknown profile command '" + args[1] +
                                                                        "' (expected " + cli.names() + ")"));
  }
  if (const int status = parse(cli.app, args, s.io, false); status >= 0) return status;
  return cli.work ? cli.work(s) : 2;
}

}  // namespace knock::cli
