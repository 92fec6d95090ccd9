#pragma once
// The shipped example exports, configurations from text (and what loading them says), and addresses, for the
// routeros tests.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "knock/core/plan.hpp"
#include "knock/routeros/config.hpp"

namespace knock::routeros::test {

inline std::string example_text(const std::string& name) {
  std::ifstream in(std::string(KNOCK_SOURCE_DIR) + "/routeros/examples/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline Config config(std::string_view text) {
  auto c = load_config(text);
  EXPECT_TRUE(c) << (c ? "" : c.error().message);
  return c ? *c : Config{};
}

inline Config example(const std::string& name) {
  return config(example_text(name));
}

// The same as config(), as the loading tests call it.
inline Config loaded(std::string_view text) {
  return config(text);
}

// Why `text` does not load (empty, and a failure, when it does).
inline std::string error_of(std::string_view text) {
  auto c = load_config(text);
  EXPECT_FALSE(c) << text;
  return c ? "" : c.error().message;
}

// Whether one of the lines (notes, warnings) says `text`.
inline bool mentions(const std::vector<std::string>& lines, std::string_view text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

// An address from text (data for the parser and the evaluator: nothing is sent to it).
inline IpAddress ip(const char* s) {
  return *core::parse_literal(s);
}

}  // namespace knock::routeros::test
