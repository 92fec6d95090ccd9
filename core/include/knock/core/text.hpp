#pragma once
// Text that came from a user or a file, on its way to a terminal: control characters (a newline that would
// fake a row, an ESC that would drive the terminal) and bytes that are not UTF-8 are shown as escapes.
#include <cstddef>
#include <string>
#include <string_view>

namespace knock::core {

// "\n" for a newline, "\x1b" for ESC, "\xff" for a byte that is not UTF-8; everything else as it is.
std::string printable(std::string_view text);
// The length of the valid UTF-8 sequence at the start of `text`, or 0 when its first byte starts none.
std::size_t utf8_sequence(std::string_view text);

}  // namespace knock::core
