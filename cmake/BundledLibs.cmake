# Build the vendored libzmq and CZMQ as static, position-independent libraries
# and expose them as the interface target czmq_libs.

set(CZMQ_VENDOR_DIR "${CMAKE_CURRENT_SOURCE_DIR}/vendor/src")
set(CZMQ_LIBZMQ_SOURCE "${CZMQ_VENDOR_DIR}/libzmq")
set(CZMQ_CZMQ_SOURCE "${CZMQ_VENDOR_DIR}/czmq")

if(NOT EXISTS "${CZMQ_LIBZMQ_SOURCE}/.czmq-vendor-stamp"
   OR NOT EXISTS "${CZMQ_CZMQ_SOURCE}/.czmq-vendor-stamp")
  message(STATUS "czmq: vendored sources missing, running vendor/fetch.py")
  execute_process(
    COMMAND "${Python_EXECUTABLE}" "${CMAKE_CURRENT_SOURCE_DIR}/vendor/fetch.py"
            --dest "${CZMQ_VENDOR_DIR}"
    RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "czmq: could not fetch and verify the vendored sources")
  endif()
endif()

include(ExternalProject)

# The static libraries do not depend on the Python version: builds of
# several wheels can share one copy of them through CZMQ_DEPS_DIR (ci/wheel
# does), with the same compiler and flags.
set(CZMQ_DEPS_DIR "${CMAKE_CURRENT_BINARY_DIR}" CACHE PATH
    "Where libzmq and CZMQ are built; may be shared between wheel builds")
set(CZMQ_DEPS_PREFIX "${CZMQ_DEPS_DIR}/deps")
set(CZMQ_LIBZMQ_ARCHIVE "${CZMQ_DEPS_PREFIX}/lib/${CMAKE_STATIC_LIBRARY_PREFIX}zmq${CMAKE_STATIC_LIBRARY_SUFFIX}")
set(CZMQ_CZMQ_BUILD "${CZMQ_DEPS_DIR}/czmq-build")
set(CZMQ_CZMQ_ARCHIVE "${CZMQ_CZMQ_BUILD}/${CMAKE_STATIC_LIBRARY_PREFIX}czmq${CMAKE_STATIC_LIBRARY_SUFFIX}")

# Settings both projects get: the compilers and flags of this build, static
# PIC code, and a policy floor so that CMake 4 accepts their old minimums.
set(CZMQ_COMMON_ARGS
    -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}
    -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
    -DCMAKE_AR=${CMAKE_AR}
    -DCMAKE_RANLIB=${CMAKE_RANLIB}
    -DCMAKE_C_FLAGS=${CMAKE_C_FLAGS}
    -DCMAKE_CXX_FLAGS=${CMAKE_CXX_FLAGS}
    -DCMAKE_OSX_ARCHITECTURES=${CMAKE_OSX_ARCHITECTURES}
    -DCMAKE_OSX_DEPLOYMENT_TARGET=${CMAKE_OSX_DEPLOYMENT_TARGET}
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5
    -DCMAKE_INSTALL_PREFIX=${CZMQ_DEPS_PREFIX}
    -DCMAKE_INSTALL_LIBDIR=lib)
if(CMAKE_SYSTEM_NAME STREQUAL "SunOS")
  # Sockets live in libsocket and libnsl on illumos.  libzmq's autotools
  # build knows; its CMake build does not, so its configure checks that
  # link a socket call would fail and turn features off.
  list(APPEND CZMQ_COMMON_ARGS "-DCMAKE_REQUIRED_LIBRARIES=socket|nsl"
       "-DCMAKE_EXE_LINKER_FLAGS=-lsocket -lnsl")
endif()
if(CMAKE_TOOLCHAIN_FILE)
  list(APPEND CZMQ_COMMON_ARGS -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE})
endif()

ExternalProject_Add(
  libzmq_ext
  LIST_SEPARATOR |
  SOURCE_DIR "${CZMQ_LIBZMQ_SOURCE}"
  BINARY_DIR "${CZMQ_DEPS_DIR}/libzmq-build"
  CMAKE_ARGS
    ${CZMQ_COMMON_ARGS}
    -DBUILD_SHARED=OFF
    -DBUILD_STATIC=ON
    -DBUILD_TESTS=OFF
    -DWITH_DOCS=OFF
    -DWITH_PERF_TOOL=OFF
    -DENABLE_DRAFTS=OFF
    -DENABLE_WS=OFF
    -DENABLE_CURVE=ON
    -DWITH_LIBSODIUM=OFF
    -DWITH_LIBBSD=OFF
    -DWITH_OPENPGM=OFF
    -DWITH_NORM=OFF
    -DWITH_VMCI=OFF
    -DENABLE_CPACK=OFF
    -DENABLE_PRECOMPILED=OFF
    -DLIBZMQ_WERROR=OFF
    ${CZMQ_LIBZMQ_EXTRA_ARGS}
  BUILD_BYPRODUCTS "${CZMQ_LIBZMQ_ARCHIVE}"
  USES_TERMINAL_BUILD ON)

# CZMQ always adds its command-line tools and self-test, so build only the
# static library target and use it from the build tree.
ExternalProject_Add(
  czmq_ext
  DEPENDS libzmq_ext
  LIST_SEPARATOR |
  SOURCE_DIR "${CZMQ_CZMQ_SOURCE}"
  BINARY_DIR "${CZMQ_CZMQ_BUILD}"
  CMAKE_ARGS
    ${CZMQ_COMMON_ARGS}
    -DCMAKE_PREFIX_PATH=${CZMQ_DEPS_PREFIX}
    -DPKG_CONFIG_USE_CMAKE_PREFIX_PATH=ON
    -DCZMQ_BUILD_SHARED=OFF
    -DCZMQ_BUILD_STATIC=ON
    -DENABLE_DRAFTS=OFF
    -DCZMQ_WITH_UUID=OFF
    -DCZMQ_WITH_SYSTEMD=OFF
    -DCZMQ_WITH_LZ4=OFF
    -DCZMQ_WITH_LIBCURL=OFF
    -DCZMQ_WITH_NSS=OFF
    -DCZMQ_WITH_LIBMICROHTTPD=OFF
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target czmq-static
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS "${CZMQ_CZMQ_ARCHIVE}"
  USES_TERMINAL_BUILD ON)

find_package(Threads REQUIRED)
add_library(czmq_libs INTERFACE)
add_dependencies(czmq_libs czmq_ext)
target_include_directories(czmq_libs INTERFACE "${CZMQ_CZMQ_SOURCE}/include"
                                               "${CZMQ_LIBZMQ_SOURCE}/include")
target_compile_definitions(czmq_libs INTERFACE ZMQ_STATIC CZMQ_STATIC)
target_link_libraries(czmq_libs INTERFACE "${CZMQ_CZMQ_ARCHIVE}" "${CZMQ_LIBZMQ_ARCHIVE}"
                                          Threads::Threads)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  target_link_libraries(czmq_libs INTERFACE rt)
elseif(CMAKE_SYSTEM_NAME STREQUAL "SunOS")
  target_link_libraries(czmq_libs INTERFACE socket nsl)
endif()
message(STATUS "czmq: linking the bundled libzmq and CZMQ statically")
