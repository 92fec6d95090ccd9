#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "terminal.hpp"

namespace knock::cli {

std::optional<core::SecretString> prompt_hidden(std::string_view prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  termios old{};
  const bool is_tty = ::tcgetattr(fd, &old) == 0;
  if (!is_tty) {
    ::close(fd);
    return std::nullopt;
  }
  termios quiet = old;
  quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
  ::tcsetattr(fd, TCSAFLUSH, &quiet);
  (void)!::write(fd, prompt.data(), prompt.size());
  core::SecretString line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
    line.push_back(c);
  ::tcsetattr(fd, TCSAFLUSH, &old);
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  return line;
}

}  // namespace knock::cli
