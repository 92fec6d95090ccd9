#include <linux/filter.h>
#include <sys/socket.h>

#include <cerrno>

#include "knock/server/gate.hpp"

namespace knock::server {

core::Status attach_gate(int socket, const std::vector<BpfInsn>& program) {
  static_assert(sizeof(BpfInsn) == sizeof(sock_filter));
  sock_fprog prog{static_cast<unsigned short>(program.size()),
                  reinterpret_cast<sock_filter*>(const_cast<BpfInsn*>(program.data()))};
  if (::setsockopt(socket, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0) {
    return core::make_error(core::Errc::network, std::system_category().message(errno));
  }
  return {};
}

}  // namespace knock::server
