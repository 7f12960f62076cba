#pragma once

//!\file
//!\brief The bundled HBV reference genomes (data/): loading, checksum verification, RT/S frames.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <hbvdr/core/aa_set.hpp>
#include <hbvdr/core/genes.hpp>

namespace hbvdr
{

//!\brief Genotypes known to the panel, in this order (index = genotype_index()).
inline constexpr std::string_view genotype_letters = "ABCDEFGHIJ";

//!\brief Index of a genotype letter in #genotype_letters, or -1.
constexpr int genotype_index(char const g) noexcept
{
    for (std::size_t i = 0; i < genotype_letters.size(); ++i)
        if (genotype_letters[i] == g)
            return static_cast<int>(i);
    return -1;
}

//!\brief One reference genome of the panel, in EcoRI numbering.
struct reference_genome
{
    std::string accession;
    char genotype{'?'};
    std::string subgenotype;        //!< "A1(2)", or "-" when the panel gives none.
    bool genotype_reference{false}; //!< The one reference of its genotype used for alignment and ref_aa.
    std::string sequence;           //!< Upper case, linear copy of the circular genome starting at EcoRI nt 1.
    int rt1_nt{130};                //!< 1-based position of the first base of rt codon 1.
    std::string rt_protein;         //!< rt1..rt344, one letter per codon.
    std::string s_protein;          //!< s1..s226.
    int resolved_rt_bases{0};       //!< IUPAC codes inside RT resolved to the panel's majority base on load.

    //!\brief 0-based offset of the first RT nucleotide in #sequence.
    std::size_t rt_offset() const noexcept
    {
        return static_cast<std::size_t>(rt1_nt - 1);
    }
    //!\brief The 1,032 nt of rt1..rt344.
    std::string_view rt_nucleotides() const noexcept
    {
        return std::string_view{sequence}.substr(rt_offset(), 3 * rt_info.n_codons);
    }
    //!\brief Reference residue of a gene position (1-based); '?' outside the gene.
    char residue(gene g, int pos) const noexcept;
};

/*!\brief The reference panel: every genome listed in data/manifest.tsv, verified on load.
 *
 * Load checks (each failure throws data_error naming file and line): manifest format version,
 * sha256 of the FASTA file and of every sequence, no missing or unlisted record, exactly one
 * genotype reference per genotype A–J, and for each genome a stop-free rt1–rt344 with YMDD at
 * rt203–206 and an intact 226-codon S ORF starting at the ATG 25 nt after rt1.
 */
class reference_set
{
public:
    //!\brief Load and verify a data directory.
    static reference_set load(std::filesystem::path const & data_dir);

    std::vector<reference_genome> const & panel() const noexcept
    {
        return m_panel;
    }
    //!\brief Panel index of the genotype reference of a genotype letter; nullopt if unknown.
    std::optional<std::size_t> genotype_reference_index(char genotype) const noexcept;
    //!\brief Panel indices of the genotype references in A..J order.
    std::vector<std::size_t> const & genotype_reference_indices() const noexcept
    {
        return m_genotype_refs;
    }
    //!\brief Residues found at a gene position in the panel, per genotype (index by genotype_index()).
    std::array<aa_set, 10> const & native_residues(gene g, int pos) const;
    //!\brief Genotypes (letters, sorted) whose panel genomes carry `aa` at the position; empty if none.
    std::string genotypes_with_residue(gene g, int pos, aa_set aa) const;
    //!\brief For each of the 1,032 RT nucleotides and each base (A, C, G, T), a bit set of the panel
    //! genomes (bit = panel index) that carry a different base there. At most 64 panel genomes.
    std::vector<std::array<std::uint64_t, 4>> const & rt_base_mismatch_masks() const noexcept
    {
        return m_rt_differ;
    }
    //!\brief Directory the panel was loaded from.
    std::filesystem::path const & directory() const noexcept
    {
        return m_dir;
    }
    //!\brief sha256 of manifest.tsv (identifies the reference data release in outputs).
    std::string const & manifest_sha256() const noexcept
    {
        return m_manifest_sha;
    }
    //!\brief Version of the reference data (the manifest's '#version' line, e.g. "2026.1"); empty if none.
    std::string const & data_version() const noexcept
    {
        return m_data_version;
    }

private:
    std::vector<reference_genome> m_panel;
    std::vector<std::size_t> m_genotype_refs;
    std::vector<std::array<aa_set, 10>> m_native_rt;
    std::vector<std::array<aa_set, 10>> m_native_s;
    std::vector<std::array<std::uint64_t, 4>> m_rt_differ;
    std::filesystem::path m_dir;
    std::string m_manifest_sha;
    std::string m_data_version;
};

//!\brief Translate an unambiguous nucleotide string (length multiple of 3) to one-letter codes ('X' for non-ACGT).
std::string translate_plain(std::string_view nucleotides);

} // namespace hbvdr
