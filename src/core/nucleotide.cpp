#include <array>

#include <hbvdr/core/nucleotide.hpp>

namespace hbvdr
{

namespace
{

// Standard genetic code, indexed by 16*b1 + 4*b2 + b3 with T=0, C=1, A=2, G=3.
constexpr std::string_view standard_code = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";

constexpr int tcag_index(int const bit) noexcept
{
    // bit: 0=A 1=C 2=G 3=T
    constexpr std::array<int, 4> idx{2, 1, 3, 0};
    return idx[static_cast<std::size_t>(bit)];
}

struct codon_table
{
    std::array<std::uint32_t, 16 * 16 * 16> sets{};
    constexpr codon_table()
    {
        for (int m1 = 0; m1 < 16; ++m1)
            for (int m2 = 0; m2 < 16; ++m2)
                for (int m3 = 0; m3 < 16; ++m3)
                {
                    aa_set s{};
                    for (int b1 = 0; b1 < 4; ++b1)
                    {
                        if (!(m1 & (1 << b1)))
                            continue;
                        for (int b2 = 0; b2 < 4; ++b2)
                        {
                            if (!(m2 & (1 << b2)))
                                continue;
                            for (int b3 = 0; b3 < 4; ++b3)
                            {
                                if (!(m3 & (1 << b3)))
                                    continue;
                                int const i = 16 * tcag_index(b1) + 4 * tcag_index(b2) + tcag_index(b3);
                                s = s | aa_set::of(standard_code[static_cast<std::size_t>(i)]);
                            }
                        }
                    }
                    sets[static_cast<std::size_t>(m1 * 256 + m2 * 16 + m3)] = s.bits();
                }
    }
};

constexpr codon_table table{};

} // namespace

std::string reverse_complement(std::string_view const seq)
{
    std::string out(seq.size(), 'N');
    for (std::size_t i = 0; i < seq.size(); ++i)
        out[seq.size() - 1 - i] = complement(seq[i]);
    return out;
}

aa_set translate_codon_masks(std::uint8_t const m1, std::uint8_t const m2, std::uint8_t const m3) noexcept
{
    return aa_set::from_bits(table.sets[static_cast<std::size_t>((m1 & 15) * 256 + (m2 & 15) * 16 + (m3 & 15))]);
}

aa_set translate_codon(std::string_view const codon) noexcept
{
    if (codon.size() != 3)
        return {};
    std::uint8_t const a = iupac_mask(codon[0]), b = iupac_mask(codon[1]), c = iupac_mask(codon[2]);
    if (a == 0 || b == 0 || c == 0)
        return {};
    return translate_codon_masks(a, b, c);
}

} // namespace hbvdr
