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

// N knocks of random protocol (tcp/udp) and port from libsodium's generator, avoiding ports below 1024,
// commonly scanned ones and repeats.
core::SecretString random_sequence(int knocks);
bool commonly_scanned(std::uint16_t port);

}  // namespace knock::profiles
