# What an installed gingham gives outside users besides find_package(gingham): the version header
# (GINGHAM_VERSION_*), gingham.pc for pkg-config, and a refreshed linker cache so that a program linked
# with a plain `-lgingham` finds libgingham.so at run time. Included from the top-level CMakeLists.txt.

configure_file("${PROJECT_SOURCE_DIR}/cmake/version.hpp.in" "${PROJECT_BINARY_DIR}/include/gingham/version.hpp" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/include/gingham/version.hpp" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gingham)

# gingham.pc in <libdir>/pkgconfig, relocatable (${pcfiledir}), so `cmake --install --prefix P` works too.
pkg_check_modules(GINGHAM_OMPI_CXX QUIET ompi-cxx)
set(GINGHAM_PC_MPI "")
if(GINGHAM_OMPI_CXX_FOUND)
  set(GINGHAM_PC_MPI "ompi-cxx")
endif()
file(RELATIVE_PATH GINGHAM_PC_PREFIX_FROM_PCDIR "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" GINGHAM_PC_PREFIX_FROM_PCDIR "${GINGHAM_PC_PREFIX_FROM_PCDIR}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/gingham.pc.in" "${PROJECT_BINARY_DIR}/gingham.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/gingham.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Installing as root into a directory the dynamic linker searches (/usr/local/lib on Debian): run ldconfig,
# so that `mpicxx -std=c++20 main.cpp -lgingham` gives a binary that runs without LD_LIBRARY_PATH. Other
# prefixes (a user's, a scratch one, DESTDIR staging for a package) leave the linker cache alone and say so;
# gingham.pc and the CMake package give consumers an rpath there.
install(CODE "set(GINGHAM_INSTALL_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")")
install(SCRIPT "${PROJECT_SOURCE_DIR}/cmake/refresh_linker_cache.cmake")
