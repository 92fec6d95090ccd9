# Read by CPack once per generator. The .deb's programs must reach dbgsym.cmake with their debug information,
# which it moves into knock-dbgsym before it strips them; every other package is stripped by CPack.
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_STRIP_FILES OFF)
endif()
