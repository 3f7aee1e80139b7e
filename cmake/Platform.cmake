# Platform-specific link settings of the extension module.

# Export nothing but PyInit__czmq: if libzmq's symbols were visible, another
# libzmq in the process (pyzmq's) could bind to ours or the other way round.
function(czmq_export_only_init target)
  if(APPLE)
    target_link_options(${target} PRIVATE "LINKER:-exported_symbol,_PyInit__czmq")
  elseif(CMAKE_SYSTEM_NAME STREQUAL "SunOS")
    # The illumos link-editor takes its own mapfile syntax, not GNU's.
    target_link_options(${target} PRIVATE
                        "LINKER:-M,${CMAKE_CURRENT_SOURCE_DIR}/src/exports.illumos.map")
  else()
    target_link_options(${target} PRIVATE
                        "LINKER:--version-script=${CMAKE_CURRENT_SOURCE_DIR}/src/exports.map")
  endif()
endfunction()

# nanobind asks for --gc-sections, which the illumos link-editor rejects;
# remove it from every target of this directory (the module and nanobind's
# own static library, which passes it on through its interface).
function(czmq_drop_gc_sections)
  get_property(targets DIRECTORY PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    foreach(property LINK_OPTIONS INTERFACE_LINK_OPTIONS)
      get_target_property(options ${target} ${property})
      if(options)
        list(FILTER options EXCLUDE REGEX "gc-sections")
        set_target_properties(${target} PROPERTIES ${property} "${options}")
      endif()
    endforeach()
  endforeach()
endfunction()

function(czmq_platform_settings target)
  czmq_export_only_init(${target})
  if(CMAKE_SYSTEM_NAME STREQUAL "SunOS" OR CZMQ_DROP_GC_SECTIONS)
    czmq_drop_gc_sections()
  endif()
  if(CMAKE_SYSTEM_NAME STREQUAL "SunOS" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # No libstdc++ of the build machine's GCC at run time: link it in.
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
