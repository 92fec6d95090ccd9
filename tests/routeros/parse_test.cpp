// routeros/src/parse.cpp, through load_config: the values of RouterOS settings (port lists, addresses,
// blocks and ranges, yes/no, name lists, a key given twice), each refused with the key, the value and
// where it stands.
#include <string>

#include <gtest/gtest.h>

#include "examples.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros {
namespace {

using test::error_of;
using test::ip;
using test::loaded;

TEST(Config, AKeyGivenTwiceIsRefused) {
  EXPECT_EQ(
      error_of("/ip firewall filter\nadd chain=input action=drop chain=forward\n"),
      "line 2, column 29: chain= is given twice in one /ip firewall filter add (first at line 2, column 5)");
  EXPECT_NE(
      error_of("/interface list member add interface=ether1 list=WAN list=LAN").find("list= is given twice"),
      std::string::npos);
}

}  // namespace
}  // namespace knock::routeros
