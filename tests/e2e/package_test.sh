#!/usr/bin/env bash
# The .deb as a user meets it: built with CPack, clean under lintian, desktop-file-validate and appstreamcli,
# then installed, upgraded and removed with apt beside knockd (whose /usr/bin/knock it diverts) and without it.
# apt runs in a private mount namespace over overlays of /usr, /etc and /var: the machine itself is untouched,
# and other tests running at the same time see nothing of it.
# usage: package_test.sh BUILD_DIR
source "$(dirname "$0")/lib.sh"
build=$(realpath "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || skip "installing a package needs root"
for tool in cpack lintian desktop-file-validate appstreamcli apt-get dpkg-divert unshare; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done

if [ -z "${KNOCK_PACKAGE_NS:-}" ]; then
  unshare -m true 2>/dev/null || skip "cannot make a private mount namespace here"
  KNOCK_PACKAGE_NS=1 exec unshare -m --propagation private "$BASH" "$0" "$@"
fi

work=$(mktemp -d /tmp/knock-package-XXXXXX)
trap 'rm -rf "$work"' EXIT
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(echo "$work"/out/knock_*_amd64.deb)
dbgsym=$(echo "$work"/out/knock-dbgsym_*_amd64.deb)
[ -f "$deb" ] || fail "cpack made no .deb"
[ -f "$dbgsym" ] || fail "cpack made no knock-dbgsym package"
echo "ok: built $(basename "$deb") ($(($(stat -c %s "$deb") / 1024)) KiB) and $(basename "$dbgsym") ($(($(stat -c %s "$dbgsym") / 1024)) KiB)"

status=0
lintian --fail-on error,warning --tag-display-limit 0 "$deb" "$dbgsym" > "$work/lintian.log" 2>&1 || status=$?
grep -v 'root privileges' "$work/lintian.log" || true
[ "$status" = 0 ] || fail "lintian reports errors or warnings"
echo "ok: lintian has no error and no warning, for knock and knock-dbgsym"

dpkg-deb -x "$deb" "$work/root"
dpkg-deb -x "$dbgsym" "$work/root"
debug_files=()
for program in knock knock-server knock-gui; do
  ! readelf -S "$work/root/usr/bin/$program" | grep -q '\.debug_info' || fail "usr/bin/$program carries its debug information"
  id=$(readelf -n "$work/root/usr/bin/$program" | sed -n 's/.*Build ID: //p')
  debug_files+=("/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug")
  [ -s "$work/root${debug_files[-1]}" ] || fail "knock-dbgsym has no debug file for $program ($id)"
done
echo "ok: the programs are stripped; knock-dbgsym holds their debug information, by build id"
desktop-file-validate "$work/root/usr/share/applications/io.github.knock.KnockGui.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.github.knock.KnockGui.metainfo.xml" || fail "appstreamcli validate"
echo "ok: desktop entry and AppStream metainfo validate"
for shell in bash zsh fish; do
  case $shell in
    bash) file=usr/share/bash-completion/completions/knock ;;
    zsh) file=usr/share/zsh/vendor-completions/_knock ;;
    fish) file=usr/share/fish/vendor_completions.d/knock.fish ;;
  esac
  cmp -s "$work/root/$file" <("$build/bin/knock" completion $shell) || fail "$file is not what knock completion $shell prints"
done
echo "ok: the packaged completions are the program's own"

for dir in usr etc var; do
  mkdir -p "$work/overlay/$dir/upper" "$work/overlay/$dir/work"
  mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$work/overlay/$dir/upper,workdir=$work/overlay/$dir/work" "/$dir" ||
    skip "cannot mount an overlay over /$dir here"
done
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -q -y -o Dpkg::Use-Pty=0 "$@" > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get $*"; }; }
owner() { dpkg -S "$1" 2>/dev/null | sed -n 's/^\([^:]*\): .*/\1/p' | head -1; }
knockd_client() { local out; out=$("$1" 2>&1 || true); [[ $out == "usage: knock [options] <host>"* ]]; }
diversions() { dpkg-divert --list 2>/dev/null | grep -c 'by knock$' || true; }

if dpkg -s knockd >/dev/null 2>&1; then
  [ "$(owner /usr/bin/knock)" = knockd ] || fail "before: /usr/bin/knock is not knockd's"
  apt_get install "$deb"
  [ "$(/usr/bin/knock -V)" = "knock $("$build/bin/knock" -V | cut -d' ' -f2)" ] || fail "/usr/bin/knock is not ours after install"
  [ -x /usr/bin/knock.knockd ] || fail "knockd's client was not kept as /usr/bin/knock.knockd"
  knockd_client /usr/bin/knock.knockd || fail "/usr/bin/knock.knockd is not knockd's client"
  [ -f /usr/share/man/man1/knock.knockd.1.gz ] || fail "knockd's manual page was not kept as knock.knockd(1)"
  zcat /usr/share/man/man1/knock.1.gz | grep -q 'check the door opened' || fail "knock(1) is not ours"
  [ "$(diversions)" = 2 ] || fail "expected 2 diversions by knock, got $(diversions)"
  echo "ok: installed beside knockd: knock is ours, knockd's client and manual page are knock.knockd"
  apt_get install --reinstall "$deb"
  [ "$(diversions)" = 2 ] && [ -x /usr/bin/knock.knockd ] || fail "reinstalling changed the diversions"
  echo "ok: reinstalled (the upgrade path) with the diversions intact"
  apt_get remove knock
  [ "$(owner /usr/bin/knock)" = knockd ] || fail "after remove: /usr/bin/knock is not knockd's again"
  knockd_client /usr/bin/knock || fail "after remove: /usr/bin/knock is not knockd's client"
  [ ! -e /usr/bin/knock.knockd ] && [ ! -e /usr/share/man/man1/knock.knockd.1.gz ] || fail "knock.knockd left behind"
  [ "$(diversions)" = 0 ] || fail "diversions left behind after remove"
  echo "ok: removed: knockd's client and manual page have their names back"
  apt_get remove knockd
fi

apt_get install "$deb" "$dbgsym"
[ "$(/usr/bin/knock -V)" = "knock $("$build/bin/knock" -V | cut -d' ' -f2)" ] || fail "/usr/bin/knock is not ours"
for f in /usr/bin/knock-server /usr/bin/knock-gui /usr/share/man/man5/knock-profiles.5.gz "${debug_files[@]}" \
  /usr/share/icons/hicolor/scalable/apps/io.github.knock.KnockGui.svg /usr/share/doc/knock/copyright \
  /usr/share/doc/knock/examples/seed.rsc; do
  [ -e "$f" ] || fail "$f is not installed"
done
/usr/bin/knock routeros check /usr/share/doc/knock/examples/seed.rsc tcp:1337 udp:17954 >/dev/null ||
  fail "the installed knock does not grant the seed's own sequence against the installed example"
echo "ok: installed without knockd: programs and their debug symbols, manual pages, icon, examples; the installed knock works"
# Bad input to the programs as installed: the matrix and the corrupt stores, the fuzzers' seed corpora.
KNOCK_BIN_DIR=/usr/bin "$build/bin/bad_input_tests" --gtest_brief=1 --gtest_filter='Program/*:*ByTheProgram*' \
  > "$work/bad-input.log" 2>&1 || { cat "$work/bad-input.log"; fail "the installed programs fail on bad input"; }
corpus=$repo/tests/fuzz/corpus
bash "$repo/tests/e2e/program_inputs.sh" /usr/bin "$build/bin" sequence="$corpus/sequence" profiles="$corpus/profiles" \
  knockd_conf="$corpus/knockd_conf" routeros_script="$repo/routeros/examples" packet="$corpus/packet" \
  > "$work/inputs.log" 2>&1 || { cat "$work/inputs.log"; fail "the installed programs fail on the fuzz corpora"; }
echo "ok: the installed programs meet the bad-input matrix, corrupt stores and fuzz corpora with one line, no signal"
knockd_deb=$(ls /var/cache/apt/archives/knockd_*.deb 2>/dev/null | head -1)
if [ -n "$knockd_deb" ]; then
  apt_get install "$knockd_deb"
  [ "$(/usr/bin/knock -V)" = "knock $("$build/bin/knock" -V | cut -d' ' -f2)" ] || fail "knockd's install took /usr/bin/knock"
  [ -x /usr/bin/knock.knockd ] || fail "knockd installed after knock: its client is not /usr/bin/knock.knockd"
  echo "ok: knockd installed after knock: its client went to /usr/bin/knock.knockd"
  apt_get remove knockd
else
  echo "note: knockd's .deb is not in apt's cache; installing knockd after knock was not tried"
fi
apt_get purge knock knock-dbgsym
[ -z "$(owner /usr/bin/knock)" ] && [ ! -e /usr/bin/knock ] && [ ! -e /usr/share/doc/knock ] || fail "purge left files"
for f in "${debug_files[@]}"; do [ ! -e "$f" ] || fail "purge left $f"; done
[ "$(diversions)" = 0 ] || fail "diversions left behind after purge"
echo "ok: purged: nothing left"
