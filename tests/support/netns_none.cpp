// Where there are no network namespaces (Windows, macOS), the test programs run on the machine's own loopback
// (under Wine, ./run puts the whole ctest run in a private Linux network namespace instead). The SYN counters
// need nft, on Linux.
#if defined(_WIN32)
#include <windows.h>
#endif

#include "netns.hpp"

namespace knock::test {

std::string enter_private_network() {
  return "";
}

std::string count_syns(unsigned short, bool) {
  return "counting SYNs needs nft, on Linux";
}

long syn_count(unsigned short) {
  return -1;
}

std::string dual_stack_name(const std::string&) {
  return "a private /etc/hosts needs a mount namespace, on Linux";
}

bool running_under_wine() {
#if defined(_WIN32)
  const HMODULE ntdll = ::GetModuleHandleA("ntdll.dll");
  return ntdll && ::GetProcAddress(ntdll, "wine_get_version");
#else
  return false;
#endif
}

}  // namespace knock::test
