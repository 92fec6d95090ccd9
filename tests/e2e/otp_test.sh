#!/usr/bin/env bash
# End-to-end, one-time knocks: knock-server in a private network namespace (--sandbox) runs the layer that
# knock routeros rules --otp prints (its poller on the server's clock), and the real knock --otp client
# knocks. Every case decides on the server's log and the client's exit status.
#   otp_test.sh BIN_DIR CASE        CASE: genuine, replay, clock, many
source "$(dirname "$0")/lib.sh"
bin=$1
case=$2
export PATH=$bin:$PATH
verify=(--verify 8291 --verify-timeout 1s --retries 3 --reknock)

# Waits until the poller armed window $2 or a later one (the log says "window N armed"), at most ~60 s.
wait_armed() {
  local log=$1 want=$2
  for _ in $(seq 600); do
    local last
    last=$(grep -o 'knock-otp: window [0-9]* armed' "$log" | tail -n 1 | grep -o '[0-9][0-9]*' || true)
    [ -n "$last" ] && [ "$last" -ge "$want" ] && return 0
    sleep 0.1
  done
  fail "the poller never armed window $want"
}
# The first window whose knocks count: the one after the import (the log's first "armed" line).
first_window() {
  wait_armed "$1" 0
  echo $(($(grep -o 'knock-otp: window [0-9]* armed' "$1" | head -n 1 | grep -o '[0-9][0-9]*') + 1))
}
denied_from() {  # a connection from $2 to the protected port, after a knock that is no part of the layer
  expect 1 knock --source "$2" --verify 8291 --verify-timeout 1s --retries 2 127.0.0.1 udp:9
  if grep -q "let in $2" "$1"; then fail "the server let $2 in"; fi
}

replayed() {  # the server saw the token datagram come again from $2
  wait_for "$1" '"src":"'"$2"'","dst":"198.51.100.1","packet":"udp [^"]*32-byte payload' ||
    fail "the server never saw the replay from $2"
}

if [ "${3:-}" = client ]; then
  work=$4
  log=$work/server.json
  verify+=(--otp-window "$(cat "$work/window")")
  wait_armed "$log" "$(first_window "$log")"
  case $case in
    genuine)
      expect 0 knock "${verify[@]}" --otp "$work/alice.key" 127.0.0.1
      grep -q 'knock-otp: alice let in 127.0.0.1 for' "$log" || fail "no grant in the server log"
      expect 1 knock "${verify[@]}" --source 127.0.0.3 --otp "$work/mallory.key" 127.0.0.1  # a wrong secret
      if grep -q 'let in 127.0.0.3' "$log"; then fail "a wrong secret was let in"; fi
      ;;
    replay)  # a sniffer's capture, replayed byte for byte from other addresses
      tcpdump -i lo -U -w "$work/knock.pcap" 'udp or (tcp[tcpflags] & tcp-syn != 0)' 2>"$work/tcpdump.err" &
      dump=$!
      for _ in $(seq 100); do grep -q 'listening on' "$work/tcpdump.err" && break; sleep 0.05; done
      expect 0 knock "${verify[@]}" --otp "$work/alice.key" 127.0.0.1
      kill -INT "$dump"
      wait "$dump" || true
      window=$(grep -o 'alice let in 127.0.0.1 for [^ ]* (window [0-9]*' "$log" | grep -o '[0-9]*$')
      [ -n "$window" ] || fail "no grant in the server log"
      knockgen --replay "$work/knock.pcap" --source 127.0.0.2
      replayed "$log" 127.0.0.2
      denied_from "$log" 127.0.0.2
      wait_armed "$log" $((window + 2))  # the captured window is gone: its slot holds another knock
      knockgen --replay "$work/knock.pcap" --source 127.0.0.4
      replayed "$log" 127.0.0.4
      denied_from "$log" 127.0.0.4
      ;;
    clock)  # the server's clock is 40 s behind: this client is 40 s ahead
      expect 1 knock --verify 8291 --verify-timeout 1s --retries 1 --otp "$work/alice.key" --otp-window 10s 127.0.0.1
      case $LAST_OUTPUT in *clock*) echo "ok: the client names the clock" ;; *) fail "no word of the clock: $LAST_OUTPUT" ;; esac
      if grep -q 'let in 127.0.0.1' "$log"; then fail "a knock 40 s ahead was let in"; fi
      expect 0 knock "${verify[@]}" --otp "$work/alice.key" --clock-offset=-40s 127.0.0.1
      ;;
    many)  # every client with its own secret, from its own address, all at once
      n=${KNOCK_E2E_OTP_CLIENTS:-50}
      pids=()
      for i in $(seq 1 "$n"); do
        knock "${verify[@]}" --source "127.0.3.$i" --otp "$work/c$i.key" 127.0.0.1 >"$work/c$i.out" 2>&1 &
        pids+=($!)
      done
      failed=0
      for i in $(seq 1 "$n"); do wait "${pids[$((i - 1))]}" || { failed=$((failed + 1)); cat "$work/c$i.out"; }; done
      [ "$failed" = 0 ] || fail "$failed of $n clients were not let in"
      [ "$(grep -c 'knock-otp: c[0-9]* let in 127.0.3.' "$log")" -ge "$n" ] || fail "fewer than $n grants logged"
      ;;
    *) fail "unknown case $case" ;;
  esac
  echo "PASSED: $case (client)"
  exit 0
fi

can_make_netns || skip "cannot create a private network namespace here"
[ "$case" != replay ] || command -v tcpdump >/dev/null || skip "tcpdump is not installed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
window=5s
args=(--quiet)
keys=(--otp "$work/alice.key")
knock otp init "$work/alice.key" >/dev/null
knock otp init "$work/mallory.key" >/dev/null
case $case in
  clock) window=10s; args+=(--clock-offset=-40s) ;;
  replay) args=() ;;  # every packet logged: the replays must be seen
  many)
    keys=()
    for i in $(seq 1 "${KNOCK_E2E_OTP_CLIENTS:-50}"); do
      knock otp init "$work/c$i.key" >/dev/null
      keys+=(--otp "$work/c$i.key")
    done ;;
esac
echo "$window" >"$work/window"
knock routeros rules "${keys[@]}" --otp-window "$window" --protect tcp:8291 >"$work/layer.rsc" 2>/dev/null
status=0
knock-server --sandbox --rules "$work/layer.rsc" --service 8291 "${args[@]}" --json-log "$work/server.json" \
  -- bash "$0" "$bin" "$case" client "$work" || status=$?
grep '"event":"script"' "$work/server.json" | grep -v '"debug"' | tail -n 5 || true
[ "$status" = 0 ] || fail "the client side failed (exit $status)"
grep -q '"event":"stopped"' "$work/server.json" || fail "the server did not stop cleanly"
if grep -q '"event":"error"' "$work/server.json"; then fail "the server logged an error"; fi
echo "PASSED: otp $case"
