#include "knock/server/server.hpp"

#include <pcap/pcap.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "knock/core/asio.hpp"  // first: <utility> for Boost 1.74

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "capture.hpp"
#include "knock/routeros/check.hpp"
#include "knock/server/decode.hpp"
#include "knock/server/gate.hpp"
#include "probe.hpp"
#include "raw.hpp"

namespace knock::server {

namespace ip = boost::asio::ip;
using Clock = std::chrono::steady_clock;
using routeros::Time;

namespace {

struct GateKey {
  std::uint16_t port;
  bool v6;
  bool operator<(const GateKey& o) const { return std::tie(port, v6) < std::tie(o.port, o.v6); }
};

struct Gate {
  bool default_allow = false;
  std::map<IpAddress, bool> rules;  // sources whose verdict differs from the default
  std::vector<int> sockets;         // listening sockets of this port and family
  bool dirty = false;               // rules changed since the program was last attached
};

}  // namespace

struct Server::Impl {
  Impl(boost::asio::io_context& io_, ServerOptions o, EventLog& l)
      : io(io_),
        options(std::move(o)),
        log(l),
        start(Clock::now()),
        start_wall(std::chrono::system_clock::now()),
        view(routeros::router_view(options.config, options.view)),
        fw(options.config, view.firewall, Time{0}),
        capture_fd(io_),
        expiry(io_),
        schedule(io_) {}

  boost::asio::io_context& io;
  ServerOptions options;
  EventLog& log;
  Clock::time_point start;
  std::chrono::system_clock::time_point start_wall;
  routeros::RouterView view;
  routeros::Firewall fw;
  pcap_t* pcap = nullptr;
  LinkType link = LinkType::ethernet;
  boost::asio::posix::stream_descriptor capture_fd;
  boost::asio::steady_timer expiry;
  boost::asio::steady_timer schedule;              // the next /system scheduler event
  std::unique_ptr<routeros::ScriptRunner> runner;  // when the rules have scripts
  std::vector<std::unique_ptr<ip::tcp::acceptor>> acceptors;
  std::map<GateKey, Gate> gates;
  // When the gate began to let a source in (wall clock, to compare with capture timestamps).
  std::map<IpAddress, std::chrono::system_clock::time_point> allowed_since;
  std::set<std::tuple<IpAddress, std::uint16_t, std::uint32_t>> reinjected;
  std::vector<IpAddress> newly_allowed;  // waiting for the next flush_gates()
  RawSender raw;
  CaptureProbe probe;
  bool live = false;  // the capture has seen a probe
  ServerStats stats;
  bool started = false, stopped = false;

  Time now() const { return std::chrono::duration_cast<Time>(Clock::now() - start); }
  double seconds(Time t) const { return std::chrono::duration<double>(t).count(); }

  bool is_listen(const IpAddress& a) const {
    for (const auto& l : options.listen) {
      if (l == a) return true;
    }
    return false;
  }
  bool is_service(std::uint16_t port) const {
    for (auto p : options.services) {
      if (p == port) return true;
    }
    return false;
  }
  bool listens(bool v6) const {
    return std::any_of(options.listen.begin(), options.listen.end(),
                       [&](const IpAddress& l) { return l.is_v6() == v6; });
  }
  // What a packet captured on loopback looks like to the rules: addressed to the router's own address.
  routeros::Packet as_router_sees(const routeros::Packet& p) const {
    routeros::Packet seen = p;
    seen.dst = view.address_of(routeros::family_of(p.dst));
    return seen;
  }
  // Whether a SYN with this verdict gets through: the firewall accepts it and, on the router itself, a
  // service of /ip service takes it (a forwarded port is served by the host behind the router, which we stand
  // in for).
  routeros::ServiceAnswer admits(const routeros::Verdict& v, const IpAddress& source) const {
    routeros::ServiceAnswer a;
    if (!v.accepted())
      a.takes = false;
    else if (!v.forwarded())
      a = routeros::service_answer(options.config, v.dst_port, source);
    return a;
  }

  // A source on no list, whose verdict is every such source's: the gates' default.
  static IpAddress nobody(bool v6) {
    return v6 ? ip::make_address("100::1") : ip::make_address("192.0.2.254");
  }

  routeros::Packet syn(const IpAddress& from, std::uint16_t port) const {
    routeros::Packet p;
    p.src = from;
    p.dst = view.address_of(routeros::family_of(from));
    p.protocol = 6;
    p.src_port = 50000;
    p.dst_port = port;
    p.tcp_flags = routeros::kSyn;
    p.size = from.is_v6() ? 80 : 60;
    return p;
  }

  void rebuild(const GateKey& key, Gate& g) {
    std::vector<GateRule> rules;
    rules.reserve(g.rules.size());
    for (const auto& [a, allow] : g.rules)
      rules.push_back({a, allow});
    std::size_t dropped = 0;
    const auto program = build_gate(key.v6, g.default_allow, std::move(rules), &dropped);
    if (dropped) {
      log.note(seconds(now()), "the gate for tcp:" + std::to_string(key.port) + " holds too many sources; " +
                                   std::to_string(dropped) + " fall back to the default");
    }
    for (int s : g.sockets) {
      if (auto st = attach_gate(s, program); !st)
        log.error("cannot attach the gate filter: " + st.error().message);
    }
  }

  // Attaches the programs of the gates that changed. Called once per capture batch and before a service
  // SYN is judged, so that a flood of list changes costs one rebuild per batch, not one per packet.
  void flush_gates() {
    bool any = false;
    for (auto& [key, g] : gates) {
      if (!g.dirty) continue;
      rebuild(key, g);
      g.dirty = false;
      any = true;
    }
    if (!any) return;
    const auto now_wall = std::chrono::system_clock::now();
    for (const auto& a : newly_allowed)
      allowed_since[a] = now_wall;
    newly_allowed.clear();
  }

  // Recomputes what every service port's gate should say for `source`; changed gates are flushed later.
  void update_gate(const IpAddress& source, Time t) {
    for (auto& [key, g] : gates) {
      if (key.v6 != source.is_v6() || !listens(key.v6)) continue;
      const bool allow = admits(fw.peek(syn(source, key.port), t), source).takes;
      auto it = g.rules.find(source);
      bool changed = false;
      if (allow == g.default_allow) {
        if (it != g.rules.end()) {
          g.rules.erase(it);
          changed = true;
        }
      } else if (it == g.rules.end() || it->second != allow) {
        g.rules[source] = allow;
        changed = true;
      }
      if (!changed) continue;
      g.dirty = true;
      if (allow) newly_allowed.push_back(source);
    }
  }

  void log_changes(const routeros::Verdict& v, Time t) {
    for (const auto& c : v.changes) {
      std::optional<double> timeout;
      if (c.expires) timeout = seconds(*c.expires - t);
      const char* what = c.kind == routeros::ListChange::added       ? "added"
                         : c.kind == routeros::ListChange::refreshed ? "refreshed"
                                                                     : "kept (static)";
      log.list_change(seconds(t), what, c.list, c.address, timeout);
    }
  }

  void on_frame(const pcap_pkthdr* h, const u_char* bytes) {
    const std::span<const std::uint8_t> frame(bytes, h->caplen);
    auto p = decode_frame(frame, link);
    if (!p) return;
    if (probe.matches(*p)) {
      live = true;
      return;
    }
    if (!is_listen(p->dst)) return;
    const bool service = p->protocol == 6 && is_service(p->dst_port);
    if (service && reinjected.erase({p->src, p->src_port, p->tcp_seq}))
      return;  // our own copy, seen once more
    const Time t = now();
    ++stats.packets;
    const routeros::Packet seen = as_router_sees(*p);
    const routeros::Verdict v = fw.evaluate(seen, t);
    log.packet(seconds(t), seen, v, service);
    log_changes(v, t);
    if (!v.changes.empty() || service) update_gate(p->src, t);
    if (fw.lists().dynamic_entries() > options.max_sources)
      expire_due(t);  // what is due is expired, not evicted
    while (fw.lists().dynamic_entries() > options.max_sources) {
      std::string list;
      IpAddress evicted;
      if (!fw.lists().evict_next(&list, &evicted)) break;
      ++stats.evicted;
      log.list_change(seconds(t), "evicted (--max-sources)", list, evicted, std::nullopt);
      update_gate(evicted, t);
    }
    if (service) judge_service(h, bytes, *p, v, t);
    arm_expiry();
  }

  // A SYN to a served port: through the gate, or turned away (with a reset where the router would send one:
  // a tcp-reset reject, or a firewall that let it in to a service that does not take it).
  void judge_service(const pcap_pkthdr* h, const u_char* bytes, const routeros::Packet& p,
                     const routeros::Verdict& v, Time t) {
    flush_gates();
    const routeros::ServiceAnswer answer = admits(v, p.src);
    if (answer.takes) return hand_on_early(h, bytes, p);
    const bool reset =
        v.accepted() || (v.action == routeros::Action::reject && v.reject_with() == "tcp-reset");
    if (reset) {
      if (auto err = raw.send_reset(p)) log.error("cannot send a reset: " + *err);
    }
    log.service(seconds(t), p.dst_port, p.src, reset ? "reset" : "denied",
                v.accepted() ? answer.why : routeros::verdict_words(v));
  }

  // The kernel saw this SYN before the gate opened for its source: hand it a copy now.
  void hand_on_early(const pcap_pkthdr* h, const u_char* bytes, const routeros::Packet& p) {
    auto since = allowed_since.find(p.src);
    const auto captured = std::chrono::system_clock::time_point(std::chrono::seconds(h->ts.tv_sec) +
                                                                std::chrono::microseconds(h->ts.tv_usec));
    if (since == allowed_since.end() || captured > since->second) return;
    std::vector<std::uint8_t> copy(bytes, bytes + h->caplen);
    std::optional<std::string> err = "not a TCP packet";
    if (fix_tcp_checksum(copy, link))
      err = raw.inject(std::span<const std::uint8_t>(copy).subspan(ip_offset(copy, link)));
    if (err) return log.error("cannot hand the early SYN on: " + *err);
    reinjected.insert({p.src, p.src_port, p.tcp_seq});
    ++stats.handed_on;
  }

  void arm_expiry() {
    const auto next = fw.lists().next_expiry();
    if (!next) return;
    const auto when = start + std::chrono::duration_cast<Clock::duration>(*next);
    if (expiry.expiry() == when) return;
    expiry.expires_at(when);
    expiry.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopped) return;
      expire_due(now());
      flush_gates();
      log.flush();
      arm_expiry();
    });
  }

  void expire_due(Time t) {
    std::vector<IpAddress> gone;
    fw.lists().expire(t, [&](const std::string& list, const IpAddress& a) {
      log.list_change(seconds(t), "expired", list, a, std::nullopt);
      gone.push_back(a);
    });
    for (const auto& a : gone)
      update_gate(a, t);
  }

  // The router's clock, for [:timestamp]: the system clock, off by --clock-offset.
  std::chrono::system_clock::time_point router_wall(Time t) const {
    return start_wall +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(t + options.clock_offset);
  }

  core::Status boot_scripts() {
    if (!options.scripting) return {};
    runner = std::make_unique<routeros::ScriptRunner>(options.config, fw, std::move(*options.scripting),
                                                      [this](Time t) { return router_wall(t); });
    options.scripting.reset();
    if (auto booted = runner->boot(now()); !booted)
      return core::make_error(core::Errc::bad_input, options.rules_name + ": " + booted.error().message);
    return {};
  }

  void arm_schedule() {
    const auto next = runner ? runner->next_run() : std::nullopt;
    if (!next) return;
    schedule.expires_at(start + std::chrono::duration_cast<Clock::duration>(*next));
    schedule.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopped) return;
      run_scripts(now());
      arm_schedule();
    });
  }

  // The schedulers due: their log, the list entries they changed, and the gates that may change with them.
  void run_scripts(Time t) {
    const routeros::ScriptEffects fx = runner->run_due(t);
    for (const auto& l : fx.log)
      log.script(seconds(l.t), l.topic, l.text);
    for (const auto& e : fx.lists) {
      const char* what = e.kind == routeros::ListEdit::added       ? "added by a script"
                         : e.kind == routeros::ListEdit::refreshed ? "refreshed by a script"
                                                                   : "removed by a script";
      std::optional<double> timeout;
      if (e.expires) timeout = seconds(*e.expires - t);
      log.list_change(seconds(t), what, e.list, e.address, timeout);
      update_gate(e.address, t);
    }
    if (fx.error)
      log.error("the router's scripts failed, so every packet is dropped from now on: " + fx.error->message);
    if (fx.rules_changed || fx.error) refresh_gates(t);
    flush_gates();
    log.flush();
    arm_expiry();
  }

  // The rules changed: every gate's default, and every source the gates or the lists know, again.
  void refresh_gates(Time t) {
    std::set<IpAddress> sources;
    for (auto& [key, g] : gates) {
      const bool allow = admits(fw.peek(syn(nobody(key.v6), key.port), t), nobody(key.v6)).takes;
      if (allow != g.default_allow) g.dirty = true;
      g.default_allow = allow;
      for (const auto& [a, ignored] : g.rules)
        sources.insert(a);
    }
    const std::vector<std::string> lists = fw.lists().names();
    for (const auto& list : lists) {
      for (const auto& item : fw.lists().items(list, t))
        sources.insert(item.address);
    }
    for (const auto& a : sources)
      update_gate(a, t);
  }

  void read_capture() {
    capture_fd.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                          [this](const boost::system::error_code& ec) {
                            if (ec || stopped) return;
                            drain_capture();
                            flush_gates();
                            log.flush();
                            read_capture();
                          });
  }

  void drain_capture() {
    for (;;) {
      const int n = pcap_dispatch(
          pcap, -1,
          [](u_char* self, const pcap_pkthdr* h, const u_char* b) {
            reinterpret_cast<Impl*>(self)->on_frame(h, b);
          },
          reinterpret_cast<u_char*>(this));
      if (n <= 0) break;
    }
  }

  // Probes (one every 50 ms) until the capture has seen one, for at most 5 s (CaptureProbe).
  core::Status wait_until_live() {
    const IpAddress& to = options.listen.front();
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    pollfd readable{pcap_get_selectable_fd(pcap), POLLIN, 0};
    while (!live) {
      if (Clock::now() >= deadline) {
        return core::make_error(core::Errc::network,
                                "the capture on " + options.capture_interface +
                                    " saw none of its own probes to " + to.to_string() +
                                    " in 5 s (the knocks to --listen arrive on lo, the default " +
                                    "--capture-interface)");
      }
      if (auto err = probe.send(to)) {
        return core::make_error(core::Errc::network, "cannot send to " + to.to_string() + ": " + *err);
      }
      ::poll(&readable, 1, 50);
      drain_capture();
    }
    return {};
  }

  void accept(ip::tcp::acceptor& a, std::uint16_t port) {
    a.async_accept([this, &a, port](const boost::system::error_code& ec, ip::tcp::socket s) {
      if (stopped || ec == boost::asio::error::operation_aborted) return;
      if (!ec) {
        boost::system::error_code ignored;
        const auto peer = s.remote_endpoint(ignored);
        if (const auto b = options.backends.find(port); b != options.backends.end()) {
          relay_to(std::make_shared<ip::tcp::socket>(std::move(s)), b->second, port, peer.address());
          accept(a, port);
          return;
        }
        log.service(seconds(now()), port, peer.address(), "granted", "handshake completed, banner sent");
        log.flush();
        auto sock = std::make_shared<ip::tcp::socket>(std::move(s));
        auto text = std::make_shared<std::string>(options.banner + "\n");
        boost::asio::async_write(*sock, boost::asio::buffer(*text),
                                 [sock, text](const boost::system::error_code&, std::size_t) {
                                   boost::system::error_code e;
                                   sock->shutdown(ip::tcp::socket::shutdown_both, e);
                                 });
      }
      accept(a, port);
    });
  }

  // A granted connection joined to the service's backend: bytes both ways until each side has closed.
  void relay_to(std::shared_ptr<ip::tcp::socket> client, const ip::tcp::endpoint& backend, std::uint16_t port,
                const IpAddress& peer) {
    auto server = std::make_shared<ip::tcp::socket>(io);
    const std::string where = backend.address().to_string() + ":" + std::to_string(backend.port());
    server->async_connect(
        backend, [this, client, server, port, peer, where](const boost::system::error_code& ec) {
          if (stopped) return;
          if (ec) {
            log.service(seconds(now()), port, peer, "granted",
                        "handshake completed, but the backend " + where + " refused: " + ec.message());
            log.flush();
            return;  // the client's socket closes with the last reference: the client sees the end at once
          }
          log.service(seconds(now()), port, peer, "granted", "handshake completed, relayed to " + where);
          log.flush();
          pump(client, server);
          pump(server, client);
        });
  }

  static void pump(std::shared_ptr<ip::tcp::socket> from, std::shared_ptr<ip::tcp::socket> to) {
    auto buf = std::make_shared<std::array<char, 16384>>();
    from->async_read_some(
        boost::asio::buffer(*buf), [from, to, buf](const boost::system::error_code& ec, std::size_t n) {
          boost::system::error_code ignored;
          if (ec) {  // EOF (or a reset): pass the end on; the other direction goes on until it ends too
            to->shutdown(ip::tcp::socket::shutdown_send, ignored);
            if (ec != boost::asio::error::eof) from->close(ignored);
            return;
          }
          boost::asio::async_write(*to, boost::asio::buffer(buf->data(), n),
                                   [from, to, buf](const boost::system::error_code& wec, std::size_t) {
                                     boost::system::error_code e;
                                     if (wec) {
                                       from->close(e);
                                       to->close(e);
                                       return;
                                     }
                                     pump(from, to);
                                   });
        });
  }

  core::Status open_capture() {
    auto c = server::open_capture(options.capture_interface);
    if (!c) return c.error();
    pcap = c->pcap;
    link = c->link;
    capture_fd.assign(c->fd);
    return {};
  }

  core::Status open_services() {
    for (const std::uint16_t port : options.services) {
      for (const bool v6 : {false, true}) {
        Gate* gate = nullptr;
        for (const auto& addr : options.listen) {
          if (addr.is_v6() != v6) continue;
          auto a = std::make_unique<ip::tcp::acceptor>(io);
          const ip::tcp::endpoint ep(addr, port);
          boost::system::error_code ec;
          a->open(ep.protocol(), ec);
          if (!ec) a->set_option(ip::tcp::acceptor::reuse_address(true), ec);
          if (!ec && v6) a->set_option(ip::v6_only(true), ec);
          if (!ec) a->bind(ep, ec);
          if (!ec) a->listen(boost::asio::socket_base::max_listen_connections, ec);
          if (ec) {
            return core::make_error(core::Errc::network, "cannot serve tcp:" + std::to_string(port) + " on " +
                                                             addr.to_string() + ": " + ec.message());
          }
          if (!gate) {
            gate = &gates[{port, v6}];
            gate->default_allow = admits(fw.peek(syn(nobody(v6), port), Time{0}), nobody(v6)).takes;
          }
          gate->sockets.push_back(a->native_handle());
          accept(*a, port);
          acceptors.push_back(std::move(a));
        }
        if (gate) rebuild({port, v6}, *gate);
      }
    }
    return {};
  }
};

Server::Server(boost::asio::io_context& io, ServerOptions options, EventLog& log)
    : impl_(std::make_unique<Impl>(io, std::move(options), log)) {}

Server::~Server() {
  stop();
  if (impl_->capture_fd.is_open()) impl_->capture_fd.release();  // pcap_close closes it
  if (impl_->pcap) pcap_close(impl_->pcap);
}

core::Status Server::start() {
  Impl& s = *impl_;
  if (auto st = s.open_capture(); !st) return st;
  if (auto st = s.open_services(); !st) return st;
  if (auto st = s.boot_scripts(); !st) return st;
  if (auto st = s.wait_until_live(); !st) return st;
  std::vector<std::string> listen;
  for (const auto& a : s.options.listen)
    listen.push_back(a.to_string());
  s.log.ready(s.options.rules_name, s.options.config.rules(routeros::Family::v4).size(),
              s.options.config.rules(routeros::Family::v6).size(), listen, s.options.services,
              s.options.capture_interface, s.view);
  for (const auto& note : s.options.config.notes)
    s.log.note(0, note);
  s.log.flush();
  s.started = true;
  s.arm_expiry();
  s.arm_schedule();
  s.read_capture();
  return {};
}

void Server::stop() {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  boost::system::error_code ignored;
  s.expiry.cancel();
  s.schedule.cancel();
  if (s.capture_fd.is_open()) s.capture_fd.cancel(ignored);
  for (auto& a : s.acceptors)
    a->close(ignored);
  if (!s.started) return;
  const auto st = stats();
  s.log.stopped(s.seconds(s.now()), st);
  s.log.flush();
}

ServerStats Server::stats() const {
  ServerStats st = impl_->stats;
  st.tracked = impl_->fw.lists().dynamic_entries();
  return st;
}

}  // namespace knock::server
