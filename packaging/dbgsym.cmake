# Run by CPack on the files it is about to package (CPACK_PRE_BUILD_SCRIPTS). For the .deb it does what Debian's
# dh_strip does: each program's debug information goes, compressed, to /usr/lib/debug/.build-id/XX/YYYY.debug
# in a package of its own, knock-dbgsym_VERSION_ARCH.deb (written beside knock's), and the program is stripped,
# keeping a link to it. (CPack's own, CPACK_DEBIAN_DEBUGINFO_PACKAGE, lists absolute paths of its staging
# directory in md5sums, which lintian rejects, and took two minutes here to xz 95 MB.) Other packages are
# stripped by CPack (CPACK_STRIP_FILES; cpack_generators.cmake turns it off for the .deb).
if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()
set(name ${CPACK_PACKAGE_NAME}-dbgsym)
set(version ${CPACK_PACKAGE_VERSION})
execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE arch OUTPUT_STRIP_TRAILING_WHITESPACE
                COMMAND_ERROR_IS_FATAL ANY)
set(root "${CPACK_TOPLEVEL_DIRECTORY}/${name}")
file(REMOVE_RECURSE "${root}")

file(GLOB programs "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/usr/bin/*")
set(ids "")
set(md5sums "")
set(kib 0)
foreach(program IN LISTS programs)
  execute_process(COMMAND readelf -n "${program}" OUTPUT_VARIABLE notes COMMAND_ERROR_IS_FATAL ANY)
  if(NOT notes MATCHES "Build ID: ([0-9a-f][0-9a-f])([0-9a-f]+)")
    message(FATAL_ERROR "dbgsym.cmake: ${program} has no build id")
  endif()
  set(debug usr/lib/debug/.build-id/${CMAKE_MATCH_1}/${CMAKE_MATCH_2}.debug)
  string(APPEND ids " ${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
  get_filename_component(dir "${root}/${debug}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  execute_process(COMMAND objcopy --only-keep-debug --compress-debug-sections "${program}" "${root}/${debug}"
                  COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND objcopy --strip-unneeded --remove-section=.comment --remove-section=.note
                          "--add-gnu-debuglink=${root}/${debug}" "${program}" COMMAND_ERROR_IS_FATAL ANY)
  file(CHMOD "${root}/${debug}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  file(MD5 "${root}/${debug}" sum)
  string(APPEND md5sums "${sum}  ${debug}\n")
  file(SIZE "${root}/${debug}" bytes)
  math(EXPR kib "${kib} + (${bytes} + 1023) / 1024")
endforeach()
if(NOT programs)
  return()
endif()

# The documentation is knock's own (the package depends on that exact version).
file(MAKE_DIRECTORY "${root}/usr/share/doc" "${root}/DEBIAN")
file(CREATE_LINK ${CPACK_PACKAGE_NAME} "${root}/usr/share/doc/${name}" SYMBOLIC)
file(WRITE "${root}/DEBIAN/md5sums" "${md5sums}")
file(WRITE "${root}/DEBIAN/control" "Package: ${name}
Source: ${CPACK_PACKAGE_NAME}
Version: ${version}
Architecture: ${arch}
Maintainer: ${CPACK_PACKAGE_CONTACT}
Installed-Size: ${kib}
Depends: ${CPACK_PACKAGE_NAME} (= ${version})
Section: debug
Priority: optional
Description: debug symbols for ${CPACK_PACKAGE_NAME}
Auto-Built-Package: debug-symbols
Build-Ids:${ids}
")
# gzip: the sections are compressed already, and xz would spend 40 s to gain nothing.
execute_process(COMMAND dpkg-deb --root-owner-group -Zgzip --build "${root}"
                        "${CPACK_PACKAGE_DIRECTORY}/${name}_${version}_${arch}.deb"
                OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE_RECURSE "${root}")
