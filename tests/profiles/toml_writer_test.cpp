// TOML written from toml++ tables: its style, and that toml++ reads back exactly the table written, for a
// document of every kind of value and for thousands of random ones.
#include "../../profiles/src/toml_writer.hpp"  // private to the library: tested here as profile.cpp uses it

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>

#include <gtest/gtest.h>

namespace knock::profiles {
namespace {

toml::table parsed(const std::string& text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    ADD_FAILURE() << "toml++ cannot read what was written: " << e.description() << "\n" << text;
    return {};
  }
}

TEST(TomlWriter, WritesValuesThenIndentedTablesInToml) {
  const auto doc = parsed(R"(
schema = 1
[profiles.home]
host = "127.0.0.1"
steps = ["tcp:1", "udp:2"]
[profiles.home.verify]
port = 22
[[profiles.home.list]]
a = 1
)");
  EXPECT_EQ(write_toml(doc),
            "schema = 1\n"
            "\n"
            "[profiles.home]\n"
            "host = '127.0.0.1'\n"
            "steps = [ 'tcp:1', 'udp:2' ]\n"
            "\n"
            "    [profiles.home.verify]\n"
            "    port = 22\n"
            "\n"
            "    [[profiles.home.list]]\n"
            "    a = 1\n");
}

TEST(TomlWriter, QuotesWhatIsNotBareAndEscapesWhatALiteralCannotHold) {
  toml::table t;
  t.insert("weird key", "it's \"quoted\"\\ \t\n\x01\x7f é");
  t.insert("", "plain");
  t.insert("bare_KEY-9", "tab\tis fine in a literal");
  EXPECT_EQ(write_toml(t),
            "'' = 'plain'\n"
            "bare_KEY-9 = 'tab\tis fine in a literal'\n"
            "'weird key' = \"it's \\\"quoted\\\"\\\\ \\t\\n\\u0001\\u007f é\"\n");
  EXPECT_EQ(parsed(write_toml(t)), t);
}

TEST(TomlWriter, AByteThatIsNotUtf8BecomesTheReplacementCharacter) {  // TOML files are UTF-8
  toml::table t;
  t.insert("host",
           "a\xff"
           "b");
  EXPECT_EQ(write_toml(t), "host = \"a\\ufffdb\"\n");
  EXPECT_EQ(parsed(write_toml(t))["host"].value_or(std::string()), "a\uFFFDb");
}

TEST(TomlWriter, FloatsAreShortestAndStayFloats) {
  const std::pair<double, const char*> cases[] = {
      {0.1, "0.1"},
      {2.0, "2.0"},
      {-0.0, "-0.0"},
      {1.5e300, "1.5e+300"},
      {1e16, "1e+16"},
      {123.25, "123.25"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), "nan"},
  };
  for (const auto& [value, text] : cases) {
    toml::table t;
    t.insert("f", value);
    EXPECT_EQ(write_toml(t), std::string("f = ") + text + "\n");
  }
  for (const double v : {5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 0.30000000000000004}) {
    toml::table t;
    t.insert("f", v);
    EXPECT_EQ(parsed(write_toml(t)), t) << write_toml(t);
  }
}

#ifndef _WIN32
// knock-gui's C locale is the user's (Qt sets it from the environment): a German one writes 1,5 with printf.
TEST(TomlWriter, FloatsIgnoreTheCLocale) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "locales";  // TempDir is this process's own
  std::filesystem::create_directories(dir);
  const std::string build = "localedef -i de_DE -f UTF-8 " + (dir / "de_DE.UTF-8").string() + " 2>/dev/null";
  ASSERT_EQ(std::system(build.c_str()), 0)
      << "localedef could not build de_DE.UTF-8 (apt-get install locales)";
  ::setenv("LOCPATH", dir.c_str(), 1);
  ASSERT_NE(std::setlocale(LC_ALL, "de_DE.UTF-8"), nullptr);
  char printed[16];
  std::snprintf(printed, sizeof printed, "%g", 1.5);
  EXPECT_STREQ(printed, "1,5");  // the locale does what it is here for
  toml::table t;
  t.insert("f", 1.5);
  t.insert("g", 1e300);
  EXPECT_EQ(write_toml(t), "f = 1.5\ng = 1e+300\n");
  std::setlocale(LC_ALL, "C");
  ::unsetenv("LOCPATH");
}
#endif

TEST(TomlWriter, ReadsBackEveryKindOfValue) {
  const auto doc = parsed(R"(
top = "x"
[extra]
f = 1.5e300
g = -0.0
h = inf
i = 0x1F
big = -9223372036854775808
max = 9223372036854775807
yes = true
d = 1979-05-27T07:32:00Z
ld = 1979-05-27
lt = 07:32:00.123456789
ldt = 1979-05-27T07:32:00
odt = 1979-05-27T00:32:00.999999-07:00
arr = [[1, 2], ["a"], { x = 1, y = { z = [] } }, 1.5]
"weird key" = "tab\there \u00e9 \"q\" \u0001 'single'"
ml = """line1
line2"""
empty = {}
emptyarr = []
inline_tables = [{ a = 1 }, { b = 2 }]
[extra.only.tables.here]
k = 1
[extra.empty_table]
[[extra.list]]
a = 1
[extra.list.sub]
b = 2
[[extra.list]]
c = [ { d = 1 } ]
[[extra.list.nested]]
e = 1
['quoted.key'."and another"]
v = 1
)");
  const std::string text = write_toml(doc);
  EXPECT_EQ(parsed(text), doc) << text;
  EXPECT_EQ(write_toml(parsed(text)), text);
}

// Random tables of random values, nested, with arrays of tables and inline tables among them.
class RandomToml {
 public:
  explicit RandomToml(unsigned seed) : random_(seed) {}

  toml::table table(int depth) {
    toml::table t;
    const int n = pick(0, 5);
    for (int i = 0; i < n; ++i) {
      const std::string k = key();
      switch (pick(0, depth > 0 ? 9 : 6)) {
        case 7: {
          auto child = table(depth - 1);
          child.is_inline(pick(0, 3) == 0);
          t.insert_or_assign(k, std::move(child));
          break;
        }
        case 8: {
          toml::array a;
          for (int e = pick(1, 3); e > 0; --e)
            a.push_back(table(depth - 1));
          t.insert_or_assign(k, std::move(a));
          break;
        }
        case 9:
          t.insert_or_assign(k, array(depth - 1));
          break;
        default:
          insert_value(t, k);
      }
    }
    return t;
  }

 private:
  std::mt19937 random_;

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random_); }

  std::string text() {
    static const char* const pieces[] = {"a",  "Z",    "0",  "_",  "-",  " ",    ".",    "'",
                                         "\"", "\\",   "\t", "\n", "\r", "\x01", "\x1f", "\x7f",
                                         "é",  "日本", "🔑",  "=",  "#",  "[",    "]",    "{"};
    std::string s;
    for (int n = pick(0, 6); n > 0; --n)
      s += pieces[pick(0, static_cast<int>(std::size(pieces)) - 1)];
    return s;
  }

  std::string key() { return pick(0, 2) == 0 ? text() : "k" + std::to_string(pick(0, 20)); }

  void insert_value(toml::table& t, const std::string& k) {
    value([&](auto v) { t.insert_or_assign(k, std::move(v)); });
  }

  template <class Add>
  void value(Add add) {
    switch (pick(0, 8)) {
      case 0:
        add(text());
        break;
      case 1:
        add(static_cast<std::int64_t>(random_()) * (pick(0, 1) ? 1 : -1));
        break;
      case 2:
        add(pick(0, 1) ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max());
        break;
      case 3:
        add(floating());
        break;
      case 4:
        add(pick(0, 1) == 1);
        break;
      case 5:
        add(toml::date{pick(1, 9999), pick(1, 12), pick(1, 28)});
        break;
      case 6:
        add(time());
        break;
      case 7:
        add(date_time());
        break;
      default:
        add(toml::array{});
        break;
    }
  }

  double floating() {
    for (;;) {  // any double but nan (which equals nothing, itself included)
      std::uint64_t bits = (std::uint64_t{random_()} << 32) | random_();
      double d;
      std::memcpy(&d, &bits, sizeof d);
      if (d == d) return pick(0, 1) ? d : static_cast<double>(pick(-1000, 1000)) / 8;
    }
  }

  toml::time time() {
    return toml::time{pick(0, 23), pick(0, 59), pick(0, 59),
                      static_cast<std::uint32_t>(pick(0, 1) ? 0 : pick(0, 999'999'999))};
  }

  toml::date_time date_time() {
    const toml::date d{pick(1, 9999), pick(1, 12), pick(1, 28)};
    if (pick(0, 1)) return toml::date_time{d, time()};
    return toml::date_time{d, time(), toml::time_offset{pick(-23, 23), pick(0, 59) * (pick(0, 1) ? 1 : 0)}};
  }

  toml::array array(int depth) {
    toml::array a;
    for (int n = pick(0, 4); n > 0; --n) {
      if (depth > 0 && pick(0, 4) == 0)
        a.push_back(array(depth - 1));
      else if (depth > 0 && pick(0, 6) == 0)
        a.push_back(table(depth - 1));  // an inline table among values
      else
        value([&](auto v) { a.push_back(std::move(v)); });
    }
    return a;
  }
};

TEST(TomlWriter, ReadsBackThousandsOfRandomTables) {
  RandomToml make(20261202);
  for (int i = 0; i < 3000; ++i) {
    const toml::table t = make.table(3);
    const std::string text = write_toml(t);
    ASSERT_EQ(parsed(text), t) << "table " << i << ":\n" << text;
  }
}

}  // namespace
}  // namespace knock::profiles
