#include "knock/routeros/address_lists.hpp"

#include <algorithm>
#include <cstring>

namespace knock::routeros {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: neighbouring addresses spread out
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

constexpr auto kLater = std::greater<>{};  // std::*_heap with greater<> keeps the earliest on top

}  // namespace

std::size_t AddressLists::Hash6::operator()(const Key6& k) const noexcept {
  std::uint64_t a, b;
  std::memcpy(&a, k.bytes.data(), 8);
  std::memcpy(&b, k.bytes.data() + 8, 8);
  return static_cast<std::size_t>(mix(a ^ mix(b ^ k.list)));
}

std::uint64_t AddressLists::key4(std::uint32_t list, const IpAddress& a) {
  return (std::uint64_t{list} + 1) << 32 | a.to_v4().to_uint();
}

AddressLists::Key6 AddressLists::key6(std::uint32_t list, const IpAddress& a) {
  return {list, a.to_v6().to_bytes()};
}

std::optional<std::uint32_t> AddressLists::id(std::string_view list) const {
  auto it = ids_.find(list);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::uint32_t AddressLists::intern(std::string_view list) {
  if (auto found = id(list)) return *found;
  const auto n = static_cast<std::uint32_t>(names_.size());
  ids_.emplace(std::string(list), n);
  names_.emplace_back(list);
  static_.emplace_back();
  return n;
}

const AddressLists::Slot* AddressLists::find4(std::uint64_t key) const {
  if (table4_.empty()) return nullptr;
  const std::size_t mask = table4_.size() - 1;
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    const Slot& s = table4_[i];
    if (s.key == key) return &s;
    if (s.key == 0) return nullptr;
  }
}

void AddressLists::grow4() {
  std::vector<Slot> old = std::move(table4_);
  const std::size_t live = used4_;
  std::size_t size = 64;
  while (size * 7 / 10 < (live + 1) * 2)
    size *= 2;
  table4_.assign(size, Slot{});
  used4_ = tombstones4_ = 0;
  for (const Slot& s : old) {
    if (s.key != 0 && s.key != kTombstone) put4(s.key, s.expires);
  }
}

std::optional<std::int64_t> AddressLists::put4(std::uint64_t key, std::int64_t expires) {
  if ((used4_ + tombstones4_ + 1) * 10 > table4_.size() * 7) grow4();
  const std::size_t mask = table4_.size() - 1;
  Slot* tombstone = nullptr;  // the first one on the way: where a new key goes
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    Slot& s = table4_[i];
    if (s.key == key) {
      const std::int64_t previous = s.expires;
      s.expires = expires;
      return previous;
    }
    if (s.key == kTombstone) {
      if (!tombstone) tombstone = &s;
      continue;
    }
    if (s.key == 0) {
      Slot& target = tombstone ? *tombstone : s;
      if (tombstone) --tombstones4_;
      target.key = key;
      target.expires = expires;
      ++used4_;
      return std::nullopt;
    }
  }
}

void AddressLists::erase4(std::uint64_t key) {
  Slot* s = const_cast<Slot*>(find4(key));
  if (!s) return;
  s->key = kTombstone;
  --used4_;
  ++tombstones4_;
}

std::int64_t* AddressLists::entry(std::uint32_t list, const IpAddress& a) {
  if (a.is_v4()) {
    const Slot* slot = find4(key4(list, a));
    return slot ? const_cast<std::int64_t*>(&slot->expires) : nullptr;
  }
  auto it = map6_.find(key6(list, a));
  return it == map6_.end() ? nullptr : &it->second;
}

void AddressLists::push_deadline(std::uint32_t list, const IpAddress& a, std::int64_t when) {
  if (a.is_v4()) {
    heap4_.emplace_back(when, key4(list, a));
    std::push_heap(heap4_.begin(), heap4_.end(), kLater);
  } else {
    heap6_.emplace_back(when, key6(list, a));
    std::push_heap(heap6_.begin(), heap6_.end(),
                   [](const Deadline6& x, const Deadline6& y) { return x.first > y.first; });
  }
  if (heap4_.size() + heap6_.size() > 2 * dynamic_entries() + 1024) compact();
}

void AddressLists::load(const std::vector<ListEntry>& entries, Time now) {
  for (const ListEntry& e : entries) {
    if (e.disabled || !e.address.dns_name.empty()) continue;
    const std::uint32_t list = intern(e.list);
    const std::optional<Time> expires =
        e.timeout ? std::optional<Time>(now + std::chrono::duration_cast<Time>(*e.timeout)) : std::nullopt;
    if (e.address.low == e.address.high) {
      const std::int64_t when = expires ? expires->count() : kStatic;
      if (e.address.low.is_v4())
        put4(key4(list, e.address.low), when);
      else
        map6_[key6(list, e.address.low)] = when;
      if (expires) push_deadline(list, e.address.low, when);
    } else {
      static_[list].push_back({e.address, expires});
    }
  }
}

ListChange AddressLists::add(std::string_view list_name, const IpAddress& a, const ListTimeout& timeout,
                             Time now) {
  const std::uint32_t list = intern(list_name);
  ListChange change{ListChange::added, std::string(list_name), a, std::nullopt};
  const std::int64_t when = timeout.kind == ListTimeout::duration
                                ? (now + std::chrono::duration_cast<Time>(timeout.value)).count()
                            : timeout.kind == ListTimeout::none_static ? kStatic
                                                                       : kNoTimeout;
  if (std::int64_t* existing = entry(list, a); existing && *existing > now.count()) {
    if (*existing == kStatic) {
      change.kind = ListChange::static_kept;
      return change;
    }
    change.kind = ListChange::refreshed;
  }
  if (a.is_v4())
    put4(key4(list, a), when);
  else
    map6_[key6(list, a)] = when;
  if (change.kind == ListChange::added) index_add(list, a);
  if (when < kNoTimeout) {
    push_deadline(list, a, when);
    change.expires = Time(when);
  }
  return change;
}

bool AddressLists::contains(std::string_view list_name, const IpAddress& a, Time now) const {
  const auto list = id(list_name);
  if (!list) return false;
  if (a.is_v4()) {
    if (const Slot* s = find4(key4(*list, a)); s && s->expires > now.count()) return true;
  } else if (auto it = map6_.find(key6(*list, a)); it != map6_.end() && it->second > now.count()) {
    return true;
  }
  for (const Static& s : static_[*list]) {
    if ((!s.expires || *s.expires > now) && s.spec.contains(a)) return true;
  }
  return false;
}

std::optional<Time> AddressLists::expiry(std::string_view list_name, const IpAddress& a) const {
  const auto list = id(list_name);
  if (!list) return std::nullopt;
  std::optional<std::int64_t> when;
  if (a.is_v4()) {
    if (const Slot* s = find4(key4(*list, a))) when = s->expires;
  } else if (auto it = map6_.find(key6(*list, a)); it != map6_.end()) {
    when = it->second;
  }
  if (!when || *when >= kNoTimeout) return std::nullopt;
  return Time(*when);
}

bool AddressLists::pop_next(std::int64_t limit, std::string* list, IpAddress* address) {
  const auto later6 = [](const Deadline6& x, const Deadline6& y) { return x.first > y.first; };
  for (;;) {
    const bool have4 = !heap4_.empty() && heap4_.front().first <= limit;
    const bool have6 = !heap6_.empty() && heap6_.front().first <= limit;
    if (!have4 && !have6) return false;
    if (have4 && (!have6 || heap4_.front().first <= heap6_.front().first)) {
      std::pop_heap(heap4_.begin(), heap4_.end(), kLater);
      const auto [when, key] = heap4_.back();
      heap4_.pop_back();
      const Slot* s = find4(key);
      if (!s || s->expires != when) continue;  // refreshed or gone: a stale slot
      erase4(key);
      const auto id4 = static_cast<std::uint32_t>((key >> 32) - 1);
      const IpAddress gone = boost::asio::ip::address_v4(static_cast<std::uint32_t>(key));
      index_erase(id4, gone);
      if (list) *list = names_[id4];
      if (address) *address = gone;
      return true;
    }
    std::pop_heap(heap6_.begin(), heap6_.end(), later6);
    const auto [when, key] = heap6_.back();
    heap6_.pop_back();
    auto it = map6_.find(key);
    if (it == map6_.end() || it->second != when) continue;
    map6_.erase(it);
    const IpAddress gone = boost::asio::ip::address_v6(key.bytes);
    index_erase(key.list, gone);
    if (list) *list = names_[key.list];
    if (address) *address = gone;
    return true;
  }
}

std::size_t AddressLists::expire(
    Time now, const std::function<void(const std::string&, const IpAddress&)>& on_expired) {
  std::size_t count = 0;
  std::string list;
  IpAddress a;
  while (pop_next(now.count(), &list, &a)) {
    ++count;
    if (on_expired) on_expired(list, a);
  }
  return count;
}

std::optional<Time> AddressLists::next_expiry() const {
  // Stale slots only make this early, never late: the caller's expire() then finds nothing and asks again.
  std::optional<std::int64_t> when;
  if (!heap4_.empty()) when = heap4_.front().first;
  if (!heap6_.empty() && (!when || heap6_.front().first < *when)) when = heap6_.front().first;
  if (!when) return std::nullopt;
  return Time(*when);
}

bool AddressLists::evict_next(std::string* list, IpAddress* address) {
  return pop_next(INT64_MAX, list, address);
}

void AddressLists::compact() {
  heap4_.clear();
  for (const Slot& s : table4_) {
    if (s.key != 0 && s.key != kTombstone && s.expires < kNoTimeout) heap4_.emplace_back(s.expires, s.key);
  }
  std::make_heap(heap4_.begin(), heap4_.end(), kLater);
  heap6_.clear();
  for (const auto& [k, when] : map6_) {
    if (when < kNoTimeout) heap6_.emplace_back(when, k);
  }
  std::make_heap(heap6_.begin(), heap6_.end(),
                 [](const Deadline6& x, const Deadline6& y) { return x.first > y.first; });
}

void AddressLists::index_add(std::uint32_t list, const IpAddress& a) {
  if (list < index_.size() && index_[list]) index_[list]->insert(a);
}

void AddressLists::index_erase(std::uint32_t list, const IpAddress& a) {
  if (list < index_.size() && index_[list]) index_[list]->erase(a);
}

std::vector<ListItem> AddressLists::items(std::string_view list_name, Time now) {
  const std::uint32_t list = intern(list_name);
  if (index_.size() <= list) index_.resize(list + 1);
  if (!index_[list]) {  // the first question about this list: one scan, then the index keeps up
    auto members = std::make_unique<std::set<IpAddress>>();
    for (const Slot& s : table4_) {
      if (s.key != 0 && s.key != kTombstone && (s.key >> 32) - 1 == list)
        members->insert(boost::asio::ip::address_v4(static_cast<std::uint32_t>(s.key)));
    }
    for (const auto& [k, when] : map6_) {
      if (k.list == list) members->insert(boost::asio::ip::address_v6(k.bytes));
    }
    index_[list] = std::move(members);
  }
  std::vector<ListItem> out;
  for (const IpAddress& a : *index_[list]) {
    const std::int64_t* when = entry(list, a);
    if (!when || *when <= now.count()) continue;  // expired, not yet taken out
    ListItem item{a, std::nullopt, *when == kStatic};
    if (*when < kNoTimeout) item.expires = Time(*when);
    out.push_back(item);
  }
  return out;
}

bool AddressLists::remove(std::string_view list_name, const IpAddress& a, Time now) {
  const auto list = id(list_name);
  if (!list) return false;
  const std::int64_t* when = entry(*list, a);
  if (!when || *when <= now.count()) return false;
  if (a.is_v4())
    erase4(key4(*list, a));
  else
    map6_.erase(key6(*list, a));
  index_erase(*list, a);  // its deadline, if any, is skipped as stale when it comes up
  return true;
}

std::size_t AddressLists::bytes_per_entry() const {
  const std::size_t n = dynamic_entries();
  if (n == 0) return 0;
  const std::size_t v6_node = sizeof(std::pair<const Key6, std::int64_t>) + 2 * sizeof(void*);
  const std::size_t bytes = table4_.capacity() * sizeof(Slot) + heap4_.capacity() * sizeof(Deadline4) +
                            map6_.size() * v6_node + map6_.bucket_count() * sizeof(void*) +
                            heap6_.capacity() * sizeof(Deadline6);
  return bytes / n;
}

}  // namespace knock::routeros
