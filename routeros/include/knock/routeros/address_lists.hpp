#pragma once
// Address lists as the router keeps them: static entries (IP, CIDR, range) and dynamic entries with a
// timeout that a new match resets. IPv4 entries live in a flat open-addressing table of 16-byte slots,
// IPv6 entries in a hash map; expiry runs off min-heaps of deadlines. The cost per packet does not grow
// with the number of entries, and nothing is ever scanned.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "knock/routeros/config.hpp"

namespace knock::routeros {

// One address on a list, as a script sees it (find, get).
struct ListItem {
  IpAddress address;
  std::optional<Time> expires;  // none: no timeout
  bool is_static = false;       // static (none-static, or from the export), not dynamic
};

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
  // When the dynamic entry for `a` expires (nullopt: no such entry, or it has no timeout).
  std::optional<Time> expiry(std::string_view list, const IpAddress& a) const;
  // Drops entries whose time has come, earliest first; calls `on_expired` for each.
  std::size_t expire(Time now,
                     const std::function<void(const std::string& list, const IpAddress&)>& on_expired = {});
  std::optional<Time> next_expiry() const;
  // The single addresses on `list` (ranges and blocks of the export are the configuration's), in address
  // order. A list asked for once is indexed from then on, so that a script polling a list of a few entries
  // costs nothing like a scan of a table of a million.
  std::vector<ListItem> items(std::string_view list, Time now);
  // The lists that have or had entries, in the order they were first named.
  const std::vector<std::string>& names() const { return names_; }
  // Takes one address off a list (a script's remove); false when it was not there.
  bool remove(std::string_view list, const IpAddress& a, Time now);
  // Drops the entry closest to its timeout (for entries of one timeout: the oldest), to cap memory.
  // Entries without a timeout are never evicted. False when there is nothing to evict.
  bool evict_next(std::string* list = nullptr, IpAddress* address = nullptr);
  std::size_t dynamic_entries() const { return used4_ + map6_.size(); }
  // Bytes held per entry (table slots, map nodes, heap slots), for benchmarks.
  std::size_t bytes_per_entry() const;

 private:
  static constexpr std::int64_t kStatic = INT64_MAX;         // never expires, stays static
  static constexpr std::int64_t kNoTimeout = INT64_MAX - 1;  // none-dynamic: never expires
  struct Slot {
    std::uint64_t key = 0;  // (list id + 1) << 32 | IPv4 address; 0 empty, kTombstone deleted
    std::int64_t expires = 0;
  };
  static constexpr std::uint64_t kTombstone = ~std::uint64_t{0};
  struct Key6 {
    std::uint32_t list;
    std::array<std::uint8_t, 16> bytes;
    bool operator==(const Key6&) const = default;
  };
  struct Hash6 {
    std::size_t operator()(const Key6& k) const noexcept;
  };
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  struct Static {
    AddressSpec spec;
    std::optional<Time> expires;
  };
  using Deadline4 = std::pair<std::int64_t, std::uint64_t>;
  using Deadline6 = std::pair<std::int64_t, Key6>;

  std::optional<std::uint32_t> id(std::string_view list) const;
  std::uint32_t intern(std::string_view list);
  static std::uint64_t key4(std::uint32_t list, const IpAddress& a);
  static Key6 key6(std::uint32_t list, const IpAddress& a);
  // The IPv4 slot holding `key`, or nullptr.
  const Slot* find4(std::uint64_t key) const;
  // Sets an IPv4 entry's expiry, inserting it if needed; returns the previous expiry, if any.
  std::optional<std::int64_t> put4(std::uint64_t key, std::int64_t expires);
  void erase4(std::uint64_t key);
  void grow4();
  std::int64_t* entry(std::uint32_t list, const IpAddress& a);
  void push_deadline(std::uint32_t list, const IpAddress& a, std::int64_t when);
  // Pops the earliest live deadline not after `limit` (any, without a limit); false when none.
  bool pop_next(std::int64_t limit, std::string* list, IpAddress* address);
  void compact();
  void index_add(std::uint32_t list, const IpAddress& a);
  void index_erase(std::uint32_t list, const IpAddress& a);

  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
  std::vector<std::vector<Static>> static_;  // by list id: ranges and blocks
  std::vector<Slot> table4_;                 // power-of-two size, linear probing
  std::size_t used4_ = 0, tombstones4_ = 0;
  std::unordered_map<Key6, std::int64_t, Hash6> map6_;
  std::vector<Deadline4> heap4_;  // min-heaps, with stale slots skipped on pop
  std::vector<Deadline6> heap6_;
  std::vector<std::unique_ptr<std::set<IpAddress>>> index_;  // by list id, for the lists scripts ask for
};

}  // namespace knock::routeros
