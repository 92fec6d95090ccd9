// Knock on Ports (the Android client, impalex/knockonports) export files: {"version":1,"sequences":[...]}
// as its 2.x writes them, and the bare array of its 1.x, read too. What the two sides cannot say to each
// other is named in `skipped` (and `notes` on the way out), never dropped without a word.
#include <algorithm>

#include "json_reader.hpp"
#include "knock/core/json.hpp"
#include "knock/core/sequence.hpp"
#include "knock/profiles/interchange.hpp"

namespace knock::profiles {

using core::Errc;
using core::make_error;

namespace {

constexpr std::int64_t kMaxDelayMs = 15000;  // the app clamps its delay to 0-15 s

std::string family_to_kop(core::Family f) {
  switch (f) {
    case core::Family::v4:
      return "only_ipv4";
    case core::Family::v6:
      return "only_ipv6";
    case core::Family::both:
      return "both_ipv4_ipv6";
    case core::Family::any:
      break;
  }
  return "prefer_ipv4";
}

core::Family family_from_kop(std::string_view ipv) {
  if (ipv == "only_ipv4") return core::Family::v4;
  if (ipv == "only_ipv6") return core::Family::v6;
  if (ipv == "both_ipv4_ipv6") return core::Family::both;
  return core::Family::any;
}

bool printable_text(std::span<const std::uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t c) { return c >= 0x20 && c < 0x7f; });
}

std::string step_json(const core::Knock& k) {
  core::JsonObject j;
  switch (k.protocol) {
    case core::Protocol::icmp:
      // Our size is the whole IPv4 packet, as RouterOS counts it: the app's "with IP and ICMP headers".
      return j.field("type", "icmp")
          .field("icmp_size", static_cast<int>(k.icmp_size))
          .field("icmp_count", 1)
          .str();
    case core::Protocol::udp: {
      j.field("type", "udp").field("port", static_cast<int>(k.port));
      const std::span<const std::uint8_t> bytes(k.payload.bytes.data(), k.payload.bytes.size());
      if (bytes.empty()) return j.field("content", "").field("encoding", "raw").str();
      if (printable_text(bytes))
        return j.field("content", std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()))
            .field("encoding", "raw")
            .str();
      return j.field("content", core::encode_base64(bytes)).field("encoding", "base64").str();
    }
    case core::Protocol::tcp:
    case core::Protocol::connect:
      break;
  }
  return j.field("type", "tcp")
      .field("port", static_cast<int>(k.port))
      .field("content", "")
      .field("encoding", "raw")
      .str();
}

}  // namespace

core::Expected<std::string> export_knockonports(const std::vector<Profile>& profiles,
                                                std::vector<std::string>& notes) {
  std::string sequences;
  for (const Profile& p : profiles) {
    if (p.otp) {
      notes.push_back(p.name + ": a one-time knock, which Knock on Ports cannot derive: left out");
      continue;
    }
    auto seq = core::parse_sequence(p.sequence.view());
    if (!seq) return make_error(Errc::store, "profile '" + p.name + "' is locked or has no sequence");
    const auto delay_ms = std::chrono::duration_cast<std::chrono::milliseconds>(p.delay).count();
    core::JsonObject s;
    s.field("name", p.name).field("host", p.host).field("delay", std::min(delay_ms, kMaxDelayMs));
    if (delay_ms > kMaxDelayMs) notes.push_back(p.name + ": the app's delay is at most 15s: 15s written");
    s.field("ipv", family_to_kop(p.family));
    bool icmp = false;
    std::string steps;
    for (const core::Knock& k : seq->knocks) {
      if (k.wait_before.count())
        notes.push_back(p.name + ": wait:" + core::format_duration(k.wait_before) +
                        " has no place in the app (one delay between all steps): left out");
      if (k.protocol == core::Protocol::connect && !k.payload.bytes.empty())
        notes.push_back(p.name + ": the payload of connect:" + std::to_string(k.port) +
                        " has no place in the app (its TCP knocks carry none): left out");
      icmp |= k.protocol == core::Protocol::icmp;
      steps += (steps.empty() ? "" : ",") + step_json(k);
    }
    if (icmp) s.field("icmp_type", "with_ip_and_icmp_headers");
    if (!p.group.empty()) s.field("group", p.group);
    if (p.verify_port) {
      s.field("checkAccess", true)
          .field("check_type", "PORT")
          .field("check_host", p.host)
          .field("check_port", static_cast<int>(p.verify_port))
          .field("check_timeout",
                 static_cast<int>(std::max<std::int64_t>(
                     1, std::chrono::duration_cast<std::chrono::seconds>(p.verify_timeout).count())))
          .field("check_max_retries", p.retries);
    }
    if (!p.launch.empty())
      notes.push_back(p.name + ": the launch command stays here (the app starts Android apps)");
    s.raw("steps", "[" + steps + "]");
    sequences += (sequences.empty() ? "" : ",") + s.str();
  }
  return core::JsonObject().field("version", 1).raw("sequences", "[" + sequences + "]").str() + "\n";
}

namespace {

// One of the app's steps as our step text, or why it cannot be one.
core::Expected<std::string> step_of(const toml::table& st, bool legacy, std::string_view icmp_type) {
  const auto text = [&](const char* key) { return st[key].value<std::string>(); };
  const auto number = [&](const char* key) { return st[key].value<std::int64_t>(); };
  std::string type = "udp", encoding = "raw";
  if (legacy) {
    static const char* const kTypes[] = {"udp", "tcp", "icmp"};
    static const char* const kEncodings[] = {"raw", "base64", "hex"};
    const auto t = number("type").value_or(0), e = number("encoding").value_or(0);
    type = kTypes[t >= 0 && t < 3 ? t : 0];
    encoding = kEncodings[e >= 0 && e < 3 ? e : 0];
  } else {
    type = text("type").value_or("udp");
    encoding = text("encoding").value_or("raw");
  }
  if (type == "icmp") {
    auto size = number("icmp_size").value_or(56);
    if (icmp_type == "without_headers") size += core::kIcmpHeaderV4;
    if (icmp_type == "with_ip_header") size += 8;
    const auto count = std::clamp<std::int64_t>(number("icmp_count").value_or(1), 1, 20);
    std::string out;
    for (std::int64_t i = 0; i < count; ++i)
      out += (i ? " icmp:" : "icmp:") + std::to_string(size);
    return out;
  }
  if (type != "udp" && type != "tcp") return make_error(Errc::bad_input, "a step of type '" + type + "'");
  const auto port = number("port").value_or(0);
  std::string out = type + ":" + std::to_string(port);
  const std::string content = text("content").value_or("");
  if (type == "udp" && !content.empty()) {
    if (encoding == "base64")
      out += ":b64:" + content;
    else if (encoding == "hex")
      out += ":hex:" + content;
    else if (encoding == "raw") {
      const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(content.data()),
                                                content.size());
      // As text where our grammar can hold it (profiles split steps on white space and commas).
      if (printable_text(bytes) && content.find_first_of(" ,") == std::string::npos)
        out += ":text:" + content;
      else
        out += ":hex:" + core::encode_hex(bytes);
    } else
      return make_error(Errc::bad_input, "a payload in encoding '" + encoding + "'");
  }
  return out;
}

}  // namespace

core::Expected<Imported> import_knockonports(std::string_view text, std::string_view source_name) {
  // The 1.x files are a bare array: read inside an object of our own.
  const bool legacy = text.find_first_not_of(" \t\r\n") != std::string_view::npos &&
                      text[text.find_first_not_of(" \t\r\n")] == '[';
  auto root = legacy ? parse_json_object("{\"sequences\":" + std::string(text) + "}", source_name)
                     : parse_json_object(text, source_name);
  if (!root) return std::move(root).error();
  const std::string where(source_name);
  if (!legacy) {
    const auto version = (*root)["version"].value<std::int64_t>();
    if (!version)
      return make_error(Errc::bad_input, where + ": not a Knock on Ports export (no \"version\")");
    if (*version != 1)
      return make_error(Errc::bad_input, where + ": Knock on Ports export version " +
                                             std::to_string(*version) +
                                             " (this knock reads version 1 and the 1.x array)");
  }
  const toml::array* seqs = (*root)["sequences"].as_array();
  if (!seqs) return make_error(Errc::bad_input, where + ": no \"sequences\" array");
  Imported out;
  for (const toml::node& n : *seqs) {
    const toml::table* t = n.as_table();
    if (!t) return make_error(Errc::bad_input, where + ": a sequence that is not an object");
    const std::string name = (*t)["name"].value<std::string>().value_or("");
    Profile p;
    p.name = profile_name_of(name);
    if (p.name.empty()) p.name = "sequence-" + std::to_string(out.profiles.size() + out.skipped.size() + 1);
    p.host = (*t)["host"].value<std::string>().value_or("");
    const std::string icmp_type =
        legacy ? ((*t)["icmp_type"].value<std::int64_t>().value_or(1) == 0 ? "without_headers"
                                                                           : "with_ip_header")
               : (*t)["icmp_type"].value<std::string>().value_or("with_ip_header");
    std::string sequence, why;
    if (const toml::array* steps = (*t)["steps"].as_array()) {
      for (const toml::node& sn : *steps) {
        const toml::table* st = sn.as_table();
        auto step =
            st ? step_of(*st, legacy, icmp_type)
               : core::Expected<std::string>(make_error(Errc::bad_input, "a step that is not an object"));
        if (!step) {
          why = step.error().message;
          break;
        }
        sequence += (sequence.empty() ? "" : " ") + *step;
      }
    }
    auto seq = why.empty() ? core::parse_sequence(sequence)
                           : core::Expected<core::Sequence>(make_error(Errc::bad_input, why));
    if (!seq) {
      out.skipped.push_back("'" + name + "': " + seq.error().message);
      continue;
    }
    p.sequence = core::format_sequence(*seq);
    p.delay = std::chrono::milliseconds(
        std::clamp<std::int64_t>((*t)["delay"].value<std::int64_t>().value_or(0), 0, kMaxDelayMs));
    if (!legacy) p.family = family_from_kop((*t)["ipv"].value<std::string>().value_or(""));
    p.group = (*t)["group"].value<std::string>().value_or("");
    if ((*t)["checkAccess"].value<bool>().value_or(false) &&
        (*t)["check_type"].value<std::string>().value_or("URL") == "PORT") {
      const auto port = (*t)["check_port"].value<std::int64_t>().value_or(0);
      if (port >= 1 && port <= 65535) {
        p.verify_port = static_cast<std::uint16_t>(port);
        p.verify_timeout = std::chrono::seconds(
            std::clamp<std::int64_t>((*t)["check_timeout"].value<std::int64_t>().value_or(3), 1, 600));
        p.retries = static_cast<int>(
            std::clamp<std::int64_t>((*t)["check_max_retries"].value<std::int64_t>().value_or(2), 0, 100));
      }
    }
    std::string ignored;
    for (const char* key : {"ttl", "local_port", "localPort", "application", "app_name", "uri"}) {
      if (t->contains(key)) ignored += (ignored.empty() ? "" : ", ") + std::string(key);
    }
    if (!ignored.empty())
      out.notes.push_back(p.name + ": " + ignored + " left out (knock has no such setting)");
    if (auto valid = validate(p); !valid) {
      out.skipped.push_back("'" + name + "': " + valid.error().message);
      continue;
    }
    out.profiles.push_back(std::move(p));
  }
  return out;
}

}  // namespace knock::profiles
