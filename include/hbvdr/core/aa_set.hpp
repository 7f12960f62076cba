#pragma once

//!\file
//!\brief Sets of amino acids: the result of translating a codon that may contain IUPAC mixtures.

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace hbvdr
{

//!\brief The 20 standard amino acids in alphabetical order, then the stop codon `*`.
inline constexpr std::string_view aa_alphabet = "ACDEFGHIKLMNPQRSTVWY*";

//!\brief Index of a one-letter amino-acid code in #aa_alphabet, or -1 if it is not one (case-sensitive).
constexpr int aa_index(char const aa) noexcept
{
    for (std::size_t i = 0; i < aa_alphabet.size(); ++i)
        if (aa_alphabet[i] == aa)
            return static_cast<int>(i);
    return -1;
}

/*!\brief A set of amino acids (and/or stop), as a bit set.
 *
 * A codon with IUPAC mixtures translates to the set of every amino acid its resolutions encode
 * (`ATK` → {I, M}); it is never collapsed to `X`. The textual form lists the members in
 * alphabetical order with `*` last (`M`, `IM`, `W*`); the empty set prints as an empty string.
 */
class aa_set
{
public:
    constexpr aa_set() noexcept = default;

    //!\brief The set holding one amino acid; empty if `aa` is not a valid one-letter code.
    static constexpr aa_set of(char const aa) noexcept
    {
        int const i = aa_index(aa);
        return i < 0 ? aa_set{} : aa_set{std::uint32_t{1} << i};
    }

    //!\brief Parse a string of one-letter codes (`"IM"`); returns false through `ok` on an invalid letter.
    static constexpr aa_set from_string(std::string_view const letters, bool * ok = nullptr) noexcept
    {
        aa_set result{};
        bool valid = !letters.empty();
        for (char const c : letters)
        {
            aa_set const one = of(c);
            valid = valid && !one.empty();
            result = result | one;
        }
        if (ok != nullptr)
            *ok = valid;
        return result;
    }

    static constexpr aa_set from_bits(std::uint32_t const bits) noexcept
    {
        return aa_set{bits & all_bits};
    }

    //!\brief Every amino acid and stop.
    static constexpr aa_set all() noexcept
    {
        return aa_set{all_bits};
    }

    constexpr std::uint32_t bits() const noexcept
    {
        return m_bits;
    }
    constexpr bool empty() const noexcept
    {
        return m_bits == 0;
    }
    constexpr int size() const noexcept
    {
        return std::popcount(m_bits);
    }
    constexpr bool contains(char const aa) const noexcept
    {
        return (m_bits & of(aa).m_bits) != 0 && !of(aa).empty();
    }
    constexpr bool contains(aa_set const other) const noexcept
    {
        return (m_bits & other.m_bits) == other.m_bits;
    }
    constexpr bool intersects(aa_set const other) const noexcept
    {
        return (m_bits & other.m_bits) != 0;
    }
    constexpr bool is_single() const noexcept
    {
        return size() == 1;
    }
    //!\brief The single member (or '?' when the set does not hold exactly one).
    constexpr char single() const noexcept
    {
        return is_single() ? aa_alphabet[static_cast<std::size_t>(std::countr_zero(m_bits))] : '?';
    }

    constexpr aa_set operator|(aa_set const o) const noexcept
    {
        return aa_set{m_bits | o.m_bits};
    }
    constexpr aa_set operator&(aa_set const o) const noexcept
    {
        return aa_set{m_bits & o.m_bits};
    }
    constexpr aa_set without(aa_set const o) const noexcept
    {
        return aa_set{m_bits & ~o.m_bits};
    }
    constexpr bool operator==(aa_set const &) const noexcept = default;

    //!\brief Members in alphabetical order, `*` last.
    std::string to_string() const
    {
        std::string s;
        for (std::size_t i = 0; i < aa_alphabet.size(); ++i)
            if (m_bits & (std::uint32_t{1} << i))
                s.push_back(aa_alphabet[i]);
        return s;
    }

private:
    static constexpr std::uint32_t all_bits = (std::uint32_t{1} << 21) - 1;
    constexpr explicit aa_set(std::uint32_t const bits) noexcept : m_bits{bits}
    {}
    std::uint32_t m_bits{};
};

} // namespace hbvdr
