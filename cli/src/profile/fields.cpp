// The profile fields as options of add, edit and new, each parsed once into a typed change.
#include "../options.hpp"
#include "knock/core/otp.hpp"
#include "knock/core/plan.hpp"
#include "knock/core/text.hpp"
#include "knock/profiles/secret_file.hpp"
#include "profile.hpp"

namespace knock::cli::profile {
namespace {

using core::Errc;
using core::make_error;
using Result = core::Expected<std::string>;

void define_knock_fields(CLI::App& c, actions::Changes& ch, FieldsFor use) {
  c.add_option_function<std::string>(
      "--host", [&ch](const std::string& v) { ch.host = v; }, "Host name or address to knock");
  if (use != FieldsFor::random) {
    typed_option(
        c, "--sequence", ch.sequence,
        [](const std::string& text) -> core::Expected<core::Sequence> {
          auto seq = core::parse_sequence(std::string_view(text));
          if (!seq) return make_error(Errc::bad_input, "--sequence: " + seq.error().message);
          return seq;
        },
        "The knock sequence, e.g. \"tcp:1337 udp:17954\"")
        ->type_name("STEPS");
  }
  if (use != FieldsFor::random) {
    typed_option(
        c, "--otp", ch.otp_key, [](const std::string& file) { return profiles::read_secret_file(file); },
        "A one-time knock from this secret (knock otp init FILE), instead of --sequence")
        ->type_name("FILE");
    typed_option(
        c, "--otp-window", ch.otp,
        [](const std::string& text) -> core::Expected<profiles::OneTime> {
          auto d = core::parse_duration(text);
          if (!d) return make_error(Errc::bad_input, "--otp-window: " + d.error().message);
          auto w = core::otp::check_window(*d, "--otp-window");
          if (!w) return std::move(w).error();
          return profiles::OneTime{*w};
        },
        "The one-time knock's window (default 30s)")
        ->type_name("DURATION");
  }
  typed_option(c, "--delay", ch.delay, duration_parser("--delay", false),
               "Pause between knocks (a new profile: 500ms)")
      ->type_name("DURATION");
  typed_option(
      c, "--family", ch.family,
      [](const std::string& text) -> core::Expected<core::Family> {
        if (auto f = core::family_named(text)) return *f;
        return make_error(Errc::bad_input, "--family: '" + text + "' is not any, ipv4, ipv6 or both");
      },
      "any, ipv4, ipv6 or both")
      ->type_name("FAMILY")
      ->check(offers({"any", "ipv4", "ipv6", "both"}));
  typed_option(
      c, "--source", ch.source,
      [](const std::string& text) -> Result {
        if (text.empty()) return text;
        if (auto a = core::parse_address(text, "--source"); !a) return std::move(a).error();
        return text;
      },
      "Local address to send from")
      ->type_name("ADDR");
}

void define_verify_fields(CLI::App& c, actions::Changes& ch, FieldsFor use) {
  typed_option(
      c, "--verify", ch.verify_port,
      [](const std::string& text) -> core::Expected<std::uint16_t> {
        if (text == "0") return std::uint16_t{0};
        return core::parse_tcp_port(text, "--verify");
      },
      "Protected TCP port to check after knocking (0: none)")
      ->type_name("PORT");
  typed_option(c, "--verify-timeout", ch.verify_timeout, duration_parser("--verify-timeout", true),
               "Limit per verify attempt (default 2s)")
      ->type_name("DURATION");
  c.add_option_function<int>(
       "--retries", [&ch](int n) { ch.retries = n; }, "Verify attempts after the first (default 2)")
      ->check(CLI::Range(0, 100));
  c.add_flag_callback(
      "--reknock", [&ch] { ch.reknock = true; }, "Knock again before each verify retry");
  if (use == FieldsFor::edit)
    c.add_flag_callback(
        "--no-reknock", [&ch] { ch.reknock = false; }, "Do not knock again before retries");
  c.add_option_function<std::string>(
       "--launch", [&ch](const std::string& v) { ch.launch = v; },
       "Command after access, e.g. \"ssh admin@{ip}\"")
      ->type_name("COMMAND");
  c.add_flag_callback(
      "--keep-open", [&ch] { ch.keep_open = true; },
      "Knock again while the launched command runs (every third of the access timeout)");
  if (use == FieldsFor::edit)
    c.add_flag_callback(
        "--no-keep-open", [&ch] { ch.keep_open = false; }, "Knock once, then launch");
}

void define_other_fields(CLI::App& c, actions::Changes& ch, FieldsFor use) {
  c.add_option_function<std::string>(
       "--group", [&ch](const std::string& v) { ch.group = v; }, "Group, for knock run --group")
      ->type_name("GROUP");
  c.add_option_function<std::vector<std::string>>(
      "--tag", [&ch](const std::vector<std::string>& v) { ch.tags = v; },
      use == FieldsFor::edit ? "Tags (replace the old ones; repeat)" : "A tag (repeat)");
  c.add_option_function<std::string>(
      "--notes", [&ch](const std::string& v) { ch.notes = v; }, "Free text");
}

void define_router_fields(CLI::App& c, actions::Changes& ch) {
  c.add_option_function<std::vector<std::string>>(
       "--protect",
       [&ch](const std::vector<std::string>& texts) {
         std::vector<core::ServicePort> ports;
         for (const auto& t : texts) {
           auto p = core::parse_service_port(t, "--protect");
           if (!p) throw CLI::ValidationError(p.error().message);
           ports.push_back(*p);
         }
         ch.protect = std::move(ports);
       },
       "Router side: a port the sequence opens, e.g. tcp:8291 (repeat)")
      ->type_name("PORT");
  typed_option(
      c, "--timeouts", ch.timeouts,
      [](const std::string& text) -> core::Expected<std::vector<core::Duration>> {
        std::vector<core::Duration> out;
        std::string_view rest = text;
        while (!rest.empty()) {
          const auto comma = rest.find(',');
          if (const auto part = rest.substr(0, comma); !part.empty()) {
            auto d = core::parse_routeros_duration(part);
            if (!d) return make_error(Errc::bad_input, "--timeouts: " + d.error().message);
            out.push_back(*d);
          }
          rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        return out;
      },
      "Router side: stage timeouts then access, e.g. 15s,3h")
      ->type_name("LIST");
  c.add_option_function<std::string>(
      "--list", [&ch](const std::string& v) { ch.list = v; }, "Router side: the access list's name");
}

void define_sealing(CLI::App& c, actions::Changes& ch, FieldsFor use) {
  using actions::Sealing;
  // Each says what it wants; edit refuses two at once (a check of its own: CLI11's excludes clutter --help).
  c.add_flag_callback(
      "--encrypt", [&ch] { ch.sealing = Sealing::seal; }, "Seal the sequence with a passphrase");
  if (use != FieldsFor::edit) return;
  c.add_flag_callback(
      "--decrypt", [&ch] { ch.sealing = Sealing::unseal; }, "Store the sequence in the clear again");
  c.add_flag_callback(
      "--change-passphrase", [&ch] { ch.sealing = Sealing::change_passphrase; },
      "Seal it with a new passphrase (in scripts: KNOCK_NEW_PASSPHRASE)");
}

}  // namespace

void define_fields(CLI::App& sub, actions::Changes& changes, FieldsFor use) {
  define_knock_fields(sub, changes, use);
  define_verify_fields(sub, changes, use);
  define_other_fields(sub, changes, use);
  define_router_fields(sub, changes);
  define_sealing(sub, changes, use);
}

int fail(Session& s, const core::Error& e) {
  s.io.err << "knock: " << core::printable(e.message) << "\n";
  return core::exit_code(e.code);
}

CLI::Option* add_name(CLI::App& sub, std::string& name, const char* help) {
  return sub.add_option("NAME", name, help)->required()->type_name("");
}

}  // namespace knock::cli::profile
