#include "qr_decode.hpp"

#include <cstdio>
#include <cstdlib>

namespace knock::test {

bool have_zbarimg() {
  return std::system("command -v zbarimg >/dev/null 2>&1") == 0;
}

std::optional<std::string> decode_qr(const std::string& picture) {
  FILE* p = ::popen(("zbarimg --raw -q '" + picture + "'").c_str(), "r");
  if (!p) return std::nullopt;
  std::string decoded;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    decoded.append(buf, n);
  if (::pclose(p) != 0) return std::nullopt;
  while (!decoded.empty() && decoded.back() == '\n')
    decoded.pop_back();
  return decoded;
}

}  // namespace knock::test
