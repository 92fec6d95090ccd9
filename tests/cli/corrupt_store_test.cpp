// A corrupt profiles.toml, met by the commands that read it and by one that would write it: exit 5 and one
// line naming the file and the place, the file left as it was; in-process and as the built program, which
// once aborted on most of these (toml++'s exceptions crossed a C++ runtime boundary) and overflowed its stack
// on the deep ones.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "knock/cli/cli.hpp"
#include "program.hpp"

namespace knock::cli {
namespace {

struct Corrupt {
  std::string name;
  std::string text;
  std::string message;  // in the error, after the file's name
};

void PrintTo(const Corrupt& c, std::ostream* os) {
  *os << c.name;
}

std::string repeat(const std::string& s, int n) {
  std::string r;
  for (int i = 0; i < n; ++i)
    r += s;
  return r;
}

const std::vector<Corrupt> kFiles = {
    {"unterminated_basic_string", "[profiles.a]\nhost = \"127.0.0.1\nsequence = \"tcp:1\"\n",
     "line 2, column"},
    {"unterminated_literal_string", "[profiles.a]\nhost = '127.0.0.1\n", "line 2, column"},
    {"unterminated_multiline_string", "[profiles.a]\nnotes = \"\"\"x\n", "line 2, column"},
    {"unterminated_header", "[profiles.a\nhost = \"h\"\n", "line 1, column"},
    {"unterminated_inline_table", "[profiles.a]\nverify = {port = 22\n", "line 2, column"},
    {"hex_without_digits", "x = 0x\n", "line 1, column"},
    {"double_underscore", "x = 1__2\n", "line 1, column"},
    {"integer_past_64_bits", "x = 99999999999999999999999\n", "line 1, column"},
    {"unknown_escape", "x = \"\\q\"\n", "line 1, column"},
    {"surrogate_escape", "x = \"\\uD800\"\n", "line 1, column"},
    {"invalid_utf8", "x = \"\xff\xfe\"\n", "line 1, column"},
    {"control_character", "x = \"a\x01z\"\n", "line 1, column"},
    {"datetime_with_junk", "x = 1979-05-27T07:32:00Zjunk\n", "line 1, column"},
    {"table_defined_twice", "[profiles.a]\nhost = \"h\"\n[profiles.a]\n", "line 3, column"},
    {"header_of_50000_parts", "[" + repeat("a.", 49999) + "a]\n",
     "line 1, column 129: tables, arrays and dotted keys nested"},
    {"key_of_50000_parts", repeat("a.", 49999) + "a = 1\n",
     "line 1, column 128: tables, arrays and dotted keys nested"},
    {"arrays_300_deep", "x = " + repeat("[", 300) + repeat("]", 300) + "\n", "line 1, column 68:"},
    {"inline_tables_300_deep", "x = " + repeat("{a = ", 300) + "1" + repeat("}", 300) + "\n",
     "line 1, column"},
    {"non_ascii_after_a_key", "s\xd1\x8a = 1\n", "line 1, column 2: a non-ASCII character outside a string"},
    {"host_of_the_wrong_type", "[profiles.a]\nhost = 12\nsequence = \"tcp:1\"\n",
     "profile 'a': host must be a string"},
};

// What each case runs: two commands that read the store, one that would rewrite it.
const std::vector<std::vector<std::string>> kCommands = {
    {"knock", "profile", "list"},
    {"knock", "@a", "--dry-run"},
    {"knock", "profile", "add", "z", "--host", "127.0.0.1", "--sequence", "tcp:1"},
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CorruptStore : public ::testing::TestWithParam<Corrupt> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("knock-corrupt-" + GetParam().name);
    std::filesystem::create_directories(dir_);
    std::ofstream(file(), std::ios::binary) << GetParam().text;
    ::setenv("KNOCK_CONFIG_DIR", dir_.c_str(), 1);
  }
  std::filesystem::path file() const { return dir_ / "profiles.toml"; }
  void expect_refused(const std::vector<std::string>& command, int code, const std::string& err) {
    const std::string what = command[1] + " " + command[2];
    EXPECT_EQ(code, 5) << what << ": " << err;
    EXPECT_EQ(err.rfind("knock: " + file().string() + ": " + GetParam().message, 0), 0u)
        << what << ": " << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << what << ": " << err;
    EXPECT_EQ(slurp(file()), GetParam().text) << what << " changed the file";
  }
  std::filesystem::path dir_;
};

TEST_P(CorruptStore, IsReportedWithItsPlaceAndLeftUntouched) {
  for (const auto& command : kCommands) {
    std::ostringstream out, err;
    core::ProcessLauncher launcher;
    Io io{out, err, launcher, core::process_environment()};
    const int code = run(command, io);
    expect_refused(command, code, err.str());
  }
}

TEST_P(CorruptStore, IsReportedWithItsPlaceAndLeftUntouchedByTheProgram) {
  for (auto command : kCommands) {
    const auto shown = command;
    command[0] = test::program_path("knock");
    const auto r = test::run_program(command);
    ASSERT_FALSE(r.hung) << shown[1] << ": hung";
    ASSERT_EQ(r.signal, 0) << shown[1] << " " << shown[2] << ": killed by signal " << r.signal << ": "
                           << r.err;
    expect_refused(shown, r.exit_code, r.err);
  }
}

std::string name(const ::testing::TestParamInfo<Corrupt>& file) {
  return file.param.name;
}

INSTANTIATE_TEST_SUITE_P(Files, CorruptStore, ::testing::ValuesIn(kFiles), name);

}  // namespace
}  // namespace knock::cli
