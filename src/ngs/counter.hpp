#pragma once

// Private to src/ngs: whole-codon counting of reads projected onto the reference window.
//
// A read (from a BAM record walked along its CIGAR, or aligned by hbvdr from FASTQ) is first laid
// onto the window (`read_window`: one base/quality per window index, plus whether neighbouring
// window bases came from neighbouring read bases). Codon observations in the RT and S frames are
// then taken from the same bases (`extract`). Mates are combined into one molecule by the
// `fragment_assembler`, which hands molecules to the `codon_counter`: fixed-size tables of
// codon counts per strand, base counts for the consensus, and linkage patterns.
//
// The parts: read_window.hpp, codon_counter.hpp (counting; calling in codon_caller.cpp),
// fragment_assembler.hpp (with huge_pages.hpp), stats.hpp.

#include "codon_counter.hpp"
#include "fragment_assembler.hpp"
#include "read_window.hpp"
