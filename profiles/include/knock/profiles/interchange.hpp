#pragma once
// Profiles in and out: knockd.conf doors, our own JSON, RouterOS rules, and random sequences.
#include <string>
#include <string_view>
#include <vector>

#include "knock/profiles/profile.hpp"

namespace knock::profiles {

struct Imported {
  std::vector<Profile> profiles;
  std::vector<std::string> skipped;  // doors that could not become profiles, and why
  std::vector<std::string> notes;    // what was left behind of those that did ("office: ttl ignored")
};

// Each door of a knockd.conf becomes a profile knocking `host`; the verify port is taken from an
// iptables/nft "--dport N"/"dport N" in its command when there is one.
core::Expected<Imported> import_knockd(std::string_view text, const std::string& host,
                                       std::string_view source_name);
// knockd.conf doors for the profiles (their sequences unsealed); knockd has no ICMP, connect or payload
// knocks.
core::Expected<std::string> export_knockd(const std::vector<Profile>& profiles);

// Our JSON: {"schema": 1, "profiles": {"NAME": {...the TOML keys...}}}. Sealed secrets stay sealed.
std::string export_json(const std::vector<Profile>& profiles);
core::Expected<Imported> import_json(std::string_view text, std::string_view source_name);

// A link that carries one profile, for another machine or a phone: knock://v1/ then our JSON of it in
// base64url. A sealed profile's link carries its sealed secret (unreadable without the passphrase); a clear
// one's carries the sequence or key in the clear. import_link says what is wrong with a damaged, cut-short
// or newer link.
std::string share_link(const Profile& profile);
bool is_link(std::string_view text);
core::Expected<Imported> import_link(std::string_view link);

// Knock on Ports (the Android client) export files: {"version":1,"sequences":[...]} as its 2.x writes them;
// import also reads its 1.x bare array. The app has one delay for all steps, no wait:, connect or one-time
// knocks, and no launch commands: what does not go across is said in `notes` (export) or `skipped`
// (import, with ttl, local_port and the like, which knock has not). Payloads go as text when printable, else
// base64 (which the app reads from 2.0.14 on).
core::Expected<std::string> export_knockonports(const std::vector<Profile>& profiles,
                                                std::vector<std::string>& notes);
core::Expected<Imported> import_knockonports(std::string_view text, std::string_view source_name);

// A profile name made from other text (a knockd section, an app's sequence name): characters other than
// letters, digits, '.', '_' and '-' become '-', at most 64 kept.
std::string profile_name_of(std::string_view text);

// N knocks of random protocol (tcp/udp) and port from libsodium's generator, avoiding ports below 1024,
// commonly scanned ones and repeats.
core::SecretString random_sequence(int knocks);
bool commonly_scanned(std::uint16_t port);

}  // namespace knock::profiles
