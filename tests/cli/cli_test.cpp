// The knock command run in-process: what it prints and the exit status, for good and bad input.
#include "knock/cli/cli.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

extern std::string g_netns_error;

namespace knock::cli {
namespace {

namespace ip = boost::asio::ip;

#define REQUIRE_PRIVATE_NETWORK() \
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error

struct RecordingLauncher : core::Launcher {
  std::vector<std::string> argv;
  core::Error exec(const std::vector<std::string>& a) override {
    argv = a;
    return core::make_error(core::Errc::launch_failed,
                            "cannot launch " + a[0] + ": No such file or directory");
  }
};

struct Result {
  int code;
  std::string out, err;
};

Result knock(std::vector<std::string> args, RecordingLauncher* launcher = nullptr) {
  RecordingLauncher fallback;
  std::ostringstream out, err;
  Io io{out, err, launcher ? *launcher : fallback, core::process_environment()};
  args.insert(args.begin(), "knock");
  const int code = run(args, io);
  return {code, out.str(), err.str()};
}

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST(Cli, HelpShowsUsageStepsExamplesAndExitCodes) {
  const Result r = knock({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("Usage: knock [OPTIONS] HOST STEP... [-- COMMAND...]"), std::string::npos);
  EXPECT_NE(r.out.find("knock router.example.net tcp:1337 udp:17954"), std::string::npos);
  EXPECT_NE(r.out.find("130  interrupted"), std::string::npos);
  EXPECT_NE(r.out.find("--verify PORT"), std::string::npos);
  EXPECT_EQ(knock({"help"}).out, r.out);
}

TEST(Cli, VersionPrintsTheVersion) {
  const Result r = knock({"-V"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "knock " KNOCK_VERSION "\n");
}

TEST(Cli, KnocksQuietlyByDefaultWithOneSummaryLine) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::udp::socket sink(io, {ip::make_address("127.0.0.1"), 0});
  const std::string port = std::to_string(sink.local_endpoint().port());
  const Result r = knock({"127.0.0.1", "tcp:1337", "udp:" + port});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("knocked 127.0.0.1: 2 knocks (", 0), 0u) << r.out;
  EXPECT_EQ(lines(r.out), 1u);
  EXPECT_EQ(r.out.find(port), std::string::npos) << "the port is a secret";
  EXPECT_EQ(knock({"-q", "127.0.0.1", "udp:" + port}).out, "");
}

TEST(Cli, VerboseShowsEveryPacketWithSecretsHiddenUnlessAsked) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::udp::socket sink(io, {ip::make_address("127.0.0.1"), 0});
  const std::string step = "udp:" + std::to_string(sink.local_endpoint().port()) + ":text:open-sesame";
  const Result hidden = knock({"-v", "localhost", "-4", step});
  EXPECT_EQ(hidden.code, 0) << hidden.err;
  EXPECT_NE(hidden.out.find("knocking localhost (127.0.0.1, IPv4) with 1 knock"), std::string::npos)
      << hidden.out;
  EXPECT_NE(hidden.out.find("step 1/1  udp:***:<11 bytes> -> 127.0.0.1  sent"), std::string::npos)
      << hidden.out;
  EXPECT_EQ(hidden.out.find("open-sesame"), std::string::npos);
  const Result shown = knock({"-v", "--show-secrets", "127.0.0.1", step});
  EXPECT_NE(shown.out.find(step + " -> 127.0.0.1  sent"), std::string::npos) << shown.out;
}

TEST(Cli, DryRunPrintsThePlanAndTheCommandAndSendsNothing) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::udp::socket sink(io, {ip::make_address("127.0.0.1"), 0});
  sink.non_blocking(true);
  const std::string port = std::to_string(sink.local_endpoint().port());
  RecordingLauncher launcher;
  const Result r = knock({"--dry-run", "-d", "50", "--verify", "22", "127.0.0.1", "tcp:1337", "udp:" + port,
                          "--", "ssh", "-p", "{port}", "admin@{ip}"},
                         &launcher);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "plan for 127.0.0.1 (127.0.0.1):\n"
            "      +0.000 ms  tcp:1337  (one SYN, no handshake)\n"
            "     +50.000 ms  udp:" +
                port +
                "  (one datagram)\n"
                "then verify tcp port 22: up to 3 attempts, 2s each\n"
                "nothing sent (--dry-run)\n"
                "would run: ssh -p 22 admin@127.0.0.1\n");
  EXPECT_TRUE(launcher.argv.empty());
  char buf[8];
  boost::system::error_code ec;
  sink.receive(boost::asio::buffer(buf), 0, ec);
  EXPECT_EQ(ec, boost::asio::error::would_block);
}

TEST(Cli, JsonLinesDescribeEveryEvent) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::tcp::acceptor service(io, {ip::make_address("127.0.0.1"), 0});
  const std::string port = std::to_string(service.local_endpoint().port());
  const Result r = knock({"--json", "--verify", port, "127.0.0.1", "tcp:1337", "udp:17954"});
  EXPECT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::vector<std::string> events;
  for (std::string line; std::getline(in, line);) {
    ASSERT_EQ(line.front(), '{');
    ASSERT_EQ(line.back(), '}');
    events.push_back(line.substr(0, line.find(',')));
  }
  EXPECT_EQ(events,
            (std::vector<std::string>{"{\"event\":\"plan\"", "{\"event\":\"step\"", "{\"event\":\"step\"",
                                      "{\"event\":\"verify\"", "{\"event\":\"done\""}));
  EXPECT_NE(r.out.find("\"status\":\"granted\",\"exit_code\":0"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("1337"), std::string::npos) << "the sequence is a secret";
  EXPECT_NE(knock({"--json", "--show-secrets", "127.0.0.1", "tcp:1337"}).out.find("\"step\":\"tcp:1337\""),
            std::string::npos);
}

TEST(Cli, JsonReportsErrorsAsAnEventToo) {
  const Result r = knock({"--json", "127.0.0.1", "tcp:0"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out,
            "{\"event\":\"error\",\"exit_code\":2,\"error\":\"step 'tcp:0': port 0 is out of range (expected "
            "1-65535)\"}\n");
}

TEST(Cli, NotVerifiedExitsOne) {
  REQUIRE_PRIVATE_NETWORK();
  const Result r = knock({"--verify", "9", "--retries", "0", "127.0.0.1", "tcp:1337"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "knock: knocked, but tcp port 9 on 127.0.0.1 answered at once with a reset (connection refused): "
            "nothing "
            "listens there, or a firewall rule rejects it with tcp-reset; on a router, the service may be "
            "off or on "
            "another port (see /ip service)\n");
}

TEST(Cli, LaunchesTheCommandWithTheResolvedAddressAfterAccess) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::tcp::acceptor service(io, {ip::make_address("::1"), 0});
  const std::string port = std::to_string(service.local_endpoint().port());
  RecordingLauncher launcher;
  const Result r =
      knock({"--verify", port, "[::1]", "tcp:1337", "--", "ssh", "-p", "{port}", "admin@{ip}", "{host}"},
            &launcher);
  EXPECT_EQ(launcher.argv, (std::vector<std::string>{"ssh", "-p", port, "admin@::1", "[::1]"}));
  EXPECT_EQ(r.code, 127);  // the recording launcher "fails" like a missing program
  EXPECT_NE(r.err.find("cannot launch ssh"), std::string::npos);
}

TEST(Cli, DoesNotLaunchWhenAccessIsNotVerified) {
  REQUIRE_PRIVATE_NETWORK();
  RecordingLauncher launcher;
  const Result r =
      knock({"--verify", "9", "--retries", "0", "127.0.0.1", "tcp:1", "--", "ssh", "{ip}"}, &launcher);
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(launcher.argv.empty());
}

}  // namespace
}  // namespace knock::cli

namespace knock::cli {
namespace {

const std::string kSeed = std::string(KNOCK_SOURCE_DIR) + "/routeros/examples/seed.rsc";

TEST(CliRouterOs, RulesPrintsAScriptThatChecksOut) {
  const Result r =
      knock({"routeros", "rules", "tcp:1337", "udp:17954", "--protect", "tcp:8291", "--timeouts", "15s,3h"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("/ip firewall filter\nremove [find where comment~\"^knock:default \"]\n"
                       "add action=add-src-to-address-list address-list=\"knock:default:access\" "
                       "address-list-timeout=3h"),
            std::string::npos)
      << r.out;
  const std::string v6_removal = "/ipv6 firewall filter\nremove [find where comment~\"^knock:default \"]\n";
  EXPECT_EQ(r.out.find("/ipv6"), r.out.size() - v6_removal.size()) << "only an earlier IPv6 twin is removed";
  EXPECT_NE(knock({"routeros", "rules", "tcp:1", "--protect", "22", "--ipv6"})
                .out.find("/ipv6 firewall filter\nremove [find where comment~\"^knock:default \"]\nadd "),
            std::string::npos);
}

TEST(CliRouterOs, CheckExitsZeroWhenGrantedAndOneWhenNot) {
  const Result ok = knock({"routeros", "check", kSeed, "tcp:1337", "udp:17954"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("GRANTED: connection tcp:8291 from 127.0.0.1"), std::string::npos) << ok.out;
  const Result late = knock({"routeros", "check", kSeed, "tcp:1337", "udp:17954", "--delay", "16s"});
  EXPECT_EQ(late.code, 1);
  EXPECT_NE(late.out.find("DENIED:"), std::string::npos);
  EXPECT_NE(
      late.out.find("why: 127.0.0.1 was put on \"knock-knock\" by step 1 tcp:1337 at +0s, but that entry "
                    "expired at +15s"),
      std::string::npos)
      << late.out;
  const Result json = knock({"routeros", "check", "--json", kSeed, "udp:17954", "tcp:1337"});
  EXPECT_EQ(json.code, 1);
  EXPECT_EQ(
      json.out.rfind("{\"granted\":false,\"exit_code\":1,\"steps\":[{\"label\":\"step 1 udp:17954\"", 0), 0u)
      << json.out;
}

TEST(CliRouterOs, BadInputExitsTwoWithOneLine) {
  const auto one_line = [](const Result& r, int code, std::string_view what) {
    EXPECT_EQ(r.code, code) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
  };
  one_line(knock({"routeros", "check", "/nonexistent/export.rsc", "tcp:1"}), 2,
           "cannot read '/nonexistent/export.rsc'");
  one_line(knock({"routeros", "rules", "tcp:1"}), 2, "--protect is required");
  one_line(knock({"routeros", "rules", "tcp:0", "--protect", "22"}), 2, "port 0 is out of range");
  one_line(knock({"routeros", "rules", "tcp:1", "--protect", "sctp:22"}), 2,
           "--protect: 'sctp:22' is not a service port");
  one_line(knock({"routeros", "rules", "tcp:1", "udp:2", "--protect", "22", "--timeouts", "1x"}), 2,
           "--timeouts:");
  one_line(knock({"routeros", "check", kSeed, "tcp:1", "--from", "nowhere"}), 2,
           "--from: 'nowhere' is not an IPv4 or IPv6 address");
  one_line(knock({"routeros", "frobnicate"}), 2, "frobnicate");
  one_line(knock({"routeros"}), 2, "subcommand");
}

TEST(CliRouterOs, CheckNamesTheLineAndColumnOfABadExport) {
  const std::string path = ::testing::TempDir() + "/bad.rsc";
  {
    std::ofstream f(path);
    f << "/ip firewall filter\nadd chain=input dst-prot=22\n";
  }
  const Result r = knock({"routeros", "check", path, "tcp:1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "knock: " + path + ": line 2, column 17: unknown key 'dst-prot' in /ip firewall filter add\n");
}

}  // namespace
}  // namespace knock::cli
