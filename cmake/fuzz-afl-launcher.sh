#!/bin/sh
# Compiler launcher of the AFL++ fuzz build (cmake/fuzz-afl.cmake): the translation units that
# include SeqAn3 (3.2 compiles only with GCC) go to g++, every other one to the compiler CMake
# chose (afl-clang-fast++). Usage (by CMake): fuzz-afl-launcher.sh COMPILER ARGS...
compiler=$1
shift
case " $* " in
*/src/io/sequence_reader.cpp* | */src/align/dp_seqan3.cpp*)
    exec "${HBVDR_FUZZ_GXX:-g++}" "$@"
    ;;
*)
    exec "$compiler" "$@"
    ;;
esac
