#pragma once

//!\file
//!\brief IUPAC nucleotide codes as 4-bit masks (A=1, C=2, G=4, T=8) and the genetic code over them.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <hbvdr/core/aa_set.hpp>

namespace hbvdr
{

namespace detail
{
constexpr std::array<std::uint8_t, 256> make_iupac_table() noexcept
{
    std::array<std::uint8_t, 256> t{};
    auto set = [&t](char const c, std::uint8_t const m)
    {
        t[static_cast<unsigned char>(c)] = m;
        t[static_cast<unsigned char>(c - 'A' + 'a')] = m;
    };
    set('A', 1);
    set('C', 2);
    set('G', 4);
    set('T', 8);
    set('U', 8);
    set('R', 1 | 4);
    set('Y', 2 | 8);
    set('S', 2 | 4);
    set('W', 1 | 8);
    set('K', 4 | 8);
    set('M', 1 | 2);
    set('B', 2 | 4 | 8);
    set('D', 1 | 4 | 8);
    set('H', 1 | 2 | 8);
    set('V', 1 | 2 | 4);
    set('N', 15);
    return t;
}
inline constexpr auto iupac_table = make_iupac_table();
inline constexpr std::string_view mask_chars = "-ACMGRSVTWYHKDBN";
} // namespace detail

//!\brief The base mask of an IUPAC nucleotide code (either case, `U` = `T`); 0 if it is not one.
constexpr std::uint8_t iupac_mask(char const c) noexcept
{
    return detail::iupac_table[static_cast<unsigned char>(c)];
}

//!\brief Index of an upper-case unambiguous base: A=0 C=1 G=2 T=3; -1 for anything else.
constexpr int acgt_index(char const c) noexcept
{
    switch (c)
    {
    case 'A':
        return 0;
    case 'C':
        return 1;
    case 'G':
        return 2;
    case 'T':
        return 3;
    default:
        return -1;
    }
}

//!\brief The upper-case IUPAC code of a base mask (1–15); `-` for 0.
constexpr char mask_to_iupac(std::uint8_t const mask) noexcept
{
    return detail::mask_chars[mask & 15u];
}

//!\brief True for a code standing for more than one base (R, Y, …, N).
constexpr bool is_ambiguous(char const c) noexcept
{
    std::uint8_t const m = iupac_mask(c);
    return m != 0 && (m & (m - 1)) != 0;
}

//!\brief Complement of an IUPAC code (upper case out); non-IUPAC characters are returned unchanged.
constexpr char complement(char const c) noexcept
{
    std::uint8_t const m = iupac_mask(c);
    if (m == 0)
        return c;
    std::uint8_t const r = static_cast<std::uint8_t>(((m & 1) << 3) | ((m & 2) << 1) | ((m & 4) >> 1) | ((m & 8) >> 3));
    return mask_to_iupac(r);
}

//!\brief Reverse complement of a nucleotide string.
std::string reverse_complement(std::string_view seq);

//!\brief The set of amino acids encoded by a codon whose bases are IUPAC masks (standard genetic code).
//!\details Each mask is expanded to its bases and every combination translated; a zero mask yields the empty set.
aa_set translate_codon_masks(std::uint8_t m1, std::uint8_t m2, std::uint8_t m3) noexcept;

//!\brief Translate a three-letter IUPAC codon (`ATK` → {I, M}); empty set if any letter is not IUPAC.
aa_set translate_codon(std::string_view codon) noexcept;

} // namespace hbvdr
