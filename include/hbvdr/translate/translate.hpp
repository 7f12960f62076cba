#pragma once

//!\file
//!\brief Whole-codon translation of an aligned sample in the RT and S frames.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/core/aa_set.hpp>
#include <hbvdr/core/genes.hpp>

namespace hbvdr
{

//!\brief State of one codon position of a gene.
enum class codon_status : std::uint8_t
{
    called,      //!< All three bases read; `aa` is the set their IUPAC codes allow.
    ambiguous,   //!< All three bases present but at least one is N: the amino acid is unknown.
    deleted,     //!< The codon is deleted in frame.
    not_covered, //!< Outside the sequence, a partial codon, a frameshift, or (NGS) no read.
    low_depth,   //!< NGS: covered by fewer molecules than the depth gate (insufficient data).
};

//!\brief Text of a status as written in calls.tsv: called, ambiguous, deleted, not_covered, low_depth.
std::string_view to_string(codon_status s) noexcept;

//!\brief One gene position of one sample.
struct codon_call
{
    codon_status status{codon_status::not_covered};
    aa_set aa{};       //!< Called amino acids (called / ambiguous); empty otherwise.
    std::string codon; //!< Query bases forming the codon ("ATK"; "---" deleted; "A.." partial; "" outside).
    //! Why not covered, or how the codon was formed; always a string literal (static storage).
    std::string_view note;
    // Filled by the NGS path only:
    std::uint32_t depth{0};                       //!< Reads with a whole codon here.
    std::vector<std::pair<char, double>> freqs{}; //!< Amino-acid frequencies, alphabetical, '*' last.
    bool has_depth{false};
};

//!\brief Codons inserted after a gene position.
struct codon_insertion
{
    int after{0};           //!< Gene position the insertion follows (1-based).
    std::string bases;      //!< Inserted bases.
    std::vector<aa_set> aa; //!< One set per inserted codon (empty if not in frame).
    bool in_frame{true};
};

//!\brief A net insertion or deletion that is not a multiple of three.
struct frameshift
{
    int pos{0};       //!< First gene position affected.
    int net_bases{0}; //!< Positive = inserted bases, negative = deleted.
};

//!\brief The translated gene.
struct gene_translation
{
    gene id{gene::rt};
    std::vector<codon_call> codons; //!< Index = position - 1.
    std::vector<codon_insertion> insertions;
    std::vector<frameshift> frameshifts;

    codon_call const & at(int const pos) const
    {
        return codons.at(static_cast<std::size_t>(pos - 1));
    }
    //!\brief First / last position with a called, ambiguous or deleted codon (not low_depth); 0 if none.
    std::pair<int, int> covered_range() const noexcept;
};

/*!\brief Translate one gene frame of a projected alignment.
 *
 * `rt1_window_index` is the window index of the first base of rt codon 1. Rules: a codon is
 * called only from three aligned bases; a codon touched by an in-frame indel that is not on its
 * boundary is rebuilt from the bases that remain (e.g. S codons across an RT-codon deletion), the
 * codons left over are `deleted`; a net indel that is not a multiple of three marks the codons it
 * touches `not_covered` (frameshift) and later codons are called again in the reference frame.
 */
gene_translation translate_gene(projected_alignment const & aln, gene g, int rt1_window_index);

} // namespace hbvdr
