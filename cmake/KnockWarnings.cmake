# Warnings for the project's own targets (not for third-party headers, which come in as SYSTEM).
add_library(knock_warnings INTERFACE)
if(MSVC)
  target_compile_options(knock_warnings INTERFACE /W4)
else()
  target_compile_options(knock_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                  -Wold-style-cast -Wcast-align -Woverloaded-virtual)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports Asio's coroutine frame allocator as mismatched new/delete (a false positive, GCC PR 109224).
    target_compile_options(knock_warnings INTERFACE -Wno-mismatched-new-delete)
    # GCC 12 warns on designated initializers that leave members at their defaults, which is their point.
    target_compile_options(knock_warnings INTERFACE -Wno-missing-field-initializers)
    # In a unity batch no source is the main file, so GCC takes a type of a source's anonymous namespace used
    # in a class of that source for one leaking out of a header.
    target_compile_options(knock_warnings INTERFACE -Wno-subobject-linkage)
  endif()
  if(KNOCK_WARNINGS_AS_ERRORS)
    target_compile_options(knock_warnings INTERFACE -Werror)
  endif()
endif()

# Command-line programs start in about half the time with the C++ runtime linked in: loading and relocating
# libstdc++.so costs ~0.5 ms per process here, more than knockd's whole knock run (see bench/run.sh).
# Not for programs that load Qt, which brings its own shared libstdc++.
add_library(knock_static_runtime INTERFACE)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT APPLE AND NOT KNOCK_SANITIZE)
  target_link_options(knock_static_runtime INTERFACE -static-libstdc++ -static-libgcc -Wl,--gc-sections -Wl,-O1)
  if(MINGW)  # and winpthreads too: knock.exe runs without any DLL beside it
    target_link_options(knock_static_runtime INTERFACE -static)
  else()
    # A library none of whose symbols is used is not loaded at all: knock uses nothing of libm (toml_writer.cpp
    # says why), and loading it cost a knock 0.5-4 % of its run.
    target_link_options(knock_static_runtime INTERFACE -Wl,--as-needed)
    # knock's ~3 600 relative relocations packed into 1 KB instead of 88 KB (DT_RELR, glibc 2.36 and later):
    # fewer pages to read at every start.
    include(CheckLinkerFlag)
    check_linker_flag(CXX -Wl,-z,pack-relative-relocs KNOCK_LINKER_PACKS_RELOCS)
    if(KNOCK_LINKER_PACKS_RELOCS)
      target_link_options(knock_static_runtime INTERFACE -Wl,-z,pack-relative-relocs)
    endif()
  endif()
endif()
