// profiles/src/store.cpp: the profile file written atomically under killed writers, kept with a backup, 0600
// and its owner, written through a symbolic link; broken files and ones that are no regular file refused; the
// default path. The tests that fork, kill or read file modes are POSIX-only; the rest also run in the Windows
// build, under Wine. The lock that keeps writers apart is file_lock_test.cpp's.
#include "knock/profiles/store.hpp"

#if !defined(_WIN32)
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <csignal>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace knock::profiles {
namespace {

using test::add;
using test::fresh_dir;
using test::slurp;

TEST(Store, CreatesTheFileWithOwnerOnlyPermissionsAndKeepsABackup) {
  const auto dir = fresh_dir("perm");
  Store store(dir / "sub" / "profiles.toml");
  ASSERT_TRUE(store.update([](Document& d) { return add(d, "a"); }));
  ASSERT_TRUE(store.update([](Document& d) { return add(d, "b"); }));
#if !defined(_WIN32)  // Windows: the file inherits the private ACL of the user's %APPDATA%
  struct stat st {};
  ASSERT_EQ(::stat((dir / "sub" / "profiles.toml").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir / "sub" / "profiles.toml.bak").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
#endif
  EXPECT_EQ(store.load()->profiles.size(), 2u);
  EXPECT_EQ(parse_document(slurp(dir / "sub" / "profiles.toml.bak"), "bak")->profiles.size(), 1u);
}

TEST(Store, AFailedEditWritesNothing) {
  const auto dir = fresh_dir("failed");
  Store store(dir / "profiles.toml");
  ASSERT_TRUE(store.update([](Document& d) { return add(d, "a"); }));
  const std::string before = slurp(dir / "profiles.toml");
  auto r = store.update([](Document& d) -> core::Status {
    (void)add(d, "b");
    return core::make_error(core::Errc::bad_input, "no");
  });
  EXPECT_FALSE(r);
  auto invalid = store.update([](Document& d) { return add(d, "bad name"); });
  EXPECT_FALSE(invalid);
  EXPECT_EQ(slurp(dir / "profiles.toml"), before);
}

TEST(Store, ACorruptFileIsReportedAndLeftUntouched) {
  const auto dir = fresh_dir("corrupt");
  const auto file = dir / "profiles.toml";
  const std::string broken =
      "[profiles.a]\nhost = \"127.0.0.1\nsequence = \"tcp:1\"\n";  // a half-edited string
  std::ofstream(file, std::ios::binary) << broken;
  Store store(file);
  auto loaded = store.load();
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, core::Errc::store);
  EXPECT_NE(loaded.error().message.find("line 2, column"), std::string::npos) << loaded.error().message;
  auto r = store.update([](Document& d) { return add(d, "b"); });
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("the file was left as it is"), std::string::npos);
  EXPECT_EQ(slurp(file), broken);
}

#if !defined(_WIN32)
TEST(Store, AWriterKilledAtRandomPointsNeverLeavesACorruptOrEmptyFile) {
  const auto dir = fresh_dir("killed");
  const auto file = dir / "profiles.toml";
  Store store(file);
  ASSERT_TRUE(store.update([](Document& d) { return add(d, "seed"); }));
  std::mt19937 rng(1234);
  std::size_t last = 1;
  for (int round = 0; round < 25; ++round) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      Store s(file);
      for (int i = 0;; ++i)
        (void)s.update(
            [&](Document& d) { return add(d, "r" + std::to_string(round) + "-" + std::to_string(i)); });
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200 + rng() % 20000));
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    auto doc = store.load();
    ASSERT_TRUE(doc) << "round " << round << ": " << doc.error().message;
    EXPECT_GE(doc->profiles.size(), last) << "an edit was lost";
    last = doc->profiles.size();
  }
  EXPECT_GT(last, 1u) << "the writers got some edits in";
}

#endif

TEST(Store, ANonRegularFileIsRefusedAndNothingHangs) {
  const auto dir = fresh_dir("types");
  std::filesystem::create_directories(dir / "profiles.toml");  // a directory where the file should be
  auto loaded = Store(dir / "profiles.toml").load();
  ASSERT_FALSE(loaded) << "a directory is not an empty profile file";
  EXPECT_NE(loaded.error().message.find("not a regular file"), std::string::npos) << loaded.error().message;
#if !defined(_WIN32)
  const auto fifo = dir / "fifo.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto from_fifo = Store(fifo).load();  // returns at once: no writer is waited for
  ASSERT_FALSE(from_fifo);
  EXPECT_NE(from_fifo.error().message.find("not a regular file"), std::string::npos);
  std::filesystem::create_symlink("/dev/zero", dir / "zero.toml");
  auto from_zero = Store(dir / "zero.toml").load();
  ASSERT_FALSE(from_zero) << "/dev/zero must not be read without end";
#endif
}

#if !defined(_WIN32)
TEST(Store, ASymlinkedFileIsWrittenThroughAndTheLinkStays) {
  const auto dir = fresh_dir("symlink");
  std::filesystem::create_directories(dir / "dotfiles");
  const auto target = dir / "dotfiles" / "knock.toml";
  const auto link = dir / "profiles.toml";
  ASSERT_TRUE(Store(target).update([](Document& d) { return add(d, "a"); }));
  std::filesystem::create_symlink(target, link);
  ASSERT_TRUE(Store(link).update([](Document& d) { return add(d, "b"); }));
  EXPECT_TRUE(std::filesystem::is_symlink(link)) << "the user's link is not replaced by a file";
  EXPECT_NE(slurp(target).find("[profiles.b]"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "dotfiles" / "knock.toml.bak"));
}

TEST(Store, RootEditingAnotherUsersStoreLeavesItTheirs) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to own files as someone else";
  const auto dir = fresh_dir("owner");
  const auto file = dir / "profiles.toml";
  Store store(file);
  ASSERT_TRUE(store.update([](Document& d) { return add(d, "a"); }));
  ASSERT_EQ(::chown(file.c_str(), 4242, 4343), 0);
  ASSERT_TRUE(store.update([](Document& d) { return add(d, "b"); }));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 4242u);
  EXPECT_EQ(st.st_gid, 4343u);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((file.string() + ".bak").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 4242u);
}
#endif

TEST(Store, DefaultPathFollowsTheEnvironment) {
  core::MapEnvironment env;
  env.set("KNOCK_CONFIG_DIR", "conf");
  EXPECT_EQ(default_store_path(env), std::filesystem::path("conf") / "profiles.toml");
  env.set("KNOCK_CONFIG_DIR", "");
#if defined(_WIN32)
  env.set("APPDATA", "roaming");
  EXPECT_EQ(default_store_path(env), std::filesystem::path("roaming") / "knock" / "profiles.toml");
#else
  env.set("XDG_CONFIG_HOME", "/tmp/xdg");
  EXPECT_EQ(default_store_path(env), std::filesystem::path("/tmp/xdg/knock/profiles.toml"));
#endif
}

}  // namespace
}  // namespace knock::profiles
