# ASan + UBSan for the clang CI build; libFuzzer targets need clang.
if(RACOON2_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(${_san})
endif()
if(RACOON2_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "RACOON2_FUZZ needs clang (libFuzzer)")
endif()
# Coverage feedback for everything we compile, not only the fuzz harnesses:
# without it libFuzzer sees the harness alone and explores the parsers blind.
# (Only the fuzz targets link libFuzzer's main: -fsanitize=fuzzer there.)
if(RACOON2_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
