// The knock options: a command line parses the same whether CLI11 was told of every option or only of those
// its words name (Named), for hand-picked lines and for thousands made up from a pool of words.
#include "../../cli/src/options.hpp"  // private to the CLI: tested here as the commands use it

#include <random>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "knock/core/launch.hpp"

namespace knock::cli {
namespace {

struct Parsed {
  int status;
  std::string out, err, values;
  bool operator==(const Parsed&) const = default;
};

template <class T>
std::string show(const std::optional<T>& v) {
  if (!v) return "-";
  if constexpr (std::is_same_v<T, core::Duration>) {
    return std::to_string(v->count());
  } else if constexpr (std::is_same_v<T, IpAddress>) {
    return v->to_string();
  } else {
    return std::to_string(static_cast<long long>(*v));
  }
}

std::string show(const KnockOptions& o, const std::string& host, const std::vector<std::string>& steps) {
  const auto& v = o.overrides;
  std::ostringstream s;
  s << "delay=" << show(v.delay) << " connect=" << show(v.connect_timeout) << " family=" << show(v.family)
    << " source=" << show(v.source) << " verify=" << show(v.verify_port)
    << " vtimeout=" << show(v.verify_timeout) << " retries=" << show(v.retries) << " reknock=" << v.reknock
    << " dry=" << v.dry_run << " offset=" << show(v.clock_offset) << " window=" << show(v.otp_window)
    << " keep=" << show(v.keep_open) << " udp=" << o.udp << " json=" << o.print.json
    << " verbosity=" << o.print.verbosity << " secrets=" << o.print.show_secrets
    << " pdry=" << o.print.dry_run << " host=" << host << " steps=";
  for (const auto& st : steps)
    s << st << ",";
  return s.str();
}

// Parses `words` (without the program name) as `knock HOST STEP...` does.
Parsed parse_with(std::vector<std::string> words, const std::optional<Named>& only) {
  words.insert(words.begin(), "knock");
  const Named named = only ? *only : Named::all();
  KnockOptions o;
  std::string host;
  std::vector<std::string> steps;
  CLI::App app;
  app.add_option("HOST", host, "")->required();
  app.add_option("STEP", steps, "");
  define_knock_options(app, o, named);
  define_keep_open(app, o, named);
  std::ostringstream out, err;
  core::ProcessLauncher launcher;
  Io io{out, err, launcher, core::process_environment()};
  const int status = parse(app, words, io, false);
  // With three options that exclude each other, CLI11 names one of the pairs given, by the order of its
  // pointers: any pair is right.
  static const std::regex pair("-[-a-z0-9]+ excludes -[-a-z0-9]+");
  return {status, out.str(), std::regex_replace(err.str(), pair, "X excludes Y"), show(o, host, steps)};
}

Parsed parse_named(const std::vector<std::string>& words) {
  std::vector<std::string> all{"knock"};
  all.insert(all.end(), words.begin(), words.end());
  return parse_with(words, Named(all));
}

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words)
    s += "'" + w + "' ";
  return s;
}

TEST(Named, NamesWhatTheWordsSpellOut) {
  const std::vector<std::string> words{"knock", "-qu", "--delay=1s", "--json", "127.0.0.1", "--", "-v"};
  const Named named(words);
  EXPECT_TRUE(named("-q,--quiet"));
  EXPECT_TRUE(named("-u,--udp"));
  EXPECT_TRUE(named("-d,--delay"));
  EXPECT_TRUE(named("--json"));
  EXPECT_TRUE(named("-v,--verbose"));  // after --, as "--" may be a value (-s --)
  EXPECT_FALSE(named("--verify"));
  EXPECT_FALSE(named("-n,--dry-run"));
  EXPECT_FALSE(named("-s,--source"));
  EXPECT_FALSE(named("--js"));
}

TEST(Named, HelpNamesEverything) {
  for (const char* help : {"-h", "--help", "-qh"}) {
    const std::vector<std::string> words{"knock", help};
    EXPECT_TRUE(Named(words)("--verify")) << help;
  }
  EXPECT_TRUE(Named::all()("--show-secrets"));
}

TEST(Named, ParsesHandPickedLinesAsAllOptionsDo) {
  const std::vector<std::vector<std::string>> lines{
      {"127.0.0.1", "tcp:1337", "udp:17954"},
      {"-q", "-u", "127.0.0.1", "1", "2", "3"},
      {"-qu", "127.0.0.1", "1"},
      {"-d200", "127.0.0.1", "1"},
      {"-d", "200", "127.0.0.1", "1"},
      {"--delay=1s", "127.0.0.1", "1"},
      {"--delay", "x", "127.0.0.1", "1"},
      {"--clock-offset", "-40s", "127.0.0.1", "1"},
      {"--clock-offset", "-5s", "127.0.0.1", "1"},
      {"--clock-offset=-40s", "127.0.0.1", "1"},
      {"--clock-offset", "-4", "127.0.0.1", "1"},
      {"127.0.0.1", "-6", "1"},
      {"127.0.0.1", "-1"},
      {"-4", "-6", "127.0.0.1", "1"},
      {"-46", "127.0.0.1", "1"},
      {"--ipv4", "--both", "127.0.0.1", "1"},
      {"-q", "-v", "127.0.0.1", "1"},
      {"-qv", "127.0.0.1", "1"},
      {"--verify", "22", "--retries", "3", "--reknock", "127.0.0.1", "1"},
      {"--verify", "70000", "127.0.0.1", "1"},
      {"--retries", "101", "127.0.0.1", "1"},
      {"--verify", "127.0.0.1", "1"},
      {"127.0.0.1", "1", "-d"},
      {"--keep-open", "0", "127.0.0.1", "1"},
      {"--keep-open=auto", "127.0.0.1", "1"},
      {"-s", "::1", "-6", "::1", "1"},
      {"-s", "not-an-address", "127.0.0.1", "1"},
      {"--frobnicate", "127.0.0.1", "1"},
      {"--no-such=1", "127.0.0.1", "1"},
      {"-x", "127.0.0.1", "1"},
      {"-qx", "127.0.0.1", "1"},
      {"--json=yes", "127.0.0.1", "1"},
      {"--json", "--show-secrets", "-n", "-v", "127.0.0.1", "1"},
      {"--dry-run", "--otp-window", "1m", "127.0.0.1"},
      {"-", "127.0.0.1"},
      {""},
      {},
      {"--", "-q", "127.0.0.1"},
      {"127.0.0.1", "1", "--", "-v"},
      {"--verify-timeout", "0", "--connect-timeout", "3s", "127.0.0.1", "1"},
  };
  for (const auto& words : lines)
    EXPECT_EQ(parse_named(words), parse_with(words, std::nullopt)) << joined(words);
}

TEST(Named, ParsesMadeUpLinesAsAllOptionsDo) {
  const std::vector<std::string> pool{"-d",
                                      "--delay",
                                      "--delay=0",
                                      "-u",
                                      "--udp",
                                      "--connect-timeout",
                                      "-4",
                                      "--ipv4",
                                      "-6",
                                      "--ipv6",
                                      "--both",
                                      "-s",
                                      "--source",
                                      "--source=::1",
                                      "--verify",
                                      "--verify=22",
                                      "--verify-timeout",
                                      "--retries",
                                      "--reknock",
                                      "--otp-window",
                                      "--clock-offset",
                                      "-n",
                                      "--dry-run",
                                      "--json",
                                      "-q",
                                      "--quiet",
                                      "-v",
                                      "--verbose",
                                      "--show-secrets",
                                      "--keep-open",
                                      "-qu",
                                      "-nv",
                                      "-4u",
                                      "-d5",
                                      "-40s",
                                      "-5s",
                                      "-6",
                                      "-1",
                                      "200",
                                      "1s",
                                      "0",
                                      "auto",
                                      "22",
                                      "70000",
                                      "x",
                                      "::1",
                                      "127.0.0.1",
                                      "127.0.0.2",
                                      "tcp:1",
                                      "udp:2",
                                      "--",
                                      "-",
                                      "--x",
                                      "-z",
                                      "--json=1",
                                      "--verif",
                                      "-V"};
  std::mt19937 random(20261202);
  std::uniform_int_distribution<std::size_t> length(0, 6), pick(0, pool.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::string> words(length(random));
    for (auto& w : words)
      w = pool[pick(random)];
    const Parsed named = parse_named(words);
    const Parsed all = parse_with(words, std::nullopt);
    ASSERT_EQ(named, all) << joined(words) << "\nnamed: " << named.err << named.values
                          << "\nall:   " << all.err << all.values;
  }
}

}  // namespace
}  // namespace knock::cli
