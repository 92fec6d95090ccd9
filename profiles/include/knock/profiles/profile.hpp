#pragma once
// A saved host: everything needed to knock it, verify access and go on to a session, plus what the user
// knows of the router side. Stored as TOML; keys this version does not know survive a rewrite. The values
// are typed (durations, ports, family); toml++ and Asio stay out of this header.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"
#include "knock/core/secret.hpp"
#include "knock/core/values.hpp"

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

// A one-time knock: each window's knock is derived from a secret the router shares (core/otp.hpp).
struct OneTime {
  core::Duration window = std::chrono::seconds(30);
  int knocks = 2;  // stage knocks, the last one carrying the token
  bool operator==(const OneTime&) const = default;
};

// Keys of a table that this version does not know, kept as they were (defined where the TOML is read).
struct UnknownKeys;

struct Profile {
  std::string name;
  std::string host;
  core::SecretString sequence;   // the grammar of `knock --help`; empty while sealed and not unlocked
  std::optional<OneTime> otp;    // set: a one-time knock, whose secret is `otp_key` (no sequence)
  core::SecretString otp_key;    // the secret's base64 text; empty while sealed and not unlocked
  std::optional<Sealed> sealed;  // set: the secret (sequence or one-time key) is encrypted at rest
  core::Duration delay{0};
  core::Family family = core::Family::any;
  std::string source;             // a local address (checked by validate), or empty
  std::uint16_t verify_port = 0;  // 0: no verify probe
  core::Duration verify_timeout = std::chrono::seconds(2);
  int retries = 2;
  bool reknock = false;
  std::string launch;      // command template with {host} {ip} {port}
  bool keep_open = false;  // knock again while the launched program runs (the interval from the timeouts)
  std::string group;
  std::vector<std::string> tags;
  std::string notes;
  // The router side, for `knock routeros rules|check`.
  std::vector<core::ServicePort> protect;
  std::vector<core::Duration> timeouts;  // stage timeouts, then access
  std::string list;                      // the access list's name
  std::shared_ptr<const UnknownKeys> unknown;

  // What sealing encrypts: the one-time key, else the sequence.
  core::SecretString& secret() { return otp ? otp_key : sequence; }
  const core::SecretString& secret() const { return otp ? otp_key : sequence; }
  bool locked() const { return sealed.has_value() && secret().empty(); }
  bool operator==(const Profile& o) const;
};

struct Document {
  int schema = kSchemaVersion;
  std::vector<Profile> profiles;
  std::shared_ptr<const UnknownKeys> unknown;  // other top-level keys

  Profile* find(std::string_view name);
  const Profile* find(std::string_view name) const;
};

// Names: letters, digits, '.', '_', '-' (they are typed after @ on the command line).
core::Status check_name(std::string_view name);
// Everything that can be checked without the passphrase: grammar, ports, addresses, durations.
core::Status validate(const Profile& p);

core::Expected<Document> parse_document(std::string_view text, std::string_view source_name);
std::string format_document(const Document& doc);
// One profile as the TOML of its [profiles.NAME] table (for messages and tests).
std::string format_profile(const Profile& p);

}  // namespace knock::profiles
