#include <cstdlib>
#include <filesystem>
#include <random>

#include "netns.hpp"

namespace knock::test {

void set_env(const char* name, const std::string& value) {
#if defined(_WIN32)
  ::_putenv_s(name, value.c_str());
#else
  ::setenv(name, value.c_str(), 1);
#endif
}

PrivateTempDir::PrivateTempDir() {
  std::random_device random;
  std::error_code ec;
  for (int attempt = 0; attempt < 100 && path_.empty(); ++attempt) {
    const auto dir = std::filesystem::temp_directory_path(ec) / ("knock-test-" + std::to_string(random()));
    if (std::filesystem::create_directory(dir, ec)) path_ = dir.string();
  }
  if (!path_.empty()) set_env("TEST_TMPDIR", path_);
}

PrivateTempDir::~PrivateTempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

}  // namespace knock::test
