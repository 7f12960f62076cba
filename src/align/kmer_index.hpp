#pragma once

//!\file
//!\brief Private to align: exact k-mer seeding over the circular genotype references (the k-mer
//! walk, the index, one lookup of every query k-mer on both strands, the genome-wide window scan).

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/core/nucleotide.hpp>

namespace hbvdr::align_detail
{

inline constexpr int K = aligner::k;
inline constexpr std::uint32_t kmer_mask = (std::uint32_t{1} << (2 * K)) - 1;

//!\brief Calls f(position, kmer) for every k-mer of unambiguous bases (0-based start, 2-bit packed).
template <typename fun_t>
void for_each_kmer(std::string_view const s, fun_t && f)
{
    std::uint32_t kmer = 0;
    int valid = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        int const b = acgt_index(s[i]);
        if (b < 0)
        {
            valid = 0;
            kmer = 0;
            continue;
        }
        kmer = ((kmer << 2) | static_cast<std::uint32_t>(b)) & kmer_mask;
        if (++valid >= K)
            f(static_cast<int>(i + 1 - K), kmer);
    }
}

//!\brief The packed k-mer of the reverse complement.
[[nodiscard]] constexpr std::uint32_t revcomp_kmer(std::uint32_t kmer) noexcept
{
    std::uint32_t out = 0;
    for (int i = 0; i < K; ++i)
    {
        out = (out << 2) | (3u - (kmer & 3u));
        kmer >>= 2;
    }
    return out;
}

//!\brief Where a k-mer occurs.
struct posting
{
    std::uint16_t ref; //!< Ordinal among indexed references.
    std::uint16_t pos; //!< 0-based genome position of the k-mer start.
};

//!\brief Exact k-mer -> (reference, position) lookup over circular genomes (open addressing).
class kmer_index
{
public:
    //!\brief Indexes the genomes (ordinal = position in `genomes`); k-mers across the origin included.
    void build(std::vector<std::string_view> const & genomes);

    //!\brief The postings of a k-mer, as [begin, end) into the index (valid while the index lives);
    //! {nullptr, nullptr} if it does not occur.
    [[nodiscard]] std::pair<posting const *, posting const *> find(std::uint32_t const kmer) const noexcept
    {
        std::uint32_t slot = hash(kmer);
        while (m_keys[slot] != 0)
        {
            if (m_keys[slot] == kmer + 1)
            {
                posting const * b = m_postings.data() + m_start[slot];
                return {b, b + m_count[slot]};
            }
            slot = (slot + 1) & m_mask;
        }
        return {nullptr, nullptr};
    }

private:
    [[nodiscard]] std::uint32_t hash(std::uint32_t const kmer) const noexcept
    {
        return static_cast<std::uint32_t>((std::uint64_t{kmer} * 0x9E3779B97F4A7C15ull) >> 40) & m_mask;
    }
    std::vector<std::uint32_t> m_keys, m_start, m_count;
    std::vector<posting> m_postings;
    std::uint32_t m_mask{0};
};

//!\brief A query k-mer found in the index: its postings on the forward (f) and reverse (r) strand,
//! borrowed from the index (valid while it lives).
struct kmer_lookup
{
    int pos; //!< 0-based start of the k-mer in the query as given.
    posting const *fb, *fe, *rb, *re;
};

//!\brief Every k-mer of a query looked up once, on both strands.
struct query_kmers
{
    std::vector<kmer_lookup> looks; //!< The k-mers found on either strand, in query order.
    //! Distinct matching k-mers per strand and reference: [strand * nref + ordinal], strand 0 = forward.
    std::vector<int> counts;
    int kmers{0}; //!< Valid (unambiguous) k-mers in the query.
};

//!\brief Looks up every k-mer of `query` (both strands) in an index of `nref` references.
[[nodiscard]] query_kmers look_up_kmers(kmer_index const & index, std::string_view query, std::size_t nref);

/*!\brief Genome-wide scan for recombinants: per window of `aligner::scan_window` nt of the oriented
 * query, the k-mers matching each genotype (index by genotype_index()) and, last, the window's k-mers.
 * `genotype_of[ordinal]` is the genotype index of an indexed reference (-1 = none).
 */
[[nodiscard]] std::vector<std::array<int, 11>>
scan_windows(query_kmers const & found, std::string_view query, bool reverse, std::vector<int> const & genotype_of);

} // namespace hbvdr::align_detail
