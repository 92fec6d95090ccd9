#include "knock/server/gate.hpp"

#include <algorithm>

namespace knock::server {
namespace {

struct Range {
  std::uint32_t low, high;
  bool allow;
};

BpfInsn ret(bool allow) {
  return {kBpfRetK, 0, 0, allow ? kBpfAccept : 0};
}

// A binary search over sorted, disjoint ranges; A holds the source address.
std::vector<BpfInsn> tree(const std::vector<Range>& ranges, std::size_t l, std::size_t r,
                          bool default_allow) {
  if (l == r) return {ret(default_allow)};
  const std::size_t m = (l + r) / 2;
  std::vector<BpfInsn> left = tree(ranges, l, m, default_allow);
  std::vector<BpfInsn> right = tree(ranges, m + 1, r, default_allow);
  std::vector<BpfInsn> out;
  // A >= low? then the test below; else the left subtree, which follows (and always returns).
  if (left.size() <= 255) {
    out.push_back({kBpfJgeK, static_cast<std::uint8_t>(left.size()), 0, ranges[m].low});
  } else {  // too far for an 8-bit jump: hop over a long jump
    out.push_back({kBpfJgeK, 0, 1, ranges[m].low});
    out.push_back({kBpfJa, 0, 0, static_cast<std::uint32_t>(left.size())});
  }
  out.insert(out.end(), left.begin(), left.end());
  out.push_back({kBpfJgtK, 1, 0, ranges[m].high});  // above the range: the right subtree
  out.push_back(ret(ranges[m].allow));
  out.insert(out.end(), right.begin(), right.end());
  return out;
}

}  // namespace

std::vector<BpfInsn> build_gate(bool v6, bool default_allow, std::vector<GateRule> rules,
                                std::size_t* dropped) {
  if (dropped) *dropped = 0;
  rules.erase(
      std::remove_if(rules.begin(), rules.end(),
                     [&](const GateRule& g) { return g.allow == default_allow || g.source.is_v6() != v6; }),
      rules.end());
  if (!v6) {
    std::sort(rules.begin(), rules.end(), [](const GateRule& a, const GateRule& b) {
      return a.source.to_v4().to_uint() < b.source.to_v4().to_uint();
    });
    std::vector<Range> ranges;
    for (const GateRule& g : rules) {
      const std::uint32_t a = g.source.to_v4().to_uint();
      if (!ranges.empty() && ranges.back().allow == g.allow && ranges.back().high + 1 == a) {
        ranges.back().high = a;
      } else if (ranges.empty() || ranges.back().high != a) {
        ranges.push_back({a, a, g.allow});
      }
    }
    // Each range costs at most 5 instructions; keep the program within the kernel's limit.
    const std::size_t fits = (kBpfMaxInsns - 2) / 5;
    if (ranges.size() > fits) {
      if (dropped) *dropped = ranges.size() - fits;
      ranges.resize(fits);
    }
    std::vector<BpfInsn> program{{kBpfLdAbsW, 0, 0, kSkfNetOff + 12}};  // the IPv4 source address
    auto t = tree(ranges, 0, ranges.size(), default_allow);
    program.insert(program.end(), t.begin(), t.end());
    return program;
  }
  const std::size_t fits = (kBpfMaxInsns - 1) / 9;
  if (rules.size() > fits) {
    if (dropped) *dropped = rules.size() - fits;
    rules.resize(fits);
  }
  std::vector<BpfInsn> program;
  for (const GateRule& g : rules) {
    const auto b = g.source.to_v6().to_bytes();
    for (int w = 0; w < 4; ++w) {
      const std::uint32_t word = (std::uint32_t{b[4 * w]} << 24) | (std::uint32_t{b[4 * w + 1]} << 16) |
                                 (std::uint32_t{b[4 * w + 2]} << 8) | b[4 * w + 3];
      program.push_back({kBpfLdAbsW, 0, 0, kSkfNetOff + 8 + 4u * static_cast<std::uint32_t>(w)});
      // On a mismatch, skip to the next entry: past the rest of this 9-instruction block.
      program.push_back({kBpfJeqK, 0, static_cast<std::uint8_t>(7 - 2 * w), word});
    }
    program.push_back(ret(g.allow));
  }
  program.push_back(ret(default_allow));
  return program;
}

std::uint32_t run_gate(const std::vector<BpfInsn>& program, const std::vector<std::uint8_t>& ip) {
  std::uint32_t a = 0;
  for (std::size_t pc = 0; pc < program.size(); ++pc) {
    const BpfInsn& i = program[pc];
    switch (i.code) {
      case kBpfLdAbsW: {
        const std::size_t off = i.k - kSkfNetOff;
        if (off + 4 > ip.size()) return 0;
        a = (std::uint32_t{ip[off]} << 24) | (std::uint32_t{ip[off + 1]} << 16) |
            (std::uint32_t{ip[off + 2]} << 8) | ip[off + 3];
        break;
      }
      case kBpfJa:
        pc += i.k;
        break;
      case kBpfJeqK:
        pc += a == i.k ? i.jt : i.jf;
        break;
      case kBpfJgtK:
        pc += a > i.k ? i.jt : i.jf;
        break;
      case kBpfJgeK:
        pc += a >= i.k ? i.jt : i.jf;
        break;
      case kBpfRetK:
        return i.k;
      default:
        return 0;
    }
  }
  return 0;
}

}  // namespace knock::server
