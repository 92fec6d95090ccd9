// Finding profiles by name or group, and opening sealed ones: through the context's passphrase source, or
// with a passphrase at hand.
#include "knock/actions/lookup.hpp"

#include "fixture.hpp"

namespace knock::actions {
namespace {

TEST(Fleet, SelectNamesWhatIsMissing) {
  profiles::Document doc;
  doc.profiles.push_back(test::profile("a", "tcp:1"));
  EXPECT_NE(select(doc, {"nope"}, "").error().message.find("no profile named 'nope'"), std::string::npos);
  EXPECT_NE(select(doc, {}, "g").error().message.find("no profiles in group 'g'"), std::string::npos);
  EXPECT_NE(select(doc, {}, "").error().message.find("give --group"), std::string::npos);
  EXPECT_EQ(select(doc, {"a"}, "")->size(), 1u);
}

}  // namespace
}  // namespace knock::actions
