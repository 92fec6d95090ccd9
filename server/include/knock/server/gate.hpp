#pragma once
// The service gate: a classic BPF program on a listening TCP socket that lets the SYNs of allowed sources
// through and drops the others, so a denied client's connect times out exactly as on the router (no
// SYN/ACK ever comes), without privileges. Rebuilt whenever the allowed set changes.
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "knock/core/asio.hpp"
#include "knock/core/error.hpp"

namespace knock::server {

// Same layout as Linux's struct sock_filter.
struct BpfInsn {
  std::uint16_t code;
  std::uint8_t jt, jf;
  std::uint32_t k;
};

// Classic BPF opcodes used here.
inline constexpr std::uint16_t kBpfLdAbsW = 0x20;  // BPF_LD | BPF_W | BPF_ABS
inline constexpr std::uint16_t kBpfJa = 0x05;      // BPF_JMP | BPF_JA
inline constexpr std::uint16_t kBpfJeqK = 0x15;    // BPF_JMP | BPF_JEQ | BPF_K
inline constexpr std::uint16_t kBpfJgtK = 0x25;    // BPF_JMP | BPF_JGT | BPF_K
inline constexpr std::uint16_t kBpfJgeK = 0x35;    // BPF_JMP | BPF_JGE | BPF_K
inline constexpr std::uint16_t kBpfRetK = 0x06;    // BPF_RET | BPF_K
inline constexpr std::uint32_t kSkfNetOff = static_cast<std::uint32_t>(-0x100000);  // SKF_NET_OFF
inline constexpr std::size_t kBpfMaxInsns = 4096;
inline constexpr std::uint32_t kBpfAccept = 0xffffffffu;

struct GateRule {
  IpAddress source;
  bool allow;
};

// A program deciding by source address: explicit entries first, `default_allow` for every other source.
// IPv4 entries become merged ranges searched as a binary tree; IPv6 entries are tested one by one.
// Entries beyond what fits in kBpfMaxInsns are dropped from the end; `dropped` says how many.
std::vector<BpfInsn> build_gate(bool v6, bool default_allow, std::vector<GateRule> rules,
                                std::size_t* dropped = nullptr);

// Runs a program over a packet whose network header starts at `ip` (for tests; only the opcodes above).
std::uint32_t run_gate(const std::vector<BpfInsn>& program, const std::vector<std::uint8_t>& ip);

// Attaches (or atomically replaces) the program on a socket (Linux only); the error's message is the
// system's reason.
core::Status attach_gate(int socket, const std::vector<BpfInsn>& program);

}  // namespace knock::server
