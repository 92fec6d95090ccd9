#pragma once
// Tests that send packets run in a network namespace of their own: only a loopback interface, nothing can
// leave the machine, fixed ports never clash with other processes, and nft rules stay private.
#include <string>

namespace knock::test {

// A temporary directory of this test process's own, made ::testing::TempDir() (through TEST_TMPDIR) and
// removed with everything in it when the process ends.
class PrivateTempDir {
 public:
  PrivateTempDir();
  ~PrivateTempDir();
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;

 private:
  std::string path_;
};

// Enters a new network namespace (as root, or through a new user namespace) and brings `lo` up.
// Returns an empty string on success, else why it could not (the test should then skip).
std::string enter_private_network();
// Runs a shell command, returns its exit status (and output in `out` if given). POSIX only.
int shell(const std::string& command, std::string* out = nullptr);
// True for a Windows test program running under Wine (whose UDP sockets ignore the address they are bound to:
// it binds them to the interface instead, for broadcasts).
bool running_under_wine();
// setenv, on every platform.
void set_env(const char* name, const std::string& value);
// nft rules inside the private namespace: count (and optionally drop) SYNs to a TCP port.
// Returns an empty string on success, else why not.
std::string count_syns(unsigned short port, bool drop);
// The packet count of the rule made by count_syns, or -1.
long syn_count(unsigned short port);
// Gives `name` both loopback addresses, 127.0.0.1 and ::1, for this process only: a private mount namespace
// with a copy of /etc/hosts bound over it (so no test depends on what the machine's own file lists).
// Returns an empty string on success, else why not.
std::string dual_stack_name(const std::string& name);

}  // namespace knock::test
