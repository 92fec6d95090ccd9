// The store under concurrent writers, killed writers and broken files. The tests that fork, kill or read file
// modes are POSIX-only; the rest also run in the Windows build, under Wine.
#include "knock/profiles/store.hpp"

#if !defined(_WIN32)
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <atomic>
#include <csignal>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "netns.hpp"

namespace knock::profiles {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir =
      std::filesystem::path(::testing::TempDir()) / ("knock-store-" + name);  // TempDir is this process's own
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

core::Status add(Document& doc, const std::string& name) {
  Profile p;
  p.name = name;
  p.host = "127.0.0.1";
  p.sequence = "tcp:1337 udp:17954";
  doc.profiles.push_back(p);
  return {};
}

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

TEST(Store, ALockHeldTooLongIsAStoreError) {
  const auto dir = fresh_dir("locked");
  Store slow(dir / "profiles.toml", std::chrono::milliseconds(50));
  Store holder(dir / "profiles.toml");
  std::optional<core::Error> inner;
  ASSERT_TRUE(holder.update([&](Document& d) {
    auto r = slow.update([](Document& d2) { return add(d2, "x"); });  // another writer meanwhile
    if (!r) inner = r.error();
    return add(d, "a");
  }));
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->code, core::Errc::store);
  EXPECT_NE(inner->message.find("is locked by another knock"), std::string::npos);
}

// Each writer has a Store of its own, so its own lock handle: flock and LockFileEx both keep them apart.
TEST(Store, TwoWritersAtOnceMakingTwoHundredEditsEachLoseNone) {
  const auto file = fresh_dir("threads") / "profiles.toml";
  std::vector<std::thread> writers;
  std::atomic<int> failures = 0;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      Store store(file, std::chrono::seconds(60));
      for (int i = 0; i < 200; ++i) {
        if (!store.update(
                [&](Document& d) { return add(d, "t" + std::to_string(w) + "-" + std::to_string(i)); })) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : writers)
    t.join();
  EXPECT_EQ(failures, 0);
  auto doc = Store(file).load();
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->profiles.size(), 400u);
}

#if !defined(_WIN32)
TEST(Store, TwoProcessesMakingFiveHundredEditsEachLoseNone) {
  const auto dir = fresh_dir("concurrent");
  const auto file = dir / "profiles.toml";
  std::vector<pid_t> children;
  for (int c = 0; c < 2; ++c) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      Store store(file, std::chrono::seconds(60));
      for (int i = 0; i < 500; ++i) {
        if (!store.update(
                [&](Document& d) { return add(d, "w" + std::to_string(c) + "-" + std::to_string(i)); }))
          _exit(1);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto doc = Store(file).load();
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->profiles.size(), 1000u);
}

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

TEST(Store, ReadingNeedsNoLockFileWhereNoneCanBeMade) {
  const auto dir = fresh_dir("nolock");
  const auto file = dir / "profiles.toml";
  ASSERT_TRUE(Store(file).update([](Document& d) { return add(d, "a"); }));
  std::filesystem::remove(dir / "profiles.toml.lock");
  std::filesystem::create_symlink(dir / "nowhere" / "lock", dir / "profiles.toml.lock");  // cannot be created
  auto loaded = Store(file).load();
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->profiles.size(), 1u);
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
