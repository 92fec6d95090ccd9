#include "capture.hpp"

namespace knock::server {
namespace {

// Knocks only: new TCP connections, UDP, ICMP and ICMPv6 echo requests (IPv6 without extension headers).
constexpr const char* kCaptureFilter =
    "(ip and ((tcp[tcpflags] & (tcp-syn|tcp-ack)) == tcp-syn or udp or icmp[icmptype] == icmp-echo)) or "
    "(ip6 and ((ip6[6] == 6 and (ip6[53] & 0x12) == 0x02) or ip6[6] == 17 or (ip6[6] == 58 and ip6[40] == "
    "128)))";

std::string fix_for_capture() {
  return "capturing packets needs CAP_NET_RAW: run knock-server as root, or grant it with "
         "`sudo setcap cap_net_raw+ep $(command -v knock-server)`, or add --sandbox to run it (and a client "
         "given after --) in a private network namespace";
}

std::optional<LinkType> link_type(int dlt) {
  switch (dlt) {
    case DLT_EN10MB:
      return LinkType::ethernet;
    case DLT_NULL:
      return LinkType::null;
    case DLT_RAW:
      return LinkType::raw;
    case DLT_LINUX_SLL:
      return LinkType::linux_sll;
    default:
      return std::nullopt;
  }
}

// Activates, filters and unblocks `pcap`; an error says what went wrong.
std::optional<core::Error> set_up(pcap_t* pcap, const std::string& interface, Capture& c) {
  const auto fail = [](std::string m) { return core::make_error(core::Errc::network, std::move(m)); };
  pcap_set_snaplen(pcap, 65535);
  pcap_set_promisc(pcap, 0);
  pcap_set_immediate_mode(pcap, 1);
  pcap_set_buffer_size(pcap, 64 << 20);  // room for floods: the kernel drops nothing while we catch up
  const int rc = pcap_activate(pcap);
  if (rc == PCAP_ERROR_PERM_DENIED ||
      (rc < 0 && std::string(pcap_geterr(pcap)).find("ermission") != std::string::npos)) {
    return fail(fix_for_capture());
  }
  if (rc < 0) return fail("cannot capture on " + interface + ": " + pcap_geterr(pcap));
  const auto link = link_type(pcap_datalink(pcap));
  if (!link) return fail("cannot decode the link type of " + interface);
  c.link = *link;
  bpf_program prog{};
  if (pcap_compile(pcap, &prog, kCaptureFilter, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
      pcap_setfilter(pcap, &prog) != 0) {
    return fail(std::string("cannot set the capture filter: ") + pcap_geterr(pcap));
  }
  pcap_freecode(&prog);
  char err[PCAP_ERRBUF_SIZE] = {};
  if (pcap_setnonblock(pcap, 1, err) != 0) return fail(err);
  c.fd = pcap_get_selectable_fd(pcap);
  if (c.fd < 0) return fail("the capture has no pollable descriptor here");
  return std::nullopt;
}

}  // namespace

core::Expected<Capture> open_capture(const std::string& interface) {
  char err[PCAP_ERRBUF_SIZE] = {};
  Capture c;
  c.pcap = pcap_create(interface.c_str(), err);
  if (!c.pcap) return core::make_error(core::Errc::network, "cannot capture on " + interface + ": " + err);
  if (auto e = set_up(c.pcap, interface, c)) {
    pcap_close(c.pcap);
    return *e;
  }
  return c;
}

}  // namespace knock::server
