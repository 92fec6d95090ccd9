// profiles/src/json.cpp, through import_json: the JSON reader under the imports and links. Escapes become the
// characters they stand for, numbers integers or floats, and anything it cannot read is refused with its
// offset; nesting stops at kMaxNesting levels, as in the TOML files.
#include <gtest/gtest.h>

#include "knock/profiles/interchange.hpp"

namespace knock::profiles {
namespace {

// The one profile of a JSON document whose "a" profile has host h and these further keys.
Profile json_profile(const std::string& more) {
  const std::string text =
      R"({"profiles": {"a": {"host": "h", "sequence": "tcp:1")" + (more.empty() ? "" : ", " + more) + "}}}";
  auto got = import_json(text, "x.json");
  EXPECT_TRUE(got) << (got ? "" : got.error().message) << "\n" << text;
  if (!got || got->profiles.size() != 1) return {};
  return got->profiles.front();
}

// toml_check.hpp's kMaxNesting, which the JSON reader keeps too.
constexpr int kJsonNestingLimit = 64;

std::string json_refused(const std::string& text) {
  auto got = import_json(text, "x.json");
  EXPECT_FALSE(got) << "accepted: " << text;
  if (got) return "";
  EXPECT_EQ(got.error().code, core::Errc::bad_input);
  return got.error().message;
}

std::string nested_arrays(int levels) {
  return R"({"profiles": {}, "deep": )" + std::string(levels, '[') + std::string(levels, ']') + "}";
}

TEST(Json, EscapesBecomeTheirCharacters) {
  const Profile p =
      json_profile(R"("notes": "tab\there \"q\" back\\slash \/ \u0041\u00e9\u20ac\ud83d\ude00\r\n")");
  EXPECT_EQ(p.notes, "tab\there \"q\" back\\slash / A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\n");
  EXPECT_EQ(json_profile(R"("notes": "\b\f")").notes, "\b\f");
  EXPECT_EQ(json_profile(R"("notes": "")").notes, "");
}

TEST(Json, ValuesOfEveryKindAndWhiteSpaceBetweenThem) {
  const Profile p = json_profile(
      " \"tags\" : [ \"x\" , \"y\" ] ,\n\t\"verify\" :\r\n{ \"port\" : 8291 , \"retries\" : 0 , \"reknock\" "
      ": true } ,"
      " \"keep_open\" : false ");
  EXPECT_EQ(p.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(p.verify_port, 8291);
  EXPECT_EQ(p.retries, 0);
  EXPECT_TRUE(p.reknock);
  EXPECT_FALSE(p.keep_open);
  auto empty = import_json(" {\"profiles\" : { } } \n", "x.json");
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->profiles.empty());
}

TEST(Json, ANumberWithAFractionOrExponentIsNoPort) {
  EXPECT_NE(json_refused(R"({"profiles": {"a": {"host": "h", "verify": {"port": 8291.0}}}})")
                .find("port must be a port number"),
            std::string::npos);
  EXPECT_NE(json_refused(R"({"profiles": {"a": {"host": "h", "verify": {"port": 8e3}}}})")
                .find("port must be a port number"),
            std::string::npos);
  EXPECT_NE(json_refused(R"({"profiles": {"a": {"host": "h", "verify": {"port": -22}}}})")
                .find("verify.port must be 1-65535"),
            std::string::npos);
}

TEST(Json, WhatItCannotReadIsRefusedWithTheOffset) {
  EXPECT_EQ(json_refused(R"({"a" 1})"), "x.json: invalid JSON at offset 5: expected ':'");
  EXPECT_EQ(json_refused(R"({"a": 1 "b": 2})"), "x.json: invalid JSON at offset 8: expected ',' or '}'");
  EXPECT_EQ(json_refused(R"({"a": [1 2]})"), "x.json: invalid JSON at offset 9: expected ',' or ']'");
  EXPECT_EQ(json_refused(R"({"a": 1} x)"),
            "x.json: invalid JSON at offset 9: trailing characters after the object");
  EXPECT_EQ(json_refused(R"({"a": null})"),
            "x.json: invalid JSON at offset 10: null is not a value knock uses");
  EXPECT_EQ(json_refused(R"({"a": tru})"), "x.json: invalid JSON at offset 6: expected true");
  EXPECT_EQ(json_refused(R"({"a": @})"), "x.json: invalid JSON at offset 6: unexpected '@'");
  EXPECT_EQ(json_refused(R"({"a": "\x"})"), "x.json: invalid JSON at offset 9: an unknown escape \\x");
  EXPECT_NE(json_refused(R"({"a": "\u00)").find("a \\u escape without four hex digits"), std::string::npos);
  EXPECT_EQ(json_refused(R"({"a": "\u00zz"})"),
            "x.json: invalid JSON at offset 9: a \\u escape without four hex digits");
  EXPECT_NE(json_refused(R"({"a": "open)").find("an unterminated string"), std::string::npos);
  EXPECT_NE(json_refused("{\"a\": \"line\nbreak\"}").find("a control character in a string"),
            std::string::npos);
  EXPECT_NE(json_refused(R"({"a": )").find("unexpected end"), std::string::npos);
  EXPECT_NE(json_refused(R"({a: 1})").find("expected a string"), std::string::npos) << "keys are quoted";
  EXPECT_EQ(json_refused("[]"), "x.json: not a JSON object");
  EXPECT_EQ(json_refused(""), "x.json: not a JSON object");
  EXPECT_EQ(json_refused(R"({"schema": 1})"), "x.json: no \"profiles\" object");
}

// JSON is UTF-8 (as TOML is): a string of other bytes, or half of a UTF-16 pair, would become a profile that
// no TOML file or JSON export can hold (the profiles fuzzer found a link that imported and could not be
// shared).
TEST(Json, TextThatIsNotUtf8IsRefused) {
  EXPECT_EQ(json_refused("{\"a\": \"caf\xe9\"}"),
            "x.json: invalid JSON at offset 10: a byte that is not UTF-8 in a string");
  EXPECT_EQ(json_refused("{\"th\x89x\": 1}"),
            "x.json: invalid JSON at offset 4: a byte that is not UTF-8 in a string");
  EXPECT_EQ(json_refused("{\"a\": \"\xed\xa0\x80\"}"),  // a surrogate spelt in UTF-8
            "x.json: invalid JSON at offset 7: a byte that is not UTF-8 in a string");
  for (const char* half : {R"("\ud83d")", R"("\ud83dx")", R"("\ud83d\u0041")", R"("\ude00")"}) {
    EXPECT_NE(json_refused(std::string(R"({"a": )") + half + "}").find("a \\u escape of half a character"),
              std::string::npos)
        << half;
  }
  EXPECT_EQ(json_profile("\"notes\": \"\xf0\x9f\x94\x91 \xe6\x97\xa5\"").notes,
            "\xf0\x9f\x94\x91 \xe6\x97\xa5");
}

TEST(Json, NestingStopsAtTheTomlFilesDepth) {
  auto deepest = import_json(nested_arrays(kJsonNestingLimit), "x.json");
  EXPECT_TRUE(deepest) << deepest.error().message;
  EXPECT_NE(json_refused(nested_arrays(kJsonNestingLimit + 1)).find("nesting too deep"), std::string::npos);
  EXPECT_NE(json_refused(nested_arrays(100000)).find("nesting too deep"), std::string::npos)
      << "no recursion without end";
}

}  // namespace
}  // namespace knock::profiles
