// The bad-input matrix: every command, fed bad input, answers with its documented exit status and one line
// on stderr that names the problem; never a crash, a hang (ctest's timeout) or a stack trace. Each case runs
// twice: in-process through cli::run and server_main, and as the built program in a child process, which is
// linked as it ships (e2e.package runs that half against the installed package).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "knock/cli/cli.hpp"
#include "knock/server/main.hpp"
#include "program.hpp"

extern std::string g_netns_error;

namespace knock::cli {
namespace {

struct Case {
  std::string program;  // knock or knock-server
  std::vector<std::string> args;
  int code;
  std::string message;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.program;
  for (const auto& a : c.args)
    *os << " '" << a << "'";
}

const std::string kExamples = std::string(KNOCK_SOURCE_DIR) + "/routeros/examples";

// A profile store of the case's own: a plain profile "a", a sealed one "s" (passphrase "pw"), and files
// to import: a broken export, a broken knockd.conf, broken JSON.
std::filesystem::path fixture() {
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / ("knock-matrix-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "config");
  std::ofstream(dir / "config" / "profiles.toml") << R"(schema = 1
[profiles.a]
host = "127.0.0.1"
sequence = "tcp:1337 udp:17954"
[profiles.s]
host = "127.0.0.1"
[profiles.s.secret]
ciphertext = "TA9RhYkvdxWNXTKOOm36+erCdrqkgEOUzTpsqMa7YYuN"
kdf = "argon2id13"
memlimit = 67108864
nonce = "0BCP7mBB7e1EQKtab9lPG0co6bJVFphV"
opslimit = 2
salt = "ML1qtLrMwlaxv9vgWA7N/A=="
)";
  std::ofstream(dir / "bad.rsc") << "/ip firewall filter\nadd chain=input dst-prot=22\n";
  std::ofstream(dir / "outside.rsc") << "/system script add name=x source={}\n:execute \"x\"\n";
  std::ofstream(dir / "raw-drop.rsc")
      << "/ip firewall raw\nadd chain=prerouting action=drop protocol=tcp dst-port=1\n";
  std::ofstream(dir / "raw-time.rsc")
      << "/ip firewall raw\nadd chain=prerouting action=drop protocol=tcp dst-port=1 time=0s-12h\n";
  std::ofstream(dir / "bad.conf") << "sequence = 1\n[door]\n";
  std::ofstream(dir / "bad.json") << "{\"profiles\": {\"x\": [}";
  std::ofstream(dir / "latin1.json")
      << "{\"profiles\": {\"caf\xe9\": {\"host\": \"h\", \"sequence\": \"tcp:1\"}}}";
  std::ofstream(dir / "bad-profiles.toml") << "[profiles.a]\nhost = \n";
  std::ofstream(dir / "skipped.conf") << "[options]\nUseSyslog\n[x]\none_time_sequences = /f\n";
  std::filesystem::create_directories(dir / "dir-store" / "profiles.toml");
  std::ofstream(dir / "good.key") << "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
  std::ofstream(dir / "open.key") << "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
  std::ofstream(dir / "short.key") << "c2hvcnQ=\n";
  std::filesystem::permissions(dir / "good.key",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::permissions(dir / "short.key",
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::permissions(dir / "open.key",
                               std::filesystem::perms::owner_read | std::filesystem::perms::others_read);
  std::filesystem::create_directories(dir / "corrupt");
  std::ofstream(dir / "corrupt" / "profiles.toml") << "[profiles.a]\nhost = \"unterminated\n";
  ::setenv("KNOCK_CONFIG_DIR", (dir / "config").c_str(), 1);
  return dir;
}

// The case's command line with $DIR and $EX filled in; KNOCK_PASSPHRASE=... and KNOCK_CONFIG_DIR=... go to
// the environment instead.
std::vector<std::string> prepare(const Case& c) {
  const auto dir = fixture();
  ::unsetenv("KNOCK_PASSPHRASE");
  std::vector<std::string> args{c.program};
  for (const auto& a : c.args) {
    std::string s = a;
    if (const auto at = s.find("$DIR"); at != std::string::npos) s.replace(at, 4, dir.string());
    if (const auto at = s.find("$EX"); at != std::string::npos) s.replace(at, 3, kExamples);
    if (s.rfind("KNOCK_PASSPHRASE=", 0) == 0) {
      ::setenv("KNOCK_PASSPHRASE", s.substr(17).c_str(), 1);
      continue;
    }
    if (s.rfind("KNOCK_CONFIG_DIR=", 0) == 0) {
      ::setenv("KNOCK_CONFIG_DIR", s.substr(17).c_str(), 1);
      continue;
    }
    args.push_back(s);
  }
  return args;
}

void expect_one_clear_line(const Case& c, int code, const std::string& e) {
  EXPECT_EQ(code, c.code) << e;
  EXPECT_NE(e.find(c.message), std::string::npos) << e;
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
  EXPECT_EQ(e.rfind(c.program, 0), 0u) << "the program names itself: " << e;
  for (const char* crash : {"terminate called", "Aborted", "Assertion", "what():", "internal error"}) {
    EXPECT_EQ(e.find(crash), std::string::npos) << e;
  }
}

bool needs_network(const Case& c) {
  return c.code == 3 || c.code == 4;
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, OneClearLineAndTheDocumentedExitStatus) {
  const Case& c = GetParam();
  if (needs_network(c) && !g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  const auto args = prepare(c);
  std::ostringstream out, err;
  int code = 0;
  if (c.program == "knock-server") {
    code = server::server_main(args, out, err);
  } else {
    struct NoLaunch : core::Launcher {
      core::Error exec(const std::vector<std::string>& a) override {
        return core::make_error(core::Errc::launch_failed, "cannot launch " + a[0] + ": not in tests");
      }
    } launcher;
    Io io{out, err, launcher, core::process_environment()};
    code = run(args, io);
  }
  expect_one_clear_line(c, code, err.str());
}

class BadInputToTheProgram : public ::testing::TestWithParam<Case> {};

TEST_P(BadInputToTheProgram, OneClearLineAndTheDocumentedExitStatusNeverASignal) {
  const Case& c = GetParam();
  if (needs_network(c) && !g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  auto args = prepare(c);
  args[0] = test::program_path(c.program);
  const auto run = test::run_program(args);
  ASSERT_FALSE(run.hung) << args[0] << " hung: " << run.err;
  ASSERT_EQ(run.signal, 0) << args[0] << " was killed by signal " << run.signal << ": " << run.err;
  expect_one_clear_line(c, run.exit_code, run.err);
}

std::string name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.program == "knock" ? "knock" : "server";
  if (!info.param.args.empty() && info.param.program == "knock" &&
      std::isalpha(static_cast<unsigned char>(info.param.args[0][0]))) {
    n += "_" + info.param.args[0];
  }
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n + "_" + std::to_string(info.index) + "_exit" + std::to_string(info.param.code);
}

const std::vector<Case> kCases = {
    // knock HOST STEP...
    Case{"knock", {"127.0.0.1", "tcp:0"}, 2, "step 'tcp:0': port 0 is out of range (expected 1-65535)"},
    Case{"knock", {"127.0.0.1", "udp:65536"}, 2, "port 65536 is out of range"},
    Case{"knock", {"127.0.0.1", "tcp:ssh"}, 2, "'ssh' is not a port number"},
    Case{"knock", {"127.0.0.1", "sctp:22"}, 2, "unknown protocol 'sctp'"},
    Case{"knock", {"127.0.0.1", "22:sctp"}, 2, "unknown protocol 'sctp'"},
    Case{"knock", {"127.0.0.1"}, 2, "STEP is required"},
    Case{"knock", {"127.0.0.1", " "}, 2, "empty sequence"}, Case{"knock", {}, 2, "HOST is required"},
    Case{"knock", {"127.0.0.1", "udp:1:hex:abc"}, 2, "hex payload has an odd number of digits (3)"},
    Case{"knock", {"127.0.0.1", "udp:1:b64:!!!!"}, 2, "invalid base64 payload"},
    Case{"knock", {"127.0.0.1", "udp:1:zip:x"}, 2, "unknown payload encoding 'zip'"},
    Case{"knock", {"127.0.0.1", "tcp:1:text:x"}, 2, "carries no payload"},
    Case{"knock", {"127.0.0.1", "icmp:20"}, 2, "ICMP size 20 is outside 28-65535"},
    Case{"knock", {"::1", "icmp:40"}, 2, "ICMP size 40 is below 48"},
    Case{"knock", {"127.0.0.1", "tcp:1", "wait:1s"}, 2, "nothing waits after the last knock"},
    Case{"knock", {"no-such-host.invalid", "tcp:1"}, 3, "cannot resolve 'no-such-host.invalid'"},
    Case{"knock", {"-4", "::1", "tcp:1"}, 3, "host '::1' has no IPv4 address"},
    Case{"knock", {"[::1", "tcp:1"}, 3, "cannot resolve '[::1'"},
    Case{"knock", {"-6", "127.0.0.1", "tcp:1"}, 3, "has no IPv6 address"},
    Case{"knock", {"--source", "127.0.0.1", "::1", "tcp:1"}, 2, "--source 127.0.0.1 is IPv4 but ::1"},
    Case{"knock",
         {"--source", "somewhere", "::1", "tcp:1"},
         2,
         "--source: 'somewhere' is not an IPv4 or IPv6 address"},
    Case{"knock", {"-d", "-5ms", "127.0.0.1", "tcp:1"}, 2, "negative"},
    Case{"knock", {"--delay=-5", "127.0.0.1", "tcp:1"}, 2, "--delay: duration '-5' is negative"},
    Case{"knock",
         {"-d", "99999999999", "127.0.0.1", "tcp:1"},
         2,
         "--delay: duration '99999999999' is too long"},
    Case{"knock", {"-d", "soon", "127.0.0.1", "tcp:1"}, 2, "--delay: 'soon' is not a duration"},
    Case{"knock", {"--verify", "ssh", "127.0.0.1", "tcp:1"}, 2, "--verify: 'ssh' is not a TCP port"},
    Case{"knock", {"--verify", "70000", "127.0.0.1", "tcp:1"}, 2, "--verify: '70000' is not a TCP port"},
    Case{"knock",
         {"--verify", "22", "--verify-timeout", "0", "127.0.0.1", "tcp:1"},
         2,
         "--verify-timeout: must be more than 0"},
    Case{"knock", {"--retries", "1000", "127.0.0.1", "tcp:1"}, 2, "--retries"},
    Case{"knock",
         {"--connect-timeout", "0", "127.0.0.1", "connect:1"},
         2,
         "--connect-timeout: must be more than 0"},
    Case{"knock", {"-4", "-6", "127.0.0.1", "tcp:1"}, 2, "excludes"},
    Case{"knock", {"-q", "-v", "127.0.0.1", "tcp:1"}, 2, "excludes"},
    Case{"knock", {"--frobnicate", "127.0.0.1", "tcp:1"}, 2, "--frobnicate"},
    Case{"knock", {"127.0.0.1", "tcp:1", "--"}, 2, "nothing after --"},
    Case{"knock", {"127.0.0.1", "tcp:1", "--", "ssh", "{user}@{ip}"}, 2, "unknown placeholder {user}"},
    Case{"knock", {"127.0.0.1", "tcp:1", "--", "winbox", "{ip}:{port}"}, 2, "needs --verify PORT"},
    Case{"knock", {"127.0.0.1", "tcp:1", "--", "x", "{ip"}, 2, "unclosed '{'"},
    Case{"knock", {"192.0.2.1", "tcp:1"}, 2, "KNOCK_LOOPBACK_ONLY=1 refuses to send to 192.0.2.1"},
    // knock routeros
    Case{"knock", {"routeros"}, 2, "subcommand"},
    Case{"knock", {"routeros", "frobnicate"}, 2, "unknown command 'frobnicate'"},
    Case{"knock", {"routeros", "rules", "tcp:1"}, 2, "--protect is required"},
    Case{"knock", {"routeros", "rules", "tcp:0", "--protect", "22"}, 2, "port 0 is out of range"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "sctp:22"},
         2,
         "--protect: 'sctp:22' is not a service port"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "udp:2", "--protect", "22", "--timeouts", "1x"},
         2,
         "--timeouts:"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "udp:2", "--protect", "22", "--timeouts", "5s,1h", "-d", "6s"},
         2,
         "could never complete"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--timeouts", "1s,2s,3s"},
         2,
         "3 values for 1 knocks"},
    Case{"knock", {"routeros", "rules", "connect:1:text:x", "--protect", "22"}, 2, "use a udp payload"},
    Case{"knock",
         {"routeros", "rules", "tcp:22", "--protect", "tcp:22"},
         2,
         "step 1 tcp:22 knocks on tcp:22, a port the rules protect"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "tcp:1", "tcp:1", "--protect", "22"},
         2,
         "steps 1 and 2 (tcp:1, tcp:1) match the same packet"},
    Case{"knock",
         {"routeros", "rules", "udp:5:text:ab", "udp:5", "--protect", "22"},
         2,
         "one datagram sent twice would climb both stages"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--name", "two words"},
         2,
         "--name 'two words' is not valid"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "winbux"},
         2,
         "--protect: 'winbux' is not a service port"},
    Case{"knock", {"routeros", "rules", "tcp:1", "--protect", "22", "--diff"}, 2, "--diff requires --export"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--diff", "--json", "--export", "$EX/seed.rsc"},
         2,
         "excludes"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--export", "/nonexistent/export.rsc"},
         2,
         "cannot read '/nonexistent/export.rsc'"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--export", "$DIR/bad.rsc"},
         2,
         "line 2, column 17: unknown key 'dst-prot'"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--export", "$DIR/raw-drop.rsc"},
         2,
         "drops knock 1 tcp:1 in raw, before the filter"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--export", "$DIR/raw-time.rsc"},
         2,
         "the emulator cannot decide knock 1 tcp:1 (raw rule #0 (drop) uses time=0s-12h"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--blacklist-timeout", "5m"},
         2,
         "--blacklist-timeout requires --anti-scan"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--anti-scan", "--blacklist-timeout", "soon"},
         2,
         "--blacklist-timeout: 'soon' is not a duration"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--anti-scan", "--blacklist-timeout", "36w"},
         2,
         "--blacklist-timeout: "},
    Case{"knock", {"routeros", "rules", "--remove", "tcp:1"}, 2, "excludes --remove"},
    Case{"knock", {"routeros", "rules", "--remove", "--name", "a b"}, 2, "--name 'a b' is not valid"},
    Case{"knock", {"routeros", "rules", "--protect", "22"}, 2, "STEP is required"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--protect", "22", "--export", "$DIR"},
         2,
         "not a regular file (a directory)"},
    Case{"knock",
         {"routeros", "check", "/nonexistent/export.rsc", "tcp:1"},
         2,
         "cannot read '/nonexistent/export.rsc'"},
    Case{"knock", {"routeros", "check", "$DIR", "tcp:1"}, 2, "not a regular file (a directory)"},
    Case{"knock",
         {"routeros", "check", "$DIR/bad.rsc", "tcp:1"},
         2,
         "line 2, column 17: unknown key 'dst-prot'"},
    Case{"knock",
         {"routeros", "check", "$EX/seed.rsc", "tcp:1", "--from", "nowhere"},
         2,
         "--from: 'nowhere' is not an IPv4 or IPv6 address"},
    Case{"knock",
         {"routeros", "check", "$EX/seed.rsc", "tcp:1", "--from", "::1", "--to", "127.0.0.1"},
         2,
         "different address families"},
    Case{"knock", {"routeros", "check", "$EX/seed.rsc", "tcp:1", "--protect", "tcp:0"}, 2, "--protect"},
    Case{"knock", {"routeros", "check", "$EX/seed.rsc", "tcp:1", "--delay", "-1s"}, 2, "--delay"},
    // knock profile
    Case{"knock", {"profile"}, 2, "subcommand"},
    Case{"knock", {"profile", "frobnicate"}, 2, "unknown profile command 'frobnicate'"},
    Case{"knock",
         {"profile", "add", "a", "--host", "h", "--sequence", "tcp:2"},
         2,
         "a profile named 'a' exists"},
    Case{"knock", {"profile", "add", "b", "--host", "h", "--sequence", "tcp:0"}, 2, "port 0 is out of range"},
    Case{"knock", {"profile", "add", "b", "--sequence", "tcp:1"}, 2, "no host"},
    Case{"knock", {"profile", "add", "b", "--host", "h"}, 2, "no sequence"},
    Case{"knock", {"profile", "add", "bad name", "--host", "h", "--sequence", "tcp:1"}, 2, "is not valid"},
    Case{"knock",
         {"profile", "add", "b", "--host", "h", "--sequence", "tcp:1", "--family", "ipx"},
         2,
         "--family: 'ipx'"},
    Case{"knock",
         {"profile", "add", "b", "--host", "h", "--sequence", "tcp:1", "--source", "x"},
         2,
         "'x' is not an IPv4 or IPv6 address"},
    Case{"knock",
         {"profile", "add", "b", "--host", "h", "--sequence", "tcp:1", "--verify", "ssh"},
         2,
         "--verify: 'ssh' is not a TCP port"},
    Case{"knock",
         {"profile", "add", "b", "--host", "h", "--sequence", "tcp:1", "--launch", "ssh 'x"},
         2,
         "unterminated single quote"},
    Case{"knock",
         {"profile", "add", "b", "--host", "h", "--sequence", "tcp:1", "--protect", "tcp:x"},
         2,
         "is not a service port"},
    Case{"knock",
         {"profile", "add", "b", "--host", "h", "--sequence", "tcp:1", "--timeouts", "15x"},
         2,
         "timeouts:"},
    Case{"knock",
         {"profile", "add", "b", "--host", "h", "--sequence", "tcp:1", "--encrypt"},
         5,
         "a passphrase is needed"},
    Case{"knock", {"profile", "edit", "nope", "--host", "h"}, 2, "no profile named 'nope'"},
    Case{"knock",
         {"profile", "edit", "s", "--sequence", "udp:1", "KNOCK_PASSPHRASE=wrong"},
         5,
         "wrong passphrase"},
    Case{"knock", {"profile", "show", "nope"}, 2, "no profile named 'nope'"},
    Case{
        "knock", {"profile", "show", "s", "--show-secrets", "KNOCK_PASSPHRASE=wrong"}, 5, "wrong passphrase"},
    Case{"knock", {"profile", "rm", "nope"}, 2, "no profile named 'nope'"},
    Case{"knock", {"profile", "rename", "a", "s"}, 2, "a profile named 's' exists"},
    Case{"knock", {"profile", "copy", "a", "bad/name"}, 2, "is not valid"},
    Case{"knock",
         {"profile", "import", "/nonexistent", "--from", "knockd", "--host", "h"},
         2,
         "cannot read '/nonexistent'"},
    Case{"knock",
         {"profile", "import", "$DIR/bad.conf", "--from", "knockd", "--host", "h"},
         2,
         "line 1: a setting before any [section]"},
    Case{"knock", {"profile", "import", "$DIR/bad.conf", "--from", "knockd"}, 2, "--host"},
    Case{"knock", {"profile", "import", "$DIR/bad.json", "--from", "json"}, 2, "invalid JSON"},
    Case{"knock", {"profile", "import", "$DIR/latin1.json", "--from", "json"}, 2, "not UTF-8"},
    Case{"knock", {"profile", "import", "$DIR/bad.json", "--from", "yaml"}, 2, "--from"},
    Case{"knock", {"profile", "export", "nope"}, 2, "no profile named 'nope'"},
    Case{"knock", {"profile", "export", "a", "--to", "routeros"}, 2, "names no port to protect"},
    Case{"knock", {"profile", "export", "s", "--to", "knockd"}, 5, "a passphrase is needed"},
    Case{"knock", {"profile", "export", "a", "--to", "toml", "--ipv6"}, 2, "go with --to routeros"},
    Case{"knock",
         {"profile", "export", "a", "--to", "routeros", "--export", "/nonexistent/export.rsc"},
         2,
         "cannot read '/nonexistent/export.rsc'"},
    Case{"knock", {"profile", "new", "n", "--host", "h", "--random-sequence", "0"}, 2, "--random-sequence"},
    Case{"knock", {"profile", "list", "KNOCK_CONFIG_DIR=$DIR/corrupt"}, 5, "line 2, column"},
    Case{"knock", {"profile", "list", "KNOCK_CONFIG_DIR=$DIR/dir-store"}, 5, "not a regular file"},
    Case{"knock",
         {"profile", "add", "b", "--host=-oProxyCommand=x", "--sequence", "tcp:1"},
         2,
         "starts with '-'"},
    Case{"knock",
         {"profile", "add", "b", "--host", "a\nb", "--sequence", "tcp:1"},
         2,
         "'a\\nb' holds white space"},
    Case{"knock", {"profile", "edit", "s", "--encrypt", "KNOCK_PASSPHRASE=pw"}, 2, "is sealed already"},
    Case{"knock", {"profile", "edit", "a", "--change-passphrase"}, 2, "is not sealed"},
    Case{"knock",
         {"profile", "edit", "s", "--change-passphrase", "KNOCK_PASSPHRASE=pw"},
         2,
         "the new passphrase is the old one"},
    Case{"knock", {"profile", "edit", "a", "--encrypt", "--decrypt"}, 2, "not several"},
    Case{"knock", {"profile", "edit", "a"}, 2, "nothing to change"},
    Case{"knock", {"profile", "import", "/dev/zero", "--from", "json"}, 2, "not a regular file"},
    Case{"knock", {"profile", "import", "$DIR", "--from", "json"}, 2, "(a directory)"},
    Case{"knock",
         {"profile", "import", "$DIR/skipped.conf", "--from", "knockd", "--host", "h"},
         2,
         "no door could be imported"},
    Case{"knock",
         {"profile", "add", "o", "--host", "h", "--otp", "/nonexistent.key"},
         2,
         "cannot read /nonexistent.key"},
    Case{"knock", {"profile", "add", "o", "--host", "h", "--otp", "$DIR/open.key"}, 2, "others may read it"},
    // one-time knocks
    Case{"knock", {"otp", "init", "$DIR/bad.rsc"}, 2, "exists already"},
    Case{"knock", {"otp", "init"}, 2, "FILE is required"},
    Case{"knock", {"proxy", "127.0.0.1", "udp:9"}, 2, "PORT: 'udp:9' is not a TCP port"},
    Case{"knock", {"proxy", "127.0.0.1", "22"}, 2, "STEP is required"},
    Case{"knock", {"proxy", "@office", "22", "tcp:1"}, 2, "a profile brings its own knock"},
    Case{"knock", {"proxy", "192.0.2.1", "22", "tcp:1"}, 2, "KNOCK_LOOPBACK_ONLY=1 refuses"},
    Case{"knock", {"proxy", "127.0.0.1", "22", "--otp", "$DIR/open.key"}, 2, "open.key"},
    Case{"knock", {"127.0.0.1", "--otp", "/nonexistent.key"}, 2, "cannot read /nonexistent.key"},
    Case{"knock", {"127.0.0.1", "--otp", "$DIR/open.key"}, 2, "chmod 600"},
    Case{"knock", {"127.0.0.1", "--otp", "$DIR/short.key"}, 2, "too short"},
    Case{"knock", {"127.0.0.1", "--otp", "$DIR/good.key", "tcp:1"}, 2, "give STEPs or --otp FILE, not both"},
    Case{"knock", {"127.0.0.1", "--otp", "$DIR/good.key", "--otp-window", "4s"}, 2, "outside 5s-1h"},
    Case{"knock", {"127.0.0.1", "--otp", "$DIR/good.key", "--otp-window", "2h"}, 2, "--otp-window"},
    Case{"knock", {"127.0.0.1", "tcp:1", "--clock-offset", "5s"}, 2, "go with one-time knocks"},
    // --keep-open
    Case{"knock", {"127.0.0.1", "tcp:1", "--keep-open", "0"}, 2, "--keep-open: '0' is not an interval"},
    Case{"knock", {"127.0.0.1", "tcp:1", "--keep-open", "often"}, 2, "--keep-open: 'often'"},
    Case{"knock", {"127.0.0.1", "tcp:1", "--keep-open", "auto"}, 2, "takes the interval from a profile"},
    Case{"knock", {"run", "a", "--keep-open", "1m"}, 2, "--keep-open"},
    Case{"knock", {"proxy", "127.0.0.1", "22", "tcp:1", "--keep-open", "1m"}, 2, "--keep-open"},
    Case{"knock", {"127.0.0.1", "--clock-offset", "soon", "--otp", "$DIR/good.key"}, 2, "--clock-offset:"},
    // the router's side of one-time knocks
    Case{"knock",
         {"routeros", "rules", "--otp", "/nonexistent.key", "--protect", "tcp:8291"},
         2,
         "cannot read /nonexistent.key"},
    Case{"knock", {"routeros", "rules", "--otp", "$DIR/open.key", "--protect", "tcp:8291"}, 2, "chmod 600"},
    Case{"knock", {"routeros", "rules", "--otp", "$DIR/short.key", "--protect", "tcp:8291"}, 2, "too short"},
    Case{"knock", {"routeros", "rules", "--otp", "$DIR/bad.rsc", "--protect", "tcp:8291"}, 2, "bad.rsc"},
    Case{"knock",
         {"routeros", "rules", "--otp", "$DIR/good.key", "--protect", "tcp:8291", "--otp-window", "4s"},
         2,
         "outside 5s-1h"},
    Case{"knock",
         {"routeros", "rules", "--otp", "$DIR/good.key", "--protect", "tcp:8291", "--otp-window", "2h"},
         2,
         "--otp-window"},
    Case{"knock",
         {"routeros", "rules", "tcp:1", "--otp", "$DIR/good.key", "--protect", "tcp:8291"},
         2,
         "give STEPs or --otp FILE, not both"},
    Case{"knock",
         {"routeros", "rules", "--otp", "$DIR/good.key", "--protect", "tcp:30000"},
         2,
         "one-time knock ports are derived in 20000-59999"},
    Case{"knock",
         {"routeros", "rules", "--otp", "$DIR/good.key", "--otp", "$DIR/good.key", "--protect", "tcp:22"},
         2,
         "two clients are named good"},
    Case{"knock",
         {"routeros", "rules", "--otp", "$DIR/good.key", "--protect", "tcp:22", "--anti-scan"},
         2,
         "--anti-scan does not go with --otp"},
    Case{"knock",
         {"routeros", "rules", "--otp", "bad-name!=$DIR/good.key", "--protect", "tcp:22"},
         2,
         "must be 1-32 letters"},
    Case{"knock", {"routeros", "rules", "--protect", "tcp:22"}, 2, "STEP is required (or --otp FILE"},
    Case{"knock",
         {"routeros", "check", "$EX/seed.rsc", "--otp", "$DIR/good.key", "--at", "yesterday"},
         2,
         "--at: 'yesterday' is not a time"},
    Case{"knock",
         {"routeros", "check", "$EX/seed.rsc", "--otp", "$DIR/good.key", "--at", "2025-02-30T00:00:00Z"},
         2,
         "--at:"},
    Case{"knock", {"routeros", "check", "$EX/seed.rsc", "--otp", "$DIR/open.key"}, 2, "chmod 600"},
    Case{"knock",
         {"routeros", "check", "$EX/seed.rsc", "--otp", "$DIR/good.key", "--otp-window", "1s"},
         2,
         "outside 5s-1h"},
    Case{"knock",
         {"routeros", "check", "$EX/seed.rsc", "--otp", "$DIR/good.key", "tcp:1"},
         2,
         "give STEPs or --otp FILE, not both"},
    Case{"knock", {"routeros", "check", "$DIR/bad.rsc", "--otp", "$DIR/good.key"}, 2, "line 2, column"},
    Case{"knock",
         {"profile", "add", "z", "--host", "h", "--sequence", "tcp:1", "KNOCK_CONFIG_DIR=$DIR/corrupt"},
         5,
         "left as it is"},
    // knock @NAME and knock run
    Case{"knock", {"@nope"}, 2, "no profile named 'nope'"},
    Case{"knock", {"@s"}, 5, "a passphrase is needed"},
    Case{"knock", {"@s", "KNOCK_PASSPHRASE=wrong"}, 5, "wrong passphrase"},
    Case{"knock", {"@a", "--verify", "x"}, 2, "--verify: 'x' is not a TCP port"},
    Case{"knock", {"@a", "--frobnicate"}, 2, "--frobnicate"},
    Case{"knock", {"@a", "KNOCK_CONFIG_DIR=$DIR/corrupt"}, 5, "line 2, column"},
    Case{"knock", {"run"}, 2, "name profiles to knock, or give --group"},
    Case{"knock", {"run", "--group", "none"}, 2, "no profiles in group 'none'"},
    Case{"knock", {"run", "a", "nope"}, 2, "no profile named 'nope'"},
    Case{"knock", {"run", "a", "s", "--", "ssh"}, 2, "-- COMMAND goes with one profile"},
    Case{"knock", {"run", "a", "--parallel", "0"}, 2, "--parallel"},
    // knock-server
    Case{"knock-server", {}, 2, "--rules is required"},
    Case{"knock-server", {"--rules", "/nonexistent.rsc"}, 2, "cannot read --rules '/nonexistent.rsc'"},
    Case{"knock-server", {"--rules", "/dev/zero"}, 2, "--rules '/dev/zero': not a regular file"},
    Case{"knock-server", {"--rules", "$DIR/bad.rsc"}, 2, "line 2, column 17: unknown key 'dst-prot'"},
    Case{"knock-server",
         {"--rules", "$EX/seed.rsc", "--service", "udp:53"},
         2,
         "only TCP ports can be served"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--service", "99999"}, 2, "--service"},
    Case{"knock-server",
         {"--rules", "$EX/seed.rsc", "--listen", "localhost"},
         2,
         "--listen: 'localhost' is not an IPv4 or IPv6 address"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--max-sources", "0"}, 2, "--max-sources"},
    Case{"knock-server",
         {"--rules", "$EX/seed.rsc", "--json-log", "/nonexistent/dir/log"},
         2,
         "cannot write --json-log"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--"}, 2, "nothing after --"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--clock-offset", "soon"}, 2, "--clock-offset:"},
    Case{"knock-server", {"--rules", "$DIR/outside.rsc"}, 2, "line 2, column"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--frobnicate"}, 2, "--frobnicate"},
    Case{"knock-server",
         {"--rules", "$EX/seed.rsc", "--service", "tcp:8022=10.1.1.254:22"},
         2,
         "backend '10.1.1.254:22' is not on loopback"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--service", "8022=127.0.0.1"}, 2, "is not ADDR:PORT"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--service", "8022=::1:22"}, 2, "is not ADDR:PORT"},
    Case{
        "knock-server", {"--rules", "$EX/seed.rsc", "--service", "8022=127.0.0.1:0"}, 2, "is not a TCP port"},
    Case{"knock-server", {"--rules", "$EX/seed.rsc", "--capture-interface", "nosuchif0"}, 4, "nosuchif0"}};

INSTANTIATE_TEST_SUITE_P(Matrix, BadInput, ::testing::ValuesIn(kCases), name);
INSTANTIATE_TEST_SUITE_P(Program, BadInputToTheProgram, ::testing::ValuesIn(kCases), name);

TEST(BadInputMatrix, CoversEveryCommandWithAtLeastSixtyCases) {
  // The matrix above: counted here so that trimming it shows up as a failure.
  const auto& registry = ::testing::UnitTest::GetInstance();
  int cases = 0;
  for (int i = 0; i < registry->total_test_suite_count(); ++i) {
    const auto* suite = registry->GetTestSuite(i);
    if (std::string(suite->name()) == "Matrix/BadInput") cases = suite->total_test_count();
  }
  EXPECT_GE(cases, 60);
}

}  // namespace
}  // namespace knock::cli
