# Sourced by sysroot.sh and qt.sh: `debian_source PACKAGE DIR` fetches the source package of the Debian release
# this machine runs into DIR/src (the version the machine's own packages are built from), from the mirror its
# apt already uses, with a private apt configuration: the machine's sources are not changed.
# Needs $dir (the build directory) set.
debian_source() {
  local package=$1 into=$2 mirror apt_dir
  . /etc/os-release
  mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
    awk -v suite="$VERSION_CODENAME" '$2 == suite { print $1; exit }')
  apt_dir=$dir/deps/apt
  # The index, fetched once a day at most (an old one names files the mirror no longer has).
  if [ -z "$(find "$apt_dir/.updated" -mmin -1440 2>/dev/null)" ]; then
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts"
    cat > "$apt_dir/parts/debian-src.sources" <<SOURCES
Types: deb-src
URIs: ${mirror:-http://deb.debian.org/debian/}
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt-get -qq "${apt_opts[@]}" update
    touch "$apt_dir/.updated"
  fi
  rm -rf "$into" && mkdir -p "$into"
  # apt checks the files against the signed Sources index; dpkg-source need not check the .dsc's own signature
  # (that needs the Debian developers' keyring).
  (cd "$into" && apt-get -qq "${apt_opts[@]}" source --download-only "$package" >/dev/null &&
    dpkg-source --no-check -x "$package"_*.dsc src >/dev/null)
}
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$dir/deps/apt/parts"
          -o "Dir::State::Lists=$dir/deps/apt/lists" -o "Dir::Cache=$dir/deps/apt/cache" -o "APT::Sandbox::User=root")
