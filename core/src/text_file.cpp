#include "knock/core/text_file.hpp"

#include <algorithm>
#include <fstream>

namespace knock::core {

Expected<std::string> read_text_file(const std::filesystem::path& path, std::string_view what,
                                     std::size_t limit, Errc code) {
  const std::string name = std::string(what) + "'" + path.string() + "'";
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) return make_error(code, "cannot read " + name + ": " + ec.message());
  if (!std::filesystem::is_regular_file(status)) {
    return make_error(code, name + ": not a regular file" +
                                std::string(std::filesystem::is_directory(status) ? " (a directory)" : ""));
  }
  const auto too_big = [&] {
    return make_error(code,
                      name + ": larger than " + std::to_string(limit >> 20) + " MiB, more than knock reads");
  };
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return make_error(code, "cannot read " + name + ": " + ec.message());
  if (size > limit) return too_big();
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(code, "cannot read " + name);
  // Read what stat saw, then in chunks while it grows, never past limit + 1 bytes.
  std::string text;
  std::size_t got = 0;
  for (std::size_t want = static_cast<std::size_t>(size) + 1; got < limit + 1 && in;
       want = std::min(limit + 1, got + (std::size_t{1} << 16))) {
    text.resize(want);
    in.read(text.data() + got, static_cast<std::streamsize>(want - got));
    got += static_cast<std::size_t>(in.gcount());
  }
  if (in.bad()) return make_error(code, "cannot read " + name);
  text.resize(got);
  if (text.size() > limit) return too_big();  // it grew since we looked
  return text;
}

}  // namespace knock::core
