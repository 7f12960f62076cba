#pragma once

//!\file
//!\brief Options of the NGS read path: the calling thresholds and how reads are read.
//!
//! Kept apart from ngs.hpp so that the counting engine (src/ngs) needs nothing above ngs.

#include <cstdint>
#include <filesystem>
#include <vector>

namespace hbvdr
{

//!\brief Calling thresholds of the NGS path (documented in docs/ngs.md).
struct ngs_thresholds
{
    double min_freq{0.02};              //!< An amino acid is reported from this frequency on.
    std::uint32_t min_depth{100};       //!< Fewer molecules with a whole codon: the position is low_depth.
    int min_baseq{20};                  //!< Every base of a counted codon has at least this Phred quality.
    double consensus_threshold{0.2};    //!< A base enters the IUPAC consensus from this frequency on.
    double error_p{1e-3};               //!< Poisson error-model significance level (per amino acid and position).
    double strand_p{1e-3};              //!< Strand-bias Fisher test significance level.
    std::uint32_t min_strand_depth{20}; //!< Strand test only when each strand holds at least this many codons.
    //! Strand test: a variant is one-sided when its frequency on one strand is below this fraction of
    //! its frequency on the other (and Fisher's test gives p < strand_p).
    double strand_ratio{0.1};
    //! Error model: the per-base error rate ε is the mean over the counted bases of 10^(-Q/10), never
    //! below this floor (quasitools' fixed Illumina error rate; docs/ngs.md).
    double min_error_rate{0.0021};
    //! Amino acids (and the deletion) are listed in a position's frequencies from this fraction of its
    //! molecules on; rarer ones are left out of the call table (not of the counts).
    double min_listed_freq{0.00005};
};

//!\brief Options of the NGS path.
struct ngs_options
{
    ngs_thresholds thresholds{};
    std::filesystem::path bam_reference; //!< FASTA with the BAM/CRAM contig sequences (optional).
    unsigned hts_threads{0};             //!< Extra BGZF decompression threads (0 = none).
    bool read_ahead{false};              //!< Read alignment records on a second thread.
    unsigned align_threads{1};           //!< Threads aligning the reads of a FASTQ / unaligned BAM sample.
    //! RT positions tracked for linkage: the database's resistance positions
    //! (mutation_db::coverage_rt_positions); none without a database.
    std::vector<int> linkage_positions{};
    //! Validation only: drop every read with an insertion or deletion, as HBVseq_sub_enrichment does.
    bool skip_indel_reads{false};
};

} // namespace hbvdr
