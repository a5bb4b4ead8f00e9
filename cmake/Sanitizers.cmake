# ASan + UBSan for the clang CI build; libFuzzer targets need clang.
if(RACOON2_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(${_san})
endif()
if(RACOON2_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "RACOON2_FUZZ needs clang (libFuzzer)")
endif()
