#!/usr/bin/env bash
# Builds Qt 6 base for mingw-w64 (Core, Gui, Widgets, Test and the windows platform plugin) from Debian's own
# qt6-base source package, the version the machine's Qt 6 tools are (moc, rcc and uic come from them), and
# installs it into DIR/qt. About 27 minutes on 2 cores the first time; does nothing when DIR/qt is there.
# usage: qt.sh DIR
set -euo pipefail
dir=$(realpath -m "$1")
prefix=$dir/qt
toolchain=$(realpath "$(dirname "$0")/mingw-w64.cmake")
[ -f "$prefix/.done" ] && exit 0
mkdir -p "$dir/deps"
. "$(dirname "$0")/debian-source.sh"
if [ ! -f "$dir/deps/qt6-base/src/CMakeLists.txt" ]; then
  debian_source qt6-base "$dir/deps/qt6-base"
fi
host_version=$(dpkg-query -W -f='${Version}' qt6-base-dev-tools)
src_version=$(dpkg-parsechangelog -l "$dir/deps/qt6-base/src/debian/changelog" -S Version)
if [ "${host_version%%+*}" != "${src_version%%+*}" ]; then
  echo "qt.sh: the source is Qt $src_version but the host's tools are $host_version: they must be one version" >&2
  exit 1
fi

# What knock-gui needs and no more: the bundled third-party libraries (the host's are Linux builds); no OpenGL
# (INPUT_opengl=no: FEATURE_opengl=OFF alone leaves dynamic OpenGL on, and the platform plugin does not build),
# SQL, D-Bus, network, printing, XML or concurrent; no Direct2D platform plugin, DirectWrite or FreeType (GDI
# draws the fonts, Qt 6.4's default on Windows; without FreeType there is no offscreen platform, and the tests
# use the minimal one), PDF, ODF or Markdown writers, and none of the widgets knock-gui does not show (graphics
# view, MDI, calendar, undo, wizard, dial, LCD, font combo, column view, key sequence edit). The dfsg source
# drops src/3rdparty/wintab, so tablet events are off. -O1: a GUI waiting on the user gains nothing from -O2 but
# build minutes.
log=$dir/deps/qt6-base/build.log
rm -rf "$dir/deps/qt6-base/build"
{
  cmake -S "$dir/deps/qt6-base/src" -B "$dir/deps/qt6-base/build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DKNOCK_WINDOWS_SYSROOT="$dir/sysroot" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE='-O1 -DNDEBUG' -DCMAKE_CXX_FLAGS_RELEASE='-O1 -DNDEBUG' \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF -DQT_BUILD_BENCHMARKS=OFF \
    -DFEATURE_system_zlib=OFF -DFEATURE_system_pcre2=OFF -DFEATURE_system_harfbuzz=OFF \
    -DFEATURE_system_png=OFF -DFEATURE_system_freetype=OFF -DFEATURE_system_jpeg=OFF \
    -DFEATURE_system_doubleconversion=OFF \
    -DINPUT_opengl=no -DFEATURE_sql=OFF -DFEATURE_dbus=OFF -DFEATURE_network=OFF \
    -DFEATURE_printsupport=OFF -DFEATURE_xml=OFF -DFEATURE_concurrent=OFF -DFEATURE_tabletevent=OFF \
    -DFEATURE_jpeg=OFF -DFEATURE_vulkan=OFF -DFEATURE_direct2d=OFF -DFEATURE_directwrite=OFF -DFEATURE_directwrite3=OFF -DFEATURE_freetype=OFF \
    -DFEATURE_pdf=OFF -DFEATURE_textodfwriter=OFF -DFEATURE_textmarkdownreader=OFF \
    -DFEATURE_textmarkdownwriter=OFF -DFEATURE_movie=OFF -DFEATURE_graphicsview=OFF -DFEATURE_mdiarea=OFF \
    -DFEATURE_calendarwidget=OFF -DFEATURE_undocommand=OFF -DFEATURE_undostack=OFF -DFEATURE_undogroup=OFF \
    -DFEATURE_undoview=OFF -DFEATURE_wizard=OFF -DFEATURE_dial=OFF -DFEATURE_lcdnumber=OFF \
    -DFEATURE_fontcombobox=OFF -DFEATURE_columnview=OFF -DFEATURE_keysequenceedit=OFF &&
  cmake --build "$dir/deps/qt6-base/build" -j"$(nproc)" &&
  cmake --install "$dir/deps/qt6-base/build"
} > "$log" 2>&1 || { tail -n 40 "$log"; echo "qt.sh: building Qt failed (see $log)" >&2; exit 1; }
echo "$src_version" > "$prefix/.done"
