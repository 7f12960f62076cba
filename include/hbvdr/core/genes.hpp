#pragma once

//!\file
//!\brief Strong position types and the RT / HBsAg (S) reading frames on the HBV genome.
//!
//! Coordinates: genome positions are 1-based in EcoRI numbering (nt 1 = the first T of the EcoRI
//! site GAA|TTC), identical in every genotype over the RT region. rt codon n (Stuyver 2001,
//! 1..344) occupies nt 130+3(n-1) .. 132+3(n-1); s codon m (1..226, stop = 227) occupies
//! nt 155+3(m-1) .. 157+3(m-1). Hence rt codon n: nt1 = 3rd base of s codon n-9, nt2-3 = 1st-2nd
//! base of s codon n-8.

#include <compare>
#include <cstdint>
#include <string_view>

namespace hbvdr
{

//!\brief A 1-based position with a tag that keeps different numberings apart.
template <typename tag_t>
class position
{
public:
    constexpr position() noexcept = default;
    constexpr explicit position(int const value) noexcept : m_value{value}
    {}
    constexpr int value() const noexcept
    {
        return m_value;
    }
    constexpr auto operator<=>(position const &) const noexcept = default;

private:
    int m_value{0};
};

struct rt_tag;
struct s_tag;
struct genome_tag;

using rt_pos = position<rt_tag>;         //!< Stuyver rt numbering, 1..344.
using s_pos = position<s_tag>;           //!< HBsAg numbering, 1..226.
using genome_pos = position<genome_tag>; //!< EcoRI genome numbering, 1-based.

//!\brief The two overlapping reading frames hbvdr reports.
enum class gene : std::uint8_t
{
    rt,
    s
};

//!\brief Static description of a reading frame in EcoRI numbering.
struct gene_info
{
    gene id;
    std::string_view name;   //!< Column value in tables: "RT" or "S".
    std::string_view prefix; //!< Mutation prefix: "rt" or "s".
    int first_nt;            //!< 1-based EcoRI position of the first base of codon 1.
    int n_codons;            //!< Number of numbered codons (stop codon excluded).
};

inline constexpr gene_info rt_info{gene::rt, "RT", "rt", 130, 344};
inline constexpr gene_info s_info{gene::s, "S", "s", 155, 226};

constexpr gene_info const & info(gene const g) noexcept
{
    return g == gene::rt ? rt_info : s_info;
}

//!\brief Offset (0-based, in nt) of S codon 1 from rt codon 1.
inline constexpr int s_offset_from_rt1 = s_info.first_nt - rt_info.first_nt; // 25

//!\brief First nucleotide (EcoRI) of a codon.
constexpr genome_pos first_nt(rt_pos const p) noexcept
{
    return genome_pos{rt_info.first_nt + 3 * (p.value() - 1)};
}
constexpr genome_pos first_nt(s_pos const p) noexcept
{
    return genome_pos{s_info.first_nt + 3 * (p.value() - 1)};
}

//!\brief S codons sharing nucleotides with rt codon n: s(n-9) via nt1 and s(n-8) via nt2-3.
//!\details A returned position outside 1..227 means that part lies outside the S ORF (227 = S stop codon).
struct s_overlap
{
    s_pos via_nt1;   //!< s codon whose 3rd base is rt nt1.
    s_pos via_nt2_3; //!< s codon whose 1st-2nd bases are rt nt2-3.
};
constexpr s_overlap s_codons_of(rt_pos const p) noexcept
{
    return {s_pos{p.value() - 9}, s_pos{p.value() - 8}};
}

//!\brief rt codons sharing nucleotides with s codon m: rt(m+8) gives nt1-2, rt(m+9) gives nt3.
struct rt_overlap
{
    rt_pos via_nt1_2;
    rt_pos via_nt3;
};
constexpr rt_overlap rt_codons_of(s_pos const p) noexcept
{
    return {rt_pos{p.value() + 8}, rt_pos{p.value() + 9}};
}

} // namespace hbvdr
