#include "knock/routeros/address_lists.hpp"

#include <cstring>

namespace knock::routeros {

std::size_t AddressLists::KeyHash::operator()(const Key& k) const noexcept {
  // FNV-1a over the list id and the address bytes that matter.
  std::uint64_t h = 1469598103934665603ull ^ k.list;
  const std::size_t n = k.v6 ? 16 : 4;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ k.bytes[i]) * 1099511628211ull;
  return static_cast<std::size_t>(h ^ (h >> 29));
}

AddressLists::Key AddressLists::key(std::uint32_t list, const IpAddress& a) {
  Key k{list, static_cast<std::uint8_t>(a.is_v6()), {}};
  if (a.is_v4()) {
    const auto b = a.to_v4().to_bytes();
    std::memcpy(k.bytes.data(), b.data(), 4);
  } else {
    k.bytes = a.to_v6().to_bytes();
  }
  return k;
}

IpAddress AddressLists::address(const Key& k) {
  if (!k.v6) return boost::asio::ip::address_v4({k.bytes[0], k.bytes[1], k.bytes[2], k.bytes[3]});
  return boost::asio::ip::address_v6(k.bytes);
}

std::optional<std::uint32_t> AddressLists::id(std::string_view list) const {
  auto it = ids_.find(list);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::uint32_t AddressLists::intern(std::string_view list) {
  auto [it, fresh] = ids_.try_emplace(std::string(list), static_cast<std::uint32_t>(names_.size()));
  if (fresh) {
    names_.emplace_back(list);
    static_.emplace_back();
  }
  return it->second;
}

void AddressLists::load(const std::vector<ListEntry>& entries, Time now) {
  for (const ListEntry& e : entries) {
    if (e.disabled || !e.address.dns_name.empty()) continue;
    const std::uint32_t list = intern(e.list);
    const std::optional<Time> expires =
        e.timeout ? std::optional<Time>(now + std::chrono::duration_cast<Time>(*e.timeout)) : std::nullopt;
    if (e.address.low == e.address.high) {
      const Key k = key(list, e.address.low);
      dynamic_[k] = Entry{expires.value_or(Time::max()), now, !expires};
      if (expires) {
        deadlines_.push({*expires, k});
        touches_.push({now, k});
      }
    } else {
      static_[list].push_back({e.address, expires});
    }
  }
}

ListChange AddressLists::add(std::string_view list_name, const IpAddress& a, const ListTimeout& timeout, Time now) {
  const std::uint32_t list = intern(list_name);
  const Key k = key(list, a);
  ListChange change{ListChange::added, std::string(list_name), a, std::nullopt};
  const bool is_static = timeout.kind == ListTimeout::none_static;
  const Time expires = timeout.kind == ListTimeout::duration ? now + std::chrono::duration_cast<Time>(timeout.value)
                                                             : Time::max();
  auto it = dynamic_.find(k);
  if (it != dynamic_.end() && it->second.expires > now) {
    if (it->second.is_static) {
      change.kind = ListChange::static_kept;
      return change;
    }
    change.kind = ListChange::refreshed;
  }
  dynamic_[k] = Entry{expires, now, is_static};
  if (expires != Time::max()) {
    deadlines_.push({expires, k});
    change.expires = expires;
  }
  if (!is_static) touches_.push({now, k});
  if (deadlines_.size() + touches_.size() > 4 * dynamic_.size() + 4096) compact();
  return change;
}

bool AddressLists::contains(std::string_view list_name, const IpAddress& a, Time now) const {
  const auto list = id(list_name);
  if (!list) return false;
  if (auto it = dynamic_.find(key(*list, a)); it != dynamic_.end() && it->second.expires > now) return true;
  for (const Static& s : static_[*list]) {
    if ((!s.expires || *s.expires > now) && s.spec.contains(a)) return true;
  }
  return false;
}

std::optional<Time> AddressLists::expiry(std::string_view list_name, const IpAddress& a) const {
  const auto list = id(list_name);
  if (!list) return std::nullopt;
  auto it = dynamic_.find(key(*list, a));
  if (it == dynamic_.end() || it->second.expires == Time::max()) return std::nullopt;
  return it->second.expires;
}

std::size_t AddressLists::expire(Time now, const std::function<void(const std::string&, const IpAddress&)>& on_expired) {
  std::size_t count = 0;
  while (!deadlines_.empty() && deadlines_.top().when <= now) {
    const Deadline d = deadlines_.top();
    deadlines_.pop();
    auto it = dynamic_.find(d.key);
    if (it == dynamic_.end() || it->second.expires != d.when) continue;  // refreshed or gone: a stale slot
    dynamic_.erase(it);
    ++count;
    if (on_expired) on_expired(names_[d.key.list], address(d.key));
  }
  return count;
}

std::optional<Time> AddressLists::next_expiry() const {
  // Stale slots only make this early, never late: the caller's expire() then finds nothing and asks again.
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.top().when;
}

bool AddressLists::evict_oldest(std::string* list, IpAddress* addr) {
  while (!touches_.empty()) {
    const Deadline d = touches_.top();
    touches_.pop();
    auto it = dynamic_.find(d.key);
    if (it == dynamic_.end() || it->second.touched != d.when || it->second.is_static) continue;
    dynamic_.erase(it);
    if (list) *list = names_[d.key.list];
    if (addr) *addr = address(d.key);
    return true;
  }
  return false;
}

void AddressLists::compact() {
  decltype(deadlines_) deadlines;
  decltype(touches_) touches;
  for (const auto& [k, e] : dynamic_) {
    if (e.expires != Time::max()) deadlines.push({e.expires, k});
    if (!e.is_static) touches.push({e.touched, k});
  }
  deadlines_ = std::move(deadlines);
  touches_ = std::move(touches);
}

std::size_t AddressLists::bytes_per_entry() const {
  if (dynamic_.empty()) return 0;
  // A hash node holds the value, a next pointer and the cached hash; each bucket is one pointer.
  const std::size_t node = sizeof(std::pair<const Key, Entry>) + 2 * sizeof(void*);
  const std::size_t buckets = dynamic_.bucket_count() * sizeof(void*);
  const std::size_t heaps = (deadlines_.size() + touches_.size()) * sizeof(Deadline);
  return node + (buckets + heaps) / dynamic_.size();
}

}  // namespace knock::routeros
