#include "knock/profiles/interchange.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <regex>
#include <set>
#include <sstream>

#include "json_reader.hpp"
#include "knock/core/plan.hpp"
#include "knock/core/sequence.hpp"
#include "toml_profile.hpp"

namespace knock::profiles {
namespace {

using core::Errc;
using core::make_error;

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Door {
  std::string name;
  int line = 0;
  std::vector<std::pair<std::string, std::string>> settings;
  std::string get(const std::string& key) const {
    for (const auto& [k, v] : settings) {
      if (k == key) return v;
    }
    return "";
  }
};

}  // namespace

std::string profile_name_of(std::string_view section) {
  std::string out;
  for (unsigned char c : section)
    out.push_back(std::isalnum(c) || c == '.' || c == '_' || c == '-' ? static_cast<char>(c) : '-');
  while (!out.empty() && out.front() == '-')
    out.erase(out.begin());
  return out.substr(0, 64);
}

core::Expected<Imported> import_knockd(std::string_view text, const std::string& host,
                                       std::string_view source_name) {
  if (host.empty())
    return make_error(Errc::bad_input, "--host: knockd.conf does not say which host to knock; give it");
  std::vector<Door> doors;
  if (text.substr(0, 3) == "\xEF\xBB\xBF")
    text.remove_prefix(3);  // a UTF-8 byte order mark, as some editors write
  std::istringstream in{std::string(text)};
  std::string raw;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') {
        return make_error(Errc::bad_input, std::string(source_name) + ": line " + std::to_string(line_no) +
                                               ": a section header needs a closing ]");
      }
      doors.push_back({trim(line.substr(1, line.size() - 2)), line_no, {}});
      continue;
    }
    if (doors.empty()) {
      return make_error(Errc::bad_input, std::string(source_name) + ": line " + std::to_string(line_no) +
                                             ": a setting before any [section]");
    }
    const auto eq = line.find('=');
    doors.back().settings.emplace_back(lower(trim(line.substr(0, eq))),
                                       eq == std::string::npos ? "" : trim(line.substr(eq + 1)));
  }
  Imported out;
  std::set<std::string> names;
  for (const Door& d : doors) {
    if (lower(d.name) == "options") continue;
    const std::string where =
        std::string(source_name) + ": [" + d.name + "] (line " + std::to_string(d.line) + ")";
    const std::string seq = d.get("sequence");
    if (seq.empty()) {
      out.skipped.push_back(
          where + ": no sequence" +
          (d.get("one_time_sequences").empty() ? "" : " (one_time_sequences files are not imported)"));
      continue;
    }
    // knockd's "7000,8000:udp,9000" is our "tcp:7000 udp:8000 tcp:9000".
    std::string steps;
    for (std::string_view rest = seq; !rest.empty();) {
      const auto comma = rest.find(',');
      std::string item = trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      if (!item.empty()) steps += (steps.empty() ? "" : " ") + item;
    }
    auto parsed = core::parse_sequence(steps);
    if (!parsed) {
      out.skipped.push_back(where + ": " + parsed.error().message);
      continue;
    }
    Profile p;
    p.name = profile_name_of(d.name);
    if (p.name.empty() || !names.insert(p.name).second) {
      out.skipped.push_back(where + ": no usable or unique profile name");
      continue;
    }
    p.host = host;
    p.sequence = core::format_sequence(*parsed);
    std::string command = d.get("start_command");
    if (command.empty()) command = d.get("command");
    static const std::regex dport(R"((?:--dport|dport)\s+(\d{1,5}))");
    std::smatch m;
    // A door that closes (iptables -D, nft delete) opens nothing to verify.
    static const std::regex closing(R"((?:iptables|ip6tables)\s.*-D\b|nft\s+delete)");
    if (std::regex_search(command, m, dport) && !std::regex_search(command, closing)) {
      const int port = std::stoi(m[1]);
      if (port >= 1 && port <= 65535) p.verify_port = static_cast<std::uint16_t>(port);
    }
    p.notes = "imported from " + std::string(source_name) + " [" + d.name + "]";
    if (const std::string t = d.get("seq_timeout"); !t.empty()) {
      p.notes += ", seq_timeout " + t + "s";
      // seq_timeout bounds the knocking only: the stages get it, access keeps the usual 3h.
      if (parsed->knocks.size() > 1) {
        if (auto timeout = core::parse_routeros_duration(t + "s"); timeout && timeout->count() > 0)
          p.timeouts = {*timeout, std::chrono::hours(3)};
      }
    }
    if (!command.empty()) p.notes += ", command: " + command;
    if (p.verify_port) p.protect = {core::ServicePort{6, p.verify_port}};
    if (auto valid = validate(p); !valid) {
      out.skipped.push_back(where + ": " + valid.error().message);
      continue;
    }
    out.profiles.push_back(std::move(p));
  }
  if (out.profiles.empty()) {
    std::string why;
    for (const auto& s : out.skipped)
      why += (why.empty() ? "" : "; ") + s;
    return make_error(Errc::bad_input, std::string(source_name) + ": no door could be imported" +
                                           (why.empty() ? " (it has none)" : ": " + why));
  }
  return out;
}

core::Expected<std::string> export_knockd(const std::vector<Profile>& profiles) {
  std::string out =
      "# knockd.conf doors written by knock; put your own commands in.\n[options]\n  UseSyslog\n";
  for (const Profile& p : profiles) {
    auto seq = core::parse_sequence(p.sequence.view());
    if (!seq) return make_error(Errc::bad_input, "profile '" + p.name + "' is locked or has no sequence");
    std::string items;
    for (const auto& k : seq->knocks) {
      const std::string what = "profile '" + p.name + "': knockd cannot listen for ";
      if (k.protocol == core::Protocol::icmp) return make_error(Errc::bad_input, what + "ICMP knocks");
      if (!k.payload.bytes.empty()) return make_error(Errc::bad_input, what + "payloads");
      if (k.wait_before.count())
        return make_error(Errc::bad_input, what + "wait: steps (it times the sequence as a whole)");
      items += (items.empty() ? "" : ",") + std::to_string(k.port) +
               (k.protocol == core::Protocol::udp ? ":udp" : ":tcp");
    }
    std::string timeout = "15";
    if (!p.timeouts.empty() && p.timeouts.front() >= std::chrono::seconds(1)) {
      timeout = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(p.timeouts.front()).count());
    }
    const std::string port = p.verify_port ? std::to_string(p.verify_port) : "22";
    out += "\n[" + p.name + "]\n  sequence    = " + items + "\n  seq_timeout = " + timeout +
           "\n  tcpflags    = syn\n  command     = /sbin/iptables -I INPUT -s %IP% -p tcp --dport " + port +
           " -j ACCEPT\n";
  }
  return out;
}

std::string export_json(const std::vector<Profile>& profiles) {
  toml::table root;
  root.insert_or_assign("schema", static_cast<int64_t>(kSchemaVersion));
  toml::table ps;
  for (const auto& p : profiles)
    ps.insert_or_assign(p.name, to_toml(p));
  root.insert_or_assign("profiles", std::move(ps));
  std::ostringstream out;
  out << toml::json_formatter{root} << "\n";
  return out.str();
}

core::Expected<Imported> import_json(std::string_view text, std::string_view source_name) {
  auto root = parse_json_object(text, source_name);
  if (!root) return std::move(root).error();
  Imported out;
  const toml::table* ps = (*root)["profiles"].as_table();
  if (!ps) return make_error(Errc::bad_input, std::string(source_name) + ": no \"profiles\" object");
  for (const auto& [key, value] : *ps) {
    const toml::table* t = value.as_table();
    if (!t)
      return make_error(Errc::bad_input, std::string(source_name) + ": profiles." + std::string(key.str()) +
                                             " is not an object");
    auto p = from_toml(std::string(key.str()), *t, source_name);
    if (!p) return core::make_error(Errc::bad_input, std::move(p).error().message);
    out.profiles.push_back(std::move(*p));
  }
  return out;
}

bool commonly_scanned(std::uint16_t port) {
  static const std::set<std::uint16_t> ports{
      1080,  1194,  1433,  1434,  1521,  1701, 1723,  1883,  1900,  2000, 2049, 2082, 2083, 2086, 2087,
      2222,  2375,  2376,  3000,  3128,  3260, 3306,  3389,  3478,  4000, 4369, 4443, 4444, 4500, 4567,
      4786,  5000,  5001,  5060,  5061,  5222, 5353,  5432,  5555,  5601, 5672, 5683, 5800, 5900, 5901,
      5902,  5903,  5984,  5985,  5986,  6000, 6379,  6443,  6660,  6665, 6666, 6667, 6668, 6669, 7000,
      7001,  7070,  7547,  7777,  8000,  8008, 8009,  8080,  8081,  8082, 8086, 8088, 8090, 8181, 8291,
      8443,  8500,  8728,  8729,  8834,  8888, 9000,  9001,  9042,  9090, 9100, 9200, 9300, 9418, 9999,
      10000, 10250, 11211, 12345, 17954, 1337, 20000, 27017, 27018, 31337};
  return port < 1024 || ports.count(port) > 0;
}

core::SecretString random_sequence(int knocks) {
  if (sodium_init() < 0) return {};
  std::set<std::uint16_t> used;
  core::SecretString out;
  while (static_cast<int>(used.size()) < knocks) {
    const auto port =
        static_cast<std::uint16_t>(1024 + randombytes_uniform(32768 - 1024));  // below the ephemeral range
    if (commonly_scanned(port) || !used.insert(port).second) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(randombytes_uniform(2) ? "udp:" : "tcp:");
    char digits[8];
    const int n = std::snprintf(digits, sizeof digits, "%u", static_cast<unsigned>(port));
    out.append(std::string_view(digits, static_cast<std::size_t>(n)));
    core::secure_wipe(digits, sizeof digits);
  }
  return out;
}

}  // namespace knock::profiles
