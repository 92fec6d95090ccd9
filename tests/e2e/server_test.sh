#!/usr/bin/env bash
# End-to-end: knock-server in a private network namespace (--sandbox) with a RouterOS export, and the real
# knock client (or knockd's) run inside it once the server is ready.
#   server_test.sh BIN_DIR CASE
source "$(dirname "$0")/lib.sh"
bin=$1
case=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
ex=$root/routeros/examples
export PATH=$bin:$PATH
verify=(--verify 8291 --verify-timeout 1s --retries 0)

# The client side of each case, run by knock-server when it is ready.
if [ "${3:-}" = client ]; then
  work=$4
  case $case in
    seed)
      expect 0 knock "${verify[@]}" 127.0.0.1 tcp:1337 udp:17954
      expect 1 knock "${verify[@]}" --source 127.0.0.4 127.0.0.1 udp:17954 tcp:1337   # wrong order
      expect 1 knock "${verify[@]}" --source 127.0.0.2 127.0.0.1 udp:9                # never knocked
      expect 0 knock "${verify[@]}" 127.0.0.1 udp:9                                     # 127.0.0.1 still in
      ;;
    defconf)  # RouterOS 7's default configuration with a knock added: its loopback accept opens nothing
      expect 1 knock "${verify[@]}" --source 127.0.0.2 127.0.0.1 tcp:1337            # one knock: denied
      expect 0 knock "${verify[@]}" 127.0.0.1 tcp:1337 udp:17954                       # the sequence: granted
      ;;
    timeouts)  # a copy of the seed with a 1 s stage and 2 s of access
      expect 0 knock -q 127.0.0.1 tcp:1337
      sleep 1.3
      expect 1 knock "${verify[@]}" 127.0.0.1 udp:17954                    # the second knock came too late
      expect 0 knock "${verify[@]}" --source 127.0.0.5 -d 200 127.0.0.1 tcp:1337 udp:17954
      sleep 2.3
      expect 1 knock "${verify[@]}" --source 127.0.0.5 127.0.0.1 udp:9     # access expired
      ;;
    three-stage)
      expect 0 knock --verify 22 --retries 0 --verify-timeout 1s 127.0.0.1 tcp:888 tcp:555 tcp:222
      expect 1 knock --verify 22 --retries 0 --verify-timeout 1s --source 127.0.0.2 127.0.0.1 tcp:888 tcp:222 tcp:555
      expect 1 knock --verify 8291 --retries 0 --verify-timeout 1s --source 127.0.0.3 127.0.0.1 tcp:888 tcp:888 tcp:888
      ;;
    jump-chain)
      expect 0 knock --verify 22 --retries 0 --verify-timeout 1s 127.0.0.1 udp:7000 udp:8000 tcp:9000
      expect 1 knock --verify 22 --retries 0 --verify-timeout 1s --source 127.0.0.2 127.0.0.1 udp:7000 tcp:9000
      ;;
    payload-ipv6)
      expect 0 knock "${verify[@]}" 127.0.0.1 tcp:1337 udp:17954:text:open-sesame
      expect 1 knock "${verify[@]}" --source 127.0.0.2 127.0.0.1 tcp:1337 udp:17954:text:Open-Sesame
      expect 1 knock "${verify[@]}" [::1] tcp:1337 udp:17954                       # no payload
      expect 0 knock "${verify[@]}" ::1 tcp:1337 udp:17954:b64:b3Blbi1zZXNhbWU=
      ;;
    icmp)
      expect 0 knock "${verify[@]}" 127.0.0.1 icmp:98 icmp:222
      expect 1 knock "${verify[@]}" --source 127.0.0.2 127.0.0.1 icmp:98 icmp:223
      ;;
    knockd-client)  # knockd's own knock client against our server
      theirs=/usr/bin/knock
      [ -x /usr/bin/knock.knockd ] && theirs=/usr/bin/knock.knockd  # our .deb diverts knockd's client there
      expect 0 "$theirs" 127.0.0.1 1337:tcp 17954:udp
      expect 0 timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8291; head -n 1 <&3'
      [ "$LAST_OUTPUT" = "knock-server: access granted" ] || fail "no banner: $LAST_OUTPUT"
      ;;
    reset)
      expect 1 knock --verify 8291 --retries 0 --verify-timeout 2s 127.0.0.1 udp:9
      case $LAST_OUTPUT in *"connection refused"*) echo "ok: refused by a reset" ;; *) fail "no reset: $LAST_OUTPUT" ;; esac
      expect 0 knock --verify 8291 --retries 0 --verify-timeout 2s 127.0.0.1 udp:4000
      ;;
    keep-open)  # access lasts 3 s; the command reaches the door 5 s after the knock, so only knocking again
                # keeps it open for it
      door='sleep 5; timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/8291; head -n 1 <&3"'
      expect 0 knock --json --keep-open 1s 127.0.0.1 tcp:1337 udp:17954 -- bash -c "$door"
      case $LAST_OUTPUT in *"knock-server: access granted"*) ;; *) fail "the door was shut after 5 s: $LAST_OUTPUT" ;; esac
      rounds=$(grep -c '"event":"keep_open","status":"knocked"' <<<"$LAST_OUTPUT" || true)
      [ "$rounds" -ge 2 ] || fail "only $rounds rounds kept the door open: $LAST_OUTPUT"
      expect 124 knock --source 127.0.0.3 127.0.0.1 tcp:1337 udp:17954 -- bash -c "$door"  # knocked once
      expect 7 knock --keep-open 1s --source 127.0.0.4 127.0.0.1 tcp:1337 udp:17954 -- sh -c 'exit 7'
      # Without a command, until Ctrl-C (SIGINT), which ends it cleanly.
      expect 0 timeout --preserve-status -s INT 5.5 knock --json --keep-open 1s --source 127.0.0.5 127.0.0.1 tcp:1337 udp:17954
      rounds=$(grep -c '"event":"keep_open"' <<<"$LAST_OUTPUT" || true)
      [ "$rounds" -ge 2 ] || fail "only $rounds rounds without a command: $LAST_OUTPUT"
      # Once it keeps the door open, Ctrl-C at any moment, in a pause, a round or between the two, ends it
      # with 0 (it once killed knock when it came between them): rounds of 20 ms, interrupted at 30 moments
      # after the first round was said.
      for ms in $(seq 0 7 203); do
        knock --json --keep-open 20ms --source 127.0.0.6 127.0.0.1 udp:9 >"$work/kept.json" 2>&1 &
        pid=$!
        wait_for "$work/kept.json" '"event":"keep_open"' || fail "no keep-open round: $(cat "$work/kept.json")"
        sleep "$(printf '0.%03d' "$ms")"
        kill -INT "$pid"
        status=0
        wait "$pid" || status=$?
        [ "$status" = 0 ] || fail "Ctrl-C $ms ms after a round: exit $status: $(tail -n 3 "$work/kept.json")"
      done
      echo "ok: Ctrl-C at 30 moments of keep-open ended it with 0"
      expect 2 knock --keep-open auto 127.0.0.1 tcp:1337
      case $LAST_OUTPUT in *"--keep-open auto takes the interval from a profile"*) ;; *) fail "auto without a profile: $LAST_OUTPUT" ;; esac
      ;;
    many-sources)  # every source knocks its own sequence, interleaved with all the others
      n=${KNOCK_E2E_SOURCES:-1000}
      src() { echo "127.1.$(($1 / 200)).$(($1 % 200 + 1))"; }
      for i in $(seq 0 $((n - 1))); do knock -q --source "$(src "$i")" 127.0.0.1 tcp:1337; done
      for i in $(seq 0 $((n - 1))); do knock -q --source "$(src "$i")" 127.0.0.1 udp:17954; done
      granted=0
      for i in $(seq 0 $((n - 1))); do
        knock -q --source "$(src "$i")" "${verify[@]}" 127.0.0.1 udp:9 && granted=$((granted + 1))
      done
      echo "granted $granted of $n interleaved sources"
      [ "$granted" = "$n" ] || fail "only $granted of $n sources got in"
      ;;
    *) fail "unknown case $case" ;;
  esac
  echo "PASSED: $case (client)"
  exit 0
fi

can_make_netns || skip "cannot create a private network namespace here"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rules=$ex/seed.rsc
args=(--service 8291)
case $case in
  timeouts) sed -e 's/address-list-timeout=15s/address-list-timeout=1s/' -e 's/address-list-timeout=3h/address-list-timeout=2s/' \
              "$ex/seed.rsc" > "$work/seed-short.rsc"
            rules=$work/seed-short.rsc ;;
  three-stage) rules=$ex/three-stage-wan.rsc; args=(--service 22 --service 8291 --interface-list WAN) ;;
  jump-chain) rules=$ex/jump-chain.rsc; args=(--service 22) ;;
  defconf) rules=$ex/defconf.rsc; args=(--service winbox) ;;
  payload-ipv6) rules=$ex/payload.rsc ;;
  icmp) rules=$ex/icmp-size.rsc ;;
  knockd-client) [ -x /usr/bin/knock.knockd ] || [ -x /usr/bin/knock ] || skip "knockd's knock client is not installed (apt-get install knockd)" ;;
  reset) cat > "$work/reset.rsc" <<'RSC'
/ip firewall filter
add chain=input action=add-src-to-address-list address-list=ok address-list-timeout=1m protocol=udp dst-port=4000
add chain=input action=accept protocol=tcp dst-port=8291 src-address-list=ok
add chain=input action=reject reject-with=tcp-reset protocol=tcp dst-port=8291
RSC
         rules=$work/reset.rsc ;;
  keep-open) sed -e 's/address-list-timeout=3h/address-list-timeout=3s/' "$ex/seed.rsc" > "$work/seed-3s.rsc"
             rules=$work/seed-3s.rsc ;;
  many-sources)  # the seed with an hour per stage: the crowd's own speed (one process per knock, ~30x slower
                 # under ASan) must not decide whether a source's first knock is still remembered at its second
    sed -e 's/address-list-timeout=15s/address-list-timeout=1h/' "$ex/seed.rsc" > "$work/seed-long.rsc"
    rules=$work/seed-long.rsc
    args+=(--quiet) ;;
esac
status=0
knock-server --sandbox --rules "$rules" "${args[@]}" --json-log "$work/server.json" \
  -- bash "$0" "$bin" "$case" client "$work" || status=$?
[ -f "$work/server.json" ] && tail -n 3 "$work/server.json"
[ "$status" = 0 ] || fail "the client side failed (exit $status)"
grep -q '"event":"stopped"' "$work/server.json" || fail "the server did not stop cleanly"
case $case in
  seed)
    grep -q '"event":"service","t":[0-9.]*,"port":8291,"src":"127.0.0.2","result":"denied"' "$work/server.json" ||
      fail "the server did not log the denied connection from 127.0.0.2"
    grep -q '"result":"granted"' "$work/server.json" || fail "no granted connection in the server log" ;;
  defconf)
    grep -q '"view":{"interface":"ether1","lists":\["WAN"\],"addresses":\["198.51.100.1","2001:db8::1"\]}' \
      "$work/server.json" || fail "the rules did not see the knocks arrive on ether1 for 198.51.100.1"
    grep -q '"event":"packet","t":[0-9.]*,"src":"127.0.0.2","dst":"198.51.100.1"' "$work/server.json" ||
      fail "the rules saw the loopback address, not the router's"
    grep -q '"port":8291,"src":"127.0.0.2","result":"denied"' "$work/server.json" ||
      fail "one knock from 127.0.0.2 was not denied"
    grep -q '"port":8291,"src":"127.0.0.1","result":"granted"' "$work/server.json" ||
      fail "the whole sequence from 127.0.0.1 was not granted" ;;
  timeouts)
    grep -q '"change":"expired","list":"Save Haven","address":"127.0.0.5"' "$work/server.json" ||
      fail "the access entry did not expire on time" ;;
esac
echo "PASSED: $case"
