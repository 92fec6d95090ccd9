// Jumps are checked once, for the whole configuration, so that evaluation never meets one it cannot follow:
// a jump to a chain no rule is in is most likely a typo, a loop never ends, and below kMaxJumpDepth the
// emulator does not go. Each is an error naming the chains, never a guess (a guess would be an accept).
#include <algorithm>
#include <map>
#include <set>

#include "load.hpp"

namespace knock::routeros {
namespace {

using core::Errc;
using core::make_error;

// "input -> a -> b", the middle left out when long.
std::string path_text(const std::vector<std::string>& chains) {
  std::string out;
  for (std::size_t i = 0; i < chains.size(); ++i) {
    if (chains.size() > 8 && i >= 3 && i + 3 < chains.size()) {
      if (i == 3) out += " -> ...";
      continue;
    }
    out += (out.empty() ? "" : " -> ") + chains[i];
  }
  return out;
}

class JumpGraph {
 public:
  JumpGraph(const std::vector<Rule>& rules, std::string menu) : menu_(std::move(menu)) {
    for (const Rule& r : rules) {
      chains_.insert(r.chain);
      if (r.action == Action::jump && !r.disabled) jumps_[r.chain].push_back(&r);
    }
  }

  std::optional<core::Error> check() {
    for (const auto& [chain, jumps] : jumps_) {
      for (const Rule* j : jumps) {
        if (chains_.count(j->jump_target) == 0) {
          return make_error(Errc::bad_input, where(j->jump_target_at) + ": " + menu_ + ": jump-target=" +
                                                 j->jump_target + " names a chain no rule is in (a typo?)");
        }
      }
    }
    for (const auto& [chain, jumps] : jumps_) {
      std::vector<std::string> path{chain};
      if (auto e = visit(chain, path)) return e;
    }
    const auto deepest = std::max_element(depth_.begin(), depth_.end(),
                                          [](const auto& a, const auto& b) { return a.second < b.second; });
    if (deepest == depth_.end() || deepest->second <= kMaxJumpDepth) return std::nullopt;
    std::vector<std::string> path{deepest->first};
    while (depth_[path.back()] > 0)
      path.push_back(next_[path.back()]);
    const Rule* first = nullptr;
    for (const Rule* j : jumps_[path[0]]) {
      if (!first && j->jump_target == path[1]) first = j;
    }
    return make_error(Errc::bad_input, where(first->at) + ": " + menu_ + ": jumps nest " +
                                           std::to_string(path.size() - 1) + " chains deep (" +
                                           path_text(path) + "), more than the " +
                                           std::to_string(kMaxJumpDepth) + " the emulator follows");
  }

 private:
  // Sets depth_[chain], the most jumps below it; an error for a loop found walking `path`.
  std::optional<core::Error> visit(const std::string& chain, std::vector<std::string>& path) {
    if (depth_.count(chain)) return std::nullopt;
    on_path_.insert(chain);
    int deepest = 0;
    const auto jumps = jumps_.find(chain);
    for (const Rule* j : jumps == jumps_.end() ? kNone : jumps->second) {
      const std::string& target = j->jump_target;
      path.push_back(target);
      if (on_path_.count(target)) {
        const auto start = std::find(path.begin(), path.end(), target);
        return make_error(Errc::bad_input,
                          where(j->at) + ": " + menu_ + ": " + j->describe() + " closes a jump loop (" +
                              path_text(std::vector<std::string>(start, path.end())) +
                              "): RouterOS refuses loops, and the emulator cannot follow one");
      }
      if (auto e = visit(target, path)) return e;
      path.pop_back();
      if (1 + depth_[target] > deepest) {
        deepest = 1 + depth_[target];
        next_[chain] = target;
      }
    }
    on_path_.erase(chain);
    depth_[chain] = deepest;
    return std::nullopt;
  }

  static inline const std::vector<const Rule*> kNone;
  std::string menu_;
  std::set<std::string> chains_;
  std::map<std::string, std::vector<const Rule*>> jumps_;
  std::set<std::string> on_path_;
  std::map<std::string, int> depth_;         // the most jumps below each chain visited
  std::map<std::string, std::string> next_;  // the target on the way to that depth
};

}  // namespace

std::optional<core::Error> check_jumps(const Config& config) {
  for (const Family f : {Family::v4, Family::v6}) {
    for (const Table t : {Table::raw, Table::nat, Table::filter}) {
      JumpGraph graph(config.rules(t, f), menu_of(t, f));
      if (auto e = graph.check()) return e;
    }
  }
  return std::nullopt;
}

}  // namespace knock::routeros
