#!/usr/bin/env bash
# Leaks: valgrind over the knock CLI (help, a dry run, real knocks with verify and launch refusal, bad
# input, RouterOS check, profiles with a sealed secret) and over a knock-server run with a client and a
# flood, ended by its command. Definitely or indirectly lost must be 0 bytes.
#   leaks_test.sh BIN_DIR
source "$(dirname "$0")/lib.sh"
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v valgrind >/dev/null || skip "valgrind is not installed"
enter_netns "$@"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export KNOCK_CONFIG_DIR=$work/config KNOCK_PASSPHRASE=pw
vg() {  # expected-exit COMMAND...
  local want=$1; shift
  local status=0
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    --log-file="$work/vg.txt" "$@" > "$work/out.txt" 2>&1 || status=$?
  if [ "$status" = 99 ] || grep -qE 'definitely lost: [1-9]|indirectly lost: [1-9]|Invalid (read|write)' "$work/vg.txt"; then
    cat "$work/vg.txt"; fail "valgrind found leaks or errors in: $*"
  fi
  [ "$status" = "$want" ] || { cat "$work/out.txt"; fail "expected exit $want, got $status: $*"; }
  echo "clean ($status): $*"
}
vg 0 "$bin/knock" --help
vg 0 "$bin/knock" --dry-run --verify 22 localhost tcp:1337 udp:17954 -- ssh admin@{ip}
vg 1 "$bin/knock" -v --verify 9 --retries 1 --verify-timeout 100ms 127.0.0.1 tcp:1337 udp:17954:text:x icmp:98
vg 0 "$bin/knock" --json ::1 udp:9 connect:9  # a refused connect step is still a knock
vg 2 "$bin/knock" 127.0.0.1 tcp:0
vg 3 "$bin/knock" no-such-host.invalid tcp:1
vg 1 "$bin/knock" routeros check "$root/routeros/examples/seed.rsc" udp:17954 tcp:1337
vg 0 "$bin/knock" routeros rules tcp:1 udp:2 --protect 22 --ipv6 --anti-scan
vg 0 "$bin/knock" profile add s --host 127.0.0.1 --sequence "udp:4000 udp:5000" --encrypt --verify 9
vg 0 "$bin/knock" profile show s --show-secrets --json
vg 0 "$bin/knock" profile list
vg 1 "$bin/knock" @s --retries 0 --verify-timeout 100ms -q

# The server: capture, gates, resets, expiry, then stopped by the end of its command.
cat > "$work/rules.rsc" <<'RSC'
/ip firewall filter
add chain=input action=add-src-to-address-list address-list=ok address-list-timeout=1s protocol=udp dst-port=4000
add chain=input action=accept protocol=tcp dst-port=8291 src-address-list=ok
add chain=input action=reject reject-with=tcp-reset protocol=tcp dst-port=8291
RSC
cat > "$work/client.sh" <<SH
"$bin/knock" --verify 8291 --retries 2 127.0.0.1 udp:4000 || exit 1
"$bin/knock" --verify 8291 --retries 0 --source 127.0.0.2 127.0.0.1 udp:9 && exit 1
"$bin/knockgen" --sources 3000 --ports 4000,5000 --rate 20000 >/dev/null
sleep 1.3
exit 0
SH
vg 0 "$bin/knock-server" --quiet --rules "$work/rules.rsc" --service 8291 -- bash "$work/client.sh"
echo "PASSED: no leaks"
