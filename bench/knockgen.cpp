// A knock traffic generator for benchmarks: UDP knock sequences from many loopback sources at a set rate,
// with sendmmsg and a per-datagram source address (IP_PKTINFO), so the generator is not the bottleneck.
//   knockgen --sources N --ports 7000,8000,9000 [--rate PPS] [--interleave] [--to 127.0.0.1]
//   knockgen --garbage N   N random, truncated or malformed frames injected on lo (needs CAP_NET_RAW)
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
    for (auto& b : frame) b = static_cast<unsigned char>(rnd());
    std::memset(frame.data(), 0, 12);  // loopback's MAC, so the kernel takes it in
    const int kind = static_cast<int>(rnd() % 4);
    if (kind < 3) {  // mostly IP, so the decoder goes deep
      frame[12] = kind == 2 ? 0x86 : 0x08;
      frame[13] = kind == 2 ? 0xdd : 0x00;
      if (frame.size() > 14) frame[14] = static_cast<unsigned char>((kind == 2 ? 0x60 : 0x40) | (frame[14] & 0x0f));
      if (frame.size() > 23 && kind != 2) frame[23] = static_cast<unsigned char>(std::array<int, 4>{6, 17, 1, 6}[rnd() % 4]);
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

int main(int argc, char** argv) {
  long sources = 1000, rate = 0;
  bool interleave = false;
  std::vector<unsigned short> ports{7000, 8000, 9000};
  std::string to = "127.0.0.1";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--garbage") return garbage(std::atol(next().c_str()));
    if (a == "--frames") return frames(argc - i - 1, argv + i + 1);
    if (a == "--sources") sources = std::atol(next().c_str());
    else if (a == "--rate") rate = std::atol(next().c_str());
    else if (a == "--interleave") interleave = true;
    else if (a == "--to") to = next();
    else if (a == "--ports") {
      ports.clear();
      std::string list = next();
      for (char* tok = std::strtok(list.data(), ","); tok; tok = std::strtok(nullptr, ",")) {
        ports.push_back(static_cast<unsigned short>(std::atoi(tok)));
      }
    } else {
      std::fprintf(stderr, "usage: knockgen --sources N --ports A,B,C [--rate PPS] [--interleave] [--to 127.0.0.1]\n");
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
      info.ipi_spec_dst.s_addr = htonl(0x7f010001u + static_cast<std::uint32_t>(source));  // 127.1.0.1 upwards
      std::memcpy(CMSG_DATA(c), &info, sizeof info);
    }
    const int r = sendmmsg(fd, msgs.data(), static_cast<unsigned>(n), 0);
    if (r < 0) {
      std::perror("sendmmsg");
      return 1;
    }
    sent += static_cast<std::size_t>(r);
    if (rate > 0) {  // pace to the rate: sleep until this many packets are due
      const auto due = start + std::chrono::nanoseconds(static_cast<long long>(sent * 1e9 / static_cast<double>(rate)));
      std::this_thread::sleep_until(due);
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu %.3f %.0f\n", sent, secs, static_cast<double>(sent) / secs);
  close(fd);
  return 0;
}
