#pragma once

//!\file
//!\brief An amino-acid difference from the reference, with its conventional label.

#include <string>

#include <hbvdr/core/aa_set.hpp>
#include <hbvdr/core/genes.hpp>

namespace hbvdr
{

enum class mutation_kind : std::uint8_t
{
    substitution, //!< One amino acid, not the reference one.
    mixture,      //!< Several amino acids (IUPAC mixture or NGS minority), possibly including the reference.
    deletion,     //!< In-frame codon deletion.
    insertion,    //!< In-frame codon insertion after `pos`.
    frameshift    //!< Net indel not a multiple of three starting at `pos`.
};

std::string_view to_string(mutation_kind k) noexcept;

/*!\brief A change at a gene position.
 *
 * Labels: `rtM204V`, mixtures list every called residue (`rtM204IM`, `sW172W*`), `rtN238del`,
 * insertions `rt91_92insAS` (mixture codons in brackets: `rt91_92ins[IM]S`), frameshifts `rtL120fs`.
 */
struct aa_mutation
{
    gene g{gene::rt};
    int pos{0};
    char ref{'?'};
    aa_set aa{};
    mutation_kind kind{mutation_kind::substitution};
    std::string inserted; //!< Insertion: residues as written in the label.

    std::string label() const;
};

} // namespace hbvdr
