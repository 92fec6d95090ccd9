#!/usr/bin/env bash
# Interop with the real knockd from Debian: knockd listens on lo with a TCP, a UDP and a mixed sequence, each
# door runs a command that writes a file; our knock must open every one, and the wrong order must open none.
# usage: knockd_interop_test.sh PATH/TO/knock
source "$(dirname "$0")/lib.sh"
knock=$1
enter_netns "$@"
command -v knockd >/dev/null || skip "knockd is not installed (apt-get install knockd)"

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/knockd.conf" <<CONF
[options]
  LogFile = $work/knockd.log
  Interface = lo

[tcp-door]
  sequence    = 7000:tcp,8000:tcp,9000:tcp
  seq_timeout = 5
  tcpflags    = syn
  command     = touch $work/opened-tcp-%IP%

[udp-door]
  sequence    = 7100:udp,8100:udp,9100:udp
  seq_timeout = 5
  command     = touch $work/opened-udp-%IP%

[mixed-door]
  sequence    = 1337:tcp,17954:udp
  seq_timeout = 15
  tcpflags    = syn
  command     = touch $work/opened-mixed-%IP%
CONF

knockd -i lo -c "$work/knockd.conf" -v > "$work/knockd.out" 2>&1 &
wait_for "$work/knockd.out" "listening on lo" || { cat "$work/knockd.out"; skip "knockd could not capture on lo"; }

check_door() {  # name, then knock arguments
  local name=$1; shift
  "$knock" -q "$@" || fail "knock $* exited $?"
  for _ in $(seq 100); do [ -e "$work/opened-$name-127.0.0.1" ] && break; sleep 0.05; done
  [ -e "$work/opened-$name-127.0.0.1" ] || { cat "$work/knockd.log"; fail "knockd did not open $name-door for: knock $*"; }
  echo "ok: $name-door opened by: knock $*"
}

# The wrong order first, from another source address (knockd keeps one attempt per source, and a wrong
# knock spoils it until seq_timeout): nothing may open.
"$knock" -q --source 127.0.0.2 127.0.0.1 udp:17954 tcp:1337 9000 8000 7000 7100
sleep 0.3
ls "$work" | grep -q opened- && fail "a door opened for the wrong order: $(ls "$work")"
echo "ok: the wrong order opened nothing"

check_door tcp 127.0.0.1 7000 8000 9000                       # bare ports, tcp by default
check_door udp -u -d 20 127.0.0.1 7100 8100 9100              # knockd's -u and -d flags
check_door mixed localhost -4 tcp:1337 udp:17954:text:hello   # our grammar, a payload, a name
echo "PASSED: knockd opened all three doors"
