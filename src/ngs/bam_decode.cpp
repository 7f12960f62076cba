//!\file
//!\brief The BAM fast path: decoding a run's bases and qualities (SSE2 where available) and
//! counting the decoded run against the expected bases and codons.

#include "bam_decode.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hbvdr::ngs_detail
{

namespace
{

// Set bits of a 16-bit mask (without relying on a popcount instruction of the target).
constexpr std::array<std::uint8_t, 256> make_ones8() noexcept
{
    std::array<std::uint8_t, 256> t{};
    for (int i = 0; i < 256; ++i)
        t[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>((i & 1) + t[static_cast<std::size_t>(i >> 1)]);
    return t;
}
constexpr auto ones8 = make_ones8();
inline std::uint32_t ones16(unsigned const m) noexcept
{
    return m == 0xffffu ? 16u : std::uint32_t{ones8[m & 0xffu]} + ones8[(m >> 8) & 0xffu];
}

} // namespace

#if defined(__SSE2__)
/* Decodes bases and qualities 16 at a time (the last, partial group from a zero-padded copy, so
 * that nothing past the record is read or written) and tallies the qualities: lanes equal to the
 * current run's quality extend the run (qualities come in long runs), the others are tallied one by one.
 */
struct base_decoder::decoder
{
    base_decoder & bd;
    std::uint8_t const * seq;
    std::uint8_t const * qual;
    int qi0;
    int n;
    std::uint8_t * v;
    std::uint8_t * tq;
    std::uint8_t run_q{bd.m_run_q};
    std::uint32_t run_n{0};

    //!\brief Bases j..j+15 (qi0 + j even) into v and tq.
    [[gnu::always_inline]] void group(int const j)
    {
        __m128i const low4 = _mm_set1_epi8(0x0f);
        __m128i const one = _mm_set1_epi8(1), two = _mm_set1_epi8(2), three = _mm_set1_epi8(3), four = _mm_set1_epi8(4),
                      eight = _mm_set1_epi8(8);
        __m128i const minq = _mm_set1_epi8(static_cast<char>(bd.m_minq));
        __m128i const top = _mm_set1_epi8(max_phred), none = _mm_set1_epi8(max_phred + 1);
        std::uint8_t const * s = seq + ((qi0 + j) >> 1);
        std::uint8_t const * q8 = qual + j;
        unsigned valid = 0xffffu;
        alignas(16) std::uint8_t pad_seq[16], pad_qual[16];
        bool const partial = n - j < 16;
        if (partial)
        {
            std::memset(pad_seq, 0, sizeof pad_seq);
            std::memset(pad_qual, 0, sizeof pad_qual);
            std::memcpy(pad_seq, s, static_cast<std::size_t>((n - j + 1) / 2));
            std::memcpy(pad_qual, q8, static_cast<std::size_t>(n - j));
            s = pad_seq;
            q8 = pad_qual;
            valid = (1u << (n - j)) - 1;
        }
        // 16 bases are 8 whole bytes, the first base in the high nibble.
        __m128i const packed = _mm_loadl_epi64(reinterpret_cast<__m128i const *>(s));
        __m128i const hi = _mm_and_si128(_mm_srli_epi16(packed, 4), low4);
        __m128i const lo = _mm_and_si128(packed, low4);
        __m128i const nt = _mm_unpacklo_epi8(hi, lo);
        __m128i const is_a = _mm_cmpeq_epi8(nt, one), is_c = _mm_cmpeq_epi8(nt, two), is_g = _mm_cmpeq_epi8(nt, four),
                      is_t = _mm_cmpeq_epi8(nt, eight);
        __m128i const acgt = _mm_or_si128(_mm_or_si128(is_a, is_c), _mm_or_si128(is_g, is_t));
        __m128i const code = _mm_or_si128(_mm_or_si128(_mm_and_si128(is_c, one), _mm_and_si128(is_g, two)),
                                          _mm_or_si128(_mm_and_si128(is_t, three), _mm_andnot_si128(acgt, four)));
        __m128i const q = _mm_loadu_si128(reinterpret_cast<__m128i const *>(q8));
        __m128i const good = _mm_cmpeq_epi8(_mm_max_epu8(q, minq), q);
        __m128i const x = _mm_or_si128(_mm_and_si128(code, good), _mm_andnot_si128(good, four));
        __m128i const t = _mm_or_si128(_mm_and_si128(_mm_min_epu8(q, top), good), _mm_andnot_si128(good, none));
        if (partial)
        {
            _mm_store_si128(reinterpret_cast<__m128i *>(pad_seq), x);
            std::memcpy(v + j, pad_seq, static_cast<std::size_t>(n - j));
        }
        else
            _mm_storeu_si128(reinterpret_cast<__m128i *>(v + j), x);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(tq + j), t);
        // Only bases of good quality are tallied.
        unsigned const counted = static_cast<unsigned>(_mm_movemask_epi8(good)) & valid;
        auto same = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(t, _mm_set1_epi8(static_cast<char>(run_q)))))
                    & counted;
        if (same == 0 && counted != 0)
        {
            bd.m_tally[std::size_t{run_q} * lanes] += run_n;
            run_q = tq[j + std::countr_zero(counted)];
            run_n = 0;
            same = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(t, _mm_set1_epi8(static_cast<char>(run_q)))))
                   & counted;
        }
        run_n += ones16(same);
        for (unsigned bits = counted & ~same; bits != 0; bits &= bits - 1)
        {
            int const i = std::countr_zero(bits);
            ++bd.m_tally[std::size_t{tq[j + i]} * lanes + static_cast<std::size_t>(i & (lanes - 1))];
        }
    }
    void finish()
    {
        bd.m_tally[std::size_t{run_q} * lanes] += run_n;
        bd.m_run_q = run_q;
    }
};
#endif

void base_decoder::decode_one(std::uint8_t const * const seq,
                              std::uint8_t const * const qual,
                              int const qi0,
                              int const j,
                              std::uint8_t * const v,
                              std::uint8_t * const tq) const noexcept
{
    std::uint8_t const code = nt16_code[static_cast<std::size_t>(bam_seqi(seq, qi0 + j))];
    std::uint8_t const q = qual[j];
    bool const good = q >= m_minq;
    v[j] = good ? code : base_n;
    tq[j] = static_cast<std::uint8_t>(good ? std::min<int>(q, max_phred) : max_phred + 1);
}

void base_decoder::tally(std::uint8_t const * const tq, int const from, int const to) noexcept
{
    for (int i = from; i < to; ++i)
        ++m_tally[static_cast<std::size_t>(tq[i]) * lanes + static_cast<std::size_t>(i & (lanes - 1))];
}

// The 32-bit lanes into the 64-bit totals.
void base_decoder::fold() noexcept
{
    for (int q = 0; q <= max_phred; ++q)
        for (int l = 0; l < lanes; ++l)
            m_totals[static_cast<std::size_t>(q)] +=
                std::exchange(m_tally[static_cast<std::size_t>(q * lanes + l)], 0u);
    m_tallied = 0;
}

void base_decoder::decode(bam1_t const * b, int const qi0, int const n, std::uint8_t * const v)
{
    if (m_tq.size() < static_cast<std::size_t>(n) + 48)
        m_tq.resize(static_cast<std::size_t>(n) + 48);
    std::uint8_t * const tq = m_tq.data(); // the quality's tally column (max_phred + 1: not counted)
    std::uint8_t const * const seq = bam_get_seq(b);
    std::uint8_t const * const qual = bam_get_qual(b) + qi0;
    m_tallied += static_cast<std::uint64_t>(n);
    if (m_tallied > (std::uint64_t{1} << 30))
        fold();
#if defined(__SSE2__)
    if (m_minq >= 0 && m_minq <= 255)
    {
        int j = 0;
        if ((qi0 & 1) != 0 && n > 0)
        {
            // The first base is the low half of a byte: alone, so that groups start on whole bytes.
            decode_one(seq, qual, qi0, 0, v, tq);
            tally(tq, 0, 1);
            j = 1;
        }
        decoder dec{*this, seq, qual, qi0, n, v, tq};
        for (; j < n; j += 16)
            dec.group(j);
        dec.finish();
        return;
    }
#endif
    for (int j = 0; j < n; ++j)
    {
        decode_one(seq, qual, qi0, j, v, tq);
        tally(tq, j, j + 1);
    }
}

void base_decoder::drain(codon_counter & counter)
{
    fold();
    for (int q = 0; q <= max_phred; ++q)
        if (std::uint64_t const n = std::exchange(m_totals[static_cast<std::size_t>(q)], 0); n > 0)
            counter.add_quality(q, n);
}

// The run's whole codons in each frame into rc (codes from m_codes, misses from m_miss); returns how many.
int run_counter::frames(int const n, int const w0, std::int32_t const p0, bool const reverse_read, run_codons & rc)
{
    std::uint8_t const * const all = m_codes.data();
    rc.reverse = static_cast<std::uint8_t>(reverse_read);
    int whole = 0;
    for (int fi = 0; fi < 2; ++fi)
    {
        // Whole codons inside [w0, w0 + n - 1]: those starting at w0..w0 + n - 3.
        int const * const before = m_counter.codons_before(fi);
        int const c_lo = before[w0];
        int const c_end = n >= 3 ? before[w0 + n - 2] : c_lo;
        run_codons::frame & out = rc.frames[static_cast<std::size_t>(fi)];
        int const j0 = m_counter.codon_start(fi, c_lo) - w0;
        out.slot0 = (fi == 0 ? 0 : n_rt) + c_lo;
        out.n = c_end - c_lo;
        out.cpos0 = p0 + j0;
        out.codes = out.n > 0 ? all + j0 : all;
        out.misses = m_miss[static_cast<std::size_t>(fi)].data();
        out.n_misses = static_cast<int>(m_miss[static_cast<std::size_t>(fi)].size());
        whole += out.n;
    }
    return whole;
}

bool run_counter::count(std::uint8_t const * const v_in,
                        int const n,
                        int const w0,
                        std::int32_t const p0,
                        bool const reverse_read,
                        run_codons & rc,
                        std::uint64_t & low_quality)
{
    if (m_v.size() < static_cast<std::size_t>(n) + 48)
    {
        m_v.resize(static_cast<std::size_t>(n) + 48);
        m_codes.resize(static_cast<std::size_t>(n) + 48);
    }
    // v[j]: base code 0-3, or 4 (N or low quality: never part of a codon, not a consensus count:
    // slot 4 of the six per window index is scratch, never read); padded for 16-byte loads.
    std::uint8_t * const v = m_v.data();
    std::memcpy(v, v_in, static_cast<std::size_t>(n));
    std::memset(v + n, base_n, 16);
    std::uint8_t * const all = m_codes.data(); // all[j]: the codon starting at read base j (code, or code_none)
    std::uint8_t const * const eb = m_counter.expected_bases() + w0;
    std::uint8_t const * const starts = m_counter.codon_starts() + w0;
    std::uint8_t const * const ec = m_counter.expected_codons() + w0;
    std::uint16_t const * const slot_of = m_counter.slots() + w0;
    m_miss[0].clear();
    m_miss[1].clear();
    int low = 0;
    auto miss = [&](int const i)
    {
        std::uint16_t const slot = slot_of[i];
        std::uint8_t const code = all[i];
        m_miss[slot < n_rt ? 0 : 1].push_back({slot, code});
        low += code == code_none;
    };
    // Consensus counts: the run holds the expected bases except where v differs.
    m_counter.presume_bases(w0, n);
#if defined(__SSE2__)
    __m128i const four = _mm_set1_epi8(base_n);
    __m128i cur = _mm_loadu_si128(reinterpret_cast<__m128i const *>(v));
    for (int j = 0; j < n; j += 16)
    {
        // Past the run: padding (base_n), then bytes that only lanes past the run see.
        __m128i const next = _mm_loadu_si128(reinterpret_cast<__m128i const *>(v + j + 16));
        unsigned const valid = n - j >= 16 ? 0xffffu : (1u << (n - j)) - 1;
        __m128i const e = _mm_loadu_si128(reinterpret_cast<__m128i const *>(eb + j));
        for (unsigned bits = ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(cur, e))) & valid; bits != 0;
             bits &= bits - 1)
        {
            int const i = j + std::countr_zero(bits);
            m_counter.base_miss(w0 + i, v[i]);
        }
        int const codons = std::clamp(n - 2 - j, 0, 16); // codon starts in this group
        if (codons == 0)
            break;
        __m128i const y = _mm_or_si128(_mm_srli_si128(cur, 1), _mm_slli_si128(next, 15));
        __m128i const z = _mm_or_si128(_mm_srli_si128(cur, 2), _mm_slli_si128(next, 14));
        // Values are at most 4: shifting 16-bit lanes moves no bit across a byte.
        __m128i const code = _mm_or_si128(_mm_or_si128(_mm_slli_epi16(cur, 4), _mm_slli_epi16(y, 2)), z);
        __m128i const bad = _mm_cmpeq_epi8(_mm_and_si128(_mm_or_si128(_mm_or_si128(cur, y), z), four), four);
        __m128i const c = _mm_or_si128(code, bad);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(all + j), c);
        // Codon starts whose codon is not the expected one, by slot.
        __m128i const ex = _mm_loadu_si128(reinterpret_cast<__m128i const *>(ec + j));
        __m128i const st = _mm_loadu_si128(reinterpret_cast<__m128i const *>(starts + j));
        unsigned const cvalid = codons == 16 ? 0xffffu : (1u << codons) - 1;
        for (unsigned bits =
                 static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(c, ex), st))) & cvalid;
             bits != 0;
             bits &= bits - 1)
            miss(j + std::countr_zero(bits));
        cur = next;
    }
#else
    for (int j = 0; j < n; ++j)
        if (v[j] != eb[j])
            m_counter.base_miss(w0 + j, v[j]);
    for (int j = 0; j < n - 2; ++j)
    {
        unsigned const x = v[j], y = v[j + 1], z = v[j + 2];
        all[j] = ((x | y | z) & 4u) != 0 ? code_none : static_cast<std::uint8_t>(x * 16 + y * 4 + z);
        if (starts[j] != 0 && all[j] != ec[j])
            miss(j);
    }
#endif

    int const whole = frames(n, w0, p0, reverse_read, rc);
    low_quality += static_cast<std::uint64_t>(low);
    return low < whole;
}
} // namespace hbvdr::ngs_detail
