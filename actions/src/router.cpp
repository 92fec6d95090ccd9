#include "knock/actions/router.hpp"

#include "knock/routeros/config.hpp"

namespace knock::actions {

using core::Errc;
using core::make_error;

core::Expected<routeros::GenerateOptions> generate_options(const profiles::Profile& p) {
  routeros::GenerateOptions o;
  auto seq = core::parse_sequence(p.sequence.view());
  if (!seq) return make_error(Errc::store, "profile '" + p.name + "' is locked or has no sequence");
  o.sequence = std::move(*seq);
  o.delay = p.delay;
  o.name = p.name;
  if (!p.list.empty()) o.list = p.list;
  o.protect = p.protect;
  if (o.protect.empty() && p.verify_port) o.protect.push_back({6, p.verify_port});
  if (o.protect.empty()) {
    return make_error(Errc::bad_input,
                      "profile '" + p.name + "' names no port to protect (set --protect or --verify)");
  }
  o.timeouts = p.timeouts;
  return o;
}

core::Expected<routeros::Generated> rules_for(const profiles::Profile& p) {
  auto o = generate_options(p);
  if (!o) return std::move(o).error();
  auto g = routeros::generate(*o);
  if (!g) return make_error(Errc::bad_input, "profile '" + p.name + "': " + g.error().message);
  return g;
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

}  // namespace knock::actions
