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

# libsodium, from the source package of the release this machine runs, on the mirror its apt already uses.
. /etc/os-release
mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
  awk -v suite="$VERSION_CODENAME" '$2 == suite { print $1; exit }')
apt_dir=$dir/deps/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts"
cat > "$apt_dir/parts/debian-src.sources" <<SOURCES
Types: deb-src
URIs: ${mirror:-http://deb.debian.org/debian/}
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/parts"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
apt-get -qq "${apt_opts[@]}" update
rm -rf "$dir/deps/libsodium" && mkdir -p "$dir/deps/libsodium"
# apt checks the files against the signed Sources index; dpkg-source need not check the .dsc's own signature
# (that needs the Debian developers' keyring).
(cd "$dir/deps/libsodium" && apt-get -qq "${apt_opts[@]}" source --download-only libsodium >/dev/null &&
  dpkg-source --no-check -x libsodium_*.dsc src >/dev/null)
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
