#include "knock/core/otp.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdio>

namespace knock::core::otp {
namespace {

bool sodium_ready() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

unsigned hex_value(char c) {
  return static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10);
}

}  // namespace

SecretString new_secret() {
  if (!sodium_ready()) return {};
  SecretBytes bytes(kSecretBytes);
  randombytes_buf(bytes.data(), bytes.size());
  const std::string text = encode_base64(bytes);
  SecretString out(text);
  secure_wipe(const_cast<char*>(text.data()), text.size());
  return out;
}

Expected<SecretString> parse_secret(std::string_view text, std::string_view source_name) {
  const std::string_view key = trim(text);
  const auto bad = [&](const std::string& why) {
    return make_error(Errc::bad_input, std::string(source_name) + ": " + why);
  };
  if (key.empty()) return bad("empty: no secret in it (knock otp init FILE writes one)");
  if (key.find_first_of(" \t\r\n") != std::string_view::npos)
    return bad("more than one line or word: one secret per file");
  auto bytes = decode_base64(key);
  if (!bytes) return bad("not a knock secret (" + bytes.error().message + ")");
  if (bytes->size() < kSecretBytes) {
    return bad("a secret of " + std::to_string(bytes->size() * 8) + " bits is too short (at least " +
               std::to_string(kSecretBytes * 8) + ")");
  }
  return SecretString(key);
}

Expected<Duration> check_window(Duration window, std::string_view what) {
  if (window < kMinWindow || window > kMaxWindow || window.count() % 1000000 != 0) {
    return make_error(Errc::bad_input, std::string(what) + ": a window of " + format_duration(window) +
                                           " is outside 5s-1h (whole seconds)");
  }
  return window;
}

std::int64_t window_of(std::chrono::system_clock::time_point t, Duration window) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  const auto w = window.count();
  return us >= 0 ? us / w : (us - w + 1) / w;  // floor, also before 1970
}

SecretString digest(std::string_view key, Duration window, std::int64_t n) {
  SecretString message(key);
  char middle[96];
  const int len = std::snprintf(middle, sizeof middle, "|knock-otp-v1|%lld|%lld|",
                                static_cast<long long>(window.count() / 1000000), static_cast<long long>(n));
  message.append(std::string_view(middle, static_cast<std::size_t>(len)));
  message.append(key);
  unsigned char hash[crypto_hash_sha512_BYTES];
  sodium_ready();
  crypto_hash_sha512(hash, reinterpret_cast<const unsigned char*>(message.view().data()), message.size());
  SecretString hex;
  hex.resize(2 * sizeof hash + 1);  // sodium_bin2hex ends it with a NUL
  sodium_bin2hex(hex.data(), hex.size(), hash, sizeof hash);
  hex.resize(2 * sizeof hash);
  secure_wipe(hash, sizeof hash);
  return hex;
}

WindowKnock derive(std::string_view key, Duration window, std::int64_t n, int knocks) {
  const SecretString d = digest(key, window, n);
  const std::string_view hex = d.view();
  WindowKnock out;
  out.window = n;
  // Ports from the groups of 4 hex digits, in order, skipping one already taken; the token from the last 32.
  for (std::size_t g = 0; g + 4 <= 96 && static_cast<int>(out.ports.size()) < knocks; g += 4) {
    unsigned x = 0;
    for (std::size_t i = g; i < g + 4; ++i)
      x = x * 16 + hex_value(hex[i]);
    const auto port = static_cast<std::uint16_t>(kPortBase + x % kPortSpan);
    if (std::find(out.ports.begin(), out.ports.end(), port) == out.ports.end()) out.ports.push_back(port);
  }
  out.token = SecretString(hex.substr(96, 32));
  for (std::size_t i = 0; i < out.ports.size(); ++i) {
    Knock k;
    k.port = out.ports[i];
    const bool last = i + 1 == out.ports.size();
    k.protocol = last ? Protocol::udp : Protocol::tcp;
    if (last) {
      k.payload.encoding = PayloadEncoding::text;
      k.payload.bytes.assign(out.token.view().begin(), out.token.view().end());
    }
    out.sequence.knocks.push_back(std::move(k));
  }
  return out;
}

}  // namespace knock::core::otp
