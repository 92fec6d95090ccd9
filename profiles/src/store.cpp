#include "knock/profiles/store.hpp"

#include "file_lock.hpp"
#include "knock/core/text_file.hpp"

namespace knock::profiles {
namespace {

using core::Errc;
using core::make_error;

// Nothing when there is no file yet; an error for anything but a regular file of at most kStoreLimit bytes.
core::Expected<std::optional<std::string>> read_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec) && !std::filesystem::is_symlink(file, ec))
    return std::optional<std::string>{};
  auto text = core::read_text_file(file, "", kStoreLimit, Errc::store);
  if (!text) return std::move(text).error();
  return std::optional<std::string>(std::move(*text));
}

// A profiles.toml that is a symbolic link is written through to the file it names (the link stays).
std::filesystem::path written_path(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_symlink(file, ec)) return file;
  const auto target = std::filesystem::weakly_canonical(file, ec);
  return ec ? file : target;
}

// Keeps `previous` (if any) as FILE.bak, then writes `text` to a temporary file beside FILE and renames it
// over FILE: readers see the old or the new file, whole, and a crash leaves one of them.
core::Status write_atomically(const std::filesystem::path& link, const std::string& text,
                              const std::optional<std::string>& previous) {
  const std::filesystem::path file = written_path(link);
  const std::string tmp = ".tmp." + process_tag();
  const std::optional<FileOwner> owner =
      owner_of(file);  // kept: root editing someone's store leaves it theirs
  if (previous) {
    const std::filesystem::path bak = with_suffix(file, ".bak");
    if (auto written = write_new_file(with_suffix(bak, tmp), *previous, owner); !written) return written;
    if (auto replaced = replace_file(with_suffix(bak, tmp), bak); !replaced) {
      return make_error(Errc::store,
                        "cannot keep a backup at " + bak.string() + ": " + replaced.error().message);
    }
  }
  if (auto written = write_new_file(with_suffix(file, tmp), text, owner); !written) return written;
  if (auto replaced = replace_file(with_suffix(file, tmp), file); !replaced) {
    return make_error(Errc::store, "cannot replace " + file.string() + ": " + replaced.error().message);
  }
  sync_directory(file.parent_path());
  return {};
}

}  // namespace

std::filesystem::path default_store_path(const core::Environment& env) {
  const auto set = [&](std::string_view name) {
    auto v = env.get(name);
    return v && !v->empty() ? std::optional<std::filesystem::path>(std::filesystem::u8path(*v))
                            : std::nullopt;
  };
  if (auto dir = set("KNOCK_CONFIG_DIR")) return *dir / "profiles.toml";
#if defined(_WIN32)
  if (auto appdata = set("APPDATA")) return *appdata / "knock" / "profiles.toml";
#elif defined(__APPLE__)
  if (auto home = set("HOME")) return *home / "Library" / "Application Support" / "knock" / "profiles.toml";
#else
  if (auto xdg = set("XDG_CONFIG_HOME")) return *xdg / "knock" / "profiles.toml";
  if (auto home = set("HOME")) return *home / ".config" / "knock" / "profiles.toml";
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

core::Expected<Document> Store::update(const std::function<core::Status(Document&)>& edit) {
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
  if (auto edited = edit(doc); !edited) return std::move(edited).error();
  for (const auto& p : doc.profiles) {
    if (auto valid = validate(p); !valid) return std::move(valid).error();
  }
  const std::string out = format_document(doc);
  if (*text && out == **text) return doc;  // nothing changed: the file and its backup stay as they are
  if (auto written = write_atomically(file_, out, *text); !written) return std::move(written).error();
  return doc;
}

}  // namespace knock::profiles
