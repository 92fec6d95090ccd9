#!/usr/bin/env bash
# knock.exe, cross-compiled with mingw-w64, run under Wine against knock-server on loopback: the knocks must be
# seen and judged by the server, access verified, and saved profiles (the Windows lock, atomic replace and
# %APPDATA%, and a sequence sealed with libsodium) must work as on Linux.
#   windows_test.sh SERVER_BIN_DIR KNOCK_EXE
source "$(dirname "$0")/lib.sh"
bin=$(realpath "$1")
exe=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)

if [ "${3:-}" = client ]; then  # run by knock-server, in its private network namespace, once it is ready
  work=$4
  export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  win() { "$wine" "$exe" "$@" 2>&1 | tr -d '\r'; }  # Windows ends its lines with CR LF
  wine=$5
  "$wine" wineboot --init > "$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log"; fail "Wine could not make a prefix"; }
  expect 0 win -V
  [ "$LAST_OUTPUT" = "knock $("$bin/knock" -V | cut -d' ' -f2)" ] || fail "knock.exe -V says '$LAST_OUTPUT'"
  verify=(--verify 8291 --verify-timeout 1s --retries 0)
  expect 0 win --json "${verify[@]}" -d 100 127.0.0.1 tcp:1337 udp:17954
  grep -q '"event":"done","status":"granted"' <<<"$LAST_OUTPUT" || fail "no granted done event: $LAST_OUTPUT"
  # Wine binds a UDP socket given a source address to the interface instead (for broadcasts), so its datagrams
  # leave from 127.0.0.1 whatever --source says: only TCP knocks can play another loopback host here.
  expect 1 win "${verify[@]}" --source 127.0.0.4 127.0.0.1 tcp:17954 tcp:1337   # wrong port, then the first
  expect 2 win 192.0.2.1 tcp:1337   # KNOCK_LOOPBACK_ONLY reaches the Windows program too
  expect 2 win 127.0.0.1 tcp:70000

  # A saved profile in %APPDATA%, its sequence sealed with a passphrase, knocked over IPv6 (a fresh source).
  unset KNOCK_CONFIG_DIR
  export KNOCK_PASSPHRASE=correct-horse
  expect 0 win profile add office --host ::1 --sequence "tcp:1337 udp:17954" --verify 8291 --encrypt
  expect 0 win profile edit office --retries 0 --verify-timeout 1s
  store=$(find "$WINEPREFIX/drive_c/users" -path '*/AppData/Roaming/knock/profiles.toml' | head -1)
  [ -n "$store" ] || fail "no profiles.toml under %APPDATA%\\knock"
  [ -f "$store.bak" ] || fail "the second write kept no backup"
  ! grep -q 17954 "$store" || fail "the sealed sequence is readable in $store"
  expect 0 win profile list
  grep -q "office.*(sealed)" <<<"$LAST_OUTPUT" || fail "profile list: $LAST_OUTPUT"
  KNOCK_PASSPHRASE=wrong expect 5 win @office
  expect 0 win @office
  expect 0 win profile rm office
  # Two writers at once: LockFileEx serialises them and MoveFileEx replaces the file whole; none is lost.
  writer() { for i in $(seq 1 12); do win profile add "$1-$i" --host 127.0.0.1 --sequence tcp:1 >/dev/null || return 1; done; }
  writer a & a=$!
  writer b & b=$!
  wait $a || fail "writer a failed"
  wait $b || fail "writer b failed"
  expect 0 win profile list --names
  [ "$(grep -c . <<<"$LAST_OUTPUT")" = 24 ] || fail "24 profiles written at once, $(grep -c . <<<"$LAST_OUTPUT") kept"
  echo "PASSED: knock.exe under Wine (client)"
  exit 0
fi

[ -x "$exe" ] || [ -f "$exe" ] || skip "knock.exe is not built (./run test builds it when mingw-w64 is installed)"
wine=$(command -v wine64 || command -v wine || true)
[ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64
[ -n "$wine" ] || skip "Wine is not installed (apt-get install wine64)"
can_make_netns || skip "cannot create a private network namespace here"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
# The seed's rules, and their IPv6 twin.
{ cat "$root/routeros/examples/seed.rsc"; cat <<'RSC'; } > "$work/seed-dual.rsc"
/ipv6 firewall filter
add action=add-src-to-address-list address-list=knock-knock address-list-timeout=15s chain=input dst-port=1337 protocol=tcp
add action=add-src-to-address-list address-list="Save Haven" address-list-timeout=3h chain=input dst-port=17954 protocol=udp src-address-list=knock-knock
add action=accept chain=input src-address-list="Save Haven"
add action=drop chain=input
RSC
"$bin/knock-server" --sandbox --rules "$work/seed-dual.rsc" --service 8291 --json-log "$work/server.json" \
  -- bash "$0" "$bin" "$exe" client "$work" "$wine" || status=$?
WINEPREFIX=$work/wine "$(dirname "$wine")/wineserver" -k 2>/dev/null || true
[ "$status" = 0 ] || { tail -n 5 "$work/server.json"; fail "the Windows client side failed (exit $status)"; }
log=$work/server.json
granted() { grep -q "\"event\":\"service\",\"t\":[0-9.]*,\"port\":8291,\"src\":\"$1\",\"result\":\"granted\"" "$log"; }
granted 127.0.0.1 || fail "the server did not grant 127.0.0.1 (knock.exe's IPv4 knocks were not seen)"
granted ::1 || fail "the server did not grant ::1 (the profile's IPv6 knocks were not seen)"
grep -q '"event":"service","t":[0-9.]*,"port":8291,"src":"127.0.0.4","result":"denied"' "$log" ||
  fail "the server did not deny 127.0.0.4, which knocked in the wrong order"
echo "PASSED: knock.exe under Wine against knock-server"
