#!/usr/bin/env bash
# The client benchmark: our knock beside knockd's knock (Debian's /usr/bin/knock), in one run on this machine.
# Prints figures; passes or fails on nothing. Runs in a private network namespace: every packet stays on
# its loopback. Packet captures need root (tcpdump); without it those sections say so and are left out.
#   ./run bench            (or: bash bench/run.sh [RUNS])
source "$(dirname "$0")/lib.sh"
enter_bench_netns "$@"
proc_time=$bin/proc_time
theirs=$knockd_client
runs=${1:-30}
[ -x "$theirs" ] || { echo "bench: knockd's client is missing: apt-get install knockd" >&2; exit 1; }
capture=yes
[ "$KNOCK_BENCH_NETNS" = root ] && command -v tcpdump >/dev/null || capture=no
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# What the .deb installs (packaging/dbgsym.cmake): the program without its 50 MB of debug information, which
# costs a run a few per cent of start-up even though none of it is loaded.
ours=$work/knock
objcopy --strip-unneeded "$bin/knock" "$ours"

ports() { seq "$1" "$(($1 + $2 - 1))"; }  # first, count

"$here/build/bin/routeros_bench" "$here/routeros/examples/seed.rsc"
echo
"$here/build/bin/otp_bench" "$here/routeros/examples/seed.rsc"
echo
echo "knock client benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r)"
echo "ours:   $bin/knock, stripped as packaged ($(stat -c %s "$ours") bytes; Qt libraries linked: $(ldd "$ours" | grep -ci qt || true))"
echo "knockd: $theirs ($(stat -c %s "$theirs") bytes, $(dpkg-query -W -f='${Version}' knockd 2>/dev/null))"
echo

echo "1. Whole-process time, TCP knocks to closed loopback ports (median of $runs runs, ms)"
printf '   %-34s %9s %9s %9s\n' "" median p90 min
row() {
  local label=$1; shift
  read -r med p90 min fails < <("$proc_time" "$runs" "$@")
  printf '   %-34s %9s %9s %9s%s\n' "$label" "$med" "$p90" "$min" "$([ "$fails" = 0 ] || echo "  ($fails runs failed)")"
}
row "/bin/true (the floor)" /bin/true
for n in 3 10; do
  mapfile -t p < <(ports 30001 "$n")
  row "knockd's knock, $n knocks" "$theirs" 127.0.0.1 "${p[@]}"
  row "ours, $n knocks" "$ours" -q 127.0.0.1 "${p[@]}"
done
echo

# The figure to watch: in pairs, so that a busy moment of the machine weighs on both sides alike.
echo "1b. Ours/knockd's, whole-process time in $runs pairs (ratio of each pair: median, p10-p90; goal <= 1.0)"
printf '   %-34s %9s %9s %9s %13s\n' "" ours anchor ratio p10-p90
pair() {
  local label=$1; shift
  read -r a b med p10 p90 fails < <("$proc_time" --vs "$runs" "$@")
  printf '   %-34s %9s %9s %9s %13s%s\n' "$label" "$a" "$b" "$med" "$p10-$p90" \
    "$([ "$fails" = 0 ] || echo "  ($fails runs failed)")"
}
pair "3 UDP knocks, vs knockd's knock" "$ours" -q -u 127.0.0.1 30001 30002 30003 -- "$theirs" -u 127.0.0.1 30001 30002 30003
pair "3 TCP knocks, vs knockd's knock" "$ours" -q 127.0.0.1 30001 30002 30003 -- "$theirs" 127.0.0.1 30001 30002 30003
pair "knock --version, vs /bin/true" "$ours" --version -- /bin/true
echo

if [ "$capture" = no ]; then
  echo "2-3. Packet captures left out: they need root (tcpdump in a private network namespace)."
  exit 0
fi

start_capture() {  # file, filter
  tcpdump -Z root -l -n -tt -i lo "$2" > "$1" 2>/dev/null &
  cap_pid=$!
  sleep 1  # tcpdump prints nothing when it is ready; give it a moment
}
stop_capture() { sleep 0.2; kill -INT "$cap_pid"; wait "$cap_pid" 2>/dev/null || true; }

# Gap error: per run, 10 UDP knocks to ports base+run*10+i; error = |gap - delay| between consecutive knocks.
gap_stats() {  # file, delay_ms -> "p50 p99 max count" in ms
  awk -v d="$2" 'BEGIN { last_run = -1 }
    { n = split($5, a, "."); port = a[n]; sub(":", "", port); run = int((port - 40000) / 10)
      if (run == last_run) { e = ($1 - last_t) * 1000 - d; if (e < 0) e = -e; printf "%.6f\n", e }
      last_run = run; last_t = $1 }' "$1" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - - 0"; exit }
      printf "%.3f %.3f %.3f %d\n", v[int(NR * 0.5) + 1], v[int((NR - 1) * 0.99) + 1], v[NR], NR }'
}
echo "2. Inter-knock gap error from a tcpdump capture (10 UDP knocks per run, 20 runs; |gap - delay|, ms)"
printf '   %-34s %9s %9s %9s %7s\n' "" p50 p99 max gaps
for delay in 0 50; do
  for tool in knockd ours; do
    start_capture "$work/gaps.txt" "udp and dst portrange 40000-40999"
    for r in $(seq 0 19); do
      mapfile -t p < <(ports $((40000 + r * 10)) 10)
      if [ "$tool" = knockd ]; then "$theirs" -u -d "$delay" 127.0.0.1 "${p[@]}"; else "$ours" -q -u -d "$delay" 127.0.0.1 "${p[@]}"; fi
      sleep 0.05
    done
    stop_capture
    read -r p50 p99 max n < <(gap_stats "$work/gaps.txt" "$delay")
    printf '   %-34s %9s %9s %9s %7s\n' "$([ $tool = knockd ] && echo "knockd's knock" || echo ours), delay ${delay} ms" "$p50" "$p99" "$max" "$n"
  done
done
mapfile -t p < <(ports 30001 10)
read -r k_med _ < <("$proc_time" 5 "$theirs" -u -d 50 127.0.0.1 "${p[@]}")
read -r o_med _ < <("$proc_time" 5 "$ours" -q -u -d 50 127.0.0.1 "${p[@]}")
echo "   whole process, 10 knocks 50 ms apart (ideal 450 ms): knockd's knock $k_med ms, ours $o_med ms"
echo

echo "3. Packets per TCP knock over 200 knocks to ports whose SYNs are dropped (so no answer ever comes)"
nft add table inet bench
nft add chain inet bench in '{ type filter hook input priority 0; }'
nft add rule inet bench in tcp dport 41000-41999 drop
for tool in knockd ours; do
  start_capture "$work/syns.txt" "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and dst portrange 41000-41999"
  for b in $(seq 0 19); do
    mapfile -t p < <(ports $((41000 + b * 10)) 10)
    if [ "$tool" = knockd ]; then "$theirs" 127.0.0.1 "${p[@]}"; else "$ours" -q 127.0.0.1 "${p[@]}"; fi
  done
  sleep 1.5  # past the first SYN retransmission (1 s)
  stop_capture
  syns=$(grep -c ' > 127.0.0.1' "$work/syns.txt" || true)
  printf '   %-34s %4s SYNs for 200 knocks = %s per knock\n' "$([ $tool = knockd ] && echo "knockd's knock" || echo ours)" "$syns" \
    "$(awk -v s="$syns" 'BEGIN { printf "%.2f", s / 200 }')"
done
