#!/usr/bin/env bash
# ./run demo: knock-server stands in for a RouterOS router on loopback, with the seed's "Safe Haven" rules
# protecting Winbox (TCP 8291); knock knocks it, first wrongly, then rightly, and goes on to the service.
# Both sides print as they go. Everything runs in a private network namespace (knock-server --sandbox):
# nothing leaves this machine, no root needed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/build/bin
export KNOCK_LOOPBACK_ONLY=1

if [ "${1:-}" = --client ]; then  # runs inside the sandbox once knock-server is ready
  client() { sed -u 's/^/    client | /' >&3; }
  step() { printf '\n\033[1m%s\033[0m\n' "$*" >&3; sleep 0.1; }
  run() { echo "\$ $*" | client; "$@" 2>&1 | client; echo "exit status ${PIPESTATUS[0]}" | client; }
  step "1. Another host (127.0.0.2) knocks in the wrong order: Winbox stays dark"
  run knock --source 127.0.0.2 --verify 8291 --verify-timeout 500ms --retries 0 127.0.0.1 udp:17954 tcp:1337 || true
  step "2. This host (127.0.0.1) knocks TCP 1337 then UDP 17954, checks the door, and goes on to Winbox"
  run knock -v --show-secrets --verify 8291 127.0.0.1 tcp:1337 udp:17954 -- \
    bash -c 'exec 3<>"/dev/tcp/$0/$1"; head -n 1 <&3' '{ip}' '{port}'
  step "3. A host that never knocked (127.0.0.3) gets no answer at all"
  run knock --source 127.0.0.3 --verify 8291 --verify-timeout 500ms --retries 0 127.0.0.1 tcp:22 || true
  sleep 0.1
  exit 0
fi

PATH=$bin:$PATH
printf '\033[1mThe router: knock-server with the seed'"'"'s rules (routeros/examples/seed.rsc)\033[0m\n'
sed -n '/^\/ip firewall filter/,$p' "$here/routeros/examples/seed.rsc" | sed 's/^/    rules  | /'
echo
exec 3>&1
knock-server --sandbox --rules "$here/routeros/examples/seed.rsc" --service tcp:8291 \
  --banner "RouterOS (knock-server demo): Winbox is yours" -- bash "$0" --client 2>&1 | sed -u 's/^/    router | /'
status=${PIPESTATUS[0]}
printf '\n\033[1mDone: the wrong order and the stranger were refused; the right knock opened Winbox.\033[0m\n'
exit "$status"
