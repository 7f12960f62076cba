#pragma once

//!\file
//!\brief Per-sample amino-acid call table (rt1-rt344, s1-s226) and the mutations it holds.

#include <cstdint>
#include <string>
#include <vector>

#include <hbvdr/core/mutation.hpp>
#include <hbvdr/reference/reference.hpp>
#include <hbvdr/translate/translate.hpp>

namespace hbvdr
{

//!\brief Calls of one sample against its genotype reference.
struct call_table
{
    reference_genome const * reference{nullptr}; //!< Genotype reference (ref_aa, ref codons).
    gene_translation rt;
    gene_translation s;

    gene_translation const & of(gene const g) const noexcept
    {
        return g == gene::rt ? rt : s;
    }
    codon_call const & at(gene const g, int const pos) const
    {
        return of(g).at(pos);
    }
    char ref_aa(gene g, int pos) const noexcept;
    //!\brief Reference codon (3 bases) of a gene position; s227 is the S stop codon.
    std::string ref_codon(gene g, int pos) const;
};

//!\brief Build the call table from an alignment to `ref` (rt1 at window index `rt1_window_index`).
call_table make_call_table(projected_alignment const & aln, reference_genome const & ref, int rt1_window_index);

//!\brief A mutation with the context a report needs.
struct mutation_row
{
    aa_mutation mutation;
    std::string codon; //!< Sample codon ("" for insertions / frameshifts).
    std::string ref_codon;
    std::string other_frame; //!< RT rows: consequence in S ("sW172*", "syn", "outside S"); S rows: the RT change(s).
    std::string native_in;   //!< Genotypes whose panel genomes carry a called non-reference residue natively.
    std::string note;
    // NGS samples only (one row per amino acid):
    bool has_freq{false};
    double freq{0.0};       //!< Fraction of the molecules at the position carrying this amino acid.
    std::uint32_t depth{0}; //!< Molecules with a whole codon at the position.
    bool minority{false};   //!< Not the majority residue of the position.
};

/*!\brief Every position whose call differs from the genotype reference, in gene (RT, S),
 * position, kind order. Mixtures containing the reference residue are included; `ambiguous`
 * (N-containing) and uncovered codons are not mutations (QC reports them).
 */
std::vector<mutation_row> list_mutations(call_table const & calls, reference_set const & refs);

//!\brief Consequence, in the other frame, of the nucleotides that differ at a position ("" if none differ).
std::string other_frame_effect(call_table const & calls, gene g, int pos);

} // namespace hbvdr
