#!/usr/bin/env bash
# Verifies the README's quick start on a fresh Debian 12: builds a minimal Debian 12 root file system with
# debootstrap, clones the repository's committed state into it (as CI gets it), and runs the two quick-start
# commands, `./run demo` and `./run test`, inside it with chroot. Each command must install whatever it needs
# itself: nothing is installed in the new system beforehand.
#
#   sudo packaging/fresh-debian.sh [DIR [STEP...]]
#
# DIR is where the root file system goes (default build-fresh/); STEPs are the commands to run, in order
# (default: demo test; `DIR demo` measures the demo alone). Each step reports its time, what apt downloaded
# for it and how much the system grew.
# Needs root and debootstrap (apt-get install debootstrap), network access to deb.debian.org, and ~6 GB.
# The new system's /proc, /sys, /dev and /tmp are mounted for the run and unmounted afterwards; DIR is kept
# (delete it when done; a second run reuses it, so only a first run shows what a fresh machine installs).
# The kernel allows no user namespace inside a chroot: the tests, run as root, use plain network namespaces.
# Exit status: 0 when every step succeeded.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${1:-$repo/build-fresh}")
shift || true
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(demo test)
for step in "${steps[@]}"; do
  case $step in demo | test) ;; *) echo "fresh-debian.sh: unknown step '$step' (demo or test)" >&2; exit 2 ;; esac
done
mirror=${KNOCK_DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { echo "fresh-debian.sh: run it as root (it uses debootstrap and chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh-debian.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }

mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() {  # bind MOUNT-ARGS... TARGET
  mount "$@"
  mounts+=("${@: -1}")
}

start=$(date +%s)
if [ ! -x "$dir/usr/bin/apt-get" ]; then
  say "debootstrap: a minimal Debian 12 (bookworm) in $dir"
  rm -rf "$dir"
  debootstrap --variant=minbase bookworm "$dir" "$mirror" > "$dir.debootstrap.log" 2>&1 ||
    { tail -n 20 "$dir.debootstrap.log"; exit 1; }
fi
say "cloning the committed state of $repo into the new system (/root/knock)"
rm -rf "$dir/root/knock"
git clone -q --no-hardlinks "$repo" "$dir/root/knock"
cp /etc/resolv.conf "$dir/etc/resolv.conf"

# The new root is a mount point of its own, as on a real machine: tests make private mount namespaces there.
bind --bind "$dir" "$dir"
bind -t proc proc "$dir/proc"
bind -t sysfs sys "$dir/sys"
bind --rbind /dev "$dir/dev"
bind -t tmpfs tmpfs "$dir/tmp"

# What apt downloaded (it keeps the packages in its cache) and the system's size without the build trees, in MB.
downloaded() { du -sm "$dir/var/cache/apt/archives" | cut -f1; }
installed() { du -smx --exclude=root/knock "$dir" | cut -f1; }

status=0
for step in "${steps[@]}"; do
  say "chroot: ./run $step"
  step_start=$(date +%s) got=$(downloaded) size=$(installed)
  if chroot "$dir" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd /root/knock && ./run $step"; then
    seconds=$(($(date +%s) - step_start))
    say "./run $step: passed in $seconds s ($((seconds / 60)) min $((seconds % 60)) s); apt downloaded" \
      "$(($(downloaded) - got)) MB, the system grew by $(($(installed) - size)) MB"
  else
    status=$?
    say "./run $step: FAILED (exit $status) after $(($(date +%s) - step_start)) s"
    break
  fi
done
say "fresh Debian 12: ${steps[*]}: $([ $status = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - start)) s"
exit $status
