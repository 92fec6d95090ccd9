#!/usr/bin/env bash
# The Windows installer as a Windows user meets it: CPack's NSIS installer for the cross-built knock.exe (and
# knock-gui.exe, when it is built), run silently under Wine, then the installed programs, then the uninstaller,
# which must leave nothing.
#   windows_installer_test.sh WINDOWS_BUILD_DIR WINE
source "$(dirname "$0")/lib.sh"
build=$(realpath "$1")
wine=$2
command -v makensis >/dev/null || skip "makensis is not installed (apt-get install nsis)"
[ -n "${WINEPREFIX:-}" ] || skip "WINEPREFIX is not set (./run test sets it)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpack --config "$build/CPackConfig.cmake" -G NSIS -B "$work" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack -G NSIS failed"; }
installer=$(echo "$work"/knock-*-win64.exe)
[ -f "$installer" ] || fail "cpack made no installer"
file "$installer" | grep -q 'PE32+ executable.*x86-64' || fail "the installer is not a 64-bit program: $(file "$installer")"
echo "ok: built $(basename "$installer")"

target='C:\knock-installer-test'
dir=$WINEPREFIX/drive_c/knock-installer-test
rm -rf "$dir"
"$wine" "$installer" /S "/D=$target" || fail "the installer failed (exit $?)"
for _ in $(seq 100); do [ -f "$dir/Uninstall.exe" ] && break; sleep 0.1; done
for f in bin/knock.exe Uninstall.exe share/doc/knock/LICENSE share/doc/knock/examples/seed.rsc; do
  [ -f "$dir/$f" ] || fail "the installer did not install $f"
done
version=$("$wine" "$dir/bin/knock.exe" -V | tr -d '\r')
[ "$version" = "knock $(sed -n 's/^knock (\(.*\)).*/\1/p;q' "$(dirname "$0")/../../packaging/debian/changelog")" ] ||
  fail "the installed knock.exe says '$version'"
out=$("$wine" "$dir/bin/knock.exe" routeros check "$target\\share\\doc\\knock\\examples\\seed.rsc" tcp:1337 udp:17954 | tr -d '\r')
grep -q '^GRANTED' <<<"$out" || fail "the installed knock.exe does not check the installed example: $out"
echo "ok: installed silently; knock.exe runs and reads the installed examples"

# knock-gui.exe, where the build has it (./run windows-gui): with its DLLs and plugins, and a Start-menu entry.
if [ -f "$build/bin/knock-gui.exe" ]; then
  for f in gui/knock-gui.exe gui/Qt6Core.dll gui/Qt6Gui.dll gui/Qt6Widgets.dll gui/libstdc++-6.dll \
           gui/platforms/qwindows.dll; do
    [ -f "$dir/$f" ] || fail "the installer did not install $f"
  done
  ls "$dir"/gui/styles/*.dll > /dev/null 2>&1 || fail "the installer installed no native style"
  # bin\ is on PATH: only knock.exe there, none of the GUI's DLLs for other programs to find
  [ -z "$(ls "$dir"/bin/*.dll 2>/dev/null)" ] || fail "DLLs in bin\\ (on PATH): $(ls "$dir"/bin/*.dll)"
  shortcut=$(find "$WINEPREFIX/drive_c" -path '*Start Menu*' -name 'knock.lnk' | head -1)
  [ -n "$shortcut" ] || fail "the installer made no Start-menu entry for knock-gui"
  version=$("$wine" "$dir/gui/knock-gui.exe" --version | tr -d '\r')
  [[ $version == "knock-gui "* ]] || fail "the installed knock-gui.exe says '$version'"
  echo "ok: knock-gui.exe installed with its DLLs, plugins and a Start-menu entry; it starts"
fi

"$wine" "$dir/Uninstall.exe" /S "_?=$target" || fail "the uninstaller failed (exit $?)"
rm -f "$dir/Uninstall.exe"  # run in place (_?=), the uninstaller cannot delete itself
[ -z "$(ls -A "$dir" 2>/dev/null)" ] || fail "the uninstaller left: $(cd "$dir" && find . -type f)"
[ -z "${shortcut:-}" ] || [ ! -e "$shortcut" ] || fail "the uninstaller left the Start-menu entry $shortcut"
echo "ok: uninstalled: nothing left"
