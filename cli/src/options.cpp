#include "options.hpp"

#include <algorithm>

#include "knock/core/plan.hpp"

namespace knock::cli {

std::function<core::Expected<core::Duration>(const std::string&)> duration_parser(std::string option,
                                                                                  bool positive) {
  return [option = std::move(option), positive](const std::string& text) -> core::Expected<core::Duration> {
    auto d = core::parse_duration(text);
    if (!d) return core::make_error(core::Errc::bad_input, option + ": " + d.error().message);
    if (positive && d->count() == 0)
      return core::make_error(core::Errc::bad_input, option + ": must be more than 0");
    return d;
  };
}

namespace {

// One knock option: its names, its help group, and how CLI11 learns it.
struct Definition {
  const char* names;
  const char* group;
  CLI::Option* (*define)(CLI::App& app, KnockOptions& o, const std::string& names);
};

CLI::Option* define_family(CLI::App& app, const std::string& names, std::optional<core::Family>& out,
                           core::Family family, const std::string& help) {
  return app.add_flag_callback(
      names, [&out, family] { out = family; }, help);
}

// In the order --help lists them.
const Definition kKnockOptions[] = {
    {"-d,--delay", "Timing",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return typed_option(app, n, o.overrides.delay, duration_parser("--delay", false),
                           "Pause between the starts of consecutive knocks (default 0)")
           ->type_name("DURATION");
     }},
    {"-u,--udp", "Timing",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return app.add_flag(n, o.udp, "Bare PORT steps are UDP (knockd's -u)");
     }},
    {"--connect-timeout", "Timing",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return typed_option(app, n, o.overrides.connect_timeout, duration_parser("--connect-timeout", true),
                           "Handshake limit for connect: steps (default 2s)")
           ->type_name("DURATION");
     }},
    {"-4,--ipv4", "Addresses",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return define_family(app, n, o.overrides.family, core::Family::v4, "Use the host's IPv4 address");
     }},
    {"-6,--ipv6", "Addresses",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return define_family(app, n, o.overrides.family, core::Family::v6, "Use the host's IPv6 address");
     }},
    {"--both", "Addresses",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return define_family(app, n, o.overrides.family, core::Family::both,
                            "Knock on the host's IPv4 and IPv6 address");
     }},
    {"-s,--source", "Addresses",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return typed_option(
                  app, n, o.overrides.source,
                  [](const std::string& text) { return core::parse_address(text, "--source"); },
                  "Send from this local address (e.g. 127.0.0.2)")
           ->type_name("ADDR");
     }},
    {"--verify", "Verify",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return typed_option(
                  app, n, o.overrides.verify_port,
                  [](const std::string& text) { return core::parse_tcp_port(text, "--verify"); },
                  "After knocking, connect to this TCP port to check access")
           ->type_name("PORT");
     }},
    {"--verify-timeout", "Verify",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return typed_option(app, n, o.overrides.verify_timeout, duration_parser("--verify-timeout", true),
                           "Limit for each verify attempt (default 2s)")
           ->type_name("DURATION");
     }},
    {"--retries", "Verify",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       auto& retries = o.overrides.retries;
       return app
           .add_option_function<int>(
               n, [&retries](int count) { retries = count; }, "Verify attempts after the first (default 2)")
           ->check(CLI::Range(0, 100))
           ->type_name("N");
     }},
    {"--reknock", "Verify",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return app.add_flag(n, o.overrides.reknock, "Knock the whole sequence again before each retry");
     }},
    {"--otp-window", "One-time knocks",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return typed_option(app, n, o.overrides.otp_window, duration_parser("--otp-window", true),
                           "Window of a one-time knock (5s-1h; default 30s, or the profile's)")
           ->type_name("DURATION");
     }},
    {"--clock-offset", "One-time knocks",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return typed_option(
                  app, n, o.overrides.clock_offset,
                  [](const std::string& text) -> core::Expected<core::Duration> {
                    const bool negative = !text.empty() && text.front() == '-';
                    auto d = core::parse_duration(negative ? std::string_view(text).substr(1)
                                                           : std::string_view(text));
                    if (!d)
                      return core::make_error(core::Errc::bad_input, "--clock-offset: " + d.error().message);
                    return negative ? -*d : *d;
                  },
                  "How far the router's clock is from this one's, e.g. -40s")
           ->type_name("DURATION");
     }},
    {"-n,--dry-run", "Output",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       auto& p = o.print;
       auto& dry = o.overrides.dry_run;
       return app.add_flag_callback(
           n, [&p, &dry] { p.dry_run = dry = true; }, "Print the packet plan and send nothing");
     }},
    {"--json", "Output",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return app.add_flag(n, o.print.json, "One JSON object per event on stdout (see README)");
     }},
    {"-q,--quiet", "Output",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       auto& p = o.print;
       return app.add_flag_callback(
           n, [&p] { p.verbosity = 0; }, "Print nothing but errors");
     }},
    {"-v,--verbose", "Output",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       auto& p = o.print;
       return app.add_flag_callback(
           n, [&p] { p.verbosity = 2; }, "Print every packet and verify attempt");
     }},
    {"--show-secrets", "Output",
     [](CLI::App& app, KnockOptions& o, const std::string& n) {
       return app.add_flag(n, o.print.show_secrets, "Show ports and payloads in output and JSON");
     }},
};

const Definition kKeepOpen{
    "--keep-open", "Timing", [](CLI::App& app, KnockOptions& o, const std::string& n) {
      return typed_option(
                 app, n, o.overrides.keep_open,
                 [](const std::string& text) -> core::Expected<core::Duration> {
                   if (text == "auto") return core::Duration{0};
                   auto d = core::parse_duration(text);
                   if (!d || d->count() == 0) {
                     return core::make_error(
                         core::Errc::bad_input,
                         "--keep-open: '" + text + "' is not an interval such as 10m, or auto");
                   }
                   return d;
                 },
                 "Knock again every INTERVAL while the command runs (it runs as a child; its exit status "
                 "is knock's), or until Ctrl-C without one; auto: a third of the profile's access timeout")
          ->type_name("INTERVAL|auto");
    }};

// Options that cannot go together, by their names in kKnockOptions (CLI11 makes each pair symmetric).
const std::pair<std::string_view, std::string_view> kExclusive[] = {{"-4,--ipv4", "-6,--ipv6"},
                                                                    {"-4,--ipv4", "--both"},
                                                                    {"-6,--ipv6", "--both"},
                                                                    {"-q,--quiet", "-v,--verbose"}};

std::string long_name(std::string_view names) {
  return std::string(names.substr(names.rfind(',') + 1));  // npos + 1 is 0: a name alone
}

void define(CLI::App& app, KnockOptions& o, const Definition& d, const Named& named) {
  if (named(d.names)) d.define(app, o, d.names)->group(d.group);
}

}  // namespace

Named::Named(std::span<const std::string> words) {
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() > 2 && w.compare(0, 2, "--") == 0)
      longs_.push_back(w.substr(2, w.find('=') - 2));
    else if (w.size() > 1 && w[0] == '-' && w[1] != '-')
      shorts_ += w.substr(1);
  }
  all_ = (*this)("-h,--help");
}

Named Named::all() {
  Named n({});
  n.all_ = true;
  return n;
}

bool Named::operator()(std::string_view names) const {
  if (all_) return true;
  while (!names.empty()) {
    const auto comma = names.find(',');
    const std::string_view name = names.substr(0, comma);
    if (name.size() > 2 && name.substr(0, 2) == "--") {
      if (std::find(longs_.begin(), longs_.end(), name.substr(2)) != longs_.end()) return true;
    } else if (name.size() == 2 && name[0] == '-') {
      if (shorts_.find(name[1]) != std::string::npos) return true;
    }
    names.remove_prefix(comma == std::string_view::npos ? names.size() : comma + 1);
  }
  return false;
}

void define_knock_options(CLI::App& app, KnockOptions& o, const Named& named) {
  for (const Definition& d : kKnockOptions)
    define(app, o, d, named);
  for (const auto& [a, b] : kExclusive) {
    if (named(a) && named(b)) app.get_option(long_name(a))->excludes(app.get_option(long_name(b)));
  }
}

void define_keep_open(CLI::App& app, KnockOptions& o, const Named& named) {
  define(app, o, kKeepOpen, named);
}

CLI::Validator offers(const std::vector<std::string>& values) {
  std::string all;
  for (const auto& v : values)
    all += (all.empty() ? "" : ",") + v;
  return CLI::Validator([](const std::string&) { return std::string(); }, "{" + all + "}");
}

void unix_style_options(CLI::App& app) {
  app.allow_windows_style_options(false);
  for (CLI::App* sub : app.get_subcommands({}))
    unix_style_options(*sub);
}

bool wants_json(std::span<const std::string> args) {
  for (const auto& a : args) {
    if (a == "--") return false;
    if (a == "--json") return true;
  }
  return false;
}

DashSplit split_at_dashes(std::span<const std::string> args) {
  const auto dashes = std::find(args.begin(), args.end(), std::string("--"));
  DashSplit out{{args.begin(), dashes}, std::nullopt};
  if (dashes != args.end()) out.command = std::vector<std::string>(dashes + 1, args.end());
  return out;
}

int parse(CLI::App& app, std::span<const std::string> args, Io& io, bool json) {
  unix_style_options(app);
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  if (app.get_name().empty() && !args.empty()) {  // "knock", not "./build/bin/knock", in usage lines
    std::string program = args[0];
    if (const auto slash = program.find_last_of("/\\"); slash != std::string::npos)
      program.erase(0, slash + 1);
    app.name(program);
  }
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return 0;
  } catch (const CLI::CallForVersion& e) {
    io.out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    auto printer = make_printer({.json = json}, io.out, io.err);
    printer->failed(core::make_error(core::Errc::bad_input, std::string(e.what()) + " (see --help)"));
    return 2;
  }
  return -1;
}

}  // namespace knock::cli
