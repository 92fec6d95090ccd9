#include "resolve.hpp"

#include <algorithm>
#include <cstring>

#include <boost/asio/ip/udp.hpp>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <sys/socket.h>
#endif

namespace knock::core::detail {

Expected<std::vector<IpAddress>> resolve_blocking(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;  // one answer per address, not one per socket type
  addrinfo* list = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    return make_error(Errc::resolve_failed, "cannot resolve '" + host + "': " + ::gai_strerror(rc));
  }
  std::vector<IpAddress> out;
  for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    boost::asio::ip::udp::endpoint ep;
    if (ai->ai_addrlen > ep.capacity()) continue;
    std::memcpy(ep.data(), ai->ai_addr, ai->ai_addrlen);
    ep.resize(ai->ai_addrlen);
    if (std::find(out.begin(), out.end(), ep.address()) == out.end()) out.push_back(ep.address());
  }
  ::freeaddrinfo(list);
  if (out.empty()) return make_error(Errc::resolve_failed, "host '" + host + "' has no IPv4 or IPv6 address");
  return out;
}

}  // namespace knock::core::detail
