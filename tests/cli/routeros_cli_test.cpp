// `knock routeros check` and knock-server on exports they must refuse or read whole: what they print and the
// exit status. Run in-process; every address is data for the parser, nothing is sent.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "knock/cli/cli.hpp"
#include "knock/routeros/firewall.hpp"
#include "knock/server/log.hpp"
#include "knock/server/main.hpp"

namespace knock::cli {
namespace {

struct NoLauncher : core::Launcher {
  core::Error exec(const std::vector<std::string>& a) override {
    return core::make_error(core::Errc::launch_failed, "cannot launch " + a[0]);
  }
};

struct Result {
  int code;
  std::string out, err;
};

Result knock(std::vector<std::string> args) {
  NoLauncher launcher;
  std::ostringstream out, err;
  Io io{out, err, launcher, core::process_environment()};
  args.insert(args.begin(), "knock");
  const int code = run(args, io);
  return {code, out.str(), err.str()};
}

Result knock_server(std::vector<std::string> args) {
  std::ostringstream out, err;
  args.insert(args.begin(), "knock-server");
  const int code = server::server_main(args, out, err);
  return {code, out.str(), err.str()};
}

std::string file(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

const std::string kExamples = std::string(KNOCK_SOURCE_DIR) + "/routeros/examples/";

const std::string kLoop =
    "/ip firewall filter\nadd chain=input action=jump jump-target=a\nadd chain=a action=jump jump-target=b\n"
    "add chain=b action=jump jump-target=a\n";

TEST(RouterosCheckCli, AJumpLoopExitsTwoWithOneLineNamingTheChains) {
  const std::string path = file("loop.rsc", kLoop);
  const Result r = knock({"routeros", "check", path, "tcp:1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "knock: " + path +
                       ": line 4, column 1: /ip firewall filter: rule #2 (jump a) closes a jump loop "
                       "(a -> b -> a): RouterOS refuses loops, and the emulator cannot follow one\n");
  EXPECT_EQ(r.out.find("GRANTED"), std::string::npos);
}

TEST(RouterosCheckCli, AJumpToAMissingChainAndAChainGivenTwiceExitTwo) {
  const Result missing = knock(
      {"routeros", "check",
       file("missing.rsc", "/ip firewall filter add chain=input action=jump jump-target=x\n"), "tcp:1"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("jump-target=x names a chain no rule is in"), std::string::npos) << missing.err;
  const Result twice =
      knock({"routeros", "check",
             file("twice.rsc", "/ip firewall filter add chain=input chain=forward action=drop\n"), "tcp:1"});
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("line 1, column 37: chain= is given twice"), std::string::npos) << twice.err;
  EXPECT_EQ(lines(twice.err), 1u);
}

TEST(RouterosCheckCli, TheTraceShowsHowTheRouterSawTheKnock) {
  const Result r =
      knock({"routeros", "check", kExamples + "defconf.rsc", "tcp:1337", "udp:17954", "--protect", "winbox"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("then connects to tcp:8291;"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  the router: knocks arrive on ether1 (on WAN), addressed to 198.51.100.1\n"
                       "    because ether1 is on the WAN list\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("tcp 127.0.0.1:40000 > 198.51.100.1:1337 [syn]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  note: rule #6 \"defconf: accept to local loopback (for CAPsMAN)\""),
            std::string::npos);
  const Result one = knock({"routeros", "check", kExamples + "defconf.rsc", "tcp:1337"});
  EXPECT_EQ(one.code, 1) << one.out;
}

TEST(RouterosCheckCli, ToLoopbackIsWhatTheUserAskedForAndIsWarnedAbout) {
  const Result r = knock({"routeros", "check", kExamples + "defconf.rsc", "tcp:1337", "--to", "127.0.0.1"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("decided here only because --to addresses the knock to 127.0.0.1"), std::string::npos)
      << r.out;
}

TEST(RouterosCheckCli, ProtectByNameTakesThePortFromTheExport) {
  const std::string path = file("moved.rsc",
                                "/ip service set winbox port=18291\n/ip firewall filter\n"
                                "add chain=input action=accept protocol=tcp dst-port=18291\n");
  const Result r = knock({"routeros", "check", path, "tcp:1", "--protect", "winbox", "--json"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\"label\":\"connection tcp:18291\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"view\":\"ether1 (on no interface list), addressed to 198.51.100.1\""),
            std::string::npos);
  EXPECT_EQ(knock({"routeros", "check", path, "tcp:1", "--protect", "winbux"}).code, 2);
}

// A drop with time= between the knock and its accept: whether the router drops the connection there
// cannot be told, so check says DENIED (exit 1), why, and how to go on; for another port it is decided.
const std::string kOfficeHours =
    "/ip firewall filter\n"
    "add action=add-src-to-address-list address-list=ok address-list-timeout=1h chain=input dst-port=1337 "
    "protocol=tcp\n"
    "add action=drop chain=input comment=\"no ssh after hours\" dst-port=22 protocol=tcp time=17h-8h\n"
    "add action=accept chain=input src-address-list=ok\nadd action=drop chain=input\n";

TEST(RouterosCheckCli, AnUndecidableRuleIsDeniedNamedAndExplained) {
  const std::string path = file("office-hours.rsc", kOfficeHours);
  const Result r = knock({"routeros", "check", path, "tcp:1337", "--protect", "tcp:22"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_EQ(r.out.find("GRANTED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DENIED (undecided): connection tcp:22 from 127.0.0.1 at +0s is undecided: rule #1 "
                       "\"no ssh after hours\" (drop) uses time=17h-8h, which the emulator cannot evaluate"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("-> undecided, so counted as dropped: rule #1"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("  why: to go on: if rule #1 \"no ssh after hours\" (drop) never applies when you knock"),
      std::string::npos)
      << r.out;
  const Result json = knock({"routeros", "check", path, "tcp:1337", "--protect", "tcp:22", "--json"});
  EXPECT_EQ(json.code, 1);
  EXPECT_NE(json.out.find("\"undecided\":\"rule #1 \\\"no ssh after hours\\\""), std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"verdict\":\"undecided\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"undecided_rule\":1"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"undecided_step\":1"), std::string::npos) << json.out;

  const Result other = knock({"routeros", "check", path, "tcp:1337", "--protect", "tcp:8291", "--json"});
  EXPECT_EQ(other.code, 0) << other.out;
  EXPECT_NE(other.out.find("\"undecided\":null"), std::string::npos) << other.out;
}

TEST(KnockServerLog, AnUndecidedPacketIsLoggedWithItsReasonEvenWithoutPacketLogging) {
  auto c = routeros::load_config(kOfficeHours);
  ASSERT_TRUE(c);
  routeros::Firewall fw(*c, {}, routeros::Time{0});
  routeros::Packet p;
  p.src = boost::asio::ip::make_address("192.0.2.7");
  p.dst = boost::asio::ip::make_address("127.0.0.1");
  p.protocol = 6;
  p.src_port = 50000;
  p.dst_port = 22;
  p.tcp_flags = routeros::kSyn;
  p.size = 60;
  const routeros::Verdict v = fw.evaluate(p, routeros::Time{0});
  ASSERT_TRUE(v.is_undecided());
  std::ostringstream human, json;
  server::EventLog(human, false, false).packet(1, p, v, true);
  server::EventLog(json, true, false).packet(1, p, v, true);
  EXPECT_NE(
      human.str().find("-> undecided, so counted as dropped: rule #1 \"no ssh after hours\" (drop) uses "
                       "time=17h-8h"),
      std::string::npos)
      << human.str();
  EXPECT_NE(json.str().find("\"verdict\":\"undecided\""), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"undecided_rule\":1"), std::string::npos) << json.str();
  p.dst_port = 8291;  // decided: only with packet logging
  std::ostringstream quiet;
  server::EventLog(quiet, false, false).packet(1, p, fw.evaluate(p, routeros::Time{0}), true);
  EXPECT_EQ(quiet.str(), "");
}

const std::string kDefconf = kExamples + "defconf.rsc";

TEST(RouterosRulesCli, WithTheExportTheRulesArePlacedWhereTheyWorkAndSayWhere) {
  const Result r = knock({"routeros", "rules", "tcp:4001", "udp:4002", "--protect", "winbox", "--name",
                          "office", "--interface-list", "WAN", "--export", kDefconf});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("# IPv4: placed before rule #7 \"defconf: drop all not coming from LAN\" (drop), the "
                       "first rule of " +
                       kDefconf + " that decides knock 1 tcp:4001.\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("comment=\"knock:office access to tcp 8291\" dst-port=8291 in-interface-list=\"WAN\" "
                       "protocol=tcp src-address-list=\"knock:office:access\" place-before=[find where "
                       "chain=input comment=\"defconf: drop all not coming from LAN\"]\n"),
            std::string::npos)
      << "--protect winbox is the port the export's /ip service gives it";
  EXPECT_NE(r.out.find("# Enter Safe Mode before you paste (Ctrl-X in the terminal"), std::string::npos);
  EXPECT_EQ(r.out.find("destination=N"), std::string::npos);
}

TEST(RouterosRulesCli, RulesThatWouldCutOffTheLanAreNotPrinted) {
  const Result r =
      knock({"routeros", "rules", "tcp:4001", "udp:4002", "--protect", "tcp:8291", "--export", kDefconf});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "") << "nothing to paste";
  EXPECT_NE(
      r.err.find("knock: the rules would not work on " + kDefconf +
                 ", so none are printed:\n"
                 "knock:   a new connection from the LAN (192.168.88.2 on bridge) to tcp:8291 keeps its "
                 "access (IPv4): connection tcp:8291 from 192.168.88.2 at +0s is dropped by rule #10"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("limit the rules to the WAN side with --interface-list WAN"), std::string::npos);
}

TEST(RouterosRulesCli, DiffShowsTheTableAfterTheChangeAndTheDryRun) {
  const Result r = knock({"routeros", "rules", "tcp:4001", "udp:4002", "--protect", "tcp:8291", "--ipv6",
                          "--interface-list", "WAN", "--export", kDefconf, "--diff"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("/ip firewall filter of " + kDefconf + " after the change (+ added, - removed):\n"),
            std::string::npos);
  EXPECT_NE(
      r.out.find("  + add action=drop chain=input comment=\"knock:default drop new tcp 8291 without the "
                 "knock\" connection-state=new dst-port=8291 in-interface-list=WAN protocol=tcp\n"
                 "    add action=drop chain=input comment=\"defconf: drop all not coming from LAN\""),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("/ipv6 firewall filter of "), std::string::npos);
  for (const char* trial :
       {"  ok    the knock opens tcp:8291 (IPv4): connection tcp:8291 from 127.0.0.1",
        "  ok    near miss, knock 2 on port 4003 instead of 4002: tcp:8291 stays shut (IPv4)",
        "  ok    a new connection from the LAN (192.168.88.2 on bridge) to tcp:8291 keeps its "
        "access (IPv4)",
        "  ok    an open session from outside (127.0.0.1) to tcp:8291 survives (IPv4)",
        "  ok    the knock opens tcp:8291 (IPv6)"}) {
    EXPECT_NE(r.out.find(trial), std::string::npos) << trial << "\n" << r.out;
  }
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos);
  EXPECT_NE(r.out.find(" passed: paste the rules"), std::string::npos);
}

TEST(RouterosRulesCli, RemovePrintsTheScriptThatTakesTheRulesAway) {
  const Result r = knock({"routeros", "rules", "--remove", "--name", "office"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("/ip firewall filter\nremove [find where comment~\"^knock:office \"]\n"
                       "/ipv6 firewall filter\nremove [find where comment~\"^knock:office \"]\n"),
            std::string::npos)
      << r.out;
}

TEST(RouterosRulesCli, AnExportWithoutIpv6RulesIsWarnedAbout) {
  const Result r =
      knock({"routeros", "rules", "tcp:4001", "--protect", "tcp:22", "--export", kExamples + "seed.rsc"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("knock: warning: " + kExamples +
                       "seed.rsc has no /ipv6 firewall filter rules: tcp:22 is open to everyone over IPv6"),
            std::string::npos)
      << r.err;
  const Result twin = knock(
      {"routeros", "rules", "tcp:4001", "--protect", "tcp:22", "--ipv6", "--export", kExamples + "seed.rsc"});
  EXPECT_EQ(twin.err.find("over IPv6"), std::string::npos) << twin.err;
  const Result check = knock({"routeros", "check", kExamples + "seed.rsc", "tcp:1337", "udp:17954"});
  EXPECT_NE(
      check.out.find("warning: the export has no /ipv6 firewall filter rules: tcp:8291 is open to everyone "
                     "over IPv6"),
      std::string::npos)
      << check.out;
}

TEST(RouterosRulesCli, DoorsThatOpenWithoutTheKnockAreRefusedAndCheckNamesThem) {
  const Result own = knock({"routeros", "rules", "tcp:22", "--protect", "tcp:22"});
  EXPECT_EQ(own.code, 2);
  EXPECT_EQ(
      own.err,
      "knock: step 1 tcp:22 knocks on tcp:22, a port the rules protect: a connection's own SYN would count "
      "as that knock (the connection would open the door for itself); knock on a port nothing connects to\n");
  const Result repeated = knock({"routeros", "rules", "tcp:1", "tcp:1", "tcp:1", "--protect", "tcp:22"});
  EXPECT_EQ(repeated.code, 2);
  EXPECT_NE(repeated.err.find("steps 1 and 2 (tcp:1, tcp:1) match the same packet"), std::string::npos);
  const std::string door = file("door.rsc",
                                "/ip firewall filter\n"
                                "add action=add-src-to-address-list address-list=ok address-list-timeout=1h "
                                "chain=input protocol=tcp dst-port=22\n"
                                "add action=accept chain=input protocol=tcp dst-port=22 src-address-list=ok\n"
                                "add action=drop chain=input protocol=tcp dst-port=22\n");
  const Result check = knock({"routeros", "check", door, "tcp:22", "--protect", "tcp:22"});
  EXPECT_NE(check.out.find("warning: a connection to tcp:22 counts as a knock"), std::string::npos)
      << check.out;
}

TEST(KnockServerCli, RefusesToStartOnAJumpLoop) {
  const std::string path = file("server-loop.rsc", kLoop);
  const Result r = knock_server({"--rules", path, "--service", "8291"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "knock-server: " + path +
                       ": line 4, column 1: /ip firewall filter: rule #2 (jump a) closes a "
                       "jump loop (a -> b -> a): RouterOS refuses loops, and the emulator "
                       "cannot follow one\n");
  EXPECT_EQ(r.out, "") << "no ready line";
}

TEST(KnockServerCli, BadServiceNamesAndTwoAddressesOfAFamilyAreBadInput) {
  const std::string rules = kExamples + "defconf.rsc";
  const Result service = knock_server({"--rules", rules, "--service", "winbux"});
  EXPECT_EQ(service.code, 2);
  EXPECT_NE(service.err.find("--service"), std::string::npos) << service.err;
  const Result to = knock_server({"--rules", rules, "--to", "192.0.2.1", "--to", "192.0.2.2"});
  EXPECT_EQ(to.code, 2);
  EXPECT_NE(to.err.find("--to: 192.0.2.2 is the second IPv4 address"), std::string::npos) << to.err;
}

}  // namespace
}  // namespace knock::cli
