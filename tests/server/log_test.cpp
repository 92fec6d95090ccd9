// knock-server's event log (log.cpp): every event as a human line with its time, or as a JSON line with
// --json-log; decided packets only with packet logging.
#include "knock/server/log.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "knock/core/plan.hpp"
#include "knock/routeros/firewall.hpp"
#include "knock/server/server.hpp"

namespace knock::server {
namespace {

struct Logs {
  std::ostringstream human_out, json_out;
  EventLog human{human_out, false, true}, json{json_out, true, true};
  template <typename F>
  void both(F f) {
    f(human);
    f(json);
  }
};

TEST(EventLog, NotesScriptsAndErrors) {
  Logs l;
  l.both([](EventLog& e) {
    e.note(1.5, "say \"hi\"");
    e.script(2, "warning", "careful");
    e.error("boom");
  });
  EXPECT_EQ(l.human_out.str(),
            "[+     1.500s] note: say \"hi\"\n[+     2.000s] script warning: careful\nknock-server: boom\n");
  EXPECT_EQ(l.json_out.str(),
            "{\"event\":\"note\",\"t\":1.500000,\"text\":\"say \\\"hi\\\"\"}\n"
            "{\"event\":\"script\",\"t\":2.000000,\"topic\":\"warning\",\"text\":\"careful\"}\n"
            "{\"event\":\"error\",\"error\":\"boom\"}\n");
}

TEST(EventLog, ListChangesWithAndWithoutATimeout) {
  Logs l;
  const IpAddress a = *core::parse_literal("192.0.2.7");
  l.both([&](EventLog& e) {
    e.list_change(3, "added", "ok", a, 3600.0);
    e.list_change(4, "evicted (--max-sources)", "ok", a, std::nullopt);
  });
  EXPECT_EQ(l.human_out.str(),
            "[+     3.000s] list added: 192.0.2.7 on \"ok\" for 1h\n"
            "[+     4.000s] list evicted (--max-sources): 192.0.2.7 on \"ok\"\n");
  EXPECT_NE(l.json_out.str().find("{\"event\":\"list\",\"t\":3.000000,\"change\":\"added\",\"list\":\"ok\","
                                  "\"address\":\"192.0.2.7\",\"timeout_s\":3600.000000}\n"),
            std::string::npos)
      << l.json_out.str();
  EXPECT_EQ(l.json_out.str().find("timeout_s", l.json_out.str().find('\n')), std::string::npos);
}

TEST(EventLog, ServicesAndTheStopLine) {
  Logs l;
  ServerStats st;
  st.packets = 5;
  st.evicted = 1;
  st.handed_on = 2;
  st.tracked = 3;
  l.both([&](EventLog& e) {
    e.service(1, 8291, *core::parse_literal("::1"), "granted", "handshake completed, banner sent");
    e.service(2, 22, *core::parse_literal("127.0.0.2"), "denied", "");
    e.stopped(9, st);
  });
  EXPECT_EQ(
      l.human_out.str(),
      "[+     1.000s] service tcp:8291 from ::1: granted (handshake completed, banner sent)\n"
      "[+     2.000s] service tcp:22 from 127.0.0.2: denied\n"
      "[+     9.000s] stopped: 5 packets seen, 3 list entries held, 1 evicted by --max-sources, 2 early "
      "SYNs handed on\n");
  EXPECT_NE(l.json_out.str().find("{\"event\":\"stopped\",\"t\":9.000000,\"packets\":5,\"tracked\":3,"
                                  "\"evicted\":1,\"handed_on\":2}"),
            std::string::npos)
      << l.json_out.str();
}

TEST(EventLog, DecidedPacketsOnlyWithPacketLogging) {
  auto c = routeros::load_config("/ip firewall filter add chain=input action=accept comment=open\n");
  ASSERT_TRUE(c) << c.error().message;
  routeros::Firewall fw(*c, {}, routeros::Time{0});
  routeros::Packet p;
  p.src = *core::parse_literal("192.0.2.7");
  p.dst = *core::parse_literal("127.0.0.1");
  p.protocol = 17;
  p.src_port = 40000;
  p.dst_port = 7000;
  p.size = 33;
  const routeros::Verdict v = fw.evaluate(p, routeros::Time{0});
  ASSERT_TRUE(v.accepted());
  std::ostringstream quiet, loud;
  EventLog(quiet, true, false).packet(1, p, v, false);
  EventLog(loud, true, true).packet(1, p, v, false);
  EXPECT_EQ(quiet.str(), "");
  EXPECT_NE(loud.str().find("\"verdict\":\"accept\",\"service\":false,\"rule\":0,\"comment\":\"open\"}"),
            std::string::npos)
      << loud.str();
}

}  // namespace
}  // namespace knock::server
