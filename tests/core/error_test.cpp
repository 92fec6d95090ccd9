// Errors as values: knock's error category, the exit status table and Expected / Status.
#include "knock/core/error.hpp"

#include <gtest/gtest.h>

namespace knock::core {
namespace {

TEST(Error, ExitCodesFollowTheDocumentedTable) {
  EXPECT_EQ(exit_code(Errc::ok), 0);
  EXPECT_EQ(exit_code(Errc::not_verified), 1);
  EXPECT_EQ(exit_code(Errc::bad_input), 2);
  EXPECT_EQ(exit_code(Errc::resolve_failed), 3);
  EXPECT_EQ(exit_code(Errc::network), 4);
  EXPECT_EQ(exit_code(Errc::store), 5);
  EXPECT_EQ(exit_code(Errc::launch_failed), 127);
  EXPECT_EQ(exit_code(Errc::cancelled), 130);
  EXPECT_EQ(exit_code(Errc::internal), 70);
  EXPECT_EQ(exit_code(static_cast<Errc>(99)), 2) << "an unknown code is a usage error, never success";
}

TEST(Error, CodesAreStdErrorCodesOfTheKnockCategory) {
  const std::error_code ec = Errc::network;
  EXPECT_EQ(&ec.category(), &knock_category());
  EXPECT_STREQ(ec.category().name(), "knock");
  EXPECT_EQ(ec.value(), 4);
  EXPECT_EQ(ec, Errc::network);
  EXPECT_NE(ec, Errc::store);
  EXPECT_TRUE(ec);
  EXPECT_FALSE(std::error_code(Errc::ok)) << "ok is success, as 0 is in every category";
  EXPECT_NE(make_error_code(Errc::bad_input), std::error_code(2, std::generic_category()));
}

TEST(Error, EveryCodeHasAMessage) {
  EXPECT_EQ(make_error_code(Errc::ok).message(), "success");
  EXPECT_EQ(make_error_code(Errc::not_verified).message(), "knocked, but access was not verified");
  EXPECT_EQ(make_error_code(Errc::bad_input).message(), "bad input");
  EXPECT_EQ(make_error_code(Errc::resolve_failed).message(), "host could not be resolved");
  EXPECT_EQ(make_error_code(Errc::network).message(), "network error");
  EXPECT_EQ(make_error_code(Errc::store).message(), "profile store error");
  EXPECT_EQ(make_error_code(Errc::launch_failed).message(), "program could not be started");
  EXPECT_EQ(make_error_code(Errc::cancelled).message(), "interrupted");
  EXPECT_EQ(make_error_code(Errc::internal).message(), "internal error");
  EXPECT_EQ(knock_category().message(99), "unknown knock error");
}

TEST(Error, ExpectedHoldsAValueOrAnError) {
  Expected<std::string> value = std::string("router");
  ASSERT_TRUE(value);
  EXPECT_TRUE(value.has_value());
  EXPECT_EQ(*value, "router");
  EXPECT_EQ(value->size(), 6u);
  EXPECT_EQ(value.value_or("other"), "router");
  EXPECT_EQ(std::move(value).value(), "router");

  Expected<std::string> error = make_error(Errc::store, "the store is locked");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().code, Errc::store);
  EXPECT_EQ(error.error().message, "the store is locked");
  EXPECT_EQ(error.value_or("fallback"), "fallback");
  const Error moved = std::move(error).error();
  EXPECT_EQ(moved.message, "the store is locked");
  EXPECT_EQ(Error{}.code, Errc::bad_input) << "an error made without a code is bad input";
}

TEST(Error, StatusIsSuccessOrAnError) {
  const Status ok;
  EXPECT_TRUE(ok);
  EXPECT_TRUE(ok.has_value());
  Status failed = make_error(Errc::network, "no route to host");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::network);
  EXPECT_EQ(std::move(failed).error().message, "no route to host");
}

}  // namespace
}  // namespace knock::core
