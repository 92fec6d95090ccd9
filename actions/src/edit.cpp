#include "knock/actions/edit.hpp"

#include <algorithm>
#include <unordered_map>

#include "knock/actions/lookup.hpp"
#include "knock/core/plan.hpp"
#include "knock/profiles/secret.hpp"

namespace knock::actions {
namespace {

using core::Errc;
using core::make_error;
using profiles::Profile;
using Purpose = PassphraseRequest::Purpose;

core::Error missing(const std::string& name) {
  return make_error(Errc::bad_input, "no profile named '" + name + "' (knock profile list shows them)");
}

std::string subject(const Profile& p) {
  return "profile '" + p.name + "'";
}

template <class T>
void set(const std::optional<T>& change, T& field) {
  if (change) field = *change;
}

void apply_fields(const Changes& c, Profile& p) {
  set(c.host, p.host);
  set(c.delay, p.delay);
  set(c.family, p.family);
  set(c.source, p.source);
  set(c.verify_port, p.verify_port);
  set(c.verify_timeout, p.verify_timeout);
  set(c.retries, p.retries);
  set(c.reknock, p.reknock);
  set(c.keep_open, p.keep_open);
  set(c.launch, p.launch);
  set(c.group, p.group);
  set(c.notes, p.notes);
  set(c.list, p.list);
  set(c.tags, p.tags);
  set(c.protect, p.protect);
  set(c.timeouts, p.timeouts);
}

core::Expected<core::SecretString> ask(Context& ctx, Purpose purpose, const Profile& p) {
  return ctx.passphrase().get({purpose, subject(p)});
}

// Seals plain into p with pass: the profile then holds the sealed text only.
core::Status seal_into(Profile& p, const core::SecretString& plain, const core::SecretString& pass) {
  auto sealed = profiles::seal(plain.view(), pass.view());
  if (!sealed) return std::move(sealed).error();
  p.sealed = *sealed;
  p.secret().clear();
  return {};
}

// A new sequence for a sealed profile is sealed with the passphrase that opens the old one.
core::Status reseal(Context& ctx, Profile& p, const core::SecretString& plain) {
  auto pass = ask(ctx, Purpose::unlock, p);
  if (!pass) return std::move(pass).error();
  if (auto old = profiles::unseal(*p.sealed, pass->view(), p.name); !old) return std::move(old).error();
  return seal_into(p, plain, *pass);
}

core::Status seal_new(Context& ctx, Profile& p) {
  if (p.sealed) {
    return make_error(Errc::bad_input,
                      subject(p) + " is sealed already (--change-passphrase gives it a new passphrase)");
  }
  if (p.secret().empty()) return make_error(Errc::bad_input, subject(p) + " has no sequence to seal");
  auto pass = ask(ctx, Purpose::choose, p);
  if (!pass) return std::move(pass).error();
  return seal_into(p, p.secret(), *pass);
}

core::Status change_passphrase(Context& ctx, Profile& p) {
  if (!p.sealed) return make_error(Errc::bad_input, subject(p) + " is not sealed (--encrypt seals it)");
  auto old = ask(ctx, Purpose::unlock, p);
  if (!old) return std::move(old).error();
  auto open = unlock_with(p, old->view());
  if (!open) return std::move(open).error();
  auto next = ask(ctx, Purpose::choose, p);
  if (!next) return std::move(next).error();
  if (*next == *old) {
    return make_error(Errc::bad_input,
                      "the new passphrase is the old one; nothing was changed (in scripts, give "
                      "the new one in KNOCK_NEW_PASSPHRASE)");
  }
  return seal_into(p, open->secret(), *next);
}

// A new secret (a sequence, or a one-time key that makes it a one-time profile) replaces the old one, sealed
// as the old one was.
core::Status new_secret(Context& ctx, const Changes& c, Profile& p, core::SecretString plain) {
  if (p.sealed && c.sealing != Sealing::unseal) {
    if (auto opened = reseal(ctx, p, plain); !opened) return opened;
    p.sequence.clear();
    p.otp_key.clear();
    return {};
  }
  p.sequence.clear();
  p.otp_key.clear();
  p.secret() = std::move(plain);
  return {};
}

core::Status apply_secret(Context& ctx, const Changes& c, Profile& p) {
  if (c.sequence) {
    std::string text = core::format_sequence(*c.sequence);
    core::SecretString plain(text);
    core::secure_wipe(text.data(), text.size());
    p.otp.reset();
    return new_secret(ctx, c, p, std::move(plain));
  }
  if (c.otp_key) {
    p.otp = c.otp.value_or(p.otp.value_or(profiles::OneTime{}));
    return new_secret(ctx, c, p, *c.otp_key);
  }
  if (c.otp) {
    if (!p.otp)
      return make_error(Errc::bad_input, subject(p) + " is not a one-time profile (give --otp FILE)");
    p.otp = *c.otp;
  }
  return {};
}

core::Status apply(Context& ctx, const Changes& c, Profile& p) {
  apply_fields(c, p);
  if (auto secret = apply_secret(ctx, c, p); !secret) return secret;
  switch (c.sealing) {
    case Sealing::keep:
      break;
    case Sealing::seal:
      if (auto sealed = seal_new(ctx, p); !sealed) return sealed;
      break;
    case Sealing::unseal:
      if (p.sealed) {
        auto open = unlock(ctx, p);
        if (!open) return std::move(open).error();
        p.secret() = open->secret();
        p.sealed.reset();
      }
      break;
    case Sealing::change_passphrase:
      if (auto changed = change_passphrase(ctx, p); !changed) return changed;
      break;
  }
  return actions::validate(p);  // the one validation (below)
}

core::Status exists_not(const profiles::Document& doc, const std::string& name) {
  if (!doc.find(name)) return {};
  return make_error(Errc::bad_input, "a profile named '" + name + "' exists (edit it, or rm it first)");
}

}  // namespace

Changes Changes::between(const Profile& before, const Profile& after) {
  Changes c;
  const auto differ = [](const auto& field, const auto& other, auto& change) {
    if (field != other) change = other;
  };
  differ(before.host, after.host, c.host);
  if (before.sequence != after.sequence) {
    if (auto seq = core::parse_sequence(after.sequence.view())) c.sequence = std::move(*seq);
  }
  differ(before.otp_key, after.otp_key, c.otp_key);
  if (before.otp != after.otp && after.otp) c.otp = after.otp;
  differ(before.delay, after.delay, c.delay);
  differ(before.family, after.family, c.family);
  differ(before.source, after.source, c.source);
  differ(before.verify_port, after.verify_port, c.verify_port);
  differ(before.verify_timeout, after.verify_timeout, c.verify_timeout);
  differ(before.retries, after.retries, c.retries);
  differ(before.reknock, after.reknock, c.reknock);
  differ(before.keep_open, after.keep_open, c.keep_open);
  differ(before.launch, after.launch, c.launch);
  differ(before.group, after.group, c.group);
  differ(before.notes, after.notes, c.notes);
  differ(before.list, after.list, c.list);
  differ(before.tags, after.tags, c.tags);
  differ(before.protect, after.protect, c.protect);
  differ(before.timeouts, after.timeouts, c.timeouts);
  return c;
}

bool Changes::empty() const {
  return !host && !sequence && !otp && !otp_key && !delay && !family && !source && !verify_port &&
         !verify_timeout && !retries && !reknock && !keep_open && !launch && !group && !notes && !list &&
         !tags && !protect && !timeouts && sealing == Sealing::keep;
}

profiles::Profile new_profile() {
  Profile p;
  p.delay = kNewProfileDelay;
  return p;
}

core::Expected<Added> add(Context& ctx, const std::string& name, const Changes& changes, int random_knocks) {
  if (auto named = profiles::check_name(name); !named) return std::move(named).error();
  if (random_knocks > 0 && changes.sequence) {
    return make_error(Errc::bad_input, "give --sequence or --random-sequence, not both");
  }
  Added added;
  auto saved = ctx.store().update([&](profiles::Document& doc) -> core::Status {
    if (auto fresh = exists_not(doc, name); !fresh) return fresh;
    Profile p = new_profile();
    p.name = name;
    if (random_knocks > 0) p.sequence = profiles::random_sequence(random_knocks);
    Changes c = changes;
    if (c.sequence) {  // the clear text for `added`, before sealing takes it
      std::string text = core::format_sequence(*c.sequence);
      p.sequence = text;
      core::secure_wipe(text.data(), text.size());
      c.sequence.reset();
    }
    const core::SecretString plain_sequence = p.sequence;
    if (auto applied = apply(ctx, c, p); !applied) return applied;
    added.open = p;
    if (!p.otp) added.open.sequence = plain_sequence;
    if (changes.otp_key) added.open.otp_key = *changes.otp_key;
    doc.profiles.push_back(std::move(p));
    return {};
  });
  if (!saved) return std::move(saved).error();
  return added;
}

core::Expected<Profile> edit(Context& ctx, const std::string& name, const Changes& changes) {
  Profile edited;
  auto saved = ctx.store().update([&](profiles::Document& doc) -> core::Status {
    Profile* p = doc.find(name);
    if (!p) return missing(name);
    if (auto applied = apply(ctx, changes, *p); !applied) return applied;
    edited = *p;
    return {};
  });
  if (!saved) return std::move(saved).error();
  return edited;
}

core::Status remove(Context& ctx, const std::string& name) {
  auto saved = ctx.store().update([&](profiles::Document& doc) -> core::Status {
    auto it = std::find_if(doc.profiles.begin(), doc.profiles.end(),
                           [&](const Profile& p) { return p.name == name; });
    if (it == doc.profiles.end()) return missing(name);
    doc.profiles.erase(it);
    return {};
  });
  if (!saved) return std::move(saved).error();
  return {};
}

namespace {

core::Status rename_or_copy(Context& ctx, const std::string& name, const std::string& new_name,
                            bool keep_old) {
  if (auto named = profiles::check_name(new_name); !named) return named;
  auto saved = ctx.store().update([&](profiles::Document& doc) -> core::Status {
    Profile* p = doc.find(name);
    if (!p) return missing(name);
    if (doc.find(new_name)) return make_error(Errc::bad_input, "a profile named '" + new_name + "' exists");
    if (!keep_old) {
      p->name = new_name;
      return {};
    }
    Profile c = *p;
    c.name = new_name;
    doc.profiles.push_back(std::move(c));
    return {};
  });
  if (!saved) return std::move(saved).error();
  return {};
}

}  // namespace

core::Status rename(Context& ctx, const std::string& name, const std::string& new_name) {
  return rename_or_copy(ctx, name, new_name, false);
}

core::Status copy(Context& ctx, const std::string& name, const std::string& new_name) {
  return rename_or_copy(ctx, name, new_name, true);
}

core::Status import_profiles(Context& ctx, const std::vector<Profile>& imported, bool replace) {
  auto saved = ctx.store().update([&](profiles::Document& doc) -> core::Status {
    for (const auto& p : imported) {
      if (Profile* old = doc.find(p.name)) {
        if (!replace)
          return make_error(Errc::bad_input, "a profile named '" + p.name + "' exists (use --replace)");
        *old = p;
      } else {
        doc.profiles.push_back(p);
      }
    }
    return {};
  });
  if (!saved) return std::move(saved).error();
  return {};
}

core::Status validate(const profiles::Profile& p) {
  return profiles::validate(p);
}

}  // namespace knock::actions
