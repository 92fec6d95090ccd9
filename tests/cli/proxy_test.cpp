// `knock proxy` in-process, with pipes for stdin and stdout as ssh's ProxyCommand gives them: the bytes
// relayed both ways and nothing else on stdout, EOF from either side, and a door that stays shut.
#include <gtest/gtest.h>

#ifndef _WIN32
#include <sstream>
#include <thread>

#include <unistd.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "knock/cli/cli.hpp"

extern std::string g_netns_error;

namespace knock::cli {
namespace {

namespace ip = boost::asio::ip;

struct NoLauncher : core::Launcher {
  core::Error exec(const std::vector<std::string>&) override {
    return core::make_error(core::Errc::launch_failed, "no launch here");
  }
};

struct Pipe {
  int r = -1, w = -1;
  Pipe() { EXPECT_EQ(::pipe(&r), 0); }
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (r >= 0) ::close(r);
    r = -1;
  }
  void close_write() {
    if (w >= 0) ::close(w);
    w = -1;
  }
  std::string drain() {
    std::string all;
    char buf[4096];
    for (ssize_t n; (n = ::read(r, buf, sizeof buf)) > 0;)
      all.append(buf, static_cast<std::size_t>(n));
    return all;
  }
};

// One connection: with `echo`, reads to EOF and answers "echo:" and what it read; without, greets and closes
// at once (the input side still open).
class Backend {
 public:
  explicit Backend(bool echo) : acceptor_(io_, {ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this, echo] {
      ip::tcp::socket s = acceptor_.accept();
      boost::system::error_code ec;
      std::string got;
      if (echo) boost::asio::read(s, boost::asio::dynamic_buffer(got), ec);
      boost::asio::write(s, boost::asio::buffer(echo ? "echo:" + got : std::string("SSH-2.0-banner\r\n")),
                         ec);
    });
  }
  ~Backend() { thread_.join(); }
  std::string port() const { return std::to_string(acceptor_.local_endpoint().port()); }

 private:
  boost::asio::io_context io_;
  ip::tcp::acceptor acceptor_;
  std::thread thread_;
};

struct Ran {
  int code;
  std::string err;
};

Ran proxy(const std::vector<std::string>& args, Pipe& in, Pipe& out) {
  NoLauncher launcher;
  std::ostringstream o, e;
  Io io{o, e, launcher, core::process_environment()};
  io.in_fd = in.r;
  io.out_fd = out.w;
  std::vector<std::string> all{"knock", "proxy"};
  all.insert(all.end(), args.begin(), args.end());
  const int code = run(all, io);
  EXPECT_EQ(o.str(), "") << "stdout is the connection's";
  return {code, e.str()};
}

#define REQUIRE_PRIVATE_NETWORK() \
  if (!g_netns_error.empty()) GTEST_SKIP() << g_netns_error

TEST(Proxy, RelaysBothWaysAndEndsWhenTheServerCloses) {
  REQUIRE_PRIVATE_NETWORK();
  Backend backend(true);
  Pipe in, out;
  ASSERT_EQ(::write(in.w, "hello", 5), 5);
  in.close_write();  // ssh is done sending: the server gets EOF and answers
  const Ran r = proxy({"127.0.0.1", backend.port(), "udp:9"}, in, out);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  out.close_write();
  EXPECT_EQ(out.drain(), "echo:hello");
}

TEST(Proxy, AServerThatClosesFirstEndsTheRelayWhileInputIsOpen) {
  REQUIRE_PRIVATE_NETWORK();
  Backend backend(false);
  Pipe in, out;
  const Ran r = proxy({"-v", "127.0.0.1", backend.port(), "udp:9"}, in, out);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("knocked 127.0.0.1"), std::string::npos) << "-v: the knock's lines, on stderr";
  out.close_write();
  EXPECT_EQ(out.drain(), "SSH-2.0-banner\r\n");
}

TEST(Proxy, AShutDoorIsExitOneWithOneLine) {
  REQUIRE_PRIVATE_NETWORK();
  std::string closed;
  {
    Backend probe(false);  // a port that was free a moment ago, now closed again
    closed = probe.port();
    boost::asio::io_context io;
    ip::tcp::socket s(io);
    s.connect({ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(closed))});
  }
  Pipe in, out;
  const Ran r = proxy({"127.0.0.1", closed, "udp:9"}, in, out);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "knock: 127.0.0.1:" + closed +
                       " refused the connection: the knock did not open it, or nothing listens there\n");
}

TEST(Proxy, BadInputIsExitTwoBeforeAnythingIsSent) {
  Pipe in, out;
  EXPECT_EQ(proxy({"127.0.0.1", "udp:9"}, in, out).err,
            "knock: PORT: 'udp:9' is not a TCP port (expected PORT or tcp:PORT, 1-65535)\n");
  EXPECT_EQ(proxy({"127.0.0.1"}, in, out).err, "knock: PORT is required (e.g. %p in ssh_config)\n");
  const Ran both = proxy({"127.0.0.1", "22", "tcp:1", "--otp", "x.key"}, in, out);
  EXPECT_EQ(both.code, 2);
  const Ran profile = proxy({"@office", "22", "tcp:1"}, in, out);
  EXPECT_EQ(profile.code, 2);
  EXPECT_NE(profile.err.find("a profile brings its own knock"), std::string::npos) << profile.err;
}

}  // namespace
}  // namespace knock::cli
#endif
