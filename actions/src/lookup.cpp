#include "knock/actions/lookup.hpp"

#include <algorithm>

#include "knock/profiles/secret.hpp"

namespace knock::actions {

using core::Errc;
using core::make_error;

core::Expected<profiles::Document> load(Context& ctx) {
  return ctx.store().load();
}

core::Expected<const profiles::Profile*> find(const profiles::Document& doc, std::string_view name) {
  if (const profiles::Profile* p = doc.find(name)) return p;
  return make_error(Errc::bad_input,
                    "no profile named '" + std::string(name) + "' (knock profile list shows them)");
}

core::Expected<std::vector<const profiles::Profile*>> select(const profiles::Document& doc,
                                                             const std::vector<std::string>& names,
                                                             const std::string& group) {
  if (names.empty() && group.empty())
    return make_error(Errc::bad_input, "name profiles to knock, or give --group");
  std::vector<const profiles::Profile*> chosen;
  for (const auto& n : names) {
    auto p = find(doc, n);
    if (!p) return std::move(p).error();
    chosen.push_back(*p);
  }
  if (!group.empty()) {
    bool any = false;  // a group whose profiles were all named already is not empty
    for (const auto& p : doc.profiles) {
      if (p.group != group) continue;
      any = true;
      if (std::find(chosen.begin(), chosen.end(), &p) == chosen.end()) chosen.push_back(&p);
    }
    if (!any) return make_error(Errc::bad_input, "no profiles in group '" + group + "'");
  }
  return chosen;
}

core::Expected<profiles::Profile> unlock_with(const profiles::Profile& p, std::string_view passphrase) {
  profiles::Profile open = p;
  if (!p.locked()) return open;
  auto plain = profiles::unseal(*p.sealed, passphrase, p.name);
  if (!plain) return std::move(plain).error();
  open.secret() = std::move(*plain);
  return open;
}

core::Expected<profiles::Profile> unlock(Context& ctx, const profiles::Profile& p) {
  if (!p.locked()) return p;
  auto pass = ctx.passphrase().get({PassphraseRequest::Purpose::unlock, "profile '" + p.name + "'"});
  if (!pass) return std::move(pass).error();
  return unlock_with(p, pass->view());
}

}  // namespace knock::actions
