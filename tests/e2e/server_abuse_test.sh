#!/usr/bin/env bash
# knock-server under abuse, in a private network namespace: random and truncated frames, a flood from
# 100 000 sources, a knock storm while entries expire (1 s stages) — no crash, bounded memory (the
# --max-sources cap evicts, and says so), and a legitimate client still gets in during the flood.
#   server_abuse_test.sh BIN_DIR
source "$(dirname "$0")/lib.sh"
bin=$1
export PATH=$bin:$PATH

if [ "${2:-}" = client ]; then
  work=$3
  server=$PPID
  knockgen --garbage 20000
  knockgen --sources 100000 --ports 7000,8000 --rate 60000 > "$work/flood.txt" &
  flood=$!
  sleep 0.5
  expect 0 knock --verify 8291 --verify-timeout 2s --retries 3 --reknock 127.0.0.1 udp:7000 udp:8000
  wait "$flood"
  echo "flood: $(cat "$work/flood.txt") (packets, seconds, rate)"
  sleep 1.5  # the 1 s stage entries of the storm expire now
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
add chain=input action=add-src-to-address-list address-list=open address-list-timeout=30s protocol=udp dst-port=8000 src-address-list=stage
add chain=input action=add-src-to-address-list address-list=stage address-list-timeout=1s protocol=udp dst-port=7000
add chain=input action=accept protocol=tcp dst-port=8291 src-address-list=open
add chain=input action=drop protocol=tcp dst-port=8291
RSC
status=0
knock-server --sandbox --quiet --max-sources 60000 --rules "$work/abuse.rsc" --service 8291 --json-log "$work/server.json" \
  -- bash "$0" "$bin" client "$work" || status=$?
tail -n 1 "$work/server.json"
[ "$status" = 0 ] || fail "the client side failed (exit $status)"
grep -q '"event":"stopped"' "$work/server.json" || fail "the server did not stop cleanly"
evicted=$(grep -o '"evicted":[0-9]*' "$work/server.json" | tail -n 1 | cut -d: -f2)
[ "${evicted:-0}" -gt 0 ] || fail "the source cap never evicted anything"
grep -q '"change":"expired"' "$work/server.json" || fail "no entry expired during the storm"
grep -q '"result":"granted"' "$work/server.json" || fail "the legitimate client was not granted"
echo "PASSED: abuse ($evicted entries evicted under the cap)"
