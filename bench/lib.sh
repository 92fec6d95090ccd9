# Sourced by the benchmark scripts: where things are, and a private network namespace to measure in.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
bin=$here/build/bin
export PATH=$PATH:/usr/sbin:/sbin KNOCK_LOOPBACK_ONLY=1

# Re-executes the calling script (with its arguments) in a private network namespace with only loopback:
# as root a plain one (KNOCK_BENCH_NETNS=root: packet captures work), else inside a user namespace (=user).
enter_bench_netns() {
  if [ -z "${KNOCK_BENCH_NETNS:-}" ]; then
    if [ "$(id -u)" -eq 0 ]; then KNOCK_BENCH_NETNS=root exec unshare -n bash "$0" "$@"; fi
    KNOCK_BENCH_NETNS=user exec unshare -rn bash "$0" "$@"
  fi
  ip link set lo up
}

# knockd's client: /usr/bin/knock, or /usr/bin/knock.knockd where knock's .deb diverted it.
knockd_client=/usr/bin/knock
if [ -x /usr/bin/knock.knockd ]; then knockd_client=/usr/bin/knock.knockd; fi
