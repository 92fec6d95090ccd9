// routeros/src/address_lists.cpp: entries, their timeouts and their expiry, alone and as the firewall's
// rules add to them and match them. Every address is data: nothing here opens a socket.
#include "knock/routeros/address_lists.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "firewall_packets.hpp"

namespace knock::routeros {
namespace {

using namespace std::chrono_literals;
using test::Fixture;
using test::ip;
using test::tcp;

TEST(Firewall, StaticAddressListEntriesIpCidrAndRange) {
  Fixture f(
      "/ip firewall address-list\nadd list=ok address=192.168.33.10-192.168.33.20\n"
      "add list=ok address=127.0.0.0/30\nadd list=ok address=127.0.0.9\nadd list=ok "
      "address=router.example.net\n"
      "/ip firewall filter\nadd chain=input action=accept src-address-list=ok\nadd chain=input "
      "action=drop\n");
  EXPECT_EQ(f.decide(tcp("192.168.33.15", 1)), 0);
  EXPECT_EQ(f.decide(tcp("192.168.33.21", 1)), 1);
  EXPECT_EQ(f.decide(tcp("127.0.0.3", 1)), 0);
  EXPECT_EQ(f.decide(tcp("127.0.0.4", 1)), 1);
  EXPECT_EQ(f.decide(tcp("127.0.0.9", 1)), 0);
  EXPECT_NE(f.config.notes.at(0).find("router.example.net is a DNS name"), std::string::npos);
}

constexpr std::string_view kStage =
    "/ip firewall filter\n"
    "add chain=input action=add-src-to-address-list address-list=stage address-list-timeout=15s protocol=tcp "
    "dst-port=1337\n"
    "add chain=input action=accept src-address-list=stage\nadd chain=input action=drop\n";

TEST(AddressLists, AnEntryHoldsUntilJustBeforeItsTimeoutWhateverTheSubSecondPhase) {
  for (const Time start :
       {Time{0}, Time{std::chrono::milliseconds(999)}, Time{std::chrono::nanoseconds(123456789)}}) {
    Fixture f(kStage);
    f.decide(tcp("127.0.0.1", 1337), start);
    EXPECT_EQ(f.decide(tcp("127.0.0.1", 22), start + 15s - std::chrono::nanoseconds(1)), 1);
    EXPECT_EQ(f.decide(tcp("127.0.0.1", 22), start + 15s), 2) << "expired exactly at the timeout";
  }
}

TEST(AddressLists, ANewMatchResetsTheTimer) {
  Fixture f(kStage);
  f.decide(tcp("127.0.0.1", 1337), Time{0});
  f.decide(tcp("127.0.0.1", 1337), Time{10s});
  EXPECT_EQ(f.last.changes.at(0).kind, ListChange::refreshed);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22), Time{24s}), 1);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22), Time{25s}), 2);
}

TEST(AddressLists, AStaticEntryStaysStatic) {
  Fixture f("/ip firewall address-list add list=stage address=127.0.0.1\n" + std::string(kStage));
  f.decide(tcp("127.0.0.1", 1337), Time{0});
  EXPECT_EQ(f.last.changes.at(0).kind, ListChange::static_kept);
  EXPECT_EQ(f.decide(tcp("127.0.0.1", 22), Time{std::chrono::hours(100)}), 1);
}

TEST(AddressLists, ExpiryRunsOffATimerQueueEarliestFirst) {
  AddressLists lists;
  const ListTimeout t{ListTimeout::duration, 10s};
  lists.add("a", ip("127.0.0.1"), t, Time{0s});
  lists.add("a", ip("127.0.0.2"), t, Time{1s});
  lists.add("a", ip("127.0.0.1"), t, Time{5s});  // refreshed: now expires at 15 s
  lists.add("b", ip("::1"), {ListTimeout::none_dynamic, {}}, Time{0s});
  EXPECT_EQ(lists.next_expiry(), Time{10s});  // the stale slot of the refreshed entry
  std::vector<std::string> expired;
  const auto note = [&](const std::string& list, const IpAddress& a) {
    expired.push_back(list + " " + a.to_string());
  };
  EXPECT_EQ(lists.expire(Time{11s}, note), 1u);
  EXPECT_EQ(expired, std::vector<std::string>{"a 127.0.0.2"});
  EXPECT_EQ(lists.expire(Time{15s}, note), 1u);
  EXPECT_EQ(expired.back(), "a 127.0.0.1");
  EXPECT_EQ(lists.dynamic_entries(), 1u);  // none-dynamic never expires
  EXPECT_FALSE(lists.next_expiry());
}

TEST(AddressLists, EvictionDropsTheEntryClosestToItsTimeout) {
  AddressLists lists;
  const ListTimeout t{ListTimeout::duration, 100s};
  lists.add("a", ip("127.0.0.1"), t, Time{0s});
  lists.add("a", ip("127.0.0.2"), t, Time{1s});
  lists.add("a", ip("127.0.0.1"), t, Time{2s});
  IpAddress evicted;
  ASSERT_TRUE(lists.evict_next(nullptr, &evicted));
  EXPECT_EQ(evicted, ip("127.0.0.2"));
  EXPECT_TRUE(lists.contains("a", ip("127.0.0.1"), Time{3s}));
  EXPECT_TRUE(lists.evict_next());
  EXPECT_FALSE(lists.evict_next()) << "nothing left";
}

TEST(AddressLists, ManyEntriesAddExpireAndComeBack) {
  AddressLists lists;
  const ListTimeout t{ListTimeout::duration, 10s};
  for (std::uint32_t i = 0; i < 50000; ++i)
    lists.add("a", boost::asio::ip::address_v4(0x7f000000u + i), t, Time{0s});
  for (std::uint32_t i = 0; i < 50000; i += 2)
    lists.add("a", boost::asio::ip::address_v4(0x7f000000u + i), t, Time{5s});
  EXPECT_EQ(lists.dynamic_entries(), 50000u);
  EXPECT_EQ(lists.expire(Time{10s}), 25000u);  // the odd ones were never refreshed
  EXPECT_FALSE(lists.contains("a", boost::asio::ip::address_v4(0x7f000001u), Time{10s}));
  EXPECT_TRUE(lists.contains("a", boost::asio::ip::address_v4(0x7f000002u), Time{10s}));
  for (std::uint32_t i = 1; i < 50000; i += 2)
    lists.add("b", boost::asio::ip::address_v4(0x7f000000u + i), t, Time{11s});
  EXPECT_EQ(lists.dynamic_entries(), 50000u);
  EXPECT_EQ(lists.expire(Time{21s}), 50000u);
  EXPECT_EQ(lists.dynamic_entries(), 0u);
  EXPECT_LE(lists.bytes_per_entry(), 0u);
}

TEST(AddressLists, ItemsAreTheLiveSingleAddressesOfAListInAddressOrder) {
  AddressLists lists;
  ListEntry fixed;
  fixed.list = "a";
  fixed.address = {ip("127.0.0.9"), ip("127.0.0.9"), {}, "127.0.0.9"};
  ListEntry range = fixed;
  range.address = {ip("10.0.0.1"), ip("10.0.0.5"), {}, "10.0.0.1-10.0.0.5"};
  lists.load({fixed, range}, Time{0s});
  lists.add("a", ip("127.0.0.3"), {ListTimeout::duration, 10s}, Time{0s});
  lists.add("a", ip("::1"), {ListTimeout::none_dynamic, {}}, Time{0s});
  lists.add("b", ip("127.0.0.1"), {ListTimeout::duration, 10s}, Time{0s});
  const std::vector<ListItem> items = lists.items("a", Time{1s});
  ASSERT_EQ(items.size(), 3u) << "the range is the configuration's, not an item";
  EXPECT_EQ(items[0].address, ip("127.0.0.3"));
  EXPECT_EQ(items[0].expires, Time{10s});
  EXPECT_FALSE(items[0].is_static);
  EXPECT_EQ(items[1].address, ip("127.0.0.9"));
  EXPECT_TRUE(items[1].is_static);
  EXPECT_FALSE(items[1].expires);
  EXPECT_EQ(items[2].address, ip("::1"));
  EXPECT_FALSE(items[2].expires) << "none-dynamic";
  EXPECT_FALSE(items[2].is_static);
  EXPECT_EQ(lists.items("a", Time{10s}).size(), 2u) << "expired, though not yet taken out";
  lists.add("a", ip("127.0.0.4"), {ListTimeout::duration, 10s}, Time{11s});
  EXPECT_EQ(lists.items("a", Time{11s}).size(), 3u) << "the index keeps up with later adds";
  EXPECT_TRUE(lists.items("nothing", Time{0s}).empty());
  EXPECT_EQ(lists.names(), (std::vector<std::string>{"a", "b", "nothing"}));
}

TEST(AddressLists, RemoveTakesOneLiveAddressOff) {
  AddressLists lists;
  lists.add("a", ip("127.0.0.1"), {ListTimeout::duration, 10s}, Time{0s});
  lists.add("a", ip("::1"), {ListTimeout::duration, 10s}, Time{0s});
  EXPECT_EQ(lists.items("a", Time{0s}).size(), 2u);
  EXPECT_TRUE(lists.remove("a", ip("127.0.0.1"), Time{1s}));
  EXPECT_FALSE(lists.contains("a", ip("127.0.0.1"), Time{1s}));
  EXPECT_FALSE(lists.remove("a", ip("127.0.0.1"), Time{1s})) << "already gone";
  EXPECT_FALSE(lists.remove("b", ip("::1"), Time{1s})) << "another list";
  EXPECT_FALSE(lists.remove("a", ip("::1"), Time{10s})) << "expired";
  EXPECT_EQ(lists.items("a", Time{1s}).size(), 1u);
  EXPECT_EQ(lists.expire(Time{20s}), 1u) << "the removed entry's deadline is stale, not expired twice";
}

TEST(AddressLists, ExpiryIsWhenADynamicEntryGoes) {
  AddressLists lists;
  lists.add("a", ip("127.0.0.1"), {ListTimeout::duration, 15s}, Time{2s});
  lists.add("a", ip("::1"), {ListTimeout::duration, 1min}, Time{0s});
  lists.add("a", ip("127.0.0.2"), {ListTimeout::none_dynamic, {}}, Time{0s});
  lists.add("a", ip("127.0.0.3"), {ListTimeout::none_static, {}}, Time{0s});
  EXPECT_EQ(lists.expiry("a", ip("127.0.0.1")), Time{17s});
  EXPECT_EQ(lists.expiry("a", ip("::1")), Time{60s});
  EXPECT_FALSE(lists.expiry("a", ip("127.0.0.2")));
  EXPECT_FALSE(lists.expiry("a", ip("127.0.0.3")));
  EXPECT_FALSE(lists.expiry("a", ip("127.0.0.4")));
  EXPECT_FALSE(lists.expiry("b", ip("127.0.0.1")));
  EXPECT_EQ(lists.next_expiry(), Time{17s});
}

TEST(AddressLists, ANoneStaticAddIsStaticFromThenOn) {
  AddressLists lists;
  EXPECT_EQ(lists.add("a", ip("127.0.0.1"), {ListTimeout::none_static, {}}, Time{0s}).kind,
            ListChange::added);
  const ListChange again = lists.add("a", ip("127.0.0.1"), {ListTimeout::duration, 1s}, Time{1s});
  EXPECT_EQ(again.kind, ListChange::static_kept);
  EXPECT_TRUE(lists.contains("a", ip("127.0.0.1"), Time{std::chrono::hours(1000)}));
  EXPECT_FALSE(lists.evict_next()) << "an entry without a timeout is never evicted";
}

TEST(AddressLists, LoadedEntriesWithATimeoutExpireFromTheLoadAndDisabledOrNamedOnesAreLeftOut) {
  AddressLists lists;
  ListEntry one;
  one.list = "a";
  one.address = {ip("127.0.0.1"), ip("127.0.0.1"), {}, "127.0.0.1"};
  one.timeout = 10s;
  ListEntry block = one;
  block.address = {ip("10.0.0.0"), ip("10.255.255.255"), {}, "10.0.0.0/8"};
  ListEntry disabled = one;
  disabled.address = {ip("127.0.0.2"), ip("127.0.0.2"), {}, "127.0.0.2"};
  disabled.disabled = true;
  disabled.timeout.reset();
  ListEntry named = one;
  named.address = {{}, {}, "router.example.net", "router.example.net"};
  lists.load({one, block, disabled, named}, Time{5s});
  EXPECT_TRUE(lists.contains("a", ip("127.0.0.1"), Time{14s}));
  EXPECT_TRUE(lists.contains("a", ip("10.1.2.3"), Time{14s}));
  EXPECT_FALSE(lists.contains("a", ip("10.1.2.3"), Time{15s})) << "a block with timeout= expires too";
  EXPECT_FALSE(lists.contains("a", ip("127.0.0.2"), Time{5s}));
  EXPECT_EQ(lists.expiry("a", ip("127.0.0.1")), Time{15s});
  std::vector<std::string> gone;
  EXPECT_EQ(lists.expire(Time{15s}, [&](const std::string& l,
                                        const IpAddress& a) { gone.push_back(l + " " + a.to_string()); }),
            1u);
  EXPECT_EQ(gone, std::vector<std::string>{"a 127.0.0.1"});
}

}  // namespace
}  // namespace knock::routeros
