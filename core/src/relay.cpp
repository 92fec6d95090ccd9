#include "knock/core/relay.hpp"

#include <array>
#include <memory>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#else
#include <unistd.h>
#include <cerrno>
#include <csignal>
#endif

#include "knock/core/values.hpp"

namespace knock::core {
namespace {

using boost::asio::ip::tcp;
using ErrorCode = boost::system::error_code;

long read_fd(int fd, char* buf, std::size_t n) {
#ifdef _WIN32
  return _read(fd, buf, static_cast<unsigned>(n));
#else
  for (;;) {
    const ssize_t r = ::read(fd, buf, n);
    if (r >= 0 || errno != EINTR) return static_cast<long>(r);
  }
#endif
}

bool write_fd(int fd, const char* p, std::size_t n) {
  while (n > 0) {
#ifdef _WIN32
    const long w = _write(fd, p, static_cast<unsigned>(n));
#else
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
#endif
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// The connection and what it runs on, shared with the thread that feeds it: that thread may still be
// waiting for input when the server has closed and relay() has returned.
struct Connection {
  boost::asio::io_context io;
  tcp::socket socket{io};
};

std::string where(const tcp::endpoint& to) {
  return (to.address().is_v6() ? "[" + to.address().to_string() + "]" : to.address().to_string()) + ":" +
         std::to_string(to.port());
}

Status connect_within(Connection& c, const tcp::endpoint& to, Duration timeout) {
  ErrorCode result = boost::asio::error::would_block;
  boost::asio::steady_timer timer(c.io, timeout);
  c.socket.async_connect(to, [&](const ErrorCode& ec) {
    result = ec;
    timer.cancel();
  });
  timer.async_wait([&](const ErrorCode& ec) {
    if (!ec) c.socket.close();
  });
  c.io.run();
  if (!result) return {};
  if (result == boost::asio::error::operation_aborted || result == boost::asio::error::would_block) {
    return make_error(Errc::not_verified, where(to) + " did not answer within " + format_duration(timeout) +
                                              ": the knock did not open it, or nothing listens there");
  }
  const std::string how = result == boost::asio::error::connection_refused
                              ? " refused the connection"
                              : " could not be reached (" + result.message() + ")";
  return make_error(Errc::not_verified,
                    where(to) + how + ": the knock did not open it, or nothing listens there");
}

}  // namespace

Status relay(const IpAddress& address, std::uint16_t port, const std::optional<IpAddress>& source,
             Duration timeout, int in_fd, int out_fd) {
#ifdef _WIN32
  _setmode(in_fd, _O_BINARY);
  _setmode(out_fd, _O_BINARY);
#else
  std::signal(SIGPIPE, SIG_IGN);  // a closed out_fd ends the relay with an error, not the process
#endif
  auto c = std::make_shared<Connection>();
  const tcp::endpoint to(address, port);
  if (source) {
    ErrorCode ec;
    c->socket.open(to.protocol(), ec);
    if (!ec) c->socket.bind(tcp::endpoint(*source, 0), ec);
    if (ec)
      return make_error(Errc::network, "cannot connect from " + source->to_string() + ": " + ec.message());
  }
  if (auto connected = connect_within(*c, to, timeout); !connected) return connected;
  std::thread([c, in_fd] {
    std::array<char, 16384> buf;
    for (long n; (n = read_fd(in_fd, buf.data(), buf.size())) > 0;) {
      ErrorCode ec;
      boost::asio::write(c->socket, boost::asio::buffer(buf.data(), static_cast<std::size_t>(n)), ec);
      if (ec) return;
    }
    ErrorCode ignored;
    c->socket.shutdown(tcp::socket::shutdown_send, ignored);
  }).detach();
  std::array<char, 16384> buf;
  for (;;) {
    ErrorCode ec;
    const std::size_t n = c->socket.read_some(boost::asio::buffer(buf), ec);
    if (ec == boost::asio::error::eof) return {};
    if (ec) return make_error(Errc::network, "the connection to " + where(to) + " broke: " + ec.message());
    if (!write_fd(out_fd, buf.data(), n)) return {};  // our reader is gone: nothing left to relay to
  }
}

}  // namespace knock::core
