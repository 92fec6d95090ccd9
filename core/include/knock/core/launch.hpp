#pragma once
// After a successful knock: run the user's program (ssh, winbox, a browser) with the resolved address.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "knock/core/error.hpp"
#include "knock/core/values.hpp"

namespace knock::core {

struct LaunchVars {
  std::string host;                   // {host}: as the user wrote it
  std::string ip;                     // {ip}: the address that was knocked (and verified)
  std::optional<std::uint16_t> port;  // {port}: the verified port
};

// Fills {host}, {ip} and {port} in every word; "{{" and "}}" stand for literal braces.
Expected<std::vector<std::string>> expand_command(std::span<const std::string> argv, const LaunchVars& vars);
// Splits a command template into words the way a POSIX shell would for quotes and backslashes
// ("ssh -p 22 'admin user'@{ip}"), without expanding anything else.
Expected<std::vector<std::string>> split_command(std::string_view command);

// One argument as a Windows command line must carry it for the Microsoft C runtime (CommandLineToArgvW) to
// read it back whole: quoted when it has blanks or quotes or is empty, backslashes before a quote doubled.
// _spawnvp joins its arguments with bare spaces, so a path under Program Files arrives in pieces without it.
std::string windows_argument(std::string_view arg);

// A program started beside knock (--keep-open): knock goes on knocking while it runs.
class Child {
 public:
  virtual ~Child() = default;
  // Waits up to `timeout` for the program to end: its exit status (128 + N after signal N), or nullopt.
  virtual std::optional<int> wait_for(Duration timeout) = 0;
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  // Replaces the current process with argv (so ssh gets the terminal); returns only on failure.
  virtual Error exec(const std::vector<std::string>& argv) = 0;
  // Starts argv as a child sharing knock's terminal; until it ends, Ctrl-C reaches it and not knock. The
  // real process unless a test's launcher says otherwise.
  virtual Expected<std::unique_ptr<Child>> spawn(const std::vector<std::string>& argv);
};

// Whether the process `pid` (as QProcess::startDetached or spawn gave it) is still running.
bool process_running(std::int64_t pid);

// Holds SIGINT and SIGTERM (Ctrl-C) for as long as it lives: one that comes while nothing waits for it
// (between a pause and a knock round) is kept, not the end of the process.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  // Whether a signal has come.
  bool interrupted();
  // Sleeps for `timeout`, or until a signal comes (or has come): true when one did.
  bool sleep_for(Duration timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The real one: execvp on POSIX, spawn-and-exit on Windows.
class ProcessLauncher final : public Launcher {
 public:
  Error exec(const std::vector<std::string>& argv) override;
};

}  // namespace knock::core
