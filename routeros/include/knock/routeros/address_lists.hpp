#pragma once
// Address lists as the router keeps them: static entries (IP, CIDR, range) and dynamic entries with a
// timeout that a new match resets. Lookups are hashed and expiry runs off a min-heap, so the cost per
// packet does not grow with the number of entries.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knock/routeros/config.hpp"

namespace knock::routeros {

struct ListChange {
  enum Kind : std::uint8_t { added, refreshed, static_kept } kind = added;
  std::string list;
  IpAddress address;
  std::optional<Time> expires;  // none: no timeout
};

class AddressLists {
 public:
  // Static entries from the configuration; an entry with timeout= expires that long after `now`.
  void load(const std::vector<ListEntry>& entries, Time now);
  // add-src/dst-to-address-list: a new entry, or the old one's timer reset; static entries stay static.
  ListChange add(std::string_view list, const IpAddress& a, const ListTimeout& timeout, Time now);
  bool contains(std::string_view list, const IpAddress& a, Time now) const;
  // When the dynamic entry for `a` expires (nullopt: not a dynamic entry, or no timeout).
  std::optional<Time> expiry(std::string_view list, const IpAddress& a) const;
  // Drops dynamic entries whose time has come, earliest first; calls `on_expired` for each.
  std::size_t expire(Time now, const std::function<void(const std::string& list, const IpAddress&)>& on_expired = {});
  std::optional<Time> next_expiry() const;
  // Drops the dynamic entry that was added or refreshed longest ago (to cap memory); false when none.
  bool evict_oldest(std::string* list = nullptr, IpAddress* address = nullptr);
  std::size_t dynamic_entries() const { return dynamic_.size(); }
  // Approximate bytes held per dynamic entry (hash node, bucket and heap slots), for benchmarks.
  std::size_t bytes_per_entry() const;

 private:
  struct Key {
    std::uint32_t list;
    std::uint8_t v6;
    std::array<std::uint8_t, 16> bytes;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept;
  };
  struct Entry {
    Time expires;   // Time::max(): no timeout
    Time touched;   // added or refreshed
    bool is_static;
  };
  struct Deadline {
    Time when;
    Key key;
    bool operator>(const Deadline& o) const { return when > o.when; }
  };
  struct Static {
    AddressSpec spec;
    std::optional<Time> expires;
  };

  std::optional<std::uint32_t> id(std::string_view list) const;
  std::uint32_t intern(std::string_view list);
  static Key key(std::uint32_t list, const IpAddress& a);
  static IpAddress address(const Key& k);
  void compact();

  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> ids_;  // looked up without copies
  std::vector<std::string> names_;
  std::vector<std::vector<Static>> static_;  // by list id: ranges and blocks
  std::unordered_map<Key, Entry, KeyHash> dynamic_;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> touches_;  // for evict_oldest
};

}  // namespace knock::routeros
