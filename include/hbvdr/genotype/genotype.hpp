#pragma once

//!\file
//!\brief Genotype by nearest reference over the RT region (rt1-rt344, 1,032 nt).
//!
//! Distances are p-distances over the RT nucleotides the sample covers with an unambiguous
//! base (mixtures, N, gaps and insertions excluded), to every genome of the 44-genome panel;
//! the RT is colinear in all genotypes, so the projection onto one reference lines the sample
//! up with every panel genome without further alignment.

#include <string>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

//!\brief Thresholds (documented in the README, section "Genotyping").
struct genotype_options
{
    double unassigned_above{0.08};   //!< Nearest panel genome further than this: genotype unassigned.
    int min_sites{150};              //!< Fewer comparable RT sites: genotype unassigned.
    double ambiguous_margin{0.005};  //!< Second genotype within this of the first: flag ambiguous.
    int window{258};                 //!< Window length for the recombination scan (4 windows over RT).
    int min_window_sites{150};       //!< Windows with fewer sites are not scanned.
    double recombinant_margin{0.02}; //!< A window nearer another genotype by at least this: flag recombinant.
    double mixed_fraction{0.01};     //!< Mixed (2-3 base) IUPAC codes above this fraction: flag.
    int dual_min_sites{3};           //!< Mixed sites explained by two genotypes needed for a dual-infection flag.
    int scan_min_kmers{150};         //!< Genome scan: windows with fewer k-mers are skipped.
    double scan_margin{0.15};        //!< Genome scan: another genotype matching this fraction more k-mers: flag.
};

//!\brief A genotyping caveat with its explanation.
struct genotype_flag
{
    std::string code;
    std::string detail;
};

//!\brief Genotyping result.
struct genotype_call
{
    std::string genotype;       //!< "A".."J" or "unassigned".
    char nearest_genotype{'?'}; //!< Genotype of the nearest genome even when unassigned.
    double distance{1.0};       //!< p-distance to the nearest panel genome.
    std::string nearest_accession;
    std::string nearest_subgenotype;
    char second_genotype{'?'}; //!< Next-nearest genotype.
    double second_distance{1.0};
    int sites{0};       //!< Comparable RT sites.
    int mixed_sites{0}; //!< Sites with a 2- or 3-base IUPAC code.
    //! Flags: "ambiguous_genotype", "possible_recombinant", "many_mixed_bases", "possible_dual_infection".
    std::vector<genotype_flag> flags;
    std::string unassigned_reason; //!< Why genotype is "unassigned" (empty otherwise).
    //! Other genotypes the flags name (ambiguous, recombinant, dual infection), letters in order found.
    std::string other_genotypes;

    bool has_flag(std::string_view code) const noexcept;
    //!\brief Genotypes the sample may belong to: the called one and other_genotypes, sorted;
    //! empty when unassigned (any genotype).
    std::string candidate_genotypes() const;
};

/*!\brief Genotype a projected alignment. `rt1_window_index` = window index of rt codon 1 nt 1.
 */
genotype_call call_genotype(projected_alignment const & aln,
                            int rt1_window_index,
                            reference_set const & refs,
                            genotype_options const & opts = {});

/*!\brief Flag recombination outside the RT: windows of a long sequence whose k-mers match another
 * genotype's reference clearly better than the called genotype's (align_outcome::window_kmer_matches).
 */
void scan_genome_windows(genotype_call & g,
                         std::vector<std::array<int, 11>> const & window_kmer_matches,
                         int window_length,
                         genotype_options const & opts = {});

} // namespace hbvdr
