// The script commands of the subset (interpreter_commands.cpp): :convert with SHA-512, :timestamp, :pick,
// :len, :tonum, :tostr, :typeof, :log and :put, and what each refuses.
#include <gtest/gtest.h>

#include "scheduled.hpp"

namespace knock::test {
namespace {

TEST(Interpreter, Sha512IsWhatSha512sumSays) {
  // printf abc | sha512sum
  EXPECT_EQ(put("[:convert \"abc\" from=raw to=hex transform=sha512]"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
            "454d4423643ce"
            "80e2a9ac94fa54ca49f");
  // printf '' | sha512sum
  EXPECT_EQ(put("[:convert \"\" from=raw to=hex transform=sha512]"),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f"
            "63b931bd47417a"
            "81a538327af927da3e");
  // docs/otp.md's first vector: the digest begins 5399999d3d185a98
  const std::string k = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";  // 32 zero bytes
  EXPECT_EQ(put("[:pick [:convert (\"" + k + "|knock-otp-v1|30|56666666|" + k +
                "\") from=raw to=hex transform=sha512] 0 16]"),
            "5399999d3d185a98");
}

TEST(Interpreter, TimestampDividedByAWindowIsTheWindowNumber) {
  // The run happens 4 s after kWindowStart, inside window 56666666 of 30 s.
  EXPECT_EQ(put("([:timestamp] / 30s)"), "56666666");
  EXPECT_EQ(put("[:typeof ([:timestamp] / 30s)]"), "num");
  EXPECT_EQ(put("[:typeof [:timestamp]]"), "time");
  EXPECT_EQ(put("(90s / 30s)"), "3");
  EXPECT_EQ(put("(90s / 4)"), "00:00:22.5");
  EXPECT_EQ(put("(1h30m + 30m)"), "02:00:00");
}

TEST(Interpreter, NumbersAndText) {
  EXPECT_EQ(put("[:tonum (\"0x\" . \"ff85\")]"), "65413");
  EXPECT_EQ(put("(20000 + (65413 % 40000))"), "45413");
  EXPECT_EQ(put("[:pick \"abcdef\" 2 4]"), "cd");
  EXPECT_EQ(put("[:pick \"abcdef\" 4 99]"), "ef");
  EXPECT_EQ(put("[:len \"abc\"]"), "3");
  EXPECT_EQ(put("(\"a\" . 1 . \"b\")"), "a1b");
  EXPECT_EQ(put("\"x=$v!\"", ":local v 7"), "x=7!");
  EXPECT_EQ(put("((1 = 1) && !(2 > 3))"), "true");
  EXPECT_EQ(put("(\"knock-otp-key-alice\" ~ \"^knock-otp-key-\")"), "true");
}

TEST(InterpreterCommands, ConvertEncodesAndDecodesHexAndBase64) {
  EXPECT_EQ(put("[:convert \"hi\" from=raw to=hex]"), "6869");
  EXPECT_EQ(put("[:convert \"6869\" from=hex to=raw]"), "hi");
  EXPECT_EQ(put("[:convert \"hi\" from=raw to=base64]"), "aGk=");
  EXPECT_EQ(put("[:convert \"aGk=\" from=base64 to=hex]"), "6869");
}

TEST(InterpreterCommands, ConvertRefusesBadInputAndFormatsItDoesNotKnow) {
  const auto refused = [](const std::string& expression, const std::string& why) {
    const std::string out = put(expression);
    EXPECT_EQ(out.rfind("ERROR ", 0), 0u) << expression << ": " << out;
    EXPECT_NE(out.find(why), std::string::npos) << expression << ": " << out;
  };
  refused("[:convert \"abc\" from=hex to=raw]", "an odd number of digits");
  refused("[:convert \"zz\" from=hex to=raw]", "not hex digits");
  refused("[:convert \"*\" from=base64 to=raw]", "not base64");
  refused("[:convert \"a\" from=rot13 to=raw]", "from=rot13 is outside the emulated subset");
  refused("[:convert \"a\" from=raw to=rot13]", "to=rot13 is outside the emulated subset");
  refused("[:convert \"a\" from=raw]", "needs from= and to=");
  refused("[:convert \"a\" from=raw to=hex transform=md5]", "transform=md5 is outside the emulated subset");
  refused("[:convert \"a\" from=raw to=hex case=upper]", "case= is outside the emulated subset");
}

TEST(InterpreterCommands, TypeofAndTostrNameAndWriteEveryKindOfValue) {
  EXPECT_EQ(put("[:typeof 1]"), "num");
  EXPECT_EQ(put("[:typeof \"a\"]"), "str");
  EXPECT_EQ(put("[:typeof true]"), "bool");
  EXPECT_EQ(put("[:typeof 1s]"), "time");
  EXPECT_EQ(put("[:typeof [/system script find]]"), "array");
  EXPECT_EQ(put("[:typeof $n]", ":local n"), "nothing");
  EXPECT_EQ(put("[:tostr 90s]"), "00:01:30");
  EXPECT_EQ(put("[:len [/system script find]]"), "1");
}

TEST(InterpreterCommands, PickLenAndTonumRefuseWhatTheyCannotDo) {
  EXPECT_NE(put("[:pick \"abc\"]").find(":pick VALUE START [END]"), std::string::npos);
  EXPECT_NE(put("[:pick \"abc\" -1]").find(":pick: positions are numbers from 0"), std::string::npos);
  EXPECT_NE(put("[:pick 5 0]").find(":pick of a num is outside the emulated subset"), std::string::npos);
  EXPECT_NE(put("[:len 5]").find(":len of a num is outside the emulated subset"), std::string::npos);
  EXPECT_NE(put("[:tonum \"12a\"]").find(":tonum: the str is not a number"), std::string::npos);
  EXPECT_NE(put("[:len \"a\" \"b\"]").find(":len: wrong number of values"), std::string::npos);
  EXPECT_EQ(put("[:pick \"abc\" 1]"), "b");
  EXPECT_EQ(put("[:pick \"abc\" 5]"), "");
}

TEST(InterpreterCommands, LogWritesItsTopicAndKnowsOnlyTheRoutersTopics) {
  Scheduled r(":log warning careful");
  EXPECT_EQ(r.go(), "careful");
  EXPECT_EQ(r.log.back().topic, "warning");
  EXPECT_EQ(r.log.back().t, routeros::Time{4s});
  Scheduled p(":put 7");
  EXPECT_EQ(p.go(), "7");
  EXPECT_EQ(p.log.back().topic, "put");
  EXPECT_NE(Scheduled(":log notice x").go().find(":log notice is outside the emulated subset"),
            std::string::npos);
}

TEST(InterpreterCommands, AConditionMustBeABool) {
  const std::string out = put("1", ":if (1) do={ :put 2 }");
  EXPECT_NE(out.find("the condition is a num, not a bool"), std::string::npos) << out;
}

}  // namespace
}  // namespace knock::test
