// The engine on real loopback sockets, each test in a private network namespace (see netns_main.cpp).
#include "knock/core/knocker.hpp"

#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/icmp.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>

#include "loopback.hpp"
#include "netns.hpp"
#include "virtual_clock.hpp"

namespace knock::core {
namespace {

namespace ip = boost::asio::ip;
using Clock = std::chrono::steady_clock;

struct Recorder : Observer {
  std::vector<StepEvent> steps;
  std::vector<VerifyEvent> verifies;
  std::vector<int> reknocks;
  int plans = 0;
  void on_plan(const KnockPlan&) override { ++plans; }
  void on_step(const StepEvent& e) override { steps.push_back(e); }
  void on_verify(const VerifyEvent& e) override { verifies.push_back(e); }
  void on_reknock(int round) override { reknocks.push_back(round); }
};

KnockRequest request(std::string host, std::string_view steps, PlanOptions options = {}) {
  auto seq = parse_sequence(steps);
  EXPECT_TRUE(seq) << (seq ? "" : seq.error().message);
  return KnockRequest{std::move(host), seq ? *seq : Sequence{}, options, false, true};
}

// The run on a virtual clock: delays, retry pauses and timeouts pass at once, in order.
Outcome run_virtual(KnockRequest r, Observer& observer, test::VirtualClock& clock) {
  boost::asio::io_context io;
  Knocker knocker(io.get_executor(), clock);
  r.spin = Duration{0};  // nothing to busy-wait for on a clock that moves only between handlers
  Outcome out;
  knocker.start(std::move(r), observer, [&](Outcome o) { out = std::move(o); });
  test::run_in_virtual_time(io, clock);
  return out;
}

// Wine completes socket operations through its server, after the system call: a virtual clock could run
// ahead of a loopback reset there.
#define REQUIRE_SYNCHRONOUS_LOOPBACK() \
  if (test::running_under_wine()) GTEST_SKIP() << "Wine completes loopback I/O asynchronously"

using test::UdpSink;

TEST(Knocker, UdpPayloadsArriveInOrder) {
  REQUIRE_PRIVATE_NETWORK();
  UdpSink sink;
  const std::string p = std::to_string(sink.port());
  Recorder rec;
  const Outcome out = run_knock(request("127.0.0.1", "udp:" + p + ":text:one udp:" + p +
                                                         ":hex:74776f udp:" + p + ":b64:dGhyZWU= udp:" + p),
                                rec);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  const auto got = sink.drain();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].first, "one");
  EXPECT_EQ(got[1].first, "two");
  EXPECT_EQ(got[2].first, "three");
  EXPECT_EQ(got[3].first, "");
  EXPECT_EQ(rec.steps.size(), 4u);
  EXPECT_EQ(rec.plans, 1);
}

TEST(Knocker, Ipv6LoopbackWorksWithAndWithoutBrackets) {
  REQUIRE_PRIVATE_NETWORK();
  UdpSink sink("::1");
  Recorder rec;
  EXPECT_EQ(run_knock(request("::1", "udp:" + std::to_string(sink.port()) + ":text:a"), rec).status,
            Errc::ok);
  EXPECT_EQ(run_knock(request("[::1]", "udp:" + std::to_string(sink.port()) + ":text:b"), rec).status,
            Errc::ok);
  const auto got = sink.drain();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].first + got[1].first, "ab");
}

TEST(Knocker, SourceBindingSetsTheSenderAddress) {
  REQUIRE_PRIVATE_NETWORK();
  if (test::running_under_wine())
    GTEST_SKIP() << "Wine sends UDP from the interface's address, not the bound one";
  UdpSink sink;
  Recorder rec;
  PlanOptions o;
  o.source = ip::make_address("127.0.0.2");
  ASSERT_EQ(run_knock(request("127.0.0.1", "udp:" + std::to_string(sink.port()), o), rec).status, Errc::ok);
  const auto got = sink.drain();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second.address().to_string(), "127.0.0.2");
}

TEST(Knocker, DelaysAreBetweenStartsAndNothingWaitsAfterTheLastKnock) {
  REQUIRE_PRIVATE_NETWORK();
  UdpSink sink;
  const std::string p = std::to_string(sink.port());
  Recorder rec;
  test::VirtualClock clock;
  const Outcome out = run_virtual(
      request("127.0.0.1", "udp:" + p + " udp:" + p + " wait:100ms udp:" + p, {.delay = 200ms}), rec, clock);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  ASSERT_EQ(rec.steps.size(), 3u);
  // Each knock leaves at its absolute deadline.
  EXPECT_EQ(rec.steps[1].sent, 200ms);
  EXPECT_EQ(rec.steps[2].sent, 500ms);
  EXPECT_EQ(rec.steps[2].scheduled, 500ms);
  // The run ends with the last knock, not a delay later.
  EXPECT_EQ(out.elapsed, rec.steps[2].sent);
  EXPECT_EQ(sink.drain().size(), 3u);
}

TEST(Knocker, TimersOnTheRealClockNeverFireEarly) {
  REQUIRE_PRIVATE_NETWORK();
  UdpSink sink;
  const std::string p = std::to_string(sink.port());
  Recorder rec;
  const Outcome out = run_knock(request("127.0.0.1", "udp:" + p + " udp:" + p, {.delay = 50ms}), rec);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  ASSERT_EQ(rec.steps.size(), 2u);
  EXPECT_GE(rec.steps[1].sent, 50ms);
}

TEST(Knocker, TcpKnockToAClosedPortIsOneSynAndReturnsPromptly) {
  REQUIRE_PRIVATE_NETWORK();
  const unsigned short port = 1337;
  if (auto why = test::count_syns(port, false); !why.empty()) GTEST_SKIP() << why;
  Recorder rec;
  const Outcome out = run_knock(request("127.0.0.1", "tcp:1337"), rec);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  // Decided by the SYNs, not by the clock: one, never a retransmission (a closed port answers with a reset,
  // so here even a waiting connect ends at once; the port that drops SYNs below is the one that tells).
  std::this_thread::sleep_for(1200ms);
  EXPECT_EQ(test::syn_count(port), 1);
}

TEST(Knocker, TcpKnockToAPortThatDropsSynsIsOneSynAndReturnsPromptly) {
  REQUIRE_PRIVATE_NETWORK();
  const unsigned short port = 8291;
  if (auto why = test::count_syns(port, true); !why.empty()) GTEST_SKIP() << why;
  Recorder rec;
  const Outcome out = run_knock(request("127.0.0.1", "tcp:8291 tcp:8291"), rec);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  std::this_thread::sleep_for(1200ms);  // past the kernel's first SYN retransmission
  EXPECT_EQ(test::syn_count(port), 2);  // one per knock, no retransmissions: neither socket waited
}

TEST(Knocker, ConnectStepDoesAHandshakeAndSendsThePayload) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::tcp::acceptor acceptor(io, {ip::make_address("127.0.0.1"), 0});
  std::string received;
  std::thread server([&] {
    ip::tcp::socket s = acceptor.accept();
    boost::system::error_code ec;
    char buf[64];
    for (;;) {
      const auto n = s.read_some(boost::asio::buffer(buf), ec);
      if (ec) break;
      received.append(buf, n);
    }
  });
  Recorder rec;
  const Outcome out = run_knock(
      request("127.0.0.1", "connect:" + std::to_string(acceptor.local_endpoint().port()) + ":text:hello"),
      rec);
  server.join();
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  EXPECT_EQ(received, "hello");
}

// A connect: step whose handshake gets no answer is still a knock (its SYN went out): the rest of the
// sequence is sent, and the step says what came back.
TEST(Knocker, ConnectStepToADroppingPortIsStillAKnockAndTheRestIsSent) {
  REQUIRE_PRIVATE_NETWORK();
  if (auto why = test::count_syns(2222, true); !why.empty()) GTEST_SKIP() << why;
  UdpSink sink;
  Recorder rec;
  test::VirtualClock clock;
  const Outcome out = run_virtual(
      request("127.0.0.1", "connect:2222 udp:" + std::to_string(sink.port()), {.connect_timeout = 100ms}),
      rec, clock);
  EXPECT_EQ(out.status, Errc::ok) << out.message;
  ASSERT_EQ(rec.steps.size(), 2u);
  EXPECT_FALSE(rec.steps[0].error);
  EXPECT_EQ(rec.steps[0].detail, "connect timed out after 100ms");
  EXPECT_EQ(sink.drain().size(), 1u);
}

TEST(Knocker, VerifyGrantedOnTheFirstAttempt) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::tcp::acceptor acceptor(io, {ip::make_address("127.0.0.1"), 0});  // the listen backlog completes it
  Recorder rec;
  PlanOptions o;
  o.verify = VerifyOptions{.port = acceptor.local_endpoint().port(), .timeout = 1s, .retries = 2};
  const Outcome verified = run_knock(request("127.0.0.1", "tcp:1337", o), rec);
  ASSERT_EQ(verified.status, Errc::ok) << verified.message;
  EXPECT_TRUE(verified.verified);
  ASSERT_EQ(rec.verifies.size(), 1u);
  EXPECT_TRUE(rec.verifies[0].granted);
  EXPECT_EQ(verified.address->to_string(), "127.0.0.1");
}

TEST(Knocker, VerifyRetriesThenReportsNotVerified) {
  REQUIRE_PRIVATE_NETWORK();
  if (auto why = test::count_syns(8729, true); !why.empty()) GTEST_SKIP() << why;
  Recorder rec;
  PlanOptions o;
  o.verify = VerifyOptions{.port = 8729, .timeout = 2s, .retries = 2};
  test::VirtualClock clock;
  const Outcome out = run_virtual(request("127.0.0.1", "tcp:1337", o), rec, clock);
  EXPECT_EQ(out.status, Errc::not_verified);
  EXPECT_EQ(exit_code(out.status), 1);
  ASSERT_EQ(rec.verifies.size(), 3u);
  EXPECT_EQ(rec.verifies[2].attempt, 3);
  EXPECT_EQ(rec.verifies[2].detail, "timed out after 2s");
  EXPECT_EQ(out.message,
            "knocked, but tcp port 8729 on 127.0.0.1 did not answer after 3 attempts (timed out after 2s)");
  EXPECT_EQ(out.rounds, 1);
  EXPECT_EQ(clock.elapsed(), 6s) << "three attempts of 2s each, back to back";
}

// A reset is an answer: the firewall let the probe through and nothing listens. Retrying would not help.
TEST(Knocker, AVerifyAnsweredByAResetSaysSoAndStops) {
  REQUIRE_PRIVATE_NETWORK();
  REQUIRE_SYNCHRONOUS_LOOPBACK();
  Recorder rec;
  PlanOptions o;
  o.verify = VerifyOptions{.port = 9, .timeout = 2s, .retries = 2};
  test::VirtualClock clock;
  const Outcome out = run_virtual(request("127.0.0.1", "tcp:1337", o), rec, clock);
  EXPECT_EQ(out.status, Errc::not_verified);
  ASSERT_EQ(rec.verifies.size(), 1u);
  EXPECT_EQ(rec.verifies[0].detail, "connection refused");
  EXPECT_NE(out.message.find("answered at once with a reset (connection refused): nothing listens there"),
            std::string::npos)
      << out.message;
  EXPECT_EQ(clock.elapsed(), 0s);
}

TEST(Knocker, BothFamiliesAreVerified) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  ip::tcp::acceptor v4(io, {ip::make_address("127.0.0.1"), 0});
  const unsigned short port = v4.local_endpoint().port();
  ip::tcp::acceptor v6(io);
  boost::system::error_code ec;
  v6.open(ip::tcp::v6(), ec);
  if (!ec) v6.bind({ip::make_address("::1"), port}, ec);
  if (!ec) v6.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) GTEST_SKIP() << "no IPv6 loopback listener here: " << ec.message();
  if (auto why = test::dual_stack_name("both.knock.test"); !why.empty()) GTEST_SKIP() << why;
  Recorder rec;
  PlanOptions o;
  o.family = Family::both;
  o.verify = VerifyOptions{.port = port, .timeout = 1s, .retries = 0};
  KnockRequest r = request("both.knock.test", "udp:9", o);
  const Outcome out = run_knock(r, rec);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  EXPECT_TRUE(out.verified);
  EXPECT_EQ(rec.verifies.size(), 2u) << "one probe per family knocked";
}

TEST(Knocker, VerifyTimesOutWhenSynsAreDropped) {
  REQUIRE_PRIVATE_NETWORK();
  if (auto why = test::count_syns(8728, true); !why.empty()) GTEST_SKIP() << why;
  Recorder rec;
  PlanOptions o;
  o.verify = VerifyOptions{.port = 8728, .timeout = 2s, .retries = 1};
  test::VirtualClock clock;
  const Outcome out = run_virtual(request("127.0.0.1", "tcp:1337", o), rec, clock);
  EXPECT_EQ(out.status, Errc::not_verified);
  ASSERT_EQ(rec.verifies.size(), 2u);
  EXPECT_EQ(rec.verifies[0].detail, "timed out after 2s");
  EXPECT_EQ(rec.verifies[1].took, 2s);
  EXPECT_EQ(clock.elapsed(), 4s);
}

// A door that opens the service only after the second round of knocks: verify must re-knock to get in.
// The door listens on the engine's own io_context, so in virtual time it hears each knock before the
// clock moves on.
TEST(Knocker, ReknockBeforeRetryOpensALateDoor) {
  REQUIRE_PRIVATE_NETWORK();
  REQUIRE_SYNCHRONOUS_LOOPBACK();
  boost::asio::io_context io;
  ip::udp::socket door(io, {ip::make_address("127.0.0.1"), 0});
  ip::tcp::acceptor service(io);
  const unsigned short door_port = door.local_endpoint().port();
  char buf[16];
  int knocks = 0;
  std::function<void()> listen = [&] {
    door.async_receive(boost::asio::buffer(buf), [&](const boost::system::error_code& ec, std::size_t) {
      if (ec) return;
      if (++knocks < 2) return listen();
      const ip::tcp::endpoint ep(ip::make_address("127.0.0.1"), 18291);
      service.open(ep.protocol());
      service.bind(ep);
      service.listen();
    });
  };
  listen();
  Recorder rec;
  PlanOptions o;
  o.verify = VerifyOptions{.port = 18291, .timeout = 2s, .retries = 4, .reknock = true};
  test::VirtualClock clock;
  Knocker knocker(io.get_executor(), clock);
  KnockRequest r = request("127.0.0.1", "udp:" + std::to_string(door_port), o);
  r.spin = Duration{0};
  Outcome out;
  knocker.start(std::move(r), rec, [&](Outcome done) { out = std::move(done); });
  test::run_in_virtual_time(io, clock);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  EXPECT_TRUE(out.verified);
  // The probe right after round 2 may beat the door's opening (as against a router), so a third round is
  // fine.
  EXPECT_GE(out.rounds, 2);
  EXPECT_EQ(rec.reknocks.front(), 2);
  EXPECT_FALSE(rec.verifies.front().granted);
  EXPECT_TRUE(rec.verifies.back().granted);
  EXPECT_EQ(rec.verifies.size(), static_cast<std::size_t>(out.rounds));
  EXPECT_EQ(clock.elapsed(), (out.rounds - 1) * 2s) << "each round starts a timeout after the attempt before";
}

TEST(Knocker, StopEndsALongDelayAtOnce) {
  REQUIRE_PRIVATE_NETWORK();
  UdpSink sink;
  const std::string p = std::to_string(sink.port());
  boost::asio::io_context io;
  Knocker knocker(io.get_executor());
  struct StopAfterFirst : Recorder {
    Knocker* k = nullptr;
    void on_step(const StepEvent& e) override {
      Recorder::on_step(e);
      k->stop();
    }
  } rec;
  rec.k = &knocker;
  Outcome out;
  knocker.start(request("127.0.0.1", "udp:" + p + " udp:" + p, {.delay = std::chrono::minutes(10)}), rec,
                [&](Outcome r) { out = std::move(r); });
  io.run();
  EXPECT_EQ(out.status, Errc::cancelled);
  EXPECT_EQ(exit_code(out.status), 130);
  EXPECT_EQ(rec.steps.size(), 1u);
  EXPECT_EQ(sink.drain().size(), 1u);
}

TEST(Knocker, LoopbackGuardRefusesOtherDestinationsBeforeSending) {
  Recorder rec;
  const Outcome out = run_knock(request("192.0.2.1", "udp:9 tcp:9"), rec);  // TEST-NET-1; refused, never sent
  EXPECT_EQ(out.status, Errc::bad_input);
  EXPECT_EQ(out.message,
            "KNOCK_LOOPBACK_ONLY=1 refuses to send to 192.0.2.1: only 127.0.0.0/8 and ::1 are allowed");
  EXPECT_TRUE(rec.steps.empty());
}

TEST(Knocker, DryRunPlansButSendsNothing) {
  REQUIRE_PRIVATE_NETWORK();
  UdpSink sink;
  KnockRequest r = request("127.0.0.1", "udp:" + std::to_string(sink.port()));
  r.dry_run = true;
  Recorder rec;
  const Outcome out = run_knock(r, rec);
  EXPECT_EQ(out.status, Errc::ok);
  EXPECT_EQ(rec.plans, 1);
  EXPECT_TRUE(rec.steps.empty());
  EXPECT_TRUE(sink.drain().empty());
}

TEST(Knocker, UnresolvableHostIsAResolveError) {
  REQUIRE_PRIVATE_NETWORK();
  Recorder rec;
  const Outcome out = run_knock(request("no-such-host.invalid", "tcp:1"), rec);
  EXPECT_EQ(out.status, Errc::resolve_failed);
  EXPECT_EQ(exit_code(out.status), 3);
  EXPECT_NE(out.message.find("cannot resolve 'no-such-host.invalid'"), std::string::npos) << out.message;
}

TEST(Knocker, ResolvesLocalhostOnce) {
  REQUIRE_PRIVATE_NETWORK();
  UdpSink sink;
  Recorder rec;
  PlanOptions o;
  o.family = Family::v4;
  const Outcome out = run_knock(request("localhost", "udp:" + std::to_string(sink.port()), o), rec);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  EXPECT_EQ(out.address->to_string(), "127.0.0.1");
  EXPECT_EQ(sink.drain().size(), 1u);
}

// An echo request whose whole IP packet has the size asked for; needs a ping or raw socket.
TEST(Knocker, IcmpKnockHasTheRequestedIpPacketSize) {
  REQUIRE_PRIVATE_NETWORK();
  boost::asio::io_context io;
  boost::system::error_code ec;
  ip::icmp::socket raw(io);
  raw.open(ip::icmp::v4(), ec);
  if (ec) GTEST_SKIP() << "no raw ICMP socket to observe with: " << ec.message();
  raw.non_blocking(true);
  Recorder rec;
  const Outcome out = run_knock(request("127.0.0.1", "icmp:98 icmp:200"), rec);
  ASSERT_EQ(out.status, Errc::ok) << out.message;
  std::vector<int> request_sizes;
  unsigned char buf[70000];
  for (;;) {
    const auto n = raw.receive(boost::asio::buffer(buf), 0, ec);
    if (ec) break;
    const std::size_t ihl = (buf[0] & 0x0f) * 4;
    if (n > ihl && buf[ihl] == 8) request_sizes.push_back((buf[2] << 8) | buf[3]);  // type 8: echo request
  }
  EXPECT_EQ(request_sizes, (std::vector<int>{98, 200}));
}

}  // namespace
}  // namespace knock::core
