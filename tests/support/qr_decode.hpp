#pragma once
// The real QR decoder, zbarimg (Debian's zbar-tools), on a picture file: what a phone's camera would read.
#include <optional>
#include <string>

namespace knock::test {

// Whether zbarimg is installed (tests skip without it; ./run test installs it).
bool have_zbarimg();
// The text of the one QR code in the picture, or nullopt when none is found.
std::optional<std::string> decode_qr(const std::string& picture);

}  // namespace knock::test
