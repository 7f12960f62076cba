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

/*!\brief The steps that end counting from either input: pending molecules counted, the counts
 * completed, and the fragment and pairing statistics into `st`.
 */
inline void finish_counting(fragment_assembler & assembler, codon_counter & counter, ngs_read_stats & st)
{
    assembler.flush();
    counter.settle();
    st.fragments = counter.fragments();
    st.pairs_merged = assembler.pairs_merged;
    st.discordant_codons = assembler.discordant;
}

} // namespace hbvdr::ngs_detail
