#include "knock/actions/router.hpp"

#include <algorithm>

#include "knock/core/plan.hpp"
#include "knock/core/text_file.hpp"
#include "knock/routeros/apply.hpp"
#include "knock/routeros/config.hpp"
#include "knock/routeros/dry_run.hpp"
#include "knock/routeros/interpreter.hpp"
#include "knock/routeros/otp_layer.hpp"
#include "knock/routeros/router.hpp"

namespace knock::actions {

using core::Errc;
using core::make_error;

namespace {

// A profile and what the generator makes of it.
struct Planned {
  const profiles::Profile* profile;
  routeros::GenerateOptions options;
  routeros::Generated rules;
};

std::vector<core::ServicePort> knock_ports(const core::Sequence& s) {
  std::vector<core::ServicePort> out;
  for (const core::Knock& k : s.knocks) {
    if (k.protocol == core::Protocol::icmp) continue;
    out.push_back({static_cast<std::uint8_t>(k.protocol == core::Protocol::udp ? 17 : 6), k.port});
  }
  return out;
}

bool has(const std::vector<core::ServicePort>& ports, const core::ServicePort& p) {
  return std::find(ports.begin(), ports.end(), p) != ports.end();
}

// One profile's knock port that is another's protected port: connecting to the other's door would climb a
// stage, and the other's drop may eat the knock.
core::Status knock_ports_apart(const std::vector<Planned>& all) {
  for (const Planned& a : all) {
    for (const Planned& b : all) {
      if (&a == &b) continue;
      for (const core::ServicePort& k : knock_ports(a.options.sequence)) {
        if (!has(b.options.protect, k)) continue;
        return make_error(Errc::bad_input, "profile '" + a.profile->name + "' knocks on " +
                                               core::to_string(k) + ", which profile '" + b.profile->name +
                                               "' protects: a connection to it would climb " +
                                               a.profile->name + "'s stage; give " + a.profile->name +
                                               " another port");
      }
    }
  }
  return {};
}

core::Status lists_apart(const std::vector<Planned>& all) {
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      for (const std::string& l : all[i].rules.lists) {
        if (!std::count(all[j].rules.lists.begin(), all[j].rules.lists.end(), l)) continue;
        return make_error(Errc::bad_input, "profiles '" + all[i].profile->name + "' and '" +
                                               all[j].profile->name + "' would share the address list \"" +
                                               l +
                                               "\", so one's knock would count for the other: give one of "
                                               "them another list (or none, to name it after the profile)");
      }
    }
  }
  return {};
}

// Ports the other profiles knock on or protect: never a trap port of this one.
std::vector<core::ServicePort> reserved_for(const std::vector<Planned>& all, const Planned& me) {
  std::vector<core::ServicePort> out;
  for (const Planned& other : all) {
    if (&other == &me) continue;
    for (const auto& p : knock_ports(other.options.sequence))
      out.push_back(p);
    out.insert(out.end(), other.options.protect.begin(), other.options.protect.end());
  }
  return out;
}

// The profile's knock from outside. Without the router's export, nothing puts an interface on the list the
// rules are limited to, so the knock is taken to arrive on it.
routeros::CheckResult knock(const routeros::Config& c, const routeros::GenerateOptions& o,
                            const core::ServicePort& p, const RouterRequest& router) {
  routeros::CheckRequest r;
  r.sequence = o.sequence;
  r.delay = o.delay;
  r.protect = p;
  if (!router.config && !router.interface_list.empty()) r.view.interface_lists = {{router.interface_list}};
  return routeros::check(c, r);
}

// What the evaluator says of the profiles' rules together: each knock opens its own ports and never a port
// only another profile's accept opens; with the export, each profile's dry run.
std::vector<std::string> verify(const std::vector<Planned>& all, const routeros::Config& after,
                                const RouterRequest& router) {
  std::vector<std::string> failures;
  for (const Planned& a : all) {
    const std::string who = a.profile->name + ": ";
    if (router.config) {
      for (const auto& t : routeros::rehearse(*router.config, after, a.options).trials) {
        if (!t.passed) failures.push_back(who + t.label + ": " + t.outcome);
      }
    } else {
      // Granted by the profile's own accept: without an export the chain's default policy accepts too,
      // and a grant by it says nothing of the rules.
      for (const auto& p : a.options.protect) {
        const auto r = knock(after, a.options, p, router);
        const routeros::Rule* by = r.steps.back().verdict.rule;
        if (!r.granted || !by || by->comment.rfind(a.rules.prefix, 0) != 0) {
          failures.push_back(who + "the knock does not open " + core::to_string(p) +
                             " by its own rules: " + r.explanation.front());
        }
      }
      for (const auto& p : a.options.protect) {
        routeros::GenerateOptions none = a.options;
        none.sequence = {};
        const auto r = knock(after, none, p, router);
        if (r.granted)
          failures.push_back(who + "a connection to " + core::to_string(p) +
                             " without the knock gets in: " + r.explanation.front());
      }
    }
    for (const Planned& b : all) {
      for (const auto& p : b.options.protect) {
        if (&a == &b || has(a.options.protect, p)) continue;
        const auto r = knock(after, a.options, p, router);
        const routeros::Rule* by = r.steps.back().verdict.rule;
        if (r.granted && by && by->comment.rfind(b.rules.prefix, 0) == 0) {
          failures.push_back(who + "the knock opens " + core::to_string(p) + ", which only profile '" +
                             b.profile->name + "' protects (" + by->describe() + ")");
        }
      }
    }
  }
  return failures;
}

// Each profile's rules, generated on the router as the ones before it leave it.
core::Expected<std::string> place_all(std::vector<Planned>& all, const RouterRequest& router,
                                      routeros::Config& after, std::vector<std::string>& warnings) {
  std::string script;
  for (std::size_t i = 0; i < all.size(); ++i) {
    Planned& p = all[i];
    p.options.reserved = reserved_for(all, p);
    p.options.move_with_others = all.size() > 1;
    if (!router.config && !router.interface_list.empty())
      p.options.view.interface_lists = {{router.interface_list}};
    if (router.config || i > 0) {
      p.options.router = &after;
      p.options.router_name = router.config ? router.name : "the rules above";
      p.options.whole_export = router.config != nullptr;
    }
    auto g = routeros::generate(p.options);
    if (!g) return make_error(Errc::bad_input, "profile '" + p.profile->name + "': " + g.error().message);
    if (auto applied = routeros::apply_script(after, g->script); !applied) {
      return make_error(
          Errc::internal,
          "profile '" + p.profile->name + "': the generated rules do not apply: " + applied.error().message);
    }
    for (const auto& w : g->warnings)
      warnings.push_back(p.profile->name + ": " + w);
    script += (i ? "\n" : "") + g->script;
    p.rules = std::move(*g);
  }
  return script;
}

// The profile's protected ports; without any, its verify port.
core::Expected<std::vector<core::ServicePort>> protected_ports(const profiles::Profile& p) {
  std::vector<core::ServicePort> ports = p.protect;
  if (ports.empty() && p.verify_port) ports.push_back({6, p.verify_port});
  if (ports.empty()) {
    return make_error(Errc::bad_input,
                      "profile '" + p.name + "' names no port to protect (set --protect or --verify)");
  }
  return ports;
}

}  // namespace

core::Expected<routeros::GenerateOptions> generate_options(const profiles::Profile& p) {
  routeros::GenerateOptions o;
  auto seq = core::parse_sequence(p.sequence.view());
  if (!seq) return make_error(Errc::store, "profile '" + p.name + "' is locked or has no sequence");
  o.sequence = std::move(*seq);
  o.delay = p.delay;
  o.name = p.name;
  o.list = p.list;
  auto ports = protected_ports(p);
  if (!ports) return std::move(ports).error();
  o.protect = std::move(*ports);
  o.timeouts = p.timeouts;
  return o;
}

core::Expected<routeros::OtpLayerOptions> otp_layer_options(const profiles::Profile& p) {
  if (!p.otp)
    return make_error(Errc::bad_input, "profile '" + p.name + "' has a fixed sequence, not a one-time knock");
  if (p.otp_key.empty()) return make_error(Errc::store, "profile '" + p.name + "' is locked");
  routeros::OtpLayerOptions o;
  auto name = routeros::otp_client_name(routeros::otp_client_name_of(p.name), "profile '" + p.name + "'");
  if (!name) return std::move(name).error();
  o.clients.push_back({std::move(*name), p.otp_key});
  o.window = p.otp->window;
  o.knocks = p.otp->knocks;
  auto ports = protected_ports(p);
  if (!ports) return std::move(ports).error();
  o.protect = std::move(*ports);
  if (auto set = routeros::set_timeouts(o, p.timeouts, "profile '" + p.name + "'"); !set)
    return std::move(set).error();
  return o;
}

core::Expected<routeros::Generated> rules_for(const profiles::Profile& p) {
  if (p.otp) {
    auto o = otp_layer_options(p);
    if (!o) return std::move(o).error();
    auto g = routeros::generate_otp_layer(*o);
    if (!g) return make_error(Errc::bad_input, "profile '" + p.name + "': " + g.error().message);
    return g;
  }
  auto o = generate_options(p);
  if (!o) return std::move(o).error();
  auto g = routeros::generate(*o);
  if (!g) return make_error(Errc::bad_input, "profile '" + p.name + "': " + g.error().message);
  return g;
}

core::Expected<std::string> script_for(const profiles::Profile& p) {
  auto g = rules_for(p);
  if (!g) return std::move(g).error();
  std::string text = std::move(g->script);
  for (const auto& w : g->warnings)
    text += "# warning: " + w + "\n";
  return text;
}

core::Expected<RouterRules> rules_for_all(const std::vector<profiles::Profile>& open,
                                          const RouterRequest& router) {
  std::vector<Planned> all;
  for (const auto& p : open) {
    if (p.otp) {
      return make_error(Errc::bad_input,
                        "profile '" + p.name +
                            "' is a one-time knock: its router layer serves every one-time client at once "
                            "(knock routeros rules --otp NAME=FILE... --protect PORT); see docs/otp.md");
    }
    auto o = generate_options(p);
    if (!o) return std::move(o).error();
    o->in_interface_list = router.interface_list;
    o->ipv6 = router.ipv6;
    o->anti_scan = router.anti_scan;
    auto g = routeros::generate(*o);  // the names and lists, before anything is placed
    if (!g) return make_error(Errc::bad_input, "profile '" + p.name + "': " + g.error().message);
    all.push_back({&p, std::move(*o), std::move(*g)});
  }
  if (auto apart = knock_ports_apart(all); !apart) return apart.error();
  if (auto apart = lists_apart(all); !apart) return apart.error();
  RouterRules out;
  routeros::Config after = router.config ? *router.config : routeros::Config{};
  auto script = place_all(all, router, after, out.warnings);
  if (!script) return std::move(script).error();
  if (all.size() > 1) {
    out.script = "# knock: the rules of " + std::to_string(all.size()) +
                 " profiles for one router. Paste them together and in this order: each profile's rules are\n"
                 "# placed among those of the profiles above it.\n\n";
  }
  out.script += *script;
  out.failures = verify(all, after, router);
  return out;
}

core::Expected<std::string> removal_for(const std::vector<profiles::Profile>& ps) {
  std::string out;
  for (const auto& p : ps) {
    auto r = routeros::removal_script(p.name);
    if (!r) return std::move(r).error();
    out += (out.empty() ? "" : "\n") + *r;
  }
  return out;
}

core::Expected<ProfileCheck> check_profile(const profiles::Profile& p, std::string_view export_text,
                                           std::string_view source_name) {
  auto config = routeros::load_config(export_text);
  if (!config) return make_error(Errc::bad_input, std::string(source_name) + ": " + config.error().message);
  auto o = generate_options(p);
  if (!o) return std::move(o).error();
  routeros::CheckRequest req;
  req.sequence = std::move(o->sequence);
  req.delay = p.delay;
  req.protect = o->protect.front();
  ProfileCheck out{std::make_unique<routeros::Config>(std::move(*config)), {}};
  out.result = routeros::check(*out.config, req);
  return out;
}

core::Expected<routeros::Config> load_export(const std::string& path) {
  auto text = core::read_text_file(path);
  if (!text) return std::move(text).error();
  auto im = routeros::load_router(*text);
  if (!im) return core::make_error(core::Errc::bad_input, path + ": " + im.error().message);
  if (const std::size_t n = im->scripting.schedulers()) {
    im->config.warnings.push_back(
        "the export has " + std::to_string(n) + " enabled /system scheduler entr" + (n == 1 ? "y" : "ies") +
        ": this is the router as the import left it, before any of them ran (check --otp runs a one-time "
        "knock layer's poller; knock-server runs them all)");
  }
  return std::move(im->config);
}

}  // namespace knock::actions
