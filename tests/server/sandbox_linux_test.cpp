// The private network namespace (sandbox_linux.cpp), entered by a child process: afterwards it has only a
// loopback interface, and that interface is up.
#include <net/if.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "knock/server/sandbox.hpp"
#include "live_server.hpp"

namespace knock::server {
namespace {

// In the child: 0 when the namespace holds lo alone, up; else which check failed.
int check_private_network() {
  if (!enter_private_network()) return 1;
  struct if_nameindex* names = ::if_nameindex();
  if (!names) return 2;
  int count = 0;
  bool lo = false;
  for (struct if_nameindex* n = names; n->if_index != 0; ++n) {
    ++count;
    lo |= std::strcmp(n->if_name, "lo") == 0;
  }
  ::if_freenameindex(names);
  if (count != 1 || !lo) return 3;
  boost::asio::io_context io;
  boost::asio::ip::udp::socket a(io), b(io);
  a.open(boost::asio::ip::udp::v4());
  a.bind({*core::parse_literal("127.0.0.1"), 0});
  b.open(boost::asio::ip::udp::v4());
  boost::system::error_code ec;
  b.send_to(boost::asio::buffer(std::string("x")), a.local_endpoint(), 0, ec);
  if (ec) return 4;  // lo down: the network is unreachable
  char c = 0;
  a.receive(boost::asio::buffer(&c, 1), 0, ec);
  return ec || c != 'x' ? 5 : 0;
}

TEST(SandboxLinux, TheNamespaceHasOnlyLoopbackAndItIsUp) {
  REQUIRE_PRIVATE_NETWORK();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0) << std::strerror(errno);
  if (child == 0) ::_exit(check_private_network());
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: not entered, 2: no interfaces, 3: more than lo, 4: lo down, 5: "
                                       "nothing arrived";
}

}  // namespace
}  // namespace knock::server
