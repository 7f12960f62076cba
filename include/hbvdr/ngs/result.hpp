#pragma once

//!\file
//!\brief What the NGS read path adds to a sample report (reads, thresholds, linkage, consensus).
//!
//! Positions are 1-based gene positions (rt1..rt344, s1..s226). Frequencies are fractions (0..1)
//! of the molecules (read pairs count once) with a whole codon at the position.

#include <cstdint>
#include <string>
#include <vector>

#include <hbvdr/ngs/options.hpp>

namespace hbvdr
{

//!\brief Read accounting of one NGS sample.
struct ngs_read_stats
{
    std::uint64_t records{0};  //!< Records read (or FASTQ reads).
    std::uint64_t unmapped{0}; //!< Unmapped records (aligned input) or reads hbvdr could not align (FASTQ).
    std::uint64_t secondary{0};
    std::uint64_t supplementary{0};
    std::uint64_t duplicate{0};
    std::uint64_t qc_fail{0};
    std::uint64_t off_target{0};         //!< Mapped to a contig or part of it outside the RT window.
    std::uint64_t no_sequence{0};        //!< Mapped, but stored without its bases (SEQ '*'): nothing to count.
    std::uint64_t used{0};               //!< Reads that gave at least one codon observation.
    std::uint64_t fragments{0};          //!< Molecules counted (a read pair = one).
    std::uint64_t pairs_merged{0};       //!< Read pairs whose mates were combined into one molecule.
    std::uint64_t discordant_codons{0};  //!< Codons where overlapping mates disagreed (not counted).
    std::uint64_t codons_low_quality{0}; //!< Codon observations dropped for a base below min_baseq or an N.
};

//!\brief How one BAM/CRAM contig was placed on hbvdr's genotype reference.
struct ngs_contig
{
    std::string name;
    std::int64_t length{0};
    std::string source; //!< Where its sequence came from ("--bam-reference", "data/ (name)", "data/ (sequence)", ...).
    std::string mapped_to; //!< Accession of the hbvdr reference it was aligned to ("" if it holds no RT).
    bool reverse{false};   //!< The contig is the minus strand of the genome.
    int copies{0};         //!< Copies of the RT window in the contig (2 for a doubled genome).
    std::string note;      //!< Why it is not used, when it is not.
};

//!\brief One row of linkage.tsv: a haplotype over a set of RT positions.
struct linkage_row
{
    std::vector<int> positions; //!< RT positions, ascending.
    std::string haplotype;      //!< Residues at those positions, comma-separated ("M,V").
    std::uint64_t count{0};     //!< Molecules with this haplotype.
    std::uint64_t depth{0};     //!< Molecules with a whole codon at every position of the set.
    double freq{0.0};
};

//!\brief Counts at a position that are not whole codons (reported in JSON).
struct ngs_indel_counts
{
    char gene{'R'}; //!< 'R' = RT, 'S' = S.
    int pos{0};
    std::uint64_t deleted{0};          //!< Molecules with the whole codon deleted.
    std::uint64_t disrupted{0};        //!< Molecules with an indel inside the codon (frameshift in that read).
    std::uint64_t inserted_after{0};   //!< Molecules with an in-frame insertion after the codon.
    std::uint64_t frameshift_after{0}; //!< Molecules with an insertion of a non-multiple of 3 after the codon.
};

//!\brief A variant amino acid above min_freq that the error model or strand check rejected.
struct ngs_filtered_variant
{
    char gene{'R'};
    int pos{0};
    char aa{'?'};
    double freq{0.0};
    std::uint64_t count{0};
    std::string reason; //!< "error_model" or "strand_bias".
};

//!\brief Everything the NGS path knows about a sample beyond the call table.
struct ngs_result
{
    std::string input_kind;         //!< "bam", "cram", "sam", "fastq", "fastq_pair", "unaligned_bam".
    std::vector<std::string> files; //!< Input files as displayed.
    ngs_thresholds thresholds;
    ngs_read_stats reads;
    std::vector<ngs_contig> contigs;
    std::vector<linkage_row> linkage;
    std::vector<ngs_indel_counts> indels;
    std::vector<ngs_filtered_variant> filtered;
    std::string consensus;        //!< IUPAC consensus over the reference window ('N' below min_depth), trimmed.
    std::string consensus_region; //!< e.g. "FJ692557:30-1261" (1-based, inclusive, reference coordinates).
};

} // namespace hbvdr
