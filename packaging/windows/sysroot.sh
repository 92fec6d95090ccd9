#!/usr/bin/env bash
# Makes the Windows cross-build's sysroot: libsodium built for mingw-w64 from Debian's own source package
# (fetched with a private apt configuration: the machine's sources are not changed), googletest from Debian's
# googletest sources, and links to the build machine's header-only Boost, CLI11 and toml++.
# usage: sysroot.sh DIR    (makes DIR/sysroot; does nothing when it is already there)
set -euo pipefail
dir=$(realpath -m "$1")
sysroot=$dir/sysroot
toolchain=$(realpath "$(dirname "$0")/mingw-w64.cmake")
[ -f "$sysroot/.done" ] && exit 0
host=x86_64-w64-mingw32
mkdir -p "$sysroot/include" "$dir/deps"

# libsodium, from the source package of the release this machine runs.
. "$(dirname "$0")/debian-source.sh"
debian_source libsodium "$dir/deps/libsodium"
log=$dir/deps/libsodium/build.log
(cd "$dir/deps/libsodium/src" && autoreconf -fi &&
  ./configure --host=$host --prefix="$sysroot" --disable-shared --enable-static --disable-dependency-tracking &&
  make -j"$(nproc)" install) > "$log" 2>&1 || { tail -n 30 "$log"; echo "sysroot.sh: building libsodium failed (see $log)" >&2; exit 1; }

# googletest, for the unit tests that run under Wine.
log=$dir/deps/googletest.log
{ cmake -S /usr/src/googletest -B "$dir/deps/googletest" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DKNOCK_WINDOWS_SYSROOT="$sysroot" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$sysroot" &&
  cmake --build "$dir/deps/googletest" --target install; } > "$log" 2>&1 ||
  { tail -n 30 "$log"; echo "sysroot.sh: building googletest failed (see $log)" >&2; exit 1; }

# Header-only libraries: the build machine's own.
ln -sfn /usr/include/boost "$sysroot/include/boost"
ln -sfn /usr/include/CLI "$sysroot/include/CLI"
ln -sfn /usr/include/toml++ "$sysroot/include/toml++"
touch "$sysroot/.done"
