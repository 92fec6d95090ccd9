#include "knock/core/secret.hpp"

#include <cstring>
#if defined(_WIN32)
#include <windows.h>
#endif

namespace knock::core {

void secure_wipe(void* data, std::size_t size) noexcept {
  if (data == nullptr || size == 0) return;
#if defined(_WIN32)
  SecureZeroMemory(data, size);
#elif defined(__GLIBC__) || defined(__FreeBSD__) || defined(__OpenBSD__)
  explicit_bzero(data, size);
#else
  volatile unsigned char* p = static_cast<volatile unsigned char*>(data);
  while (size-- > 0)
    *p++ = 0;
#endif
}

}  // namespace knock::core
