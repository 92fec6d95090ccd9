// The poller of the one-time knock layer, as RouterOS script text: every second it settles the knocks the
// token rules counted (one source: let in; two or more: the window burns), then, when a new window starts,
// derives this window's and the last one's knock for every client (docs/otp.md) and rewrites their rules.
#include "otp_layer_impl.hpp"

namespace knock::routeros::otp_layer {
namespace {

// Code with indentation, one line at a time.
struct Code {
  std::string text;
  int depth = 0;
  void line(const std::string& l) {
    text += std::string(static_cast<std::size_t>(depth) * 2, ' ') + l + "\n";
  }
  void open(const std::string& l) {
    line(l);
    ++depth;
  }
  void close(const std::string& l = "}") {
    --depth;
    line(l);
  }
};

std::string n_str(long long v) {
  return std::to_string(v);
}

// The hits of one slot: let in the one source, or burn the window when there were more.
void settle(Code& c, const Shape& sh) {
  c.line(":local count 0");
  for (const auto& f : sh.families) {
    c.line(":local hits" + f.suffix + " [" + f.menu +
           " firewall address-list find where list=($lists . \"hit\")]");
    c.line(":set count ($count + [:len $hits" + f.suffix + "])");
  }
  c.open(":if ($count > 0) do={");
  c.line(":local who \"\"");
  for (const auto& f : sh.families) {
    c.line(":foreach h in=$hits" + f.suffix + " do={ :set who ($who . \" \" . [" + f.menu +
           " firewall address-list get $h address]) }");
  }
  c.open(":if (!$held) do={");
  c.line(
      ":log warning (\"knock-otp: \" . $name . \": a knock from\" . $who . \" came before the first poll "
      "after a "
      "reboot, an import or a clock change: not counted (knock again)\")");
  c.close("} else={");
  ++c.depth;
  c.line(":local m $knockOtpN");
  c.line(":if (($m % 2) != $s) do={ :set m ($m - 1) }");
  c.open(":if ($count = 1) do={");
  for (const auto& f : sh.families) {
    const std::string al = f.menu + " firewall address-list";
    c.open(":foreach h in=$hits" + f.suffix + " do={");
    c.line(":local a [" + al + " get $h address]");
    c.line(":local e [" + al + " find where list=\"" + kOtpAllowedList + "\" and address=$a]");
    c.line(":if ([:len $e] = 0) do={ " + al + " add list=" + kOtpAllowedList +
           " address=$a timeout=" + sh.access + " } else={ " + al + " set $e timeout=" + sh.access + " }");
    c.close();
  }
  c.line(":log info (\"knock-otp: \" . $name . \" let in\" . $who . \" for " + sh.access +
         " (window \" . $m . \")\")");
  c.close("} else={");
  ++c.depth;
  c.line(
      ":log warning (\"knock-otp: \" . $name . \": window \" . $m . \" burned: \" . $count . \" sources sent "
      "its "
      "knock (\" . $who . \" ), nobody let in (a replay racing the genuine knock?)\")");
  c.close();
  for (const auto& f : sh.families)
    c.line(f.menu + " firewall filter set [find where comment=($tag . \"" + n_str(sh.knocks) +
           "\")] disabled=yes");
  c.close();
  for (const auto& f : sh.families)
    c.line(f.menu + " firewall address-list remove $hits" + f.suffix);
  c.close();
}

// The ports of window $m from its digest $d: candidate g is 20000 + (4 hex digits at 4g) mod 40000, taken in
// order, skipping a port already taken (core/otp.cpp does the same).
void derive_ports(Code& c, const Shape& sh) {
  c.line(":local g 0");
  c.line(":local ok true");
  c.line(":local fresh false");
  for (int i = 1; i <= sh.knocks; ++i) {
    const std::string p = "$p" + n_str(i);
    c.line(":local p" + n_str(i) + " 0");
    c.line(":set fresh false");
    c.open(":while ((!$fresh) && ($g < 24)) do={");
    c.line(":set p" + n_str(i) +
           " (20000 + ([:tonum (\"0x\" . [:pick $d ($g * 4) (($g * 4) + 4)])] % 40000))");
    c.line(":set g ($g + 1)");
    std::string fresh = "true";
    for (int j = 1; j < i; ++j)
      fresh += " && (" + p + " != $p" + n_str(j) + ")";
    c.line(":set fresh (" + fresh + ")");
    c.close();
    c.line(":if (!$fresh) do={ :set ok false }");
  }
}

// A slot takes window $m: its ports and token, enabled; unless it holds that window already (then it stays as
// it is: disabled means its knock was used).
void arm(Code& c, const Shape& sh) {
  const std::string k = n_str(sh.knocks);
  c.open(":if ($arm) do={");
  c.line(":local m $n");
  c.line(":if (($m % 2) != $s) do={ :set m ($m - 1) }");
  c.line(":local tok [/ip firewall filter find where comment=($tag . \"" + k + "\")]");
  c.open(":if ($m < $floor) do={");
  c.line("# a window from before the import or before the clock went back: it may have been used");
  for (const auto& f : sh.families)
    c.line(f.menu + " firewall filter set [find where comment=($tag . \"" + k + "\")] disabled=yes");
  c.close("} else={");
  ++c.depth;
  c.line(":local d [:convert ($key . \"|knock-otp-v1|" + n_str(sh.window_s) +
         "|\" . $m . \"|\" . $key) from=raw to=hex transform=sha512]");
  c.line(":local t [:pick $d 96 128]");
  c.open(":if ([/ip firewall filter get $tok content] != $t) do={");
  derive_ports(c, sh);
  c.open(":if ($ok) do={");
  for (const auto& f : sh.families) {
    for (int i = 1; i < sh.knocks; ++i) {
      c.line(f.menu + " firewall filter set [find where comment=($tag . \"" + n_str(i) + "\")] dst-port=$p" +
             n_str(i) + " disabled=no");
    }
    c.line(f.menu + " firewall filter set [find where comment=($tag . \"" + k + "\")] dst-port=$p" + k +
           " content=$t disabled=no");
    for (int i = 1; i < sh.knocks; ++i)
      c.line(f.menu + " firewall address-list remove [find where list=($lists . \"" + n_str(i) + "\")]");
  }
  c.close("} else={");
  ++c.depth;
  c.line(":log warning (\"knock-otp: \" . $name . \": window \" . $m . \" has fewer than " + k +
         " different ports: not armed\")");
  for (const auto& f : sh.families)
    c.line(f.menu + " firewall filter set [find where comment=($tag . \"" + k + "\")] disabled=yes");
  c.close();
  c.close();
  c.close();
  c.close();
}

}  // namespace

std::string poller(const Shape& sh) {
  Code c;
  c.depth = 1;
  c.line("# knock-otp-poll, every second: settle the knocks the token rules counted, then arm a new window.");
  c.line(":global knockOtpN");
  c.line(":local n ([:timestamp] / " + n_str(sh.window_s) + "s)");
  c.line(":local st [/system script find where name=\"knock-otp-state\"]");
  c.line(":local floor [:tonum [/system script get $st source]]");
  c.line(":local held ([:typeof $knockOtpN] = \"num\")");
  c.line(":local arm ($knockOtpN != $n)");
  c.open(":if ($held && ($n < $knockOtpN)) do={");
  c.line(
      ":log warning (\"knock-otp: the router's clock went back from window \" . $knockOtpN . \" to \" . $n . "
      "\"; "
      "windows before \" . $floor . \" are never armed again (is NTP running?)\")");
  c.close();
  c.open(":foreach c in=[/system script find where name~\"^knock-otp-key-\"] do={");
  c.line(":local name [:pick [/system script get $c name] 14 64]");
  c.line(":local key [/system script get $c source]");
  c.line(":local s 0");
  c.open(":while ($s < 2) do={");
  c.line(":local tag (\"knock-otp:\" . $name . \":s\" . $s . \":\")");
  c.line(":local lists (\"knock-otp-\" . $name . \"-s\" . $s . \"-\")");
  settle(c, sh);
  arm(c, sh);
  c.line(":set s ($s + 1)");
  c.close();
  c.close();
  c.open(":if ($arm) do={");
  c.line(":set knockOtpN $n");
  c.line(":if (($n - 1) > $floor) do={ /system script set $st source=($n - 1) }");
  c.line(":log debug (\"knock-otp: window \" . $n . \" armed\")");
  c.close();
  return c.text;
}

}  // namespace knock::routeros::otp_layer
