# Link the system's libzmq and CZMQ (for distribution packagers).
find_package(PkgConfig REQUIRED)
pkg_check_modules(CZMQ_SYSTEM REQUIRED IMPORTED_TARGET libczmq libzmq)
add_library(czmq_libs INTERFACE)
target_link_libraries(czmq_libs INTERFACE PkgConfig::CZMQ_SYSTEM)
message(STATUS "czmq: linking the system libzmq ${CZMQ_SYSTEM_libzmq_VERSION} "
               "and CZMQ ${CZMQ_SYSTEM_libczmq_VERSION}")
