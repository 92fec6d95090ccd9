// Host name resolution (resolve.cpp, private to core): every address once, in the resolver's order.
#include "../../core/src/resolve.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "loopback.hpp"
#include "netns.hpp"

namespace knock::core::detail {
namespace {

IpAddress resolve_test_address(const char* text) {
  return boost::asio::ip::make_address(text);
}

TEST(Resolve, LiteralsResolveToThemselves) {
  EXPECT_EQ(*resolve_blocking("127.0.0.1"), std::vector<IpAddress>{resolve_test_address("127.0.0.1")});
  EXPECT_EQ(*resolve_blocking("::1"), std::vector<IpAddress>{resolve_test_address("::1")});
}

TEST(Resolve, ANameWithBothFamiliesGivesEachAddressOnce) {
  REQUIRE_PRIVATE_NETWORK();
  if (auto why = test::dual_stack_name("resolve.knock.test"); !why.empty()) GTEST_SKIP() << why;
  const auto got = resolve_blocking("resolve.knock.test");
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_EQ(got->size(), 2u) << "one answer per address, not one per socket type or hosts line";
  EXPECT_NE(std::find(got->begin(), got->end(), resolve_test_address("127.0.0.1")), got->end());
  EXPECT_NE(std::find(got->begin(), got->end(), resolve_test_address("::1")), got->end());
}

TEST(Resolve, AnUnknownNameIsAResolveError) {
  REQUIRE_PRIVATE_NETWORK();
  const auto got = resolve_blocking("no-such-host.invalid");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::resolve_failed);
  EXPECT_EQ(got.error().message.rfind("cannot resolve 'no-such-host.invalid': ", 0), 0u)
      << got.error().message;
}

}  // namespace
}  // namespace knock::core::detail
