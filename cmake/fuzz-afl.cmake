# The AFL++ build of the fuzz harnesses (HBVDR_FUZZ_ENGINE=afl; scripts/dev/fuzz.sh configures it with
# CXX=afl-clang-fast++). Debian 12's AFL++ GCC plugin refuses Debian 12's GCC ("incompatible
# versions"), so instrumentation comes from AFL++'s LLVM mode (clang 14); SeqAn3 3.2 does not
# compile with clang 14, so its two translation units are compiled by g++ (not instrumented)
# through a compiler launcher. See docs/fuzzing.md.
if (NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HBVDR_FUZZ_ENGINE=afl needs CXX=afl-clang-fast++ (found ${CMAKE_CXX_COMPILER_ID}); "
                        "use scripts/dev/fuzz.sh")
endif ()
set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_SOURCE_DIR}/cmake/fuzz-afl-launcher.sh)
# The codon table is computed at compile time: more evaluation steps than clang's default allows.
set_source_files_properties(${CMAKE_SOURCE_DIR}/src/core/nucleotide.cpp PROPERTIES COMPILE_OPTIONS
                                                                            -fconstexpr-steps=100000000)

# SeqAn3's package configuration test-compiles its headers with the chosen compiler (clang), which
# fails; its two users are compiled by g++, so only its usage requirements are declared here (as
# SeqAn3 3.2's configuration gives them on Debian 12).
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)
find_package(Threads REQUIRED)
find_path(HBVDR_SDSL_INCLUDE sdsl/version.hpp PATHS /usr/include/seqan3/submodules/sdsl-lite/include REQUIRED)
add_library(seqan3::seqan3 INTERFACE IMPORTED)
set_target_properties(seqan3::seqan3 PROPERTIES
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${HBVDR_SDSL_INCLUDE}
    INTERFACE_INCLUDE_DIRECTORIES ${HBVDR_SDSL_INCLUDE}
    INTERFACE_COMPILE_DEFINITIONS "SEQAN3_HAS_ZLIB=1;SEQAN3_HAS_BZIP2=1"
    INTERFACE_LINK_LIBRARIES "ZLIB::ZLIB;BZip2::BZip2;Threads::Threads")
