#include "knock/server/log.hpp"

#include <charconv>
#include <cstdio>

#include "knock/core/json.hpp"
#include "knock/routeros/check.hpp"
#include "knock/server/server.hpp"

namespace knock::server {
namespace {

std::string q(std::string_view s) {
  return core::json_quote(s);
}

std::string stamp(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "[+%10.3fs] ", t);
  return buf;
}

std::string num(double v) {  // to_chars: several times cheaper than printf on the per-packet path
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 6);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

}  // namespace

void EventLog::line(const std::string& human, const std::string& json) {
  out_ << (json_ ? json : human) << '\n';
}

void EventLog::ready(const std::string& rules, std::size_t v4_rules, std::size_t v6_rules,
                     const std::vector<std::string>& listen, const std::vector<std::uint16_t>& services,
                     const std::string& interface, const routeros::RouterView& view) {
  std::string l, lj = "[", s, sj = "[", lists = "[";
  for (const auto& a : listen) {
    l += (l.empty() ? "" : " ") + a;
    lj += (lj.size() > 1 ? "," : "") + q(a);
  }
  for (auto p : services) {
    s += (s.empty() ? "tcp:" : ", tcp:") + std::to_string(p);
    sj += (sj.size() > 1 ? "," : "") + std::to_string(p);
  }
  for (const auto& list : view.firewall.interface_lists)
    lists += (lists.size() > 1 ? "," : "") + q(list);
  line(stamp(0) + "ready: " + rules + " (" + std::to_string(v4_rules) + " IPv4 and " +
           std::to_string(v6_rules) + " IPv6 filter rules); watching " + interface + " for " + l +
           "; serving " + (s.empty() ? "nothing" : s) + "; the rules see knocks arrive on " + view.describe(),
       "{\"event\":\"ready\",\"t\":0,\"rules\":" + q(rules) + ",\"ipv4_rules\":" + std::to_string(v4_rules) +
           ",\"ipv6_rules\":" + std::to_string(v6_rules) + ",\"interface\":" + q(interface) + ",\"listen\":" +
           lj + "],\"services\":" + sj + "],\"view\":{\"interface\":" + q(view.firewall.interface) +
           ",\"lists\":" + lists + "],\"addresses\":[" + q(view.address[0].to_string()) + "," +
           q(view.address[1].to_string()) + "]}}");
  for (const auto& reason : view.reasons)
    note(0, "the view: " + reason.text);
}

void EventLog::note(double t, const std::string& text) {
  line(stamp(t) + "note: " + text, "{\"event\":\"note\",\"t\":" + num(t) + ",\"text\":" + q(text) + "}");
}

void EventLog::script(double t, const std::string& topic, const std::string& text) {
  line(stamp(t) + "script " + topic + ": " + text,
       "{\"event\":\"script\",\"t\":" + num(t) + ",\"topic\":" + q(topic) + ",\"text\":" + q(text) + "}");
}

void EventLog::packet(double t, const routeros::Packet& p, const routeros::Verdict& v, bool service) {
  // A packet the emulator could not decide is dropped, and always logged with the reason: the router may
  // have let it through, so whoever runs the server needs to know.
  if (!packets_ && !v.is_undecided()) return;
  std::string j = "{\"event\":\"packet\",\"t\":" + num(t) + ",\"src\":" + q(p.src.to_string()) +
                  ",\"dst\":" + q(p.dst.to_string()) + ",\"packet\":" + q(routeros::describe(p)) +
                  ",\"verdict\":" + q(v.is_undecided() ? "undecided" : routeros::to_string(v.action)) +
                  ",\"service\":" + (service ? "true" : "false");
  if (v.rule) j += ",\"rule\":" + std::to_string(v.rule->number) + ",\"comment\":" + q(v.rule->comment);
  if (v.is_undecided()) {
    j += ",\"undecided\":" + q(v.undecided);
    if (v.undecided_by) {
      j += ",\"undecided_rule\":" + std::to_string(v.undecided_by->number) +
           ",\"comment\":" + q(v.undecided_by->comment);
    }
  }
  line(stamp(t) + "packet " + routeros::describe(p) + " -> " + routeros::verdict_words(v), j + "}");
}

void EventLog::list_change(double t, const std::string& change, const std::string& list, const IpAddress& a,
                           std::optional<double> timeout_s) {
  std::string human = stamp(t) + "list " + change + ": " + a.to_string() + " on \"" + list + "\"";
  std::string j = "{\"event\":\"list\",\"t\":" + num(t) + ",\"change\":" + q(change) +
                  ",\"list\":" + q(list) + ",\"address\":" + q(a.to_string());
  if (timeout_s) {
    human += " for " + core::format_routeros_duration(std::chrono::duration_cast<core::Duration>(
                           std::chrono::duration<double>(*timeout_s)));
    j += ",\"timeout_s\":" + num(*timeout_s);
  }
  line(human, j + "}");
}

void EventLog::service(double t, std::uint16_t port, const IpAddress& src, const std::string& result,
                       const std::string& why) {
  line(stamp(t) + "service tcp:" + std::to_string(port) + " from " + src.to_string() + ": " + result +
           (why.empty() ? "" : " (" + why + ")"),
       "{\"event\":\"service\",\"t\":" + num(t) + ",\"port\":" + std::to_string(port) +
           ",\"src\":" + q(src.to_string()) + ",\"result\":" + q(result) + ",\"why\":" + q(why) + "}");
}

void EventLog::stopped(double t, const ServerStats& s) {
  line(stamp(t) + "stopped: " + std::to_string(s.packets) + " packets seen, " + std::to_string(s.tracked) +
           " list entries held, " + std::to_string(s.evicted) + " evicted by --max-sources, " +
           std::to_string(s.handed_on) + " early SYNs handed on",
       "{\"event\":\"stopped\",\"t\":" + num(t) + ",\"packets\":" + std::to_string(s.packets) +
           ",\"tracked\":" + std::to_string(s.tracked) + ",\"evicted\":" + std::to_string(s.evicted) +
           ",\"handed_on\":" + std::to_string(s.handed_on) + "}");
}

void EventLog::error(const std::string& text) {
  line("knock-server: " + text, "{\"event\":\"error\",\"error\":" + q(text) + "}");
  out_.flush();
}

}  // namespace knock::server
