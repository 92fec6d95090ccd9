#pragma once
// What the tests of the store and of its file lock share: a directory of the test's own, a file's bytes, and
// an edit that adds a profile.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "knock/profiles/profile.hpp"

namespace knock::profiles::test {

inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir =
      std::filesystem::path(::testing::TempDir()) / ("knock-store-" + name);  // TempDir is this process's own
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline core::Status add(Document& doc, const std::string& name) {
  Profile p;
  p.name = name;
  p.host = "127.0.0.1";
  p.sequence = "tcp:1337 udp:17954";
  doc.profiles.push_back(p);
  return {};
}

}  // namespace knock::profiles::test
