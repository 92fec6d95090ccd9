#include "knock/profiles/store.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "file_lock.hpp"

namespace knock::profiles {
namespace {

using core::Errc;
using core::make_error;

core::Expected<std::optional<std::string>> read_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<std::string>{};
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(Errc::store, "cannot read " + file.string());
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) return make_error(Errc::store, "cannot read " + file.string());
  return std::optional<std::string>(s.str());
}

// Keeps `previous` (if any) as FILE.bak, then writes `text` to a temporary file beside FILE and renames it
// over FILE: readers see the old or the new file, whole, and a crash leaves one of them.
std::optional<core::Error> write_atomically(const std::filesystem::path& file, const std::string& text,
                                            const std::optional<std::string>& previous) {
  const std::string tmp = ".tmp." + process_tag();
  if (previous) {
    const std::filesystem::path bak = with_suffix(file, ".bak");
    if (auto e = write_new_file(with_suffix(bak, tmp), *previous)) return e;
    if (auto why = replace_file(with_suffix(bak, tmp), bak)) {
      return make_error(Errc::store, "cannot keep a backup at " + bak.string() + ": " + *why);
    }
  }
  if (auto e = write_new_file(with_suffix(file, tmp), text)) return e;
  if (auto why = replace_file(with_suffix(file, tmp), file)) {
    return make_error(Errc::store, "cannot replace " + file.string() + ": " + *why);
  }
  sync_directory(file.parent_path());
  return std::nullopt;
}

}  // namespace

std::filesystem::path default_store_path() {
  if (const char* dir = std::getenv("KNOCK_CONFIG_DIR"); dir && *dir)
    return std::filesystem::path(dir) / "profiles.toml";
#if defined(_WIN32)
  if (const char* appdata = std::getenv("APPDATA"); appdata && *appdata) {
    return std::filesystem::path(appdata) / "knock" / "profiles.toml";
  }
#elif defined(__APPLE__)
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / "Library" / "Application Support" / "knock" / "profiles.toml";
  }
#else
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "knock" / "profiles.toml";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".config" / "knock" / "profiles.toml";
  }
#endif
  return "profiles.toml";
}

Store::Store(std::filesystem::path file, std::chrono::milliseconds lock_wait)
    : file_(std::move(file)), lock_wait_(lock_wait) {}

core::Expected<Document> Store::load() const {
  auto lock = FileLock::acquire(file_, false, lock_wait_);
  if (!lock) return std::move(lock).error();
  auto text = read_file(file_);
  if (!text) return std::move(text).error();
  if (!*text) return Document{};
  return parse_document(**text, file_.string());
}

core::Expected<Document> Store::update(const std::function<std::optional<core::Error>(Document&)>& edit) {
  std::error_code ec;
  if (!file_.parent_path().empty()) std::filesystem::create_directories(file_.parent_path(), ec);
  if (ec)
    return make_error(Errc::store, "cannot create " + file_.parent_path().string() + ": " + ec.message());
  auto lock = FileLock::acquire(file_, true, lock_wait_);
  if (!lock) return std::move(lock).error();
  auto text = read_file(file_);
  if (!text) return std::move(text).error();
  Document doc;
  if (*text) {
    auto parsed = parse_document(**text, file_.string());
    if (!parsed) {
      return make_error(Errc::store, parsed.error().message +
                                         " (the file was left as it is; fix it, or restore " +
                                         file_.string() + ".bak)");
    }
    doc = std::move(*parsed);
  }
  if (auto e = edit(doc)) return *e;
  for (const auto& p : doc.profiles) {
    if (auto e = validate(p)) return *e;
  }
  const std::string out = format_document(doc);
  if (auto e = write_atomically(file_, out, *text)) return *e;
  return doc;
}

}  // namespace knock::profiles
