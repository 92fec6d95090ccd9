#pragma once
// Why a source was not on an address list when it needed to be: an entry that expired, knocks in the wrong
// order, a knock that misses its stage by one setting, a rule above that decided first, a raw drop or a port
// forward that kept the knock from the stage. Shared by check().
#include <set>
#include <string>
#include <vector>

#include "knock/routeros/check.hpp"

namespace knock::routeros {

// The virtual clock of check() starts here, so entries loaded at time 0 have been there a while.
inline constexpr Time kStart = std::chrono::seconds(1);
inline Time to_time(core::Duration d) {
  return std::chrono::duration_cast<Time>(d);
}
inline core::Duration to_duration(Time t) {
  return std::chrono::duration_cast<core::Duration>(t);
}
inline std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}
std::string past_tense(Action a);

class Explainer {
 public:
  Explainer(const Firewall& fw, const CheckRequest& req, const CheckResult& result);

  // Whether the source was on `list` just before step `index` was evaluated, from the recorded changes.
  bool was_on(const std::string& list, std::size_t index) const;
  // Why the source was not on `list` when step `index` came.
  void why_not_on(const std::string& list, std::size_t index, int depth, std::vector<std::string>& out);

 private:
  // Why `adder` did not put the source on its list, when no knock came before `index` that it takes.
  void no_knock_for(const Rule& adder, const std::string& list, std::size_t index,
                    std::vector<std::string>& out);
  // Why the knock `meant` for `adder` did not count.
  void did_not_count(const Rule& adder, std::size_t meant, int depth, std::vector<std::string>& out);

  const Firewall& fw_;
  const CheckRequest& req_;
  const CheckResult& result_;
  AddressLists statics_;  // the configuration's own entries, never changed by knocks
  std::set<std::string> explained_;
};

// The packet of `step` as the table of `r` saw it (the filter sees it after dstnat).
Packet seen_by(const Rule& r, const CheckStep& step);

}  // namespace knock::routeros
