#pragma once

//!\file
//!\brief Private to src/ngs: the BAM fast path. The common read (one run of aligned bases on
//! consecutive window indices of a forward contig) is decoded (base_decoder) and counted
//! (run_counter) without being laid onto the read window.

#include <array>
#include <cstdint>
#include <vector>

#include <htslib/sam.h>

#include "counter.hpp"

namespace hbvdr::ngs_detail
{

//!\brief Base code of a BAM 4-bit base: A=0 C=1 G=2 T=3, anything else N.
inline constexpr std::array<std::uint8_t, 16> nt16_code{
    base_n, 0, 1, base_n, 2, base_n, base_n, base_n, 3, base_n, base_n, base_n, base_n, base_n, base_n, base_n};

/* The common read: one run of aligned bases (clips aside) that lands on consecutive window
 * indices of a forward contig. Its bases go straight to the consensus counts, the quality
 * histogram and the codon observations, with exactly the result of laying it onto the read window
 * and extracting (all its bases are linked, nothing is inserted or deleted inside).
 *
 * Two steps, so that the first can run where the record is read (a second thread with
 * --threads 2): base_decoder turns the run's bases and qualities into base codes, in place of the
 * qualities, and tallies the qualities; run_counter counts the codes.
 */

//!\brief Decodes a run's bases (code 0-3, or 4 when the base is N or below min_baseq) and tallies their qualities.
class base_decoder
{
public:
    //!\brief Bases of quality below `min_baseq` decode as N and are not tallied.
    explicit base_decoder(int const min_baseq) : m_minq{min_baseq}
    {}

    /*!\brief Decode `n` bases from query index `qi0` of `b` into `v` (which may be the record's own
     * qualities from `qi0` on: each quality is read before its code is written there).
     */
    void decode(bam1_t const * b, int qi0, int n, std::uint8_t * v);

    //!\brief Move the tallied qualities into the counter.
    void drain(codon_counter & counter);

private:
#if defined(__SSE2__)
    struct decoder;
#endif

    void decode_one(std::uint8_t const * seq,
                    std::uint8_t const * qual,
                    int qi0,
                    int j,
                    std::uint8_t * v,
                    std::uint8_t * tq) const noexcept;
    void tally(std::uint8_t const * tq, int from, int to) noexcept;
    void fold() noexcept;

    // Qualities repeat along a read: counting them in several lanes avoids a chain of
    // increments of one counter (column max_phred + 1 collects the bases not counted).
    static constexpr int lanes = 8;
    static constexpr int tally_width = max_phred + 2;
    int m_minq;
    std::vector<std::uint8_t> m_tq;
    std::array<std::uint32_t, lanes * tally_width> m_tally{};
    std::array<std::uint64_t, max_phred + 1> m_totals{};
    std::uint64_t m_tallied{0};
    std::uint8_t m_run_q{0}; // quality column of the current run
};

//!\brief Counts a decoded run: consensus bases and codons against the expected ones, misses listed.
class run_counter
{
public:
    //!\brief Counts into `counter` (which must outlive this object).
    explicit run_counter(codon_counter & counter) : m_counter{counter}
    {}
    ~run_counter() = default;
    run_counter(run_counter const &) = delete;
    run_counter & operator=(run_counter const &) = delete;

    /*!\brief Count `n` decoded bases `v_in` (base_decoder::decode) on window indices w0.. and contig
     * positions p0..; their whole codons into `rc` (valid until the next call). Returns whether any codon is whole.
     */
    bool count(std::uint8_t const * v_in,
               int n,
               int w0,
               std::int32_t p0,
               bool reverse_read,
               run_codons & rc,
               std::uint64_t & low_quality);

private:
    int frames(int n, int w0, std::int32_t p0, bool reverse_read, run_codons & rc);

    codon_counter & m_counter;
    std::vector<std::uint8_t> m_v, m_codes;
    std::array<std::vector<codon_miss>, 2> m_miss;
};

} // namespace hbvdr::ngs_detail
