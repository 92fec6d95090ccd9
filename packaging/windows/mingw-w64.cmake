# Cross-compiling knock.exe (and knock-gui.exe) for 64-bit Windows with Debian's mingw-w64 (the POSIX thread model, for
# std::thread). The libraries come from KNOCK_WINDOWS_SYSROOT, made by packaging/windows/sysroot.sh:
# libsodium built from Debian's own source package, googletest, and the header-only libraries.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

if(NOT KNOCK_WINDOWS_SYSROOT)
  set(KNOCK_WINDOWS_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../../build-windows/sysroot")
endif()
get_filename_component(KNOCK_WINDOWS_SYSROOT "${KNOCK_WINDOWS_SYSROOT}" ABSOLUTE)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 "${KNOCK_WINDOWS_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Qt 6 for mingw-w64, once packaging/windows/qt.sh has built it beside the sysroot: then knock-gui.exe too. Its
# moc, rcc and uic are the build machine's own (the same Qt version).
get_filename_component(KNOCK_WINDOWS_QT "${KNOCK_WINDOWS_SYSROOT}/../qt" ABSOLUTE)
if(EXISTS "${KNOCK_WINDOWS_QT}/.done")
  list(APPEND CMAKE_FIND_ROOT_PATH "${KNOCK_WINDOWS_QT}")
  set(QT_HOST_PATH /usr)
  set(QT_HOST_PATH_CMAKE_DIR /usr/lib/x86_64-linux-gnu/cmake)
endif()
set(ENV{PKG_CONFIG_LIBDIR} "${KNOCK_WINDOWS_SYSROOT}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Tests and test discovery run the programs under Wine.
find_program(KNOCK_WINE NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
if(KNOCK_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${KNOCK_WINE}")
endif()
