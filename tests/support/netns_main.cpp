// main() for test programs whose every test runs in its own private network namespace (ctest starts one
// process per test). Tests call GTEST_SKIP when the namespace could not be made.
#include <cstdlib>

#include <gtest/gtest.h>

#include "netns.hpp"

std::string g_netns_error;

int main(int argc, char** argv) {
  knock::test::set_env("KNOCK_LOOPBACK_ONLY", "1");
  g_netns_error = knock::test::enter_private_network();
  const knock::test::PrivateTempDir tmp;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
