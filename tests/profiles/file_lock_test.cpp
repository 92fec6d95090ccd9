// profiles/src/file_lock_posix.cpp and file_lock_windows.cpp: the lock on FILE.lock (shared for readers,
// exclusive for a writer, given up after a wait), and the file primitives the store's atomic save is made of.
// The Store tests here are the lock's through the store: writers kept apart, a reader without a lock file.
// The tests that fork or read file modes are POSIX-only; the rest also run in the Windows build, under Wine.
#include "../../profiles/src/file_lock.hpp"  // private to the library: tested here as the store uses it

#if !defined(_WIN32)
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "knock/profiles/store.hpp"
#include "store_fixture.hpp"

namespace knock::profiles {
namespace {

using test::add;
using test::fresh_dir;
using test::slurp;

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

TEST(FileLock, ReadersShareTheLockAndAWriterHasItAlone) {
  const auto file = fresh_dir("lock-kinds") / "profiles.toml";
  const auto no_wait = std::chrono::milliseconds(0);
  auto reader = FileLock::acquire(file, false, no_wait);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_TRUE(std::filesystem::exists(with_suffix(file, ".lock"))) << "the lock is taken on FILE.lock";
  auto second_reader = FileLock::acquire(file, false, no_wait);
  ASSERT_TRUE(second_reader) << "two readers at once: " << second_reader.error().message;
  auto early_writer = FileLock::acquire(file, true, no_wait);
  ASSERT_FALSE(early_writer) << "a writer while readers read";
  EXPECT_EQ(early_writer.error().code, core::Errc::store);
  EXPECT_EQ(early_writer.error().message,
            file.string() +
                " is locked by another knock (the GUI or another command) and stayed locked; try again");
  reader->reset();
  EXPECT_FALSE(FileLock::acquire(file, true, no_wait)) << "one reader is still there";
  second_reader->reset();
  auto writer = FileLock::acquire(file, true, no_wait);
  ASSERT_TRUE(writer) << "the readers are gone: " << writer.error().message;
  EXPECT_FALSE(FileLock::acquire(file, false, no_wait)) << "no reader while the writer writes";
  EXPECT_FALSE(FileLock::acquire(file, true, no_wait)) << "nor another writer";
  writer->reset();
  EXPECT_TRUE(FileLock::acquire(file, false, no_wait)) << "the writer's lock went with it";
}

TEST(FileLock, AWriterNeedsTheLockFileAReaderGoesOnWithout) {
  const auto file = fresh_dir("lock-nodir") / "missing" / "profiles.toml";  // no directory for FILE.lock
  auto writer = FileLock::acquire(file, true, std::chrono::milliseconds(0));
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, core::Errc::store);
  EXPECT_EQ(writer.error().message.rfind("cannot open " + with_suffix(file, ".lock").string() + ": ", 0), 0u)
      << writer.error().message;
  auto reader = FileLock::acquire(file, false, std::chrono::milliseconds(0));
  EXPECT_TRUE(reader) << "readers are safe without a lock (writers rename in one step)";
  EXPECT_FALSE(std::filesystem::exists(file.parent_path()));
}

TEST(FileLock, ASuffixIsAddedToTheWholeName) {
  EXPECT_EQ(with_suffix(std::filesystem::path("conf") / "profiles.toml", ".bak"),
            std::filesystem::path("conf") / "profiles.toml.bak");
  EXPECT_EQ(with_suffix("profiles.toml", ".lock"), std::filesystem::path("profiles.toml.lock"));
  EXPECT_EQ(with_suffix("a.b", ".tmp.42").filename(), std::filesystem::path("a.b.tmp.42"));
}

TEST(FileLock, ANewFileHasTheTextAndOnlyItsOwnerMayReadIt) {
  const auto dir = fresh_dir("lock-write");
  const auto file = dir / "profiles.toml";
  { std::ofstream(file, std::ios::binary) << "an older and longer text\n"; }
#if !defined(_WIN32)
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
#endif
  ASSERT_TRUE(write_new_file(file, "new\n"));
  EXPECT_EQ(slurp(file), "new\n") << "the old text is gone, not overwritten in part";
#if !defined(_WIN32)
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "whatever the file or the umask was";
#endif
  auto nowhere = write_new_file(dir / "missing" / "profiles.toml", "x");
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(nowhere.error().code, core::Errc::store);
  EXPECT_NE(nowhere.error().message.find("cannot write"), std::string::npos) << nowhere.error().message;
}

TEST(FileLock, AnExclusiveFileIsNeverWrittenOverAnother) {
  const auto file = fresh_dir("lock-exclusive") / "secret";
  ASSERT_TRUE(write_exclusive_file(file, "first\n"));
  auto again = write_exclusive_file(file, "second\n");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::Errc::bad_input);
  EXPECT_EQ(again.error().message, file.string() + " exists already");
  EXPECT_EQ(slurp(file), "first\n");
}

TEST(FileLock, AReplacementIsOneRenameAndAFailedOneLeavesNoTemporaryFile) {
  const auto dir = fresh_dir("lock-replace");
  ASSERT_TRUE(write_new_file(dir / "profiles.toml", "old"));
  ASSERT_TRUE(write_new_file(dir / "profiles.toml.tmp", "new"));
  ASSERT_TRUE(replace_file(dir / "profiles.toml.tmp", dir / "profiles.toml"));
  EXPECT_EQ(slurp(dir / "profiles.toml"), "new");
  EXPECT_FALSE(std::filesystem::exists(dir / "profiles.toml.tmp"));
  ASSERT_TRUE(write_new_file(dir / "stray.tmp", "x"));
  auto failed = replace_file(dir / "stray.tmp", dir / "missing" / "profiles.toml");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, core::Errc::store);
  EXPECT_FALSE(std::filesystem::exists(dir / "stray.tmp")) << "the temporary file is removed";
  EXPECT_EQ(slurp(dir / "profiles.toml"), "new");
}

TEST(FileLock, EachProcessTagsItsTemporaryFilesApart) {
  const std::string tag = process_tag();
  ASSERT_FALSE(tag.empty());
  EXPECT_EQ(tag.find_first_not_of("0123456789"), std::string::npos) << tag;
  EXPECT_EQ(process_tag(), tag);
#if !defined(_WIN32)
  EXPECT_EQ(tag, std::to_string(::getpid()));
#endif
}

}  // namespace
}  // namespace knock::profiles
