#!/usr/bin/env bash
# knock-gui: cold start to the first paint of the main window (from main(); the dynamic loader's share is
# in the whole-process time beside it), and resident memory after a second of idling, with 100 profiles.
# Under Xvfb when there is one, else Qt's offscreen platform. Prints figures, asserts nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gui=$here/build/bin/gui_first_paint
[ -x "$gui" ] || { echo "knock-gui is not built (needs Qt 6)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KNOCK_CONFIG_DIR=$work XDG_RUNTIME_DIR=$work
awk 'BEGIN { for (i = 0; i < 100; i++) printf "[profiles.p%d]\nhost = \"127.0.0.1\"\nsequence = \"tcp:%d udp:%d\"\ngroup = \"g%d\"\n", i, 2000 + i, 3000 + i, i % 5 }' \
  > "$work/profiles.toml"
run() {
  if command -v xvfb-run > /dev/null; then
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" "$gui" 2>/dev/null
  else
    QT_QPA_PLATFORM=offscreen "$gui" 2>/dev/null
  fi
}
echo "knock-gui benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), platform $(command -v xvfb-run > /dev/null && echo xcb/Xvfb || echo offscreen)"
for i in 1 2 3 4 5; do run; done | awk '/first paint/ { p[n++] = $3 } /idle memory/ { m = $3 " " $4 }
  END { asort_n = n; for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (p[j] < p[i]) { t = p[i]; p[i] = p[j]; p[j] = t }
        printf "   first paint after start (median of %d): %s ms\n   idle memory: %s\n", n, p[int(n / 2)], m }'
