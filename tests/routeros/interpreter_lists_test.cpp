// Address lists in scripts (interpreter_lists.cpp): entries added, refreshed and removed at run time, as
// the firewall matches them and as ListEdits report them; the export's own entries; get and find.
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(Interpreter, AddingAnAddressTwiceFailsAsOnTheRouter) {
  Scheduled r(
      "/ip firewall address-list add list=ok address=192.0.2.5\n/ip firewall address-list add list=ok "
      "address=192.0.2.5");
  EXPECT_NE(r.go().find("already have such entry"), std::string::npos);
}

const std::string kListDoor =
    "/ip firewall filter\n"
    "add chain=input action=accept protocol=tcp dst-port=22 src-address-list=ok\n"
    "add chain=input action=drop protocol=tcp\n";

TEST(InterpreterLists, AnEntryAddedWithATimeoutLetsInUntilItExpires) {
  Scheduled r("/ip firewall address-list add list=ok address=192.0.2.5 timeout=10s", kListDoor);
  EXPECT_EQ(r.go(), "");
  ASSERT_EQ(r.edits.size(), 1u);
  EXPECT_EQ(r.edits[0].kind, routeros::ListEdit::added);
  EXPECT_EQ(r.edits[0].address, ip("192.0.2.5"));
  ASSERT_TRUE(r.edits[0].expires);
  EXPECT_EQ(*r.edits[0].expires, routeros::Time{14s});
  EXPECT_TRUE(r.connects(ip("192.0.2.5"), 22));
  r.until(15s);
  EXPECT_FALSE(r.connects(ip("192.0.2.5"), 22));
}

TEST(InterpreterLists, SetRefreshesTheTimeoutAndRemoveTakesTheEntryAway) {
  Scheduled r(
      "/ip firewall address-list add list=ok address=192.0.2.5 timeout=10s\n"
      "/ip firewall address-list set [find where list=ok and address=192.0.2.5] timeout=1h\n"
      ":put [/ip firewall address-list get [:pick [find where list=ok] 0] address]\n"
      "/ip firewall address-list remove [find where list=ok]",
      kListDoor);
  EXPECT_EQ(r.go(), "192.0.2.5");
  ASSERT_EQ(r.edits.size(), 3u);
  EXPECT_EQ(r.edits[1].kind, routeros::ListEdit::refreshed);
  EXPECT_EQ(r.edits[2].kind, routeros::ListEdit::removed);
  EXPECT_FALSE(r.connects(ip("192.0.2.5"), 22));
}

TEST(InterpreterLists, WhatIsNotEmulatedIsAnError) {
  EXPECT_NE(Scheduled("/ip firewall address-list add list=ok address=192.0.2.5\n"
                      "/ip firewall address-list set [find where list=ok] disabled=yes")
                .go()
                .find("set: only timeout=TIME is emulated"),
            std::string::npos);
  EXPECT_NE(Scheduled("/ip firewall address-list remove [find where list=mine]",
                      "/ip firewall address-list add list=mine address=192.0.2.0/24\n")
                .go()
                .find("the export's own entries are not removed at run time here"),
            std::string::npos);
  EXPECT_NE(Scheduled("/ip firewall address-list add list=ok address=192.0.2.5\n"
                      ":put [/ip firewall address-list get [:pick [find] 0] colour]")
                .go()
                .find("get: property colour is outside the emulated subset"),
            std::string::npos);
}

TEST(InterpreterLists, AnImportAddsToTheExportsEntries) {
  auto im = routeros::import_script(
      "/ip firewall address-list add list=a address=192.0.2.1\n"
      ":if (true) do={ /ip firewall address-list add list=a address=192.0.2.2 }\n");
  ASSERT_TRUE(im) << im.error().message;
  ASSERT_EQ(im->config.entries.size(), 2u);
  EXPECT_EQ(im->config.entries[1].address.text, "192.0.2.2");
}

}  // namespace
}  // namespace knock::test
