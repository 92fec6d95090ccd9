#!/usr/bin/env bash
# ./run demo: knock a loopback door and show both sides. Everything happens inside a private network
# namespace (unshare), so nothing leaves this machine and no firewall rule outside it changes.
#
# The router side, for now (until knock-server lands): the real knockd watches lo for the seed's sequence
# (TCP 1337, then UDP 17954 within 15 s) and, when it sees it, adds the knocker to an nft set "Save Haven"
# for 3 h; nft drops every SYN to TCP 8291 from addresses outside that set; socat answers on 8291.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
knock=$here/build/bin/knock
export PATH=$PATH:/usr/sbin:/sbin KNOCK_LOOPBACK_ONLY=1

if [ -z "${KNOCK_DEMO_NETNS:-}" ]; then
  unshare -rn true 2>/dev/null || { echo "demo: cannot create a private network namespace (unshare -rn)" >&2; exit 1; }
  KNOCK_DEMO_NETNS=1 exec unshare -rn bash "$0" "$@"
fi
ip link set lo up

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
router() { sed 's/^/    router | /'; }
client() { sed 's/^/    client | /'; }

nft -f - <<'NFT'
table inet router {
  set save_haven { type ipv4_addr; flags timeout; }
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 8291 ip saddr @save_haven accept
    tcp dport 8291 tcp flags & (syn|ack) == syn drop
  }
}
NFT
socat TCP-LISTEN:8291,fork,reuseaddr SYSTEM:'echo "RouterOS demo service on port 8291: access granted"' &
cat > "$work/knockd.conf" <<CONF
[options]
  LogFile = $work/knockd.log
  Interface = lo
[safe-haven]
  sequence    = 1337:tcp,17954:udp
  seq_timeout = 15
  tcpflags    = syn
  command     = nft add element inet router save_haven { %IP% timeout 3h }
CONF
knockd -i lo -c "$work/knockd.conf" > "$work/knockd.out" 2>&1 &
for _ in $(seq 100); do grep -q listening "$work/knockd.log" 2>/dev/null && break; sleep 0.05; done

bold "The router (knockd + nft, on loopback): TCP 1337 then UDP 17954 opens TCP 8291 for 3 h"
sed -n '/safe-haven/,$p' "$work/knockd.conf" | router

bold "1. Another host (127.0.0.2) knocks in the wrong order: port 8291 stays dark"
echo '$ knock --source 127.0.0.2 --verify 8291 --verify-timeout 500ms --retries 0 127.0.0.1 udp:17954 tcp:1337' | client
set +e
"$knock" --source 127.0.0.2 --verify 8291 --verify-timeout 500ms --retries 0 127.0.0.1 udp:17954 tcp:1337 2>&1 | client
echo "exit status ${PIPESTATUS[0]}" | client
set -e

sleep 0.2
bold "2. This host (127.0.0.1) knocks in the right order, verifies, and goes on to the service"
echo '$ knock -v --show-secrets --verify 8291 127.0.0.1 tcp:1337 udp:17954 -- socat - TCP:{ip}:{port}' | client
"$knock" -v --show-secrets --verify 8291 127.0.0.1 tcp:1337 udp:17954 -- socat - TCP:{ip}:{port} 2>&1 | client

bold "What the router saw:"
sed 's/^\[[^]]*\] //' "$work/knockd.log" | router
nft list set inet router save_haven | grep -E 'elements' | sed 's/^[[:space:]]*//' | router
bold "Done: the wrong order was refused, the right one opened the door."
