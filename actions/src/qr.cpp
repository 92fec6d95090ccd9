#include "knock/actions/qr.hpp"

#include <cerrno>
#include <cstring>

#if !defined(_WIN32)
#include <dlfcn.h>
#include <qrencode.h>  // the types and the signatures only: the library is opened at run time
#endif

namespace knock::actions {

using core::Errc;
using core::make_error;

#if defined(_WIN32)

core::Expected<QrCode> qr_code(std::string_view) {
  return make_error(Errc::bad_input,
                    "QR codes need libqrencode, which this Windows build has not: use the link");
}

#else

namespace {

struct Library {
  decltype(&QRcode_encodeData) encode = nullptr;
  decltype(&QRcode_free) free = nullptr;
  std::string error;
};

const Library& library() {
  static const Library lib = [] {
    Library l;
    void* h = ::dlopen("libqrencode.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      l.error = "QR codes need libqrencode (apt install libqrencode4): use the link";
      return l;
    }
    l.encode = reinterpret_cast<decltype(&QRcode_encodeData)>(::dlsym(h, "QRcode_encodeData"));
    l.free = reinterpret_cast<decltype(&QRcode_free)>(::dlsym(h, "QRcode_free"));
    if (!l.encode || !l.free) l.error = "libqrencode.so.4 lacks QRcode_encodeData: use the link";
    return l;
  }();
  return lib;
}

}  // namespace

core::Expected<QrCode> qr_code(std::string_view text) {
  const Library& lib = library();
  if (!lib.error.empty()) return make_error(Errc::bad_input, lib.error);
  errno = 0;
  QRcode* code = lib.encode(static_cast<int>(text.size()),
                            reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_L);
  if (!code) {
    if (errno == ERANGE) {
      return make_error(Errc::bad_input, "the link is " + std::to_string(text.size()) +
                                             " bytes, more than a QR code holds (2 953): use the link");
    }
    return make_error(Errc::internal, std::string("libqrencode: ") + std::strerror(errno));
  }
  QrCode out;
  out.width = code->width;
  out.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
  for (std::size_t i = 0; i < out.dark.size(); ++i)
    out.dark[i] = (code->data[i] & 1) != 0;
  lib.free(code);
  return out;
}

#endif

std::string qr_text(const QrCode& code, bool colours) {
  // Half blocks: the upper half is the row y, the lower half the row y + 1.
  static const char* const kGlyph[4] = {" ", "\u2584", "\u2580", "\u2588"};  // none, lower, upper, both
  const int from = -kQrQuietZone, to = code.width + kQrQuietZone;
  std::string out;
  for (int y = from; y < to; y += 2) {
    if (colours) out += "\x1b[30;47m";  // black ink on a white ground
    for (int x = from; x < to; ++x)
      out += kGlyph[(code.at(x, y) ? 2 : 0) + (code.at(x, y + 1) ? 1 : 0)];
    if (colours) out += "\x1b[0m";
    out += "\n";
  }
  return out;
}

}  // namespace knock::actions
