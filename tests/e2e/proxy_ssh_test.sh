#!/usr/bin/env bash
# End-to-end: the real OpenSSH client through `knock proxy` (its ProxyCommand) to a real sshd that
# knock-server guards with the seed's rules (--service tcp:8022=127.0.0.1:2222), all in a private network
# namespace. Plain ssh without the knock gets nowhere; with it, a command runs; a profile does the same.
#   proxy_ssh_test.sh BIN_DIR
source "$(dirname "$0")/lib.sh"
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH=$bin:$PATH
[ "$(id -u)" -eq 0 ] || skip "sshd needs root (its privilege separation)"
[ -x /usr/sbin/sshd ] && command -v ssh >/dev/null || skip "openssh-server and openssh-client are not installed"
enter_netns "$@"

work=$(mktemp -d)
cleanup() {
  [ -f "$work/sshd.pid" ] && kill "$(cat "$work/sshd.pid")" 2>/dev/null
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/id"
cp "$work/id.pub" "$work/authorized_keys"
cat > "$work/sshd_config" <<CFG
Port 2222
ListenAddress 127.0.0.1
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PidFile $work/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
CFG
/usr/sbin/sshd -f "$work/sshd_config" -E "$work/sshd.log" || fail "sshd did not start: $(cat "$work/sshd.log")"

knock-server --rules "$root/routeros/examples/seed.rsc" --service tcp:8022=127.0.0.1:2222 \
  --json-log "$work/server.json" > "$work/server.out" 2>&1 &
server=$!
wait_for "$work/server.json" '"event":"ready"' || fail "knock-server never got ready: $(cat "$work/server.out")"

sshopts=(-F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
         -o LogLevel=ERROR -o ConnectTimeout=3 -i "$work/id" -p 8022)

# Without the knock: the handshake never completes.
expect 255 ssh "${sshopts[@]}" root@127.0.0.1 echo hello
grep -q '"port":8022,"src":"127.0.0.1","result":"denied"' "$work/server.json" || fail "the server did not deny it"

# Through knock proxy: knocked, relayed to sshd, the command runs.
expect 0 ssh "${sshopts[@]}" -o "ProxyCommand=knock proxy %h %p tcp:1337 udp:17954" root@127.0.0.1 echo hello
[ "$LAST_OUTPUT" = hello ] || fail "ssh printed '$LAST_OUTPUT', not hello"
grep -q '"port":8022,"src":"127.0.0.1","result":"granted","why":"handshake completed, relayed to 127.0.0.1:2222"' \
  "$work/server.json" || fail "the server did not relay the granted connection"

# A profile from another source address, with its verify port as the one to connect to; stdin reaches sshd.
export KNOCK_CONFIG_DIR=$work/config
expect 0 knock profile add office --host 127.0.0.1 --sequence "tcp:1337 udp:17954" --source 127.0.0.3 --verify 8022
expect 0 sh -c "printf 'data through the relay' | ssh ${sshopts[*]} -o 'ProxyCommand=knock proxy @office' root@127.0.0.1 cat"
[ "$LAST_OUTPUT" = "data through the relay" ] || fail "ssh printed '$LAST_OUTPUT'"
grep -q '"port":8022,"src":"127.0.0.3","result":"granted"' "$work/server.json" || fail "the profile's source was not granted"

# A proxy whose knock does not open the door: ssh reports the proxy's one line, exit 255.
expect 255 ssh "${sshopts[@]}" -o "ProxyCommand=knock proxy --source 127.0.0.4 --verify-timeout 2s %h %p udp:17954" \
  root@127.0.0.1 echo hello
case $LAST_OUTPUT in *"knock: 127.0.0.1:8022 did not answer within 2s"*) ;; *) fail "no proxy error in: $LAST_OUTPUT" ;; esac
echo "PASSED: proxy-ssh"
