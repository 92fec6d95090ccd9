// A knock traffic generator for benchmarks: UDP knock sequences from many loopback sources at a set rate,
// with sendmmsg and a per-datagram source address (IP_PKTINFO), so the generator is not the bottleneck.
//   knockgen --sources N --ports 7000,8000,9000 [--rate PPS] [--interleave] [--to 127.0.0.1]
//   knockgen --garbage N   N random, truncated or malformed frames injected on lo (needs CAP_NET_RAW)
//   knockgen --replay FILE --source ADDR   the IPv4 frames of a tcpdump -i lo capture (classic pcap),
//            injected on lo again byte for byte but from ADDR (127.0.0.0/8; checksums fixed): a sniffer's
//            replay
//   knockgen --frames FILE...  each file's bytes injected on lo as one frame (a fuzzer's crashers, say)
// Sources are 127.1.0.1 upwards. Sequential: each source sends its whole sequence, then the next source.
// Interleaved: every source sends knock 1, then every source knock 2, and so on.
// Prints: packets sent, seconds, achieved packets/s. Sends only to the loopback address given.
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

// Frames handed to lo as they are, as if they had arrived there.
struct Injector {
  int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
  sockaddr_ll to{AF_PACKET, 0, static_cast<int>(if_nametoindex("lo")), 0, 0, 6, {}};
  ~Injector() {
    if (fd >= 0) close(fd);
  }
  bool send(const std::vector<unsigned char>& frame) {
    return sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) > 0;
  }
};

// Frames for the capture path to choke on: random bytes, truncated headers, bad lengths, all on loopback.
int garbage(long count) {
  Injector lo;
  if (lo.fd < 0) {
    std::perror("knockgen: packet socket");
    return 1;
  }
  unsigned seed = 12345;
  const auto rnd = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  std::vector<unsigned char> frame;
  long sent = 0;
  for (long i = 0; i < count; ++i) {
    frame.assign(14 + rnd() % 120, 0);
    for (auto& b : frame)
      b = static_cast<unsigned char>(rnd());
    std::memset(frame.data(), 0, 12);  // loopback's MAC, so the kernel takes it in
    const int kind = static_cast<int>(rnd() % 4);
    if (kind < 3) {  // mostly IP, so the decoder goes deep
      frame[12] = kind == 2 ? 0x86 : 0x08;
      frame[13] = kind == 2 ? 0xdd : 0x00;
      if (frame.size() > 14)
        frame[14] = static_cast<unsigned char>((kind == 2 ? 0x60 : 0x40) | (frame[14] & 0x0f));
      if (frame.size() > 23 && kind != 2)
        frame[23] = static_cast<unsigned char>(std::array<int, 4>{6, 17, 1, 6}[rnd() % 4]);
      if (frame.size() > 29 && kind != 2) {  // to 127.0.0.1, from 127.x
        frame[26] = 127;
        frame[30 % frame.size()] = 127;
      }
    }
    if (lo.send(frame)) ++sent;
  }
  std::printf("%ld garbage frames\n", sent);
  return 0;
}

int frames(int count, char** files) {
  Injector lo;
  if (lo.fd < 0) {
    std::perror("knockgen: packet socket");
    return 1;
  }
  long sent = 0;
  for (int i = 0; i < count; ++i) {
    std::FILE* f = std::fopen(files[i], "rb");
    if (!f) {
      std::perror(files[i]);
      return 1;
    }
    std::vector<unsigned char> frame(65536);
    frame.resize(std::fread(frame.data(), 1, frame.size(), f));
    std::fclose(f);
    if (lo.send(frame)) ++sent;  // the kernel refuses frames shorter than a link header
  }
  std::printf("%ld of %d frames from files\n", sent, count);
  return 0;
}

// The ones' complement sum of 16-bit words, for the IP, TCP and UDP checksums.
std::uint32_t sum16(const unsigned char* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2)
    sum += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
  if (n % 2) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
  return sum;
}

void put_checksum(unsigned char* at, std::uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  const auto c = static_cast<std::uint16_t>(~sum);
  at[0] = static_cast<unsigned char>(c >> 8);
  at[1] = static_cast<unsigned char>(c);
}

// An Ethernet frame of IPv4 to 127.0.0.0/8, from `source` now, its checksums right again. False: not one.
bool resource(std::vector<unsigned char>& f, in_addr source) {
  if (f.size() < 34 || f[12] != 0x08 || f[13] != 0x00 || f[30] != 127) return false;
  unsigned char* ip = f.data() + 14;
  const std::size_t ihl = (ip[0] & 0x0f) * 4u, total = static_cast<std::size_t>(ip[2] << 8 | ip[3]);
  if (ihl < 20 || total < ihl || 14 + total > f.size()) return false;
  std::memcpy(ip + 12, &source, 4);
  ip[10] = ip[11] = 0;
  put_checksum(ip + 10, sum16(ip, ihl));
  const int proto = ip[9];
  const std::size_t len = total - ihl, at = proto == 6 ? 16 : proto == 17 ? 6 : 0;
  if (!at || len < at + 2) return true;
  unsigned char* l4 = ip + ihl;
  l4[at] = l4[at + 1] = 0;
  const std::uint32_t pseudo =
      sum16(ip + 12, 8) + static_cast<std::uint32_t>(proto) + static_cast<std::uint32_t>(len);
  put_checksum(l4 + at, sum16(l4, len, pseudo));
  return true;
}

int replay(const std::string& file, const std::string& from) {
  in_addr source{};
  if (inet_pton(AF_INET, from.c_str(), &source) != 1 || (ntohl(source.s_addr) >> 24) != 127) {
    std::fprintf(stderr, "knockgen: --source must be a 127.0.0.0/8 address\n");
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  const std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  const auto u32 = [&](std::size_t at) {  // the capture's own byte order: tcpdump writes the host's
    std::uint32_t v;
    std::memcpy(&v, data.data() + at, 4);
    return v;
  };
  if (data.size() < 24 || (u32(0) != 0xa1b2c3d4 && u32(0) != 0xa1b23c4d) || u32(20) != 1) {
    std::fprintf(stderr, "knockgen: %s is not a classic pcap capture of Ethernet frames (tcpdump -i lo -w)\n",
                 file.c_str());
    return 2;
  }
  const int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
  if (fd < 0) {
    std::perror("knockgen: packet socket");
    return 1;
  }
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_ifindex = static_cast<int>(if_nametoindex("lo"));
  to.sll_halen = 6;
  long sent = 0;
  for (std::size_t at = 24; at + 16 <= data.size();) {
    const std::size_t len = u32(at + 8);
    if (at + 16 + len > data.size()) break;
    std::vector<unsigned char> frame(data.begin() + static_cast<long>(at + 16),
                                     data.begin() + static_cast<long>(at + 16 + len));
    at += 16 + len;
    if (resource(frame, source) &&
        sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) > 0)
      ++sent;
  }
  std::printf("%ld frames replayed from %s\n", sent, from.c_str());
  close(fd);
  return 0;
}

int main(int argc, char** argv) {
  long sources = 1000, rate = 0;
  bool interleave = false;
  std::vector<unsigned short> ports{7000, 8000, 9000};
  std::string to = "127.0.0.1";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--garbage") return garbage(std::atol(next().c_str()));
    if (a == "--replay") {
      const std::string file = next();
      const std::string flag = next();
      if (flag != "--source") {
        std::fprintf(stderr, "usage: knockgen --replay FILE --source ADDR\n");
        return 2;
      }
      return replay(file, next());
    }
    if (a == "--frames") return frames(argc - i - 1, argv + i + 1);
    if (a == "--sources")
      sources = std::atol(next().c_str());
    else if (a == "--rate")
      rate = std::atol(next().c_str());
    else if (a == "--interleave")
      interleave = true;
    else if (a == "--to")
      to = next();
    else if (a == "--ports") {
      ports.clear();
      std::string list = next();
      for (char* tok = std::strtok(list.data(), ","); tok; tok = std::strtok(nullptr, ",")) {
        ports.push_back(static_cast<unsigned short>(std::atoi(tok)));
      }
    } else {
      std::fprintf(
          stderr, "usage: knockgen --sources N --ports A,B,C [--rate PPS] [--interleave] [--to 127.0.0.1]\n");
      return 2;
    }
  }
  in_addr dst{};
  if (inet_pton(AF_INET, to.c_str(), &dst) != 1 || (ntohl(dst.s_addr) >> 24) != 127) {
    std::fprintf(stderr, "knockgen: --to must be a 127.0.0.0/8 address\n");
    return 2;
  }
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int buf = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);

  const std::size_t total = static_cast<std::size_t>(sources) * ports.size();
  constexpr std::size_t kBatch = 64;
  std::vector<sockaddr_in> addrs(kBatch);
  std::vector<iovec> iov(kBatch);
  std::vector<mmsghdr> msgs(kBatch);
  std::vector<std::array<char, CMSG_SPACE(sizeof(in_pktinfo))>> control(kBatch);
  static char payload[] = "knock";

  const auto start = std::chrono::steady_clock::now();
  std::size_t sent = 0;
  while (sent < total) {
    const std::size_t n = std::min(kBatch, total - sent);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t k = sent + j;
      const std::size_t source = interleave ? k % sources : k / ports.size();
      const std::size_t step = interleave ? k / sources : k % ports.size();
      addrs[j] = sockaddr_in{};
      addrs[j].sin_family = AF_INET;
      addrs[j].sin_addr = dst;
      addrs[j].sin_port = htons(ports[step]);
      iov[j] = {payload, 5};
      msghdr& m = msgs[j].msg_hdr;
      m = msghdr{};
      m.msg_name = &addrs[j];
      m.msg_namelen = sizeof addrs[j];
      m.msg_iov = &iov[j];
      m.msg_iovlen = 1;
      m.msg_control = control[j].data();
      m.msg_controllen = control[j].size();
      cmsghdr* c = CMSG_FIRSTHDR(&m);
      c->cmsg_level = IPPROTO_IP;
      c->cmsg_type = IP_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
      in_pktinfo info{};
      info.ipi_spec_dst.s_addr =
          htonl(0x7f010001u + static_cast<std::uint32_t>(source));  // 127.1.0.1 upwards
      std::memcpy(CMSG_DATA(c), &info, sizeof info);
    }
    const int r = sendmmsg(fd, msgs.data(), static_cast<unsigned>(n), 0);
    if (r < 0) {
      std::perror("sendmmsg");
      return 1;
    }
    sent += static_cast<std::size_t>(r);
    if (rate > 0) {  // pace to the rate: sleep until this many packets are due
      const auto due =
          start + std::chrono::nanoseconds(static_cast<long long>(sent * 1e9 / static_cast<double>(rate)));
      std::this_thread::sleep_until(due);
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu %.3f %.0f\n", sent, secs, static_cast<double>(sent) / secs);
  close(fd);
  return 0;
}
