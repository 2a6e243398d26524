# Run by `cmake --install` (and by CPack): writes the systemd units with the
# programs' folder as installed (/usr/bin in the .deb, PREFIX/bin otherwise),
# and the services' settings file: /etc/default/scatter for the prefix /usr,
# else PREFIX/etc/default/scatter (an install elsewhere never writes /etc).
# Set by the install(CODE) before it: SCATTER_PACKAGING_SOURCE (packaging/),
# SCATTER_UNITS_BUILD (where to write the units first), SCATTER_BINDIR
# (relative to the prefix, or absolute).
if(IS_ABSOLUTE "${SCATTER_BINDIR}")
  set(BINDIR "${SCATTER_BINDIR}")
else()
  set(BINDIR "${CMAKE_INSTALL_PREFIX}/${SCATTER_BINDIR}")
endif()
file(GLOB units "${SCATTER_PACKAGING_SOURCE}/systemd/*")
foreach(unit IN LISTS units)
  get_filename_component(name "${unit}" NAME)
  string(REGEX REPLACE "\\.in$" "" name "${name}")
  configure_file("${unit}" "${SCATTER_UNITS_BUILD}/${name}" @ONLY)
  file(INSTALL "${SCATTER_UNITS_BUILD}/${name}" DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/system"
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()

if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(settings_dir "/etc/default")
else()
  set(settings_dir "${CMAKE_INSTALL_PREFIX}/etc/default")
endif()
file(INSTALL "${SCATTER_PACKAGING_SOURCE}/default-scatter" DESTINATION "${settings_dir}"
     RENAME scatter FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
