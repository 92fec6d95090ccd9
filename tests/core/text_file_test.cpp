// Files a user names: regular files only, of a bounded size, read whole; every message names the file.
#include "knock/core/text_file.hpp"

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#if !defined(_WIN32)
#include <sys/stat.h>
#endif

namespace knock::core {
namespace {

// Writes `bytes` to a new file in the test's temporary directory and returns its path.
std::filesystem::path write_test_file(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

TEST(TextFile, OnlyRegularFilesOfABoundedSize) {
  const auto dir = std::filesystem::path(::testing::TempDir());
  EXPECT_NE(read_text_file(dir).error().message.find("not a regular file (a directory)"), std::string::npos);
  EXPECT_NE(read_text_file(dir / "none.rsc").error().message.find("cannot read '"), std::string::npos);
  const auto small = dir / "small.txt";
  {
    std::FILE* f = std::fopen(small.string().c_str(), "wb");
    std::fputs("0123456789", f);
    std::fclose(f);
  }
  EXPECT_EQ(*read_text_file(small), "0123456789");
  EXPECT_NE(read_text_file(small, "--rules ", 5).error().message.find("--rules '"), std::string::npos);
}

TEST(TextFile, ReadsEveryByteAsItIs) {
  const std::string bytes("a\r\nb\0c\xff\n", 8);
  EXPECT_EQ(*read_text_file(write_test_file("bytes.bin", bytes)), bytes);
  EXPECT_EQ(*read_text_file(write_test_file("empty.txt", "")), "");
}

TEST(TextFile, TheLimitItselfIsAllowedOneByteMoreIsNot) {
  constexpr std::size_t mib = std::size_t{1} << 20;
  const auto exact = write_test_file("exact.txt", std::string(mib, 'x'));
  const auto text = read_text_file(exact, "", mib);
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->size(), mib);
  const auto over = write_test_file("over.txt", std::string(mib + 1, 'x'));
  const auto refused = read_text_file(over, "--import ", mib);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::bad_input);
  EXPECT_EQ(refused.error().message,
            "--import '" + over.string() + "': larger than 1 MiB, more than knock reads");
}

TEST(TextFile, ErrorsCarryTheCodeAskedFor) {
  const auto missing = std::filesystem::path(::testing::TempDir()) / "missing.toml";
  const auto stored = read_text_file(missing, "profile file ", kMaxInputFile, Errc::store);
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, Errc::store);
  EXPECT_EQ(stored.error().message.rfind("cannot read profile file '" + missing.string() + "': ", 0), 0u)
      << stored.error().message;
  EXPECT_EQ(read_text_file(missing).error().code, Errc::bad_input);
  EXPECT_EQ(read_text_file(std::filesystem::path(::testing::TempDir()), "", 10, Errc::store).error().code,
            Errc::store);
}

#if !defined(_WIN32)
// A FIFO would block a reader until someone writes to it: it is refused before it is opened.
TEST(TextFile, AFifoIsNotARegularFile) {
  const auto fifo = std::filesystem::path(::testing::TempDir()) / "rules.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto refused = read_text_file(fifo, "--rules ");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "--rules '" + fifo.string() + "': not a regular file");
}
#endif

}  // namespace
}  // namespace knock::core
