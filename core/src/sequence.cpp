#include "knock/core/sequence.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace knock::core {
namespace {

constexpr std::size_t kMaxPayload = 65507;  // the largest UDP payload over IPv4
constexpr std::string_view kStepForms =
    "expected PROTO:PORT, PORT:PROTO, PORT, icmp[:SIZE] or wait:DURATION, e.g. tcp:1337 or udp:17954";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::optional<Protocol> protocol_named(std::string_view name) {
  const std::string n = lower(name);
  if (n == "tcp") return Protocol::tcp;
  if (n == "connect") return Protocol::connect;
  if (n == "udp") return Protocol::udp;
  if (n == "icmp") return Protocol::icmp;
  return std::nullopt;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

Error step_error(std::string_view step, std::string_view what) {
  return make_error(Errc::bad_input, "step " + quoted(step) + ": " + std::string(what));
}

// A decimal number in [lo, hi]; `what` names it in messages ("port"), `noun` with its article ("a port
// number").
Expected<unsigned> parse_number(std::string_view step, std::string_view text, unsigned lo, unsigned hi,
                                std::string_view what, std::string_view noun) {
  const std::string range = " (expected " + std::to_string(lo) + "-" + std::to_string(hi) + ")";
  if (!all_digits(text)) return step_error(step, quoted(text) + " is not " + std::string(noun) + range);
  unsigned long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || value < lo || value > hi) {
    return step_error(step, std::string(what) + " " + std::string(text) + " is out of range" + range);
  }
  return static_cast<unsigned>(value);
}

Expected<Payload> parse_payload(std::string_view step, std::string_view spec) {
  const auto colon = spec.find(':');
  const std::string enc = lower(spec.substr(0, colon));
  const std::string_view data = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
  Payload payload;
  if (enc == "text") {
    payload.encoding = PayloadEncoding::text;
    payload.bytes.assign(data.begin(), data.end());
  } else if (enc == "hex") {
    payload.encoding = PayloadEncoding::hex;
    auto bytes = decode_hex(data);
    if (!bytes) return step_error(step, bytes.error().message);
    payload.bytes = std::move(*bytes);
  } else if (enc == "b64" || enc == "base64") {
    payload.encoding = PayloadEncoding::base64;
    auto bytes = decode_base64(data);
    if (!bytes) return step_error(step, bytes.error().message);
    payload.bytes = std::move(*bytes);
  } else {
    return step_error(step, "unknown payload encoding " + quoted(spec.substr(0, colon)) +
                                " (expected text:, hex: or b64:)");
  }
  if (colon == std::string_view::npos || payload.bytes.empty()) {
    return step_error(step, "the payload is empty (give one after " + enc + ":)");
  }
  if (payload.bytes.size() > kMaxPayload) {
    return step_error(step, "a payload of " + std::to_string(payload.bytes.size()) +
                                " bytes is too large for one datagram (at most " +
                                std::to_string(kMaxPayload) + ")");
  }
  return payload;
}

// One word that is not a wait step.
Expected<Knock> parse_knock(std::string_view step, Protocol default_protocol) {
  const auto first_colon = step.find(':');
  const std::string_view head = step.substr(0, first_colon);
  const std::string_view rest =
      first_colon == std::string_view::npos ? std::string_view{} : step.substr(first_colon + 1);
  Knock knock;

  if (all_digits(head)) {  // PORT or knockd's PORT:PROTO
    auto port = parse_number(step, head, 1, 65535, "port", "a port number");
    if (!port) return std::move(port).error();
    knock.port = static_cast<std::uint16_t>(*port);
    knock.protocol = default_protocol;
    if (first_colon != std::string_view::npos) {
      auto proto = protocol_named(rest);
      if (!proto) {
        return step_error(step, "unknown protocol " + quoted(rest) + " (expected tcp, connect or udp)");
      }
      knock.protocol = *proto;
    }
    if (knock.protocol == Protocol::icmp) {
      return step_error(step, "ICMP has no ports (write icmp or icmp:SIZE)");
    }
    return knock;
  }

  auto proto = protocol_named(head);
  if (!proto) {
    if (first_colon == std::string_view::npos) return step_error(step, kStepForms);
    return step_error(step, "unknown protocol " + quoted(head) + " (expected tcp, connect, udp or icmp)");
  }
  knock.protocol = *proto;

  if (knock.protocol == Protocol::icmp) {
    knock.icmp_size = kIcmpDefaultSize;
    if (first_colon == std::string_view::npos) return knock;
    auto size = parse_number(step, rest, kIcmpHeaderV4, 65535, "ICMP size", "an ICMP size");
    if (!size) {
      if (all_digits(rest)) {
        return step_error(step, "ICMP size " + std::string(rest) +
                                    " is outside 28-65535 (the size counts the whole IP packet: 20 bytes of "
                                    "IPv4 header and 8 of ICMP header come first)");
      }
      return std::move(size).error();
    }
    knock.icmp_size = static_cast<std::uint16_t>(*size);
    return knock;
  }

  if (first_colon == std::string_view::npos || rest.empty()) {
    return step_error(step, "no port given (expected " + std::string(to_string(knock.protocol)) + ":PORT)");
  }
  const auto second_colon = rest.find(':');
  auto port = parse_number(step, rest.substr(0, second_colon), 1, 65535, "port", "a port number");
  if (!port) return std::move(port).error();
  knock.port = static_cast<std::uint16_t>(*port);
  if (second_colon != std::string_view::npos) {
    if (knock.protocol == Protocol::tcp) {
      return step_error(step, "a tcp knock is a single SYN and carries no payload (use udp or connect)");
    }
    auto payload = parse_payload(step, rest.substr(second_colon + 1));
    if (!payload) return std::move(payload).error();
    knock.payload = std::move(*payload);
  }
  return knock;
}

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  const auto pos = kBase64.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Steps as views into the caller's text: a sequence is a secret, so it is not copied into strings that
// nobody wipes.
Expected<Sequence> parse_words(std::span<const std::string_view> steps, Protocol default_protocol) {
  Sequence seq;
  Duration pending_wait{0};
  std::string_view last_wait;
  for (const std::string_view raw : steps) {
    const std::string_view step = trim(raw);
    if (step.empty()) continue;
    if (lower(step.substr(0, 5)) == "wait:") {
      auto d = parse_duration(step.substr(5));
      if (!d) return step_error(step, std::move(d).error().message);
      pending_wait += *d;
      if (pending_wait > kMaxDelay) {
        return step_error(step, "the waits add up to more than " + format_duration(kMaxDelay));
      }
      last_wait = step;
      continue;
    }
    auto knock = parse_knock(step, default_protocol);
    if (!knock) return std::move(knock).error();
    knock->wait_before = pending_wait;
    pending_wait = Duration{0};
    seq.knocks.push_back(std::move(*knock));
  }
  if (seq.knocks.empty()) {
    return make_error(Errc::bad_input, "empty sequence: give at least one knock, e.g. tcp:1337 udp:17954");
  }
  if (pending_wait > Duration{0}) {
    return step_error(last_wait, "a wait must come before a knock (nothing waits after the last knock)");
  }
  return seq;
}

}  // namespace

std::string_view to_string(Protocol p) noexcept {
  switch (p) {
    case Protocol::tcp:
      return "tcp";
    case Protocol::connect:
      return "connect";
    case Protocol::udp:
      return "udp";
    case Protocol::icmp:
      return "icmp";
  }
  return "?";
}

Expected<Duration> parse_duration(std::string_view input) {
  const std::string text(trim(input));
  const std::string expected =
      " (expected a number with ms, s or m, e.g. 500ms; a bare number is milliseconds)";
  if (text.empty()) return make_error(Errc::bad_input, "empty duration" + expected);
  if (text.front() == '-') return make_error(Errc::bad_input, "duration " + quoted(text) + " is negative");
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  const std::string number = text.substr(0, i);
  const std::string unit = lower(text.substr(i));
  const auto dot = number.find('.');
  const std::string whole = number.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : number.substr(dot + 1);
  if (number.empty() || number.find('.', dot == std::string::npos ? 0 : dot + 1) != std::string::npos ||
      (whole.empty() && frac.empty()) || (dot != std::string::npos && frac.empty())) {
    return make_error(Errc::bad_input, quoted(text) + " is not a duration" + expected);
  }
  long long scale = 0;  // microseconds per unit
  if (unit.empty() || unit == "ms")
    scale = 1000;
  else if (unit == "s")
    scale = 1000000;
  else if (unit == "m" || unit == "min")
    scale = 60000000;
  else if (unit == "us")
    scale = 1;
  else
    return make_error(Errc::bad_input,
                      "unknown unit " + quoted(unit) + " in duration " + quoted(text) + expected);

  const auto too_long = [&] {
    return make_error(Errc::bad_input, "duration " + quoted(text) + " is too long (at most " +
                                           format_duration(kMaxDelay) + ")");
  };
  if (whole.size() > 12) return too_long();
  const long long units = whole.empty() ? 0 : std::stoll(whole);
  if (units > kMaxDelay.count() / scale) return too_long();
  long long micros = units * scale;
  long long frac_scale = scale;
  for (char c : frac) {  // digits beyond a microsecond are dropped
    frac_scale /= 10;
    micros += (c - '0') * frac_scale;
  }
  if (micros > kMaxDelay.count()) return too_long();
  return Duration(micros);
}

std::string format_duration(Duration d) {
  const long long us = d.count();
  if (us == 0) return "0ms";
  if (us % 60000000 == 0) return std::to_string(us / 60000000) + "m";
  if (us % 1000000 == 0) return std::to_string(us / 1000000) + "s";
  if (us % 1000 == 0) return std::to_string(us / 1000) + "ms";
  std::string frac = std::to_string(1000 + us % 1000).substr(1);
  while (frac.back() == '0')
    frac.pop_back();
  return std::to_string(us / 1000) + "." + frac + "ms";
}

Expected<Sequence> parse_sequence(std::span<const std::string> steps, Protocol default_protocol) {
  const std::vector<std::string_view> words(steps.begin(), steps.end());
  return parse_words(words, default_protocol);
}

Expected<Sequence> parse_sequence(std::string_view text, Protocol default_protocol) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' ||
        text[i] == ',') {
      if (i > start) words.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parse_words(words, default_protocol);
}

std::string format_knock(const Knock& k) {
  std::string out(to_string(k.protocol));
  if (k.protocol == Protocol::icmp) return out + ":" + std::to_string(k.icmp_size);
  out += ":" + std::to_string(k.port);
  if (k.payload.bytes.empty()) return out;
  const auto& b = k.payload.bytes;
  const bool plain_text = std::all_of(b.begin(), b.end(), [](std::uint8_t c) {
    return c > ' ' && c < 0x7f && c != ',';  // words are split on white space and commas
  });
  switch (k.payload.encoding) {
    case PayloadEncoding::text:
      if (plain_text) return out + ":text:" + std::string(b.begin(), b.end());
      [[fallthrough]];
    case PayloadEncoding::hex:
      return out + ":hex:" + encode_hex(b);
    case PayloadEncoding::base64:
      return out + ":b64:" + encode_base64(b);
  }
  return out;
}

std::string format_knock_redacted(const Knock& k) {
  std::string out = std::string(to_string(k.protocol)) + ":***";
  if (!k.payload.bytes.empty()) out += ":<" + std::to_string(k.payload.bytes.size()) + " bytes>";
  return out;
}

std::string format_sequence(const Sequence& s) {
  std::string out;
  for (const Knock& k : s.knocks) {
    if (!out.empty()) out += ' ';
    if (k.wait_before > Duration{0}) out += "wait:" + format_duration(k.wait_before) + " ";
    out += format_knock(k);
  }
  return out;
}

Expected<SecretBytes> decode_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return make_error(Errc::bad_input,
                      "hex payload has an odd number of digits (" + std::to_string(hex.size()) + ")");
  }
  SecretBytes out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (ec != std::errc() || ptr != hex.data() + i + 2) {
      return make_error(Errc::bad_input, "hex payload has a non-hex character near position " +
                                             std::to_string(i + 1) + " ('" + std::string(hex.substr(i, 2)) +
                                             "')");
    }
    out.push_back(static_cast<std::uint8_t>(value));
  }
  return out;
}

Expected<SecretBytes> decode_base64(std::string_view b64) {
  std::string_view body = b64;
  std::size_t padding = 0;
  while (!body.empty() && body.back() == '=' && padding < 2) {
    body.remove_suffix(1);
    ++padding;
  }
  const auto bad = [&](std::string why) {
    return make_error(Errc::bad_input, "invalid base64 payload: " + std::move(why));
  };
  if (padding > 0 && (body.size() + padding) % 4 != 0) return bad("wrong padding");
  if (body.size() % 4 == 1) return bad("its length (" + std::to_string(b64.size()) + ") is impossible");
  SecretBytes out;
  out.reserve(body.size() * 3 / 4);  // one allocation: no unwiped copy is left behind by growing
  unsigned acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const int v = base64_value(body[i]);
    if (v < 0) {
      return bad("character '" + std::string(1, body[i]) + "' at position " + std::to_string(i + 1) +
                 " is not base64");
    }
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return bad("it has stray bits at the end");
  return out;
}

std::string encode_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

std::string encode_base64(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int s = 18; s >= 0; s -= 6)
      out.push_back(kBase64[(v >> s) & 63]);
  }
  const std::size_t left = bytes.size() - i;
  if (left > 0) {
    unsigned v = bytes[i] << 16;
    if (left == 2) v |= bytes[i + 1] << 8;
    out.push_back(kBase64[(v >> 18) & 63]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(left == 2 ? kBase64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace knock::core
