#!/usr/bin/env bash
# knock-server under abuse, in a private network namespace: random and truncated frames, entries that expire
# (1 s), a flood from 100 000 sources past the --max-sources cap — no crash, bounded memory (the cap evicts,
# and says so), and a legitimate client still gets in during the flood.
# Every step waits for what the server logged, never for a time that a fast machine would need: the expiring
# entries are waited for on the server's own clock; the cap is passed whatever share of the flood the capture
# keeps (it holds 20 000 of 100 000 sources, whose entries outlive the test); the client's lists outlive the
# flood's, so the cap evicts flood entries first.
#   server_abuse_test.sh BIN_DIR
source "$(dirname "$0")/lib.sh"
bin=$1
export PATH=$bin:$PATH

# wait_log PATTERN: until a line of the server's JSON log matches (at most 2 minutes).
wait_log() {
  for _ in $(seq 1200); do
    grep -q -- "$1" "$log" && return 0
    sleep 0.1
  done
  return 1
}

if [ "${2:-}" = client ]; then
  work=$3 log=$3/server.json server=$PPID
  knockgen --garbage 20000
  knockgen --sources 100 --ports 6000 >/dev/null
  wait_log '"change":"expired","list":"brief"' || fail "no 1 s entry expired"
  echo "ok: 1 s entries expired"
  knockgen --sources 100000 --ports 7000 --rate 50000 > "$work/flood.txt" &
  flood=$!
  wait_log '"change":"evicted (--max-sources)"' || fail "the source cap never evicted anything"
  expect 0 knock --verify 8291 --verify-timeout 2s --retries 3 --reknock 127.0.0.1 udp:7100 udp:8000
  wait "$flood"
  echo "flood: $(cat "$work/flood.txt") (packets, seconds, rate)"
  # The capture reads in order: once this knock is logged, the server has been through all of the flood.
  knock -q --source 127.0.0.2 127.0.0.1 udp:6600
  wait_log '"list":"done","address":"127.0.0.2"' || fail "the server never got through the flood"
  kb=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
  echo "knock-server peak memory: ${kb} KiB"
  [ "$kb" -lt "${KNOCK_E2E_MAX_RSS_KB:-400000}" ] || fail "knock-server grew to ${kb} KiB"
  kill -0 "$server" || fail "knock-server died"
  echo "PASSED: abuse (client)"
  exit 0
fi

can_make_netns || skip "cannot create a private network namespace here"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/abuse.rsc" <<'RSC'
/ip firewall filter
add chain=input action=add-src-to-address-list address-list=brief address-list-timeout=1s protocol=udp dst-port=6000
add chain=input action=add-src-to-address-list address-list=done address-list-timeout=1h protocol=udp dst-port=6600
add chain=input action=add-src-to-address-list address-list=flood address-list-timeout=1h protocol=udp dst-port=7000
add chain=input action=add-src-to-address-list address-list=open address-list-timeout=1d protocol=udp dst-port=8000 src-address-list=stage
add chain=input action=add-src-to-address-list address-list=stage address-list-timeout=1d protocol=udp dst-port=7100
add chain=input action=accept protocol=tcp dst-port=8291 src-address-list=open
add chain=input action=drop protocol=tcp dst-port=8291
RSC
status=0
knock-server --sandbox --quiet --max-sources 20000 --rules "$work/abuse.rsc" --service 8291 --json-log "$work/server.json" \
  -- bash "$0" "$bin" client "$work" || status=$?
tail -n 1 "$work/server.json"
[ "$status" = 0 ] || fail "the client side failed (exit $status)"
grep -q '"event":"stopped"' "$work/server.json" || fail "the server did not stop cleanly"
evicted=$(grep -o '"evicted":[0-9]*' "$work/server.json" | tail -n 1 | cut -d: -f2)
[ "${evicted:-0}" -gt 0 ] || fail "the stopped line counts no eviction"
grep -q '"result":"granted"' "$work/server.json" || fail "the legitimate client was not granted"
echo "PASSED: abuse ($evicted entries evicted under the cap)"
