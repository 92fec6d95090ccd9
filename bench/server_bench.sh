#!/usr/bin/env bash
# knock-server beside knockd on the same generated traffic (UDP doors 7000, 8000, 9000; no commands run),
# in a private network namespace: sequences recognised and loss at rising packet rates, CPU per packet as
# tracked sources grow, memory per tracked source, interleaved sources, and a valgrind leak check after a
# flood and SIGTERM. Prints figures; passes or fails on nothing.
#   bash bench/server_bench.sh [--quick]
source "$(dirname "$0")/lib.sh"
enter_bench_netns "$@"
quick=${1:-}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/doors.rsc" <<'RSC'
/ip firewall filter
add chain=input action=add-src-to-address-list address-list=open address-list-timeout=1h protocol=udp dst-port=9000 src-address-list=stage2
add chain=input action=add-src-to-address-list address-list=stage2 address-list-timeout=30s protocol=udp dst-port=8000 src-address-list=stage1
add chain=input action=add-src-to-address-list address-list=stage1 address-list-timeout=30s protocol=udp dst-port=7000
RSC
cat > "$work/knockd.conf" <<CONF
[options]
  LogFile = $work/knockd.log
  Interface = lo
[door]
  sequence    = 7000:udp,8000:udp,9000:udp
  seq_timeout = 30
CONF

cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }  # nanoseconds on a CPU
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }

start_ours() {  # extra args...
  : > "$work/ours.json"
  "$bin/knock-server" --rules "$work/doors.rsc" --quiet --max-sources 10000000 --json-log "$work/ours.json" "$@" &
  pid=$!
  for _ in $(seq 200); do grep -q '"ready"' "$work/ours.json" 2>/dev/null && return; sleep 0.02; done
  echo "knock-server did not start"; exit 1
}
stop_ours() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; }
recognised_ours() { grep -c '"change":"added","list":"open"' "$work/ours.json" || true; }
start_knockd() {
  : > "$work/knockd.log"
  knockd -i lo -c "$work/knockd.conf" > /dev/null 2>&1 &
  pid=$!
  for _ in $(seq 200); do grep -q listening "$work/knockd.log" 2>/dev/null && return; sleep 0.02; done
  echo "knockd did not start"; exit 1
}
stop_knockd() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; }
recognised_knockd() { grep -c 'OPEN SESAME' "$work/knockd.log" || true; }
settle() {  # until the log stops growing (the server has caught up)
  local last=-1 now
  for _ in $(seq 100); do
    now=$(stat -c %s "$1"); [ "$now" = "$last" ] && return; last=$now; sleep 0.2
  done
}

echo "knock-server benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; knockd $(dpkg-query -W -f='${Version}' knockd 2>/dev/null)"
echo
echo "1. Sequences recognised at rising rates (3 UDP knocks per source, sources one after another, 1 s of traffic)"
printf '   %10s %10s   %-24s %-24s\n' "rate pps" sequences "knockd: found (loss)" "knock-server: found (loss)"
rates="2000 20000 50000 100000 200000"
[ "$quick" = --quick ] && rates="2000 20000"
for rate in $rates; do
  sources=$((rate / 3))
  [ "$sources" -lt 1000 ] && sources=1000
  line=""
  for who in knockd ours; do
    if [ $who = knockd ]; then start_knockd; log=$work/knockd.log; else start_ours; log=$work/ours.json; fi
    read -r sent secs achieved < <("$bin/knockgen" --sources "$sources" --ports 7000,8000,9000 --rate "$rate")
    settle "$log"
    if [ $who = knockd ]; then found=$(recognised_knockd); stop_knockd; else found=$(recognised_ours); stop_ours; fi
    line+=$(printf '%-26s' "$found ($(awk -v f="$found" -v n="$sources" 'BEGIN { printf "%.1f%%", 100 * (1 - f / n) }'))")
  done
  printf '   %10s %10s   %s   (sent at %s pps)\n' "$rate" "$sources" "$line" "$achieved"
done
echo

echo "2. Interleaved sources: every source knocks 1, then every source knocks 2, then 3"
for n in 10 1000; do
  start_knockd; "$bin/knockgen" --sources "$n" --ports 7000,8000,9000 --interleave --rate 20000 > /dev/null
  settle "$work/knockd.log"; k=$(recognised_knockd); stop_knockd
  start_ours; "$bin/knockgen" --sources "$n" --ports 7000,8000,9000 --interleave --rate 20000 > /dev/null
  settle "$work/ours.json"; o=$(recognised_ours); stop_ours
  printf '   %5s sources: knockd recognises %s, knock-server %s\n' "$n" "$k" "$o"
done
echo

echo "3. knock-server CPU per packet and memory as tracked sources grow (50 000 pps)"
printf '   %10s %14s %18s %18s\n' sources "CPU ns/packet" "RSS bytes/source" "bytes/list entry"
counts="1000 10000 100000"
[ "$quick" = --quick ] && counts="1000 10000"
for n in $counts; do
  start_ours
  rss0=$(rss_kb "$pid"); cpu0=$(cpu_ns "$pid")
  read -r sent _ < <("$bin/knockgen" --sources "$n" --ports 7000,8000,9000 --rate 50000)
  settle "$work/ours.json"
  rss1=$(rss_kb "$pid"); cpu1=$(cpu_ns "$pid")
  found=$(recognised_ours)
  stop_ours
  awk -v c0="$cpu0" -v c1="$cpu1" -v p="$sent" -v r0="$rss0" -v r1="$rss1" -v n="$n" -v f="$found" \
    'BEGIN { printf "   %10d %14.0f %18.0f %18.0f   (%d recognised)\n", n, (c1 - c0) / p, (r1 - r0) * 1024 / n, (r1 - r0) * 1024 / (3 * n), f }'
done
echo "   (CPU: the server's own time on a core from /proc/PID/schedstat, capture wake-ups, evaluation and the"
echo "   JSON log line of each list change included; memory: RSS growth, 3 list entries per source)"
echo

echo "4. Leaks: knock-server under valgrind, a flood of 30 000 packets, then SIGTERM"
if command -v valgrind > /dev/null; then
  : > "$work/ours.json"
  valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --log-file="$work/vg.txt" \
    "$bin/knock-server" --rules "$work/doors.rsc" --quiet --json-log "$work/ours.json" &
  pid=$!
  for _ in $(seq 500); do grep -q '"ready"' "$work/ours.json" 2>/dev/null && break; sleep 0.05; done
  "$bin/knockgen" --sources 10000 --ports 7000,8000,9000 --rate 10000 > /dev/null
  settle "$work/ours.json"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  grep -E 'definitely lost|indirectly lost|ERROR SUMMARY' "$work/vg.txt" | sed 's/^==[0-9]*== /   /'
  echo "   recognised under valgrind: $(recognised_ours) of 10000"
else
  echo "   valgrind is not installed"
fi
