#!/usr/bin/env bash
# knock-gui.exe (./run windows-gui) as a Windows user meets it: under Wine, on an X server of its own (Xvfb),
# against knock-server on loopback. Two rounds, each with a fresh server and Wine prefix:
#   window: the GUI tests' editors and main window on Qt's windows platform (the real window, painted by Wine),
#           knocking the server; their screenshots go to WINDOWS_BUILD_DIR/artifacts/wine/.
#   program: knock-gui.exe --knock lab, the one click of a desktop shortcut: the profile (written by knock.exe
#           into %APPDATA%\knock, which both share) knocks, the server grants it, and the program it launches
#           runs with the address (knock.exe again, adding a profile knock-gui then shows); a screenshot of the
#           whole screen.
#   windows_gui_test.sh SERVER_BIN_DIR WINDOWS_BUILD_DIR
source "$(dirname "$0")/lib.sh"
bin=$(realpath "$1")
build=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
artifacts=$build/artifacts/wine

# An X server for this round (inside the server's network namespace, so its abstract socket is private too).
start_x() {
  local fd_file=$work/display
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$fd_file" 2> "$work/xvfb.log" &
  xvfb=$!
  for _ in $(seq 100); do [ -s "$fd_file" ] && break; sleep 0.05; done
  [ -s "$fd_file" ] || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
  export DISPLAY=:$(cat "$fd_file")
}

if [ "${3:-}" = client ]; then  # run by knock-server, in its private network namespace, once it is ready
  round=$4 work=$5 wine=$6
  export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  start_x  # before the prefix is made: made without a display, its programs draw no text
  trap 'kill $xvfb 2>/dev/null || true' EXIT
  "$wine" wineboot --init > "$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log"; fail "Wine could not make a prefix"; }
  mkdir -p "$artifacts"
  case $round in
    window)
      rm -f "$artifacts"/*.png  # only this run's pictures count
      KNOCK_TEST_SERVER_LOG=$work/server.json KNOCK_ARTIFACTS_DIR=$artifacts QT_QPA_PLATFORM=windows \
        "$wine" "$build/bin/gui_tests.exe" --gtest_filter='ProfileEditor.*:MainWindow.*' > "$work/gui_tests.log" 2>&1 ||
        { tr -d '\r' < "$work/gui_tests.log"; fail "the GUI tests failed on the windows platform"; }
      tr -d '\r' < "$work/gui_tests.log" | grep -E '^\[ +(OK|SKIPPED|PASSED) '
      ! grep -q SKIPPED "$work/gui_tests.log" || fail "a GUI test skipped on the windows platform"
      for shot in main-window editor editor-one-time routeros-tab; do
        [ -s "$artifacts/$shot.png" ] || fail "no screenshot $shot.png"
      done
      echo "ok: the window and the editors on Qt's windows platform; screenshots in $artifacts"
      ;;
    program)
      knock_exe="Z:${build//\//\\}\\bin\\knock.exe"  # Wine's Z: is the Unix root
      win() { "$wine" "$build/bin/knock.exe" "$@" 2>&1 | tr -d '\r'; }
      expect 0 win profile add lab --host 127.0.0.1 --sequence "tcp:1337 udp:17954" --verify 8291 --retries 0 \
        --launch "'$knock_exe' profile add launched --host {ip} --sequence tcp:1"
      store=$(find "$WINEPREFIX/drive_c/users" -path '*/AppData/Roaming/knock/profiles.toml' | head -1)
      [ -n "$store" ] || fail "knock.exe wrote no %APPDATA%\\knock\\profiles.toml"
      "$wine" "$build/bin/knock-gui.exe" --knock lab > "$work/gui.log" 2>&1 &
      gui=$!
      launched() { grep -q '^\[profiles\.launched\]' "$store"; }  # the launch command names it too
      for _ in $(seq 600); do launched && break; sleep 0.1; done
      launched || { tr -d '\r' < "$work/gui.log"; fail "knock-gui.exe --knock lab launched nothing within 60 s"; }
      grep -q '127.0.0.1' <(win profile show launched) || fail "the launched program did not get the address"
      sleep 2  # the window shows the new profile (it follows the file) and the knock's outcome
      import -window root "$artifacts/knock-gui.png" || fail "no screenshot of the screen"
      kill $gui 2>/dev/null || true
      echo "ok: knock-gui.exe --knock lab knocked, and launched its program with the address"
      ;;
  esac
  "$(dirname "$wine")/wineserver" -k 2>/dev/null || true
  exit 0
fi

[ -f "$build/bin/knock-gui.exe" ] || skip "knock-gui.exe is not built (./run windows-gui builds it)"
wine=$(command -v wine64 || command -v wine || true)
[ -x /usr/lib/wine/wine64 ] && wine=/usr/lib/wine/wine64
[ -n "$wine" ] || skip "Wine is not installed (apt-get install wine64)"
command -v Xvfb >/dev/null || skip "Xvfb is not installed (apt-get install xvfb)"
command -v import >/dev/null || skip "ImageMagick's import is not installed (apt-get install imagemagick)"
can_make_netns || skip "cannot create a private network namespace here"
for round in window program; do
  work=$(mktemp -d)
  status=0
  "$bin/knock-server" --sandbox --rules "$root/routeros/examples/seed.rsc" --service 8291 --json-log "$work/server.json" \
    -- bash "$0" "$bin" "$build" client "$round" "$work" "$wine" || status=$?
  [ "$status" = 0 ] || { tail -n 5 "$work/server.json"; rm -rf "$work"; fail "the $round round failed (exit $status)"; }
  grep -q '"event":"service","t":[0-9.]*,"port":8291,"src":"127.0.0.1","result":"granted"' "$work/server.json" ||
    { rm -rf "$work"; fail "the server granted nothing in the $round round"; }
  rm -rf "$work"
done
echo "PASSED: knock-gui.exe under Wine against knock-server"
