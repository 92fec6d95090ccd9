#!/usr/bin/env bash
# knock-gui --knock NAME, the one click of a desktop shortcut, as the program ships: against knock-server on
# loopback, the profile knocks, the server grants it, and the program the profile launches runs with the
# address (knock itself, adding a profile the window then shows). Qt's offscreen platform; Windows has the same
# round under Wine in e2e.windows-gui.
#   gui_knock_test.sh BIN_DIR
source "$(dirname "$0")/lib.sh"
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)

if [ "${2:-}" = client ]; then  # run by knock-server, in its private network namespace, once it is ready
  work=$3
  export KNOCK_CONFIG_DIR=$work/config QT_QPA_PLATFORM=offscreen
  expect 0 "$bin/knock" profile add lab --host 127.0.0.1 --sequence "tcp:1337 udp:17954" --verify 8291 \
    --retries 0 --launch "'$bin/knock' profile add launched --host {ip} --sequence tcp:1"
  expect 2 "$bin/knock-gui" --knock
  "$bin/knock-gui" --knock lab > "$work/gui.log" 2>&1 &
  gui=$!
  launched() { grep -q '^\[profiles\.launched\]' "$KNOCK_CONFIG_DIR/profiles.toml"; }
  for _ in $(seq 300); do launched && break; sleep 0.1; done
  kill $gui 2>/dev/null || true
  wait $gui 2>/dev/null || true
  launched || { cat "$work/gui.log"; fail "knock-gui --knock lab launched nothing within 30 s"; }
  expect 0 "$bin/knock" profile show launched
  grep -q 127.0.0.1 <<<"$LAST_OUTPUT" || fail "the launched program did not get the address: $LAST_OUTPUT"
  exit 0
fi

[ -x "$bin/knock-gui" ] || skip "knock-gui is not built"
can_make_netns || skip "cannot create a private network namespace here"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$bin/knock-server" --sandbox --rules "$root/routeros/examples/seed.rsc" --service 8291 --json-log "$work/server.json" \
  -- bash "$0" "$bin" client "$work" || status=$?
[ "$status" = 0 ] || { tail -n 5 "$work/server.json"; fail "the client side failed (exit $status)"; }
grep -q '"event":"service","t":[0-9.]*,"port":8291,"src":"127.0.0.1","result":"granted"' "$work/server.json" ||
  fail "the server granted nothing"
echo "PASSED: knock-gui --knock against knock-server"
