#pragma once
// Reading a file that a user named (an export, --rules, an import, the profile file): a regular file of at
// most `limit` bytes, so a FIFO never hangs us, /dev/zero never grows memory, and a directory is not taken
// for an empty file. The message names the file, after `what` ("--rules ") when it is given.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "knock/core/error.hpp"

namespace knock::core {

inline constexpr std::size_t kMaxInputFile = std::size_t{16} << 20;

Expected<std::string> read_text_file(const std::filesystem::path& path, std::string_view what = "",
                                     std::size_t limit = kMaxInputFile, Errc code = Errc::bad_input);

}  // namespace knock::core
