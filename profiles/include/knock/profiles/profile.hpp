#pragma once
// A saved host: everything needed to knock it, verify access and go on to a session, plus what the user
// knows of the router side. Stored as TOML; keys this version does not know survive a rewrite.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "knock/core/knocker.hpp"

namespace knock::profiles {

inline constexpr int kSchemaVersion = 1;

// A sequence sealed with a passphrase (Argon2id, XChaCha20-Poly1305); the parameters travel with it.
struct Sealed {
  std::string kdf = "argon2id13";
  unsigned long long opslimit = 0;
  unsigned long long memlimit = 0;
  std::string salt, nonce, ciphertext;  // base64
  bool operator==(const Sealed&) const = default;
};

struct Profile {
  std::string name;
  std::string host;
  std::string sequence;          // DESIGN.md's grammar; empty while sealed
  std::optional<Sealed> sealed;  // set: the sequence is encrypted at rest
  core::Duration delay{0};
  core::Family family = core::Family::any;
  std::string source;  // a local address, or empty
  std::uint16_t verify_port = 0;  // 0: no verify probe
  core::Duration verify_timeout = std::chrono::seconds(2);
  int retries = 2;
  bool reknock = false;
  std::string launch;  // command template with {host} {ip} {port}
  std::string group;
  std::vector<std::string> tags;
  std::string notes;
  // The router side, for `knock routeros rules|check`.
  std::vector<std::string> protect;      // "tcp:8291"
  std::vector<std::string> timeouts;     // RouterOS durations: stage timeouts, then access
  std::string list;                      // the access list's name
  toml::table extra;                     // keys this version does not know, kept as they were

  bool operator==(const Profile& o) const;
};

struct Document {
  int schema = kSchemaVersion;
  std::vector<Profile> profiles;
  toml::table extra;  // other top-level keys

  Profile* find(std::string_view name);
  const Profile* find(std::string_view name) const;
};

// Names: letters, digits, '.', '_', '-' (they are typed after @ on the command line).
std::optional<core::Error> check_name(std::string_view name);
// Everything that can be checked without the passphrase: grammar, ports, addresses, durations.
std::optional<core::Error> validate(const Profile& p);

core::Expected<Document> parse_document(std::string_view text, std::string_view source_name);
std::string format_document(const Document& doc);

toml::table to_toml(const Profile& p);
core::Expected<Profile> from_toml(const std::string& name, const toml::table& t, std::string_view where);

std::string_view to_string(core::Family f);
std::optional<core::Family> family_named(std::string_view s);

// The knock request a profile describes (the sequence must be unsealed first).
core::Expected<core::KnockRequest> to_request(const Profile& p);

}  // namespace knock::profiles
