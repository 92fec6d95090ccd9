#pragma once
// The shipped example exports, and configurations from text, for the generator's tests.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

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

}  // namespace knock::routeros::test
