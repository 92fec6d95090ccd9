// How a run ended, in one word: the result that text, JSON and the GUI all show.
#include "knock/core/events.hpp"

#include <gtest/gtest.h>

namespace knock::core {
namespace {

Outcome outcome_of(Errc status, bool verified = false) {
  Outcome o;
  o.status = status;
  o.verified = verified;
  return o;
}

TEST(Events, ResultOfAnOutcome) {
  EXPECT_EQ(result_of(outcome_of(Errc::ok, true)), Result::granted);
  EXPECT_EQ(result_of(outcome_of(Errc::ok, false)), Result::knocked);
  EXPECT_EQ(result_of(outcome_of(Errc::not_verified)), Result::not_verified);
  EXPECT_EQ(result_of(outcome_of(Errc::cancelled)), Result::cancelled);
  for (Errc e : {Errc::bad_input, Errc::resolve_failed, Errc::network, Errc::store, Errc::launch_failed,
                 Errc::internal}) {
    EXPECT_EQ(result_of(outcome_of(e)), Result::error) << static_cast<int>(e);
    EXPECT_EQ(result_of(outcome_of(e, true)), Result::error) << "only a successful run is granted";
  }
  EXPECT_EQ(result_of(Outcome{}), Result::knocked) << "a new outcome is a knock that nothing verified";
}

TEST(Events, ResultsHaveOneWordEach) {
  EXPECT_EQ(to_string(Result::granted), "granted");
  EXPECT_EQ(to_string(Result::knocked), "knocked");
  EXPECT_EQ(to_string(Result::not_verified), "not_verified");
  EXPECT_EQ(to_string(Result::cancelled), "cancelled");
  EXPECT_EQ(to_string(Result::error), "error");
  EXPECT_EQ(to_string(static_cast<Result>(42)), "error");
}

}  // namespace
}  // namespace knock::core
