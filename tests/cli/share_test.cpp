// `knock profile share` and `knock profile import LINK`, through the built knock as a child process: the
// link brings a profile back whole (a sealed one still sealed), a damaged or newer link is said to be, and
// the QR code printed in the terminal decodes, with the real decoder (zbarimg), to the link.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "program.hpp"
#include "qr_decode.hpp"

namespace knock::test {
namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::path(::testing::TempDir()) /
           ("knock-share-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// knock with its profiles in `store`.
ProgramRun knock(const std::filesystem::path& store, std::vector<std::string> args) {
  ::setenv("KNOCK_CONFIG_DIR", store.c_str(), 1);
  args.insert(args.begin(), program_path("knock"));
  return run_program(args);
}

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

const std::vector<std::string> kOffice = {"profile",
                                          "add",
                                          "office",
                                          "--host",
                                          "127.0.0.1",
                                          "--sequence",
                                          "tcp:1337 udp:17954:text:open-sesame",
                                          "--verify",
                                          "8291",
                                          "--launch",
                                          "winbox {ip}",
                                          "--group",
                                          "hq",
                                          "--keep-open"};

TEST(Share, TheLinkBringsTheProfileBackWhole) {
  const auto dir = temp_dir("whole");
  ASSERT_EQ(knock(dir / "a", kOffice).exit_code, 0);
  const auto shared = knock(dir / "a", {"profile", "share", "office"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  const std::string link = first_line(shared.out);
  EXPECT_EQ(link.rfind("knock://v1/", 0), 0u) << link;
  EXPECT_NE(shared.err.find("holds office's sequence in the clear"), std::string::npos) << shared.err;

  const auto imported = knock(dir / "b", {"profile", "import", link});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "imported office\n");
  const auto there = knock(dir / "a", {"profile", "show", "office", "--json", "--show-secrets"});
  const auto here = knock(dir / "b", {"profile", "show", "office", "--json", "--show-secrets"});
  ASSERT_EQ(here.exit_code, 0) << here.err;
  EXPECT_EQ(here.out, there.out);
  EXPECT_NE(here.out.find("open-sesame"), std::string::npos) << here.out;

  const auto again =
      knock(dir / "b", {"profile", "import", link});  // the same name: refused, nothing changed
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_NE(again.err.find("office"), std::string::npos) << again.err;
}

TEST(Share, ASealedProfilesLinkStaysSealed) {
  const auto dir = temp_dir("sealed");
  ::setenv("KNOCK_PASSPHRASE", "correct horse", 1);
  auto add = kOffice;
  add.push_back("--encrypt");
  ASSERT_EQ(knock(dir / "a", add).exit_code, 0);
  const auto shared = knock(dir / "a", {"profile", "share", "office"});
  ::unsetenv("KNOCK_PASSPHRASE");
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  EXPECT_EQ(shared.err, "");  // no warning: nothing readable in it
  const std::string link = first_line(shared.out);
  ASSERT_EQ(knock(dir / "b", {"profile", "import", link}).exit_code, 0);
  EXPECT_EQ(knock(dir / "b", {"profile", "show", "office", "--show-secrets"}).exit_code, 5);  // no passphrase
  ::setenv("KNOCK_PASSPHRASE", "correct horse", 1);
  const auto open = knock(dir / "b", {"profile", "show", "office", "--show-secrets"});
  ::unsetenv("KNOCK_PASSPHRASE");
  EXPECT_EQ(open.exit_code, 0) << open.err;
  EXPECT_NE(open.out.find("tcp:1337 udp:17954:text:open-sesame"), std::string::npos) << open.out;
}

TEST(Share, ADamagedOrNewerLinkIsSaidToBe) {
  const auto dir = temp_dir("damaged");
  ASSERT_EQ(knock(dir / "a", kOffice).exit_code, 0);
  const std::string link = first_line(knock(dir / "a", {"profile", "share", "office"}).out);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {link.substr(0, link.size() - 12), "damaged or cut short"},
      {link.substr(0, 20), "damaged or cut short"},
      {"knock://v1/!!!!", "not base64url"},
      {"knock://v2/" + link.substr(11), "is of format v2; this knock reads v1"},
      {"knock://", "has no format version"},
      {"knock://office", "has no format version"},
  };
  for (const auto& [bad, words] : cases) {
    const auto r = knock(dir / "b", {"profile", "import", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find(words), std::string::npos) << bad << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "b" / "profiles.toml"));  // nothing was written
}

// The terminal's half blocks back to modules, as a PGM picture (4 pixels a module) for zbarimg.
std::string decode_terminal_qr(const std::string& text, const std::filesystem::path& picture) {
  std::vector<std::vector<bool>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<bool> top, bottom;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == ' ') {
        top.push_back(false), bottom.push_back(false), ++i;
        continue;
      }
      const std::string glyph = line.substr(i, 3);  // U+2580 U+2584 U+2588 are three bytes in UTF-8
      top.push_back(glyph == "\u2580" || glyph == "\u2588");
      bottom.push_back(glyph == "\u2584" || glyph == "\u2588");
      i += 3;
    }
    rows.push_back(top);
    rows.push_back(bottom);
  }
  const int scale = 4;
  const std::size_t w = rows.empty() ? 0 : rows.front().size();
  std::ofstream out(picture, std::ios::binary);
  out << "P5\n" << w * scale << " " << rows.size() * scale << "\n255\n";
  for (const auto& row : rows) {
    for (int sy = 0; sy < scale; ++sy) {
      for (std::size_t x = 0; x < w; ++x) {
        for (int sx = 0; sx < scale; ++sx)
          out.put(x < row.size() && row[x] ? '\0' : '\xff');
      }
    }
  }
  out.close();
  return decode_qr(picture.string()).value_or("(no QR code found)");
}

TEST(Share, TheQrCodeInTheTerminalDecodesToTheLink) {
  if (!have_zbarimg()) GTEST_SKIP() << "zbarimg is not installed (apt-get install zbar-tools)";
  const auto dir = temp_dir("qr");
  ASSERT_EQ(knock(dir / "a", kOffice).exit_code, 0);
  ::unsetenv("COLUMNS");
  const auto shared = knock(dir / "a", {"profile", "share", "office", "--qr"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  const std::string link = first_line(shared.out);
  const std::string qr = shared.out.substr(link.size() + 1);
  EXPECT_EQ(qr.find('\x1b'), std::string::npos);  // no colours into a pipe
  EXPECT_EQ(decode_terminal_qr(qr, dir / "qr.pgm"), link);
}

TEST(Share, AQrCodeWiderThanTheTerminalIsSaidAndTheLinkStillPrinted) {
  const auto dir = temp_dir("narrow");
  ASSERT_EQ(knock(dir / "a", kOffice).exit_code, 0);
  ::setenv("COLUMNS", "40", 1);
  const auto shared = knock(dir / "a", {"profile", "share", "office", "--qr"});
  ::unsetenv("COLUMNS");
  EXPECT_EQ(shared.exit_code, 1) << shared.err;
  EXPECT_EQ(first_line(shared.out).rfind("knock://v1/", 0), 0u);
  EXPECT_NE(shared.err.find("columns wide and the terminal 40"), std::string::npos) << shared.err;
}

}  // namespace
}  // namespace knock::test
