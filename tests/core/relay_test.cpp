// `knock proxy`'s relay: one TCP connection to the opened door, joined to two file descriptors.
#include "knock/core/relay.hpp"

#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#else
#include <unistd.h>
#endif

#include "loopback.hpp"

namespace knock::core {
namespace {

namespace ip = boost::asio::ip;
using namespace std::chrono_literals;

// A pipe whose ends close with it.
struct RelayPipe {
  int read_end = -1, write_end = -1;
  RelayPipe() {
    int fds[2];
#if defined(_WIN32)
    EXPECT_EQ(::_pipe(fds, 65536, _O_BINARY), 0);
#else
    EXPECT_EQ(::pipe(fds), 0);
#endif
    read_end = fds[0];
    write_end = fds[1];
  }
  ~RelayPipe() {
    close_read();
    close_write();
  }
  static void close_fd(int& fd) {
    if (fd < 0) return;
#if defined(_WIN32)
    ::_close(fd);
#else
    ::close(fd);
#endif
    fd = -1;
  }
  void close_read() {
    close_fd(read_end);
  }
  void close_write() {
    close_fd(write_end);
  }
  void write_all(std::string_view s) {
#if defined(_WIN32)
    EXPECT_EQ(::_write(write_end, s.data(), static_cast<unsigned>(s.size())), static_cast<int>(s.size()));
#else
    EXPECT_EQ(::write(write_end, s.data(), s.size()), static_cast<ssize_t>(s.size()));
#endif
  }
  std::string read_all() {
    std::string out;
    char buf[4096];
    for (;;) {
#if defined(_WIN32)
      const int n = ::_read(read_end, buf, sizeof buf);
#else
      const ssize_t n = ::read(read_end, buf, sizeof buf);
#endif
      if (n <= 0) return out;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
};

// A server for one connection: reads until the client half-closes, answers, closes.
struct AnsweringServer {
  boost::asio::io_context io;
  ip::tcp::acceptor acceptor;
  std::string received;
  ip::tcp::endpoint peer;
  std::thread thread;
  AnsweringServer(const char* address, std::string answer) : acceptor(io, {ip::make_address(address), 0}) {
    thread = std::thread([this, answer = std::move(answer)] {
      ip::tcp::socket s = acceptor.accept();
      peer = s.remote_endpoint();
      boost::system::error_code ec;
      char buf[4096];
      for (;;) {
        const auto n = s.read_some(boost::asio::buffer(buf), ec);
        if (ec) break;
        received.append(buf, n);
      }
      boost::asio::write(s, boost::asio::buffer(answer + " after " + std::to_string(received.size())), ec);
    });
  }
  ~AnsweringServer() {
    if (thread.joinable()) thread.join();
  }
  unsigned short port() const { return acceptor.local_endpoint().port(); }
};

TEST(Relay, CopiesBothWaysAndPassesOnTheEndOfInput) {
  REQUIRE_PRIVATE_NETWORK();
  AnsweringServer server("127.0.0.1", "SSH-2.0-door");
  RelayPipe in, out;
  in.write_all("SSH-2.0-client\r\n");
  in.close_write();  // the server answers only once it has seen the end of what we send
  const Status s =
      relay(ip::make_address("127.0.0.1"), server.port(), std::nullopt, 5s, in.read_end, out.write_end);
  ASSERT_TRUE(s) << s.error().message;
  server.thread.join();
  out.close_write();
  EXPECT_EQ(server.received, "SSH-2.0-client\r\n");
  EXPECT_EQ(out.read_all(), "SSH-2.0-door after 16");
}

TEST(Relay, ConnectsFromTheSourceAskedFor) {
  REQUIRE_PRIVATE_NETWORK();
  AnsweringServer server("127.0.0.1", "hi");
  RelayPipe in, out;
  in.close_write();
  const Status s = relay(ip::make_address("127.0.0.1"), server.port(), ip::make_address("127.0.0.2"), 5s,
                         in.read_end, out.write_end);
  ASSERT_TRUE(s) << s.error().message;
  server.thread.join();
  EXPECT_EQ(server.peer.address().to_string(), "127.0.0.2");
}

TEST(Relay, ARefusedConnectionIsNotVerified) {
  REQUIRE_PRIVATE_NETWORK();
  RelayPipe in, out;
  const Status s = relay(ip::make_address("127.0.0.1"), 9, std::nullopt, 5s, in.read_end, out.write_end);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::not_verified);
  EXPECT_EQ(s.error().message,
            "127.0.0.1:9 refused the connection: the knock did not open it, or nothing listens there");
  const Status v6 = relay(ip::make_address("::1"), 9, std::nullopt, 5s, in.read_end, out.write_end);
  ASSERT_FALSE(v6);
  EXPECT_EQ(v6.error().message.rfind("[::1]:9 ", 0), 0u) << v6.error().message;
}

TEST(Relay, ASourceOfTheOtherFamilyIsANetworkError) {
  REQUIRE_PRIVATE_NETWORK();
  RelayPipe in, out;
  const Status s =
      relay(ip::make_address("127.0.0.1"), 9, ip::make_address("::1"), 5s, in.read_end, out.write_end);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::network);
  EXPECT_EQ(s.error().message.rfind("cannot connect from ::1: ", 0), 0u) << s.error().message;
}

}  // namespace
}  // namespace knock::core
