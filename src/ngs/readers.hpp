#pragma once

// Private to src/ngs: the two ways reads reach the counter.

#include <memory>
#include <string>
#include <vector>

#include <hbvdr/ngs/ngs.hpp>

#include "counter.hpp"

namespace hbvdr::ngs_detail
{

//!\brief What the readers use of the run: the reference panel and the aligner (both outlive the call).
struct reads_context
{
    reference_set const & refs;
    aligner const & align;
};

//! The name the readers' definitions (bam_input.cpp, fastq_input.cpp) still give reads_context.
using analysis_context = reads_context;

//!\brief Counts of one sample and the reference window they are on.
struct counted_sample
{
    std::unique_ptr<codon_counter> counter;
    std::size_t ref_index{0}; //!< Panel index of the reference the window belongs to.
    int window_start{0};
    int window_len{0};
};

//!\brief SAM/BAM/CRAM aligned to any HBV contig. Throws input_error for unusable files.
counted_sample count_alignment_file(ngs_input const & in,
                                    reads_context const & ctx,
                                    ngs_options const & opts,
                                    ngs_result & r,
                                    std::vector<std::string> & warnings);

//!\brief FASTQ (one file or a pair) or an unaligned BAM: reads aligned by hbvdr. Throws input_error.
counted_sample count_unaligned_reads(ngs_input const & in,
                                     reads_context const & ctx,
                                     ngs_options const & opts,
                                     ngs_result & r,
                                     std::vector<std::string> & warnings);

//!\brief Where each contig position lands on the reference window (-1: nowhere).
struct contig_placement
{
    bool usable{false};
    bool reverse{false};
    std::vector<int> window_of;             //!< Per contig position.
    std::vector<std::uint16_t> forward_run; //!< Per contig position: positions from it on consecutive window indices.
    std::vector<std::uint8_t> window_base;  //!< Per window index: the contig's base there (0-3; other: none).
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges; //!< Contig ranges [begin, end) holding window bases.
    ngs_contig info;
    std::size_t ref_index{0};
    int window_start{0};
    int window_len{0};
};

/*!\brief Align a contig sequence to hbvdr's reference (any rotation, strand, a doubled genome or
 * an amplicon) and invert the alignment into contig position -> window index. `ref_index`: align
 * to this panel reference, or choose the best when it is npos.
 */
contig_placement
place_contig(std::string const & name, std::string_view sequence, aligner const & align, std::size_t ref_index);

} // namespace hbvdr::ngs_detail
