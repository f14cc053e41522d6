# Project-wide compile settings and the one-line helpers the layer and test CMakeLists use.

add_library(rl_compile_options INTERFACE)
target_compile_options(rl_compile_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                    -Wconversion -Wno-sign-conversion)
if(RL_WERROR)
  target_compile_options(rl_compile_options INTERFACE -Werror)
endif()
# GCC 12's optimiser reports impossible overlaps inside libstdc++'s own std::string
# concatenation (GCC bug 105651) at -O2/-O3, so the warning is noise with that compiler.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(rl_compile_options INTERFACE -Wno-restrict)
endif()
target_include_directories(rl_compile_options INTERFACE ${PROJECT_SOURCE_DIR}/include)
target_compile_definitions(rl_compile_options INTERFACE RL_VERSION="${PROJECT_VERSION}"
                                                          RL_BUILD_TYPE="${CMAKE_BUILD_TYPE}")

if(RL_SANITIZE)
  # vptr is off: cpprestsdk's stream buffers are template classes instantiated both in
  # libcpprest.so and in our code, and UBSan's dynamic-type check reports every call across
  # that boundary as a type mismatch (it stopped the operator on its first request).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  # The sanitizers' instrumentation makes GCC 12 report uninitialised members inside
  # std::regex that cannot be; the plain build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr)
endif()
if(RL_FUZZ)
  # The sanitizers of RL_SANITIZE, plus the coverage libFuzzer steers by (tests/fuzz).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
                      -fsanitize-coverage=trace-pc,trace-cmp -fno-omit-frame-pointer)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr)
endif()
if(RL_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# rl_add_library(NAME SOURCES... DEPS ...): one layer library with the project settings.
function(rl_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC rl_compile_options ${ARG_DEPS})
endfunction()

# rl_add_test(NAME SOURCE DEPS... [LABELS ...]): one GoogleTest binary registered with ctest.
function(rl_add_test name source)
  cmake_parse_arguments(ARG "" "" "DEPS;LABELS" ${ARGN})
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE rl_compile_options ${ARG_DEPS} GTest::gtest_main
                                        GTest::gmock)
  target_compile_definitions(${name} PRIVATE RL_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             RL_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
