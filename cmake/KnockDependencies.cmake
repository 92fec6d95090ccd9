# Every dependency comes from a Debian 12 package; ./run installs the missing ones (packaging/debian-deps/).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)  # Boost.Asio is header-only
find_package(PkgConfig REQUIRED)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)
# libsodium's archive rather than its shared library, where there is one: a program that loads no library but
# libc starts in a fraction of the time (bench/run.sh), and the .deb needs no libsodium package. (Not on
# Windows, where an archive wants SODIUM_STATIC defined; the cross-build's sysroot has only the archive anyway.)
if(NOT WIN32)
  find_library(SODIUM_ARCHIVE NAMES libsodium.a HINTS ${sodium_LIBRARY_DIRS})
  if(SODIUM_ARCHIVE)
    set_property(TARGET PkgConfig::sodium PROPERTY INTERFACE_LINK_LIBRARIES ${SODIUM_ARCHIVE} Threads::Threads)
  endif()
endif()
# CLI11 and toml++ are header-only: where no CMake package describes CLI11 (the Windows cross-build's sysroot,
# some macOS setups), its headers will do.
find_package(CLI11 2.1 CONFIG QUIET)
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()
# toml++ always from its headers, never Debian's shared libtomlplusplus: that library throws its parse errors
# through the shared C++ runtime, and knock, which links its runtime in (KnockWarnings.cmake), cannot catch
# them: it aborted on a malformed profiles.toml.
find_path(TOMLPLUSPLUS_INCLUDE_DIR toml++/toml.h REQUIRED)
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
target_include_directories(tomlplusplus::tomlplusplus INTERFACE ${TOMLPLUSPLUS_INCLUDE_DIR})
target_compile_definitions(tomlplusplus::tomlplusplus INTERFACE TOML_HEADER_ONLY=1)

# Boost.Asio, configured once for every target: no deprecated names, and no Boost.System library needed.
add_library(knock_asio INTERFACE)
target_link_libraries(knock_asio INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(knock_asio INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_ASIO_NO_TS_EXECUTORS)
if(WIN32)
  target_compile_definitions(knock_asio INTERFACE _WIN32_WINNT=0x0601)
  target_link_libraries(knock_asio INTERFACE ws2_32 mswsock)
endif()

if(KNOCK_BUILD_SERVER)
  pkg_check_modules(pcap IMPORTED_TARGET libpcap)
  if(NOT pcap_FOUND)
    message(STATUS "libpcap not found: knock-server will not be built")
    set(KNOCK_BUILD_SERVER OFF)
  endif()
endif()

if(KNOCK_BUILD_GUI)
  find_package(Qt6 6.2 COMPONENTS Widgets Test QUIET)
  if(NOT Qt6_FOUND)
    message(STATUS "Qt 6 Widgets not found: knock-gui will not be built")
    set(KNOCK_BUILD_GUI OFF)
  endif()
endif()

# Like Qt, GoogleTest is not in packaging/debian-deps/build.txt: ./run build and ./run demo do without.
if(KNOCK_BUILD_TESTS)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    message(STATUS "GoogleTest not found: the tests will not be built")
    set(KNOCK_BUILD_TESTS OFF)
  endif()
endif()
