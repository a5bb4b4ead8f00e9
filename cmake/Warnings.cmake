# One warning set for every target of ours; -Werror in the gcc CI build.
add_library(racoon2_warnings INTERFACE)
target_compile_options(racoon2_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(racoon2_warnings INTERFACE
    -Wmisleading-indentation -Wduplicated-cond -Wduplicated-branches -Wlogical-op)
endif()
if(RACOON2_WERROR)
  target_compile_options(racoon2_warnings INTERFACE -Werror)
endif()
