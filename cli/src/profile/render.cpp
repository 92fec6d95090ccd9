#include "render.hpp"

#include "knock/core/json.hpp"
#include "knock/core/text.hpp"

namespace knock::cli::profile {
namespace {

template <class T, class Format>
std::string json_array(const std::vector<T>& items, Format format) {
  std::string out = "[";
  for (const auto& item : items)
    out += (out.size() > 1 ? "," : "") + core::json_quote(format(item));
  return out + "]";
}

template <class T, class Format>
std::string joined(const std::vector<T>& items, const char* sep, Format format) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : sep) + format(item);
  return out;
}

const auto same = [](const std::string& s) { return s; };
const auto port_text = [](const core::ServicePort& p) { return core::to_string(p); };
const auto duration_text = [](core::Duration d) { return core::format_routeros_duration(d); };

}  // namespace

std::string profile_json(const profiles::Profile& p, bool secrets) {
  core::JsonObject j;
  j.field("name", p.name).field("host", p.host).field("sealed", p.sealed.has_value());
  if (secrets && !p.sequence.empty()) j.field("sequence", p.sequence.view());
  if (p.otp) {
    core::JsonObject o;
    o.field("window", core::format_duration(p.otp->window)).field("knocks", p.otp->knocks);
    if (secrets && !p.otp_key.empty()) o.field("key", p.otp_key.view());
    j.raw("otp", o.str());
  }
  j.field("delay", core::format_duration(p.delay)).field("family", core::to_string(p.family));
  if (!p.source.empty()) j.field("source", p.source);
  if (p.verify_port) {
    j.raw("verify", core::JsonObject()
                        .field("port", static_cast<int>(p.verify_port))
                        .field("timeout", core::format_duration(p.verify_timeout))
                        .field("retries", p.retries)
                        .field("reknock", p.reknock)
                        .str());
  }
  if (!p.launch.empty()) j.field("launch", p.launch);
  if (p.keep_open) j.field("keep_open", true);
  j.field("group", p.group).raw("tags", json_array(p.tags, same)).field("notes", p.notes);
  j.raw("router", core::JsonObject()
                      .raw("protect", json_array(p.protect, port_text))
                      .raw("timeouts", json_array(p.timeouts, duration_text))
                      .field("list", p.list)
                      .str());
  return j.str();
}

void show_human(const profiles::Profile& p, bool secrets, std::ostream& out) {
  const auto row = [&](const char* k, const std::string& v) {
    if (!v.empty())
      out << "  " << k << std::string(10 - std::string_view(k).size(), ' ') << core::printable(v) << "\n";
  };
  out << p.name << "\n";
  row("host", p.host);
  if (p.otp) {
    row("knock", "one-time, a new knock every " + core::format_duration(p.otp->window) + " (" +
                     std::to_string(p.otp->knocks) + " knocks)");
    row("secret", p.sealed  ? "(sealed with a passphrase)"
                  : secrets ? std::string(p.otp_key.view())
                            : "(hidden; --show-secrets shows it)");
  } else {
    std::string seq = p.sealed ? "(sealed with a passphrase)" : "(hidden; --show-secrets shows it)";
    if (secrets && !p.sequence.empty()) seq = std::string(p.sequence.view());
    row("sequence", seq);
  }
  if (p.delay.count()) row("delay", core::format_duration(p.delay));
  if (p.family != core::Family::any) row("family", std::string(core::to_string(p.family)));
  row("source", p.source);
  if (p.verify_port) {
    row("verify", "tcp:" + std::to_string(p.verify_port) + ", " + core::format_duration(p.verify_timeout) +
                      " each, " + std::to_string(p.retries) + (p.retries == 1 ? " retry" : " retries") +
                      (p.reknock ? ", knocking again before each" : ""));
  }
  row("launch", p.launch);
  if (p.keep_open) row("keep open", "knocking again while the launched command runs");
  row("group", p.group);
  row("tags", joined(p.tags, ", ", same));
  row("protects", joined(p.protect, ", ", port_text));
  row("timeouts", joined(p.timeouts, ",", duration_text));
  row("list", p.list);
  row("notes", p.notes);
}

}  // namespace knock::cli::profile
