// profiles/src/secret_file.cpp: one-time-knock secrets in files of their own, written once and private, read
// back only when private, regular, small and a secret. The tests of file modes, FIFOs and directories are
// POSIX-only; the rest also run in the Windows build, under Wine.
#include "knock/profiles/secret_file.hpp"

#if !defined(_WIN32)
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "knock/core/otp.hpp"

namespace knock::profiles {
namespace {

std::filesystem::path secret_dir(const std::string& name) {
  auto dir = std::filesystem::path(::testing::TempDir()) / ("knock-secret-file-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string secret_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file of this text that only its owner may read.
void put_private(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
#if !defined(_WIN32)
  ASSERT_EQ(::chmod(p.c_str(), 0600), 0);
#endif
}

std::string read_refused(const std::filesystem::path& p) {
  auto got = read_secret_file(p);
  EXPECT_FALSE(got) << "read: " << p;
  if (got) return "";
  EXPECT_EQ(got.error().code, core::Errc::bad_input);
  return got.error().message;
}

TEST(SecretFile, ANewSecretIsWrittenOnceAndReadBack) {
  const auto file = secret_dir("new") / "door.key";
  ASSERT_TRUE(write_secret_file(file));
  const std::string text = secret_text(file);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n') << "one line";
  auto key = read_secret_file(file);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->view(), text.substr(0, text.size() - 1));
  EXPECT_TRUE(core::otp::parse_secret(key->view(), "key")) << "a secret the one-time knock takes";
#if !defined(_WIN32)
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
#endif
  auto again = write_secret_file(file);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Errc::bad_input);
  EXPECT_EQ(again.error().message, file.string() + " exists already (a secret is never overwritten)");
  EXPECT_EQ(secret_text(file), text);
}

TEST(SecretFile, EverySecretIsNew) {
  const auto dir = secret_dir("fresh");
  ASSERT_TRUE(write_secret_file(dir / "a.key"));
  ASSERT_TRUE(write_secret_file(dir / "b.key"));
  EXPECT_NE(secret_text(dir / "a.key"), secret_text(dir / "b.key"));
}

TEST(SecretFile, WhatIsNoSecretIsSaid) {
  const auto dir = secret_dir("bad");
  EXPECT_EQ(
      read_refused(dir / "missing.key").rfind("cannot read " + (dir / "missing.key").string() + ": ", 0), 0u);
  put_private(dir / "empty.key", " \n");
  EXPECT_EQ(read_refused(dir / "empty.key"),
            (dir / "empty.key").string() + ": empty: no secret in it (knock otp init FILE writes one)");
  put_private(dir / "two.key", "AAAA\nBBBB\n");
  EXPECT_NE(read_refused(dir / "two.key").find("more than one line or word"), std::string::npos);
  put_private(dir / "short.key", "c2hvcnQ=\n");
  EXPECT_NE(read_refused(dir / "short.key").find("too short"), std::string::npos);
  put_private(dir / "big.key", std::string(kSecretFileLimit + 1, 'A'));
  EXPECT_EQ(read_refused(dir / "big.key"),
            (dir / "big.key").string() + ": larger than " + std::to_string(kSecretFileLimit) + " bytes");
  put_private(dir / "padded.key", "  " + std::string(44, 'A') + "  \n");
  EXPECT_TRUE(read_secret_file(dir / "padded.key")) << "white space around the key is allowed";
}

TEST(SecretFile, ItWritesNowhereItCannot) {
  const auto file = secret_dir("nowhere") / "missing" / "door.key";
  auto r = write_secret_file(file);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot write " + file.string()), std::string::npos) << r.error().message;
}

#if !defined(_WIN32)
TEST(SecretFile, OnlyAPrivateRegularFileIsRead) {
  const auto dir = secret_dir("private");
  ASSERT_TRUE(write_secret_file(dir / "door.key"));
  ASSERT_EQ(::chmod((dir / "door.key").c_str(), 0644), 0);
  EXPECT_EQ(read_refused(dir / "door.key"), (dir / "door.key").string() +
                                                ": others may read it; a secret must be private (chmod 600 " +
                                                (dir / "door.key").string() + ")");
  ASSERT_EQ(::chmod((dir / "door.key").c_str(), 0640), 0);
  EXPECT_NE(read_refused(dir / "door.key").find("others may read it"), std::string::npos) << "the group too";
  std::filesystem::create_directories(dir / "dir.key");
  EXPECT_EQ(read_refused(dir / "dir.key"), (dir / "dir.key").string() + ": not a regular file");
  ASSERT_EQ(::mkfifo((dir / "fifo.key").c_str(), 0600), 0);
  EXPECT_EQ(read_refused(dir / "fifo.key"), (dir / "fifo.key").string() + ": not a regular file")
      << "returns at once: no writer is waited for";
}
#endif

}  // namespace
}  // namespace knock::profiles
