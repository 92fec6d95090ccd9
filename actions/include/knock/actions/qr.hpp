#pragma once
// QR codes of a profile's link, for a phone's camera: from libqrencode, loaded when first asked for (knock
// starts without it, and runs without it until --qr), drawn in the terminal or painted by the GUI.
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"

namespace knock::actions {

struct QrCode {
  int width = 0;           // modules per side, without the quiet zone around
  std::vector<bool> dark;  // width x width, row by row
  bool at(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < width && dark[y * width + x]; }
};

inline constexpr int kQrQuietZone = 4;  // light modules on each side, as the standard asks

// The text as a QR code (byte mode, error correction level L: a screen is clean, and more fits).
core::Expected<QrCode> qr_code(std::string_view text);

// The code as terminal text: two rows of modules per line in half blocks, with the quiet zone. With
// `colours`, dark on light whatever the terminal's theme (ANSI colours); without, dark modules are the
// glyphs' ink (for a light background, a file or a test).
std::string qr_text(const QrCode& code, bool colours);
// How many terminal columns qr_text takes.
inline int qr_columns(const QrCode& code) {
  return code.width + 2 * kQrQuietZone;
}

}  // namespace knock::actions
