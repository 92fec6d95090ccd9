// knock profile, knock @NAME and knock run, in-process, with a profile file of each test's own.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include "knock/cli/cli.hpp"

extern std::string g_netns_error;

namespace knock::cli {
namespace {

namespace ip = boost::asio::ip;

struct Recording : core::Launcher {
  std::vector<std::string> argv;
  core::Error exec(const std::vector<std::string>& a) override {
    argv = a;
    return core::make_error(core::Errc::launch_failed, "cannot launch " + a[0] + ": recorded");
  }
};

struct Result {
  int code;
  std::string out, err;
};

class ProfileCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("knock-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
            "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    ::setenv("KNOCK_CONFIG_DIR", dir_.c_str(), 1);
    ::unsetenv("KNOCK_PASSPHRASE");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Result knock(std::vector<std::string> args) {
    std::ostringstream out, err;
    Io io{out, err, launcher_, core::process_environment()};
    args.insert(args.begin(), "knock");
    const int code = run(args, io);
    return {code, out.str(), err.str()};
  }
  std::filesystem::path dir_;
  Recording launcher_;
};

TEST_F(ProfileCli, AddShowListRenameCopyRemove) {
  EXPECT_EQ(knock({"profile", "add", "office", "--host", "127.0.0.1", "--sequence", "tcp:1337 udp:17954",
                   "--verify", "8291", "--group", "hq", "--tag", "mikrotik", "--launch", "winbox {ip}"})
                .code,
            0);
  const Result show = knock({"profile", "show", "office"});
  EXPECT_EQ(show.code, 0);
  EXPECT_NE(show.out.find("sequence  (hidden; --show-secrets shows it)"), std::string::npos) << show.out;
  EXPECT_EQ(show.out.find("1337"), std::string::npos) << "the sequence is a secret";
  EXPECT_NE(knock({"profile", "show", "office", "--show-secrets"}).out.find("sequence  tcp:1337 udp:17954"),
            std::string::npos);
  EXPECT_EQ(knock({"profile", "rename", "office", "hq-router"}).code, 0);
  EXPECT_EQ(knock({"profile", "copy", "hq-router", "spare"}).code, 0);
  const Result list = knock({"profile", "list"});
  EXPECT_NE(list.out.find("hq-router  127.0.0.1  hq     tcp:8291  mikrotik"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("spare"), std::string::npos);
  EXPECT_EQ(knock({"profile", "rm", "spare"}).code, 0);
  const Result json = knock({"profile", "list", "--json"});
  EXPECT_EQ(json.out.rfind("[{\"name\":\"hq-router\",\"host\":\"127.0.0.1\",\"sealed\":false,", 0), 0u)
      << json.out;
  EXPECT_EQ(json.out.find("spare"), std::string::npos);
  EXPECT_EQ(json.out.find("1337"), std::string::npos);
}

TEST_F(ProfileCli, ListNamesPrintsOnlyTheNamesForScriptsAndCompletion) {
  EXPECT_EQ(knock({"profile", "list", "--names"}).out, "") << "no profiles yet: nothing, not a hint";
  knock({"profile", "add", "office", "--host", "127.0.0.1", "--sequence", "tcp:1337", "--group", "hq"});
  knock({"profile", "add", "lab", "--host", "127.0.0.1", "--sequence", "tcp:7000"});
  const Result names = knock({"profile", "list", "--names"});
  EXPECT_EQ(names.code, 0);
  EXPECT_EQ(names.out, "lab\noffice\n");
  EXPECT_EQ(knock({"profile", "list", "--names", "--group", "hq"}).out, "office\n");
  const Result both = knock({"profile", "list", "--names", "--json"});
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.err.find("--json"), std::string::npos) << both.err;
}

TEST_F(ProfileCli, EditChangesOnlyWhatIsGiven) {
  knock({"profile", "add", "a", "--host", "h", "--sequence", "tcp:1", "--group", "g", "--notes", "keep me"});
  EXPECT_EQ(knock({"profile", "edit", "a", "--host", "127.0.0.9", "--verify", "22", "--reknock"}).code, 0);
  const Result s = knock({"profile", "show", "a", "--json"});
  EXPECT_NE(s.out.find("\"host\":\"127.0.0.9\""), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("\"notes\":\"keep me\""), std::string::npos);
  EXPECT_NE(s.out.find("\"reknock\":true"), std::string::npos);
}

TEST_F(ProfileCli, BadInputGetsOneLineAndItsExitCode) {
  knock({"profile", "add", "a", "--host", "h", "--sequence", "tcp:1"});
  const auto check = [&](std::vector<std::string> args, int code, std::string_view what) {
    const Result r = knock(args);
    EXPECT_EQ(r.code, code) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  };
  check({"profile", "add", "a", "--host", "h", "--sequence", "tcp:2"}, 2, "a profile named 'a' exists");
  check({"profile", "add", "b", "--host", "h", "--sequence", "tcp:0"}, 2, "port 0 is out of range");
  check({"profile", "add", "b", "--sequence", "tcp:1"}, 2, "no host");
  check({"profile", "add", "bad name", "--host", "h", "--sequence", "tcp:1"}, 2, "is not valid");
  check({"profile", "edit", "nope", "--host", "h"}, 2, "no profile named 'nope'");
  check({"profile", "show", "nope"}, 2, "no profile named 'nope'");
  check({"profile", "rename", "a", "a"}, 2, "a profile named 'a' exists");
  check({"profile", "frobnicate"}, 2, "unknown profile command 'frobnicate'");
  check({"profile", "import", "/nonexistent", "--from", "knockd", "--host", "h"}, 2,
        "cannot read '/nonexistent'");
  check({"profile", "add", "c", "--host", "h", "--sequence", "tcp:1", "--encrypt"}, 5,
        "a passphrase is needed");
  check({"@nope"}, 2, "no profile named 'nope'");
  check({"run"}, 2, "name profiles to knock, or give --group");
  check({"run", "--group", "none"}, 2, "no profiles in group 'none'");
  std::ofstream(dir_ / "profiles.toml") << "[profiles.a]\nhost = \n";
  check({"profile", "list"}, 5, "line 2, column");
  check({"@a"}, 5, "line 2, column");
}

TEST_F(ProfileCli, SealedSequencesNeedTheRightPassphrase) {
  ::setenv("KNOCK_PASSPHRASE", "hunter2", 1);
  EXPECT_EQ(
      knock({"profile", "add", "s", "--host", "127.0.0.1", "--sequence", "udp:4000 udp:5000", "--encrypt"})
          .code,
      0);
  std::ifstream in(dir_ / "profiles.toml");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("4000"), std::string::npos) << "the sequence is not stored in the clear";
  EXPECT_NE(knock({"profile", "show", "s", "--show-secrets"}).out.find("udp:4000 udp:5000"),
            std::string::npos);
  ::setenv("KNOCK_PASSPHRASE", "wrong", 1);
  const Result r = knock({"profile", "edit", "s", "--sequence", "udp:1"});
  EXPECT_EQ(r.code, 5);
  EXPECT_EQ(r.err, "knock: profile 's': wrong passphrase, or the sealed secret was altered\n");
  std::ifstream again(dir_ / "profiles.toml");
  std::stringstream after;
  after << again.rdbuf();
  EXPECT_EQ(after.str(), text.str()) << "nothing changed";
  ::setenv("KNOCK_PASSPHRASE", "hunter2", 1);
  EXPECT_EQ(knock({"profile", "edit", "s", "--decrypt"}).code, 0);
  EXPECT_NE(knock({"profile", "export", "--to", "toml"}).out.find("sequence = 'udp:4000 udp:5000'"),
            std::string::npos);
}

TEST_F(ProfileCli, ImportKnockdAndExportRouterOs) {
  std::ofstream(dir_.parent_path() / "knockd-import.conf")
      << "[options]\n UseSyslog\n[openSSH]\n sequence = 7000,8000:udp,9000\n seq_timeout = 10\n"
         " command = /sbin/iptables -A INPUT -s %IP% -p tcp --dport 22 -j ACCEPT\n";
  const Result r = knock({"profile", "import", (dir_.parent_path() / "knockd-import.conf").string(), "--from",
                          "knockd", "--host", "127.0.0.1"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "imported openSSH\n");
  const Result rules = knock({"profile", "export", "openSSH", "--to", "routeros"});
  EXPECT_EQ(rules.code, 0) << rules.err;
  EXPECT_NE(rules.out.find(
                "address-list-timeout=10s chain=input comment=\"knock:openSSH knock 1/3\" dst-port=7000"),
            std::string::npos)
      << rules.out;
  const Result json = knock({"profile", "export", "--to", "json"});
  std::ofstream(dir_.parent_path() / "export.json") << json.out;
  knock({"profile", "rm", "openSSH"});
  EXPECT_EQ(
      knock({"profile", "import", (dir_.parent_path() / "export.json").string(), "--from", "json"}).code, 0);
  EXPECT_NE(knock({"profile", "show", "openSSH", "--show-secrets"}).out.find("tcp:7000 udp:8000 tcp:9000"),
            std::string::npos);
}

TEST_F(ProfileCli, ExportOfTwoProfilesToRouterOsNeverLetsOneOpenTheOthersPort) {
  ASSERT_EQ(knock({"profile", "add", "office", "--host", "127.0.0.1", "--sequence", "tcp:1337 udp:17954",
                   "--protect", "tcp:8291"})
                .code,
            0);
  ASSERT_EQ(knock({"profile", "add", "lab", "--host", "127.0.0.1", "--sequence", "tcp:1337 udp:20000",
                   "--protect", "tcp:22"})
                .code,
            0);
  const Result r = knock({"profile", "export", "--to", "routeros"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("address-list=\"knock:office:stage1\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("address-list=\"knock:lab:stage1\""), std::string::npos);
  EXPECT_EQ(r.out.find("address-list=\"knock\""), std::string::npos) << "no list both would share";
  const std::string rsc = (dir_.parent_path() / "two-profiles.rsc").string();
  std::ofstream(rsc) << r.out;
  const Result office = knock({"routeros", "check", rsc, "tcp:1337", "udp:17954", "--protect", "tcp:22"});
  EXPECT_EQ(office.code, 1) << office.out;
  EXPECT_EQ(knock({"routeros", "check", rsc, "tcp:1337", "udp:20000", "--protect", "tcp:22"}).code, 0);
  const std::string defconf = std::string(KNOCK_SOURCE_DIR) + "/routeros/examples/defconf.rsc";
  // defconf.rsc has a knock of its own, tcp:1337 udp:17954 for tcp:8291: office's knock gets in through that
  // knock's accept, above office's rules, so the dry run cannot say office's rules open the door.
  const Result same =
      knock({"profile", "export", "--to", "routeros", "--export", defconf, "--interface-list", "WAN"});
  EXPECT_EQ(same.code, 1) << same.err;
  EXPECT_NE(same.err.find(
                "office: the knock opens tcp:8291 (IPv4): connection tcp:8291 from 127.0.0.1 at +500ms is "
                "accepted by rule #4 \"knock: Winbox and SSH when knocked\" (accept)"),
            std::string::npos)
      << same.err;
  EXPECT_NE(same.err.find("that is not the profile's own accept (its comment starts with \"knock:office \")"),
            std::string::npos)
      << same.err;
  ASSERT_EQ(knock({"profile", "edit", "office", "--sequence", "tcp:1338 udp:17955"}).code, 0);
  const Result placed =
      knock({"profile", "export", "--to", "routeros", "--export", defconf, "--interface-list", "WAN"});
  EXPECT_EQ(placed.code, 0) << placed.err;
  EXPECT_NE(placed.out.find(
                "place-before=[find where chain=input comment=\"defconf: drop all not coming from LAN\"]"),
            std::string::npos);
  const Result removal = knock({"profile", "export", "office", "--to", "routeros", "--remove"});
  EXPECT_EQ(removal.code, 0) << removal.err;
  EXPECT_NE(removal.out.find("remove [find where comment~\"^knock:office \"]"), std::string::npos);
}

TEST_F(ProfileCli, NewMakesARandomSequenceAndPrintsItsRules) {
  const Result r = knock(
      {"profile", "new", "lab", "--host", "127.0.0.1", "--random-sequence", "3", "--protect", "tcp:22"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("saved lab with a random sequence: ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("/ip firewall filter\nremove [find where comment~\"^knock:lab \"]\n"
                       "add action=add-src-to-address-list"),
            std::string::npos)
      << r.out;
}

TEST_F(ProfileCli, AtNameKnocksAndLaunchesTheProfilesCommand) {
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  boost::asio::io_context io;
  ip::tcp::acceptor service(io, {ip::make_address("127.0.0.1"), 0});
  const std::string port = std::to_string(service.local_endpoint().port());
  knock({"profile", "add", "box", "--host", "127.0.0.1", "--sequence", "udp:9", "--verify", port, "--launch",
         "ssh -p {port} admin@{ip}"});
  const Result r = knock({"@box", "-q"});
  EXPECT_EQ(launcher_.argv, (std::vector<std::string>{"ssh", "-p", port, "admin@127.0.0.1"}));
  EXPECT_EQ(r.code, 127);
  launcher_.argv.clear();
  knock({"@box", "-q", "--", "echo", "{ip}"});
  EXPECT_EQ(launcher_.argv, (std::vector<std::string>{"echo", "127.0.0.1"}));
  EXPECT_EQ(knock({"@box", "--verify", "9", "--retries", "0", "-q"}).code, 1)
      << "the command line overrides the profile";
}

TEST_F(ProfileCli, RunKnocksTwoHundredLoopbackTargetsInParallel) {
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error;
  boost::asio::io_context io;
  ip::udp::socket door(io, {ip::make_address("0.0.0.0"), 0});  // every 127.x address is local
  ip::tcp::acceptor service(io, {ip::make_address("0.0.0.0"), 0});
  const auto udp = door.local_endpoint().port();
  const auto tcp = service.local_endpoint().port();
  {
    std::filesystem::create_directories(dir_);
    std::ofstream f(dir_ / "profiles.toml");
    for (int i = 1; i <= 200; ++i) {
      f << "[profiles.t" << i << "]\nhost = \"127.0.1." << i << "\"\nsequence = \"udp:" << udp
        << ":text:first wait:100ms udp:" << udp << ":text:second\"\ngroup = \"fleet\"\n[profiles.t" << i
        << ".verify]\nport = " << tcp << "\n";
    }
  }
  // Count the datagrams as they come, with room for all 400 in the socket buffer (SO_RCVBUFFORCE: root in
  // the test's own network namespace) should the counter not be scheduled for a while.
  const int room = 8 << 20;
  ::setsockopt(door.native_handle(), SOL_SOCKET, SO_RCVBUFFORCE, &room, sizeof room);
  door.non_blocking(true);
  std::atomic<bool> done{false};
  std::vector<std::string> knocks;  // each datagram's payload ("first" or "second"), in arrival order
  std::thread counter([&] {
    char buf[16];
    boost::system::error_code ec;
    while (!done) {
      const std::size_t n = door.receive(boost::asio::buffer(buf), 0, ec);
      if (!ec)
        knocks.emplace_back(buf, n);
      else
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    for (std::size_t n; n = door.receive(boost::asio::buffer(buf), 0, ec), !ec;)
      knocks.emplace_back(buf, n);
  });
  const Result r = knock({"run", "--group", "fleet", "--parallel", "200", "--json"});
  done = true;
  counter.join();
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("{\"event\":\"summary\",\"profiles\":200,\"granted\":200,\"knocked\":0,\"failed\":0,"
                       "\"exit_code\":0}"),
            std::string::npos)
      << r.out.substr(r.out.size() > 400 ? r.out.size() - 400 : 0);
  EXPECT_EQ(knocks.size(), 400u);
  // The knocks ran at once: many targets had sent their first knock before any sent its second (one after
  // the other, first and second would alternate). Decided by the order, not by the clock.
  const auto first_second = std::find(knocks.begin(), knocks.end(), "second");
  const auto first_knocks = static_cast<std::size_t>(std::count(knocks.begin(), first_second, "first"));
  EXPECT_GE(first_knocks, 10u) << "targets under way before the first second knock";
}

}  // namespace
}  // namespace knock::cli
