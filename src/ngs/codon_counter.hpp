#pragma once

// Private to src/ngs: fixed-size count tables of one sample (codon counts per strand, base counts
// for the consensus, linkage patterns), filled molecule by molecule; `call` (codon_caller.cpp)
// turns them into a call table.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <hbvdr/calls/calls.hpp>
#include <hbvdr/ngs/options.hpp>
#include <hbvdr/ngs/result.hpp>

#include "read_window.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hbvdr::ngs_detail
{

using linkage_key = std::array<std::uint8_t, max_linkage_positions>;

inline constexpr std::uint8_t code_none = 255; // in run_codons: no whole codon of good bases

//!\brief A codon of a fast-path read that is not the expected one (`code_none`: not a whole codon of good bases).
struct codon_miss
{
    std::uint16_t slot;
    std::uint8_t code;
};

/*!\brief Whole codons of a read that is one run of bases on consecutive window indices (the fast
 * path): per frame (RT, then S) the slots slot0..slot0+n-1, codon k made of contig positions
 * cpos0+3k..cpos0+3k+2, its code codes[3k] (0..63, or code_none). `misses` lists, by slot, the
 * codons that differ from the counter's expected codon; all others are the expected one.
 */
struct run_codons
{
    struct frame
    {
        int slot0{0};
        int n{0};
        std::int32_t cpos0{0};
        std::uint8_t const * codes{nullptr};
        codon_miss const * misses{nullptr};
        int n_misses{0};
    };
    std::array<frame, 2> frames{};
    std::uint8_t reverse{0};
};

inline constexpr char base_letters[] = "ACGT";

//!\brief The amino acid of each codon code 0..63.
std::array<char, 64> const & codon_aa();

// How many positions of a key are known.
inline int known_positions(linkage_key const & key) noexcept
{
#if defined(__SSE2__)
    __m128i const unknown = _mm_set1_epi8(-1);
    unsigned const lo = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<__m128i const *>(key.data())), unknown)));
    unsigned const hi = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<__m128i const *>(key.data() + 16)), unknown)));
    std::uint32_t const unknown_bits = lo | hi << 16;
    if (unknown_bits == 0xffffffffu)
        return 0;
    int n = 0;
    for (std::uint32_t m = ~unknown_bits; m != 0; m &= m - 1)
        ++n;
    return n;
#else
    return static_cast<int>(std::count_if(key.begin(),
                                          key.end(),
                                          [](std::uint8_t const r)
                                          {
                                              return r != residue_unknown;
                                          }));
#endif
}

//!\brief Codon counts of one RT or S position: [code][strand] (strand 1: reverse).
using slot_counts = std::array<std::array<std::uint32_t, 2>, n_codes>;

//!\brief What calling a position keeps for the mutation rows.
struct position_call
{
    std::array<int, 21> top_codon{}; //!< Per amino acid (index into aa_alphabet): its most counted codon (-1: none).
    int majority{-1};                //!< Amino-acid index of the majority residue (-1: none, or deleted).
    std::uint64_t del{0};            //!< Molecules with the codon deleted.
};

//!\brief Fixed-size count tables of one sample.
class codon_counter
{
public:
    codon_counter(int window_len, ngs_options const & opts);

    //!\brief Count one molecule (observations sorted by slot, at most one codon class per slot).
    void add_molecule(std::vector<obs> const & o, linkage_key const & key);
    //!\brief Parts of add_molecule: codon observations, a linkage pattern, one more molecule.
    void count(std::vector<obs> const & o);
    void count(run_codons const & rc) noexcept;
    //!\brief Codons k0..k1-1 of frame `fi` (0: RT, 1: S) of a fast-path read.
    void count(run_codons const & rc, int fi, int k0, int k1) noexcept;
    void count_one(std::uint16_t const slot, std::uint8_t const code, std::uint8_t const reverse) noexcept
    {
        ++m_counts[slot][code][reverse];
    }
    //!\brief Take back a codon counted with count_one or count (mates that disagree).
    void uncount_one(std::uint16_t const slot, std::uint8_t const code, std::uint8_t const reverse) noexcept
    {
        --m_counts[slot][code][reverse];
    }
    void link(linkage_key const & key);
    void molecule() noexcept
    {
        ++m_fragments;
    }
    //!\brief Residues at the linkage positions of a list of observations.
    linkage_key key_of(std::vector<obs> const & o) const;
    linkage_key key_of(run_codons const & rc) const noexcept;

    std::vector<std::uint32_t> & base_counts() noexcept
    {
        return m_bases;
    }

    /*!\brief The sequence fast-path reads are counted against (per window index a base 0-3, anything
     * else: none). A fast-path read adds one to a range of expected bases and codons and lists only
     * what differs (a few per read instead of every base and codon); `settle` turns that into counts.
     */
    void expect(std::vector<std::uint8_t> const & window_base, int rt1_window_index);
    //!\brief Per window index: the expected base (0-3, or 0xfe: none).
    std::uint8_t const * expected_bases() const noexcept
    {
        return m_exp_base.data();
    }
    //!\brief Per window index that starts an RT or S codon: 0xff and the expected codon (0xfe: none) and
    //! its slot; other indices 0.
    std::uint8_t const * codon_starts() const noexcept
    {
        return m_start_w.data();
    }
    std::uint8_t const * expected_codons() const noexcept
    {
        return m_exp_codon_w.data();
    }
    std::uint16_t const * slots() const noexcept
    {
        return m_slot_w.data();
    }
    //!\brief Per window index w (0..window_len): how many codons of frame fi (0: RT, 1: S) start before w.
    int const * codons_before(int const fi) const noexcept
    {
        return m_codons_before[static_cast<std::size_t>(fi)].data();
    }
    //!\brief Window index where codon c of frame fi starts.
    int codon_start(int const fi, int const c) const noexcept
    {
        return m_frame_start[static_cast<std::size_t>(fi)] + 3 * c;
    }
    //!\brief Window indices w0..w0+n-1 hold the expected base, except those given to base_miss.
    void presume_bases(int const w0, int const n) noexcept
    {
        ++m_base_cover[static_cast<std::size_t>(w0)];
        --m_base_cover[static_cast<std::size_t>(w0 + n)];
    }
    void base_miss(int const w, std::uint8_t const base) noexcept
    {
        ++m_bases[6 * static_cast<std::size_t>(w) + base];
        --m_base_corr[static_cast<std::size_t>(w)];
    }
    //!\brief Fold the presumed bases and codons into the counts (before `call`).
    void settle();
    std::uint64_t fragments() const noexcept
    {
        return m_fragments;
    }
    //!\brief One counted base (quality >= min_baseq) of quality `q`, for the error model's mean error rate.
    void add_quality(int const q) noexcept
    {
        ++m_qual_hist[static_cast<std::size_t>(std::min(q, max_phred))];
    }
    //!\brief `n` counted bases of quality `q` (0..max_phred).
    void add_quality(int const q, std::uint64_t const n) noexcept
    {
        m_qual_hist[static_cast<std::size_t>(q)] += n;
    }

    //!\brief Turn the counts into calls. `ref` gives ref_aa; mutation rows, linkage and consensus into `r`.
    void call(reference_genome const & ref,
              reference_set const & refs,
              call_table & calls,
              std::vector<mutation_row> & mutations,
              ngs_result & r,
              std::string & window_bases) const;

private:
    // Parts of `call` (codon_caller.cpp).
    void linkage_rows(call_table const & calls, ngs_result & r) const;
    std::string consensus() const;

    ngs_options m_opts;
    int m_window_len;
    // counts[slot][code][strand]
    std::vector<slot_counts> m_counts;
    std::vector<std::uint32_t> m_bases;
    // The expected sequence and what fast-path reads presumed of it (see expect()).
    std::vector<std::uint8_t> m_exp_base, m_start_w, m_exp_codon_w;
    std::vector<std::uint16_t> m_slot_w;
    std::array<std::vector<int>, 2> m_codons_before;
    std::array<int, 2> m_frame_start{};
    std::array<std::uint8_t, n_slots> m_exp_code{};
    std::vector<std::int64_t> m_base_cover, m_base_corr;      // difference array; corrections
    std::vector<std::array<std::int64_t, 2>> m_cover, m_corr; // per slot and strand
    std::array<int, n_rt + 1> m_key_from{};                   // per slot: first m_key_slots entry at or after it
    std::vector<std::uint8_t> m_exp_key;                      // per m_key_slots entry: expected residue
    std::array<int, n_rt + 1> m_key_index{};
    std::vector<std::pair<int, int>> m_key_slots; // (RT slot, key index), by slot
    std::array<std::uint8_t, 64> m_residue{};     // amino-acid index of each codon code
    std::vector<int> m_key_positions;
    // Linkage patterns and their counts: open addressing on a hash of the key (count 0: empty).
    struct pattern
    {
        linkage_key key;
        std::uint64_t n{0};
    };
    std::vector<pattern> m_patterns{256};
    std::size_t m_n_patterns{0};
    void grow_patterns();
    std::uint64_t m_fragments{0};
    // Counted bases per quality: the mean error rate is the same whatever order reads come in.
    std::array<std::uint64_t, max_phred + 1> m_qual_hist{};
};

} // namespace hbvdr::ngs_detail
