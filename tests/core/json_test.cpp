// One JSON object a line: strings always valid UTF-8 and escaped, fields in the order they were added.
#include "knock/core/json.hpp"

#include <gtest/gtest.h>

namespace knock::core {
namespace {

TEST(Text, JsonIsAlwaysValidUtf8) {
  EXPECT_EQ(json_quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(json_quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(json_quote("x\xff\xfey"), "\"x\\ufffd\\ufffdy\"");
  EXPECT_EQ(json_quote("\xc0\xaf"), "\"\\ufffd\\ufffd\"") << "an overlong form is not UTF-8";
}

TEST(Json, QuotesEveryControlCharacter) {
  EXPECT_EQ(json_quote(""), "\"\"");
  EXPECT_EQ(json_quote("a\rb\tc"), "\"a\\rb\\tc\"");
  EXPECT_EQ(json_quote("\x1f\x7f"), "\"\\u001f\\u007f\"");
  EXPECT_EQ(json_quote(std::string_view("nul\0here", 8)), "\"nul\\u0000here\"");
  EXPECT_EQ(json_quote("\xe2\x82\xac \xf0\x9f\x98\x80"), "\"\xe2\x82\xac \xf0\x9f\x98\x80\"");
  EXPECT_EQ(json_quote("\xe2\x82"), "\"\\ufffd\\ufffd\"") << "a cut-off sequence is not UTF-8";
}

TEST(Json, AnEmptyObjectIsBraces) {
  EXPECT_EQ(JsonObject().str(), "{}");
}

TEST(Json, FieldsKeepTheirOrderAndTypes) {
  JsonObject o;
  o.field("event", "step")
      .field("ok", true)
      .field("late", false)
      .field("index", 3)
      .field("count", std::size_t{7})
      .field("offset", std::int64_t{-9007199254740993})
      .field("host", std::string_view("router"));
  EXPECT_EQ(o.str(),
            R"({"event":"step","ok":true,"late":false,"index":3,"count":7,"offset":-9007199254740993,)"
            R"("host":"router"})");
  EXPECT_EQ(o.str(), o.str()) << "str() leaves the object as it was";
}

TEST(Json, AStringLiteralIsAStringNotABool) {
  EXPECT_EQ(JsonObject().field("status", "granted").str(), R"({"status":"granted"})");
}

TEST(Json, KeysAndValuesAreEscaped) {
  EXPECT_EQ(JsonObject().field("a\"b", "line\nnext\xff").str(), R"({"a\"b":"line\nnext\ufffd"})");
}

TEST(Json, MillisecondsHaveThreeDecimals) {
  EXPECT_EQ(JsonObject().field_ms("t", 0).str(), R"({"t":0.000})");
  EXPECT_EQ(JsonObject().field_ms("t", 1).str(), R"({"t":0.001})");
  EXPECT_EQ(JsonObject().field_ms("t", 1500).str(), R"({"t":1.500})");
  EXPECT_EQ(JsonObject().field_ms("t", 123456789).str(), R"({"t":123456.789})");
  EXPECT_EQ(JsonObject().field_ms("t", -2500).str(), R"({"t":-2.500})");
}

TEST(Json, RawValuesAreInsertedAsTheyAre) {
  JsonObject inner;
  inner.field("port", 22);
  EXPECT_EQ(JsonObject().raw("steps", "[1,2]").raw("verify", inner.str()).field("n", 1).str(),
            R"({"steps":[1,2],"verify":{"port":22},"n":1})");
}

}  // namespace
}  // namespace knock::core
