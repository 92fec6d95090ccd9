#include "probe.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace knock::server {

CaptureProbe::CaptureProbe() {
  std::random_device random;
  token_ = "knock-server probe ";
  for (int i = 0; i < 16; ++i)
    token_ += "0123456789abcdef"[random() % 16];
}

CaptureProbe::~CaptureProbe() {
  for (int fd : {fd4_, fd6_}) {
    if (fd >= 0) ::close(fd);
  }
}

std::optional<std::string> CaptureProbe::send(const IpAddress& to) {
  int& fd = to.is_v6() ? fd6_ : fd4_;
  if (fd < 0) fd = ::socket(to.is_v6() ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::string("socket: ") + std::strerror(errno);
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (to.is_v6()) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(9);
    const auto bytes = to.to_v6().to_bytes();
    std::memcpy(&a->sin6_addr, bytes.data(), bytes.size());
    a->sin6_scope_id = to.to_v6().scope_id();
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    a->sin_family = AF_INET;
    a->sin_port = htons(9);
    const auto bytes = to.to_v4().to_bytes();
    std::memcpy(&a->sin_addr, bytes.data(), bytes.size());
    len = sizeof *a;
  }
  if (::sendto(fd, token_.data(), token_.size(), 0, reinterpret_cast<sockaddr*>(&addr), len) < 0) {
    return std::string("sendto: ") + std::strerror(errno);
  }
  return std::nullopt;
}

}  // namespace knock::server
