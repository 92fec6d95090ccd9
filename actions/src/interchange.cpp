#include "knock/actions/interchange.hpp"

#include "knock/actions/lookup.hpp"
#include "knock/core/text_file.hpp"

namespace knock::actions {

using core::Errc;
using core::make_error;

core::Expected<profiles::Imported> read_import(const ImportSource& source) {
  if (profiles::is_link(source.file)) {
    if (!source.from.empty())
      return make_error(Errc::bad_input, "--from is for files: a link says what it holds");
    return profiles::import_link(source.file);
  }
  if (source.from.empty())
    return make_error(Errc::bad_input, "--from knockd|json|knockonports is required for a file");
  auto text = core::read_text_file(source.file);
  if (!text) return std::move(text).error();
  if (source.from == "knockd") return profiles::import_knockd(*text, source.host, source.file);
  if (source.from == "knockonports") return profiles::import_knockonports(*text, source.file);
  return profiles::import_json(*text, source.file);
}

core::Status unlock_all(Context& ctx, std::vector<profiles::Profile>& ps) {
  for (auto& p : ps) {
    auto open = unlock(ctx, p);
    if (!open) return std::move(open).error();
    p = std::move(*open);
  }
  return {};
}

core::Expected<std::string> export_text(Context& ctx, std::vector<profiles::Profile> ps,
                                        const std::string& format, std::vector<std::string>& notes) {
  if (format == "toml") {
    profiles::Document out;
    out.profiles = std::move(ps);
    return profiles::format_document(out);
  }
  if (format == "json") return profiles::export_json(ps);
  if (format != "knockd" && format != "knockonports")
    return make_error(Errc::bad_input,
                      "cannot export as '" + format + "' (toml, json, knockd or knockonports)");
  if (auto open = unlock_all(ctx, ps); !open) return std::move(open).error();
  if (format == "knockonports") return profiles::export_knockonports(ps, notes);
  return profiles::export_knockd(ps);
}

std::string share_link(const profiles::Profile& p) {
  return profiles::share_link(p);
}

}  // namespace knock::actions
