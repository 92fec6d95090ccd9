// The view: which interface a knock from outside arrives on, what lists that interface is on, and what the
// knock is addressed to, from the export's /interface list, /interface list member and /ip(v6) address.
#include <algorithm>
#include <map>
#include <set>

#include "knock/core/plan.hpp"
#include "knock/routeros/router.hpp"

namespace knock::routeros {
namespace {

// Which lists one interface is on, each list worked out once: lists include and exclude each other, and a
// list that includes itself (through others) adds nothing by it.
class Membership {
 public:
  Membership(const Interfaces& in, std::string_view interface) : in_(in) {
    for (const ListMember& m : in.members) {
      if (!m.disabled && m.interface == interface) direct_.insert(m.list);
    }
  }

  bool on(const std::string& list) {
    if (list == "all" || list == "none") return list == "all";
    if (auto it = memo_.find(list); it != memo_.end()) return it->second;
    memo_[list] = false;
    const bool member = direct_.count(list) > 0;
    const auto def = std::find_if(in_.lists.begin(), in_.lists.end(),
                                  [&](const InterfaceList& l) { return l.name == list; });
    bool result = member;
    if (def != in_.lists.end()) {
      const auto any = [&](const std::vector<std::string>& lists) {
        return std::any_of(lists.begin(), lists.end(), [&](const std::string& other) { return on(other); });
      };
      result = (member || any(def->include)) && !any(def->exclude);
    }
    return memo_[list] = result;
  }

 private:
  const Interfaces& in_;
  std::set<std::string> direct_;
  std::map<std::string, bool> memo_;
};

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items)
    out += (out.empty() ? "" : sep) + i;
  return out;
}

}  // namespace

std::vector<std::string> Interfaces::lists_of(std::string_view interface) const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  Membership membership(*this, interface);
  const auto consider = [&](const std::string& list) {
    if (list != "all" && seen.insert(list).second && membership.on(list)) out.push_back(list);
  };
  for (const InterfaceList& l : lists)
    consider(l.name);
  for (const ListMember& m : members)
    consider(m.list);
  return out;
}

std::vector<std::string> Interfaces::members_of(std::string_view list) const {
  std::vector<std::string> out;
  std::set<std::string> candidates;
  for (const ListMember& m : members) {
    if (candidates.insert(m.interface).second && Membership(*this, m.interface).on(std::string(list))) {
      out.push_back(m.interface);
    }
  }
  return out;
}

std::string RouterView::describe(std::optional<Family> family) const {
  const auto& lists = firewall.interface_lists;
  const std::string to =
      family ? address_of(*family).to_string() : address[0].to_string() + " and " + address[1].to_string();
  return firewall.interface + (lists.empty() ? " (on no interface list)" : " (on " + join(lists) + ")") +
         ", addressed to " + to;
}

std::vector<std::string> RouterView::reasons_for(Family family) const {
  std::vector<std::string> out;
  for (const Reason& r : reasons) {
    if (!r.family || *r.family == family) out.push_back(r.text);
  }
  return out;
}

RouterView router_view(const Config& config, const ViewOverrides& o) {
  RouterView view;
  const Interfaces& in = config.interfaces;
  if (o.interface) {
    view.firewall.interface = *o.interface;
  } else if (const auto wan = in.members_of("WAN"); !wan.empty()) {
    view.firewall.interface = wan.front();
    view.reasons.push_back(
        {std::nullopt,
         wan.front() + " is on the WAN list" +
             (wan.size() > 1 ? " (the first of " + join(wan) + "; --interface picks another)" : "")});
  } else {
    view.reasons.push_back(
        {std::nullopt,
         "the export puts no interface on the WAN list, so ether1 is assumed (--interface names another)"});
  }
  const std::string& interface = view.firewall.interface;
  view.firewall.interface_lists = o.interface_lists ? *o.interface_lists : in.lists_of(interface);
  for (const Family f : {Family::v4, Family::v6}) {
    IpAddress& a = view.address[static_cast<int>(f)];
    const auto given =
        std::find_if(o.to.begin(), o.to.end(), [&](const IpAddress& t) { return family_of(t) == f; });
    const auto own = std::find_if(in.addresses.begin(), in.addresses.end(), [&](const InterfaceAddress& x) {
      return !x.disabled && x.interface == interface && x.address && family_of(*x.address) == f;
    });
    if (given != o.to.end()) {
      a = *given;
    } else if (own != in.addresses.end()) {
      a = *own->address;
      view.reasons.push_back({f, a.to_string() + " is " + interface + "'s address (" + where(own->at) + ")"});
    } else {
      a = *core::parse_literal(f == Family::v4 ? kFallbackAddress4 : kFallbackAddress6);
      view.reasons.push_back(
          {f, "the export gives " + interface + " no " + (f == Family::v4 ? "IPv4" : "IPv6") +
                  " address (a DHCP client?), so knocks go to " + a.to_string() + " (--to names another)"});
    }
    view.firewall.local.push_back(a);
  }
  for (const InterfaceAddress& x : in.addresses) {
    if (!x.disabled && x.address) view.firewall.local.push_back(*x.address);
  }
  return view;
}

}  // namespace knock::routeros
