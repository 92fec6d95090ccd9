// The passphrase prompt on the Windows console: echo off while it is typed.
#include <windows.h>

#include "terminal.hpp"

namespace knock::cli {

std::optional<core::SecretString> prompt_hidden(std::string_view prompt) {
  const HANDLE in = ::CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                  nullptr, OPEN_EXISTING, 0, nullptr);
  if (in == INVALID_HANDLE_VALUE) return std::nullopt;
  DWORD mode = 0;
  if (!::GetConsoleMode(in, &mode)) {
    ::CloseHandle(in);
    return std::nullopt;
  }
  const HANDLE out = ::CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, 0, nullptr);
  const auto say = [&](std::string_view text) {
    DWORD n = 0;
    if (out != INVALID_HANDLE_VALUE)
      ::WriteConsoleA(out, text.data(), static_cast<DWORD>(text.size()), &n, nullptr);
  };
  ::SetConsoleMode(in, (mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT)) | ENABLE_LINE_INPUT);
  say(prompt);
  core::SecretString line;
  char c = 0;
  DWORD n = 0;
  // The line ends with "\r\n": read both, so that nothing is left for the next prompt.
  while (::ReadConsoleA(in, &c, 1, &n, nullptr) && n == 1 && c != '\n') {
    if (c != '\r') line.push_back(c);
  }
  ::SetConsoleMode(in, mode);
  say("\r\n");
  if (out != INVALID_HANDLE_VALUE) ::CloseHandle(out);
  ::CloseHandle(in);
  return line;
}

}  // namespace knock::cli
