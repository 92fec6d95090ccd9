# Shared by the end-to-end scripts: run inside a private user+network namespace with only loopback,
# report skips with exit 77 (ctest's SKIP_RETURN_CODE), never a pass.
set -euo pipefail
export PATH=$PATH:/usr/sbin:/sbin
export KNOCK_LOOPBACK_ONLY=1

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAILED: $*"; exit 1; }

# unshare's flags for a private network namespace: as root a plain one; else one inside a new user namespace,
# so that no root is needed (the kernel refuses user namespaces inside a chroot, where root needs none).
netns_flags() {
  if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then printf "%s\n" -n; else printf "%s\n" -rn; fi
}
can_make_netns() { command -v unshare >/dev/null && unshare "$(netns_flags)" true 2>/dev/null; }

# Re-executes the calling script inside a new network namespace.
enter_netns() {
  if [ -z "${KNOCK_E2E_NETNS:-}" ]; then
    command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
    can_make_netns || skip "cannot create a private network namespace here (unshare $(netns_flags) failed)"
    KNOCK_E2E_NETNS=1 exec unshare "$(netns_flags)" "$BASH" "$0" "$@"
  fi
  ip link set lo up
}

# Waits until a file contains a pattern (at most ~30 s: room for a loaded machine; a passing test waits only
# as long as the pattern takes).
wait_for() {
  local file=$1 pattern=$2
  for _ in $(seq 600); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# expect CODE COMMAND...: runs COMMAND, fails the test unless it exits with CODE.
expect() {
  local want=$1; shift
  local out status=0
  out=$("$@" 2>&1) || status=$?
  if [ "$status" != "$want" ]; then
    echo "$out"
    fail "expected exit $want, got $status: $*"
  fi
  echo "ok ($status): $*"
  LAST_OUTPUT=$out
}
