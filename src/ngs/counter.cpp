#include "counter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <math.h> // lgamma_r
#include <new>
#include <stdexcept>
#include <tuple>

#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>

#include <sys/mman.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hbvdr::ngs_detail
{

namespace
{

constexpr char base_letters[] = "ACGT";

std::array<char, 64> make_codon_aa()
{
    std::array<char, 64> t{};
    for (int i = 0; i < 64; ++i)
    {
        std::string const codon{base_letters[i >> 4], base_letters[(i >> 2) & 3], base_letters[i & 3]};
        t[static_cast<std::size_t>(i)] = translate_codon(codon).single();
    }
    return t;
}

std::array<char, 64> const & codon_aa()
{
    static std::array<char, 64> const t = make_codon_aa();
    return t;
}

std::size_t key_hash(linkage_key const & key) noexcept
{
    std::uint64_t h = 0;
    for (std::size_t i = 0; i < key.size(); i += 8)
    {
        std::uint64_t w;
        std::memcpy(&w, key.data() + i, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 32;
    }
    return static_cast<std::size_t>(h);
}

std::string codon_text(int const code)
{
    return {base_letters[code >> 4], base_letters[(code >> 2) & 3], base_letters[code & 3]};
}

int hamming(int const a, int const b)
{
    int d = 0;
    for (int s = 0; s < 6; s += 2)
        d += ((a >> s) & 3) != ((b >> s) & 3);
    return d;
}

// How many positions of a key are known.
int known_positions(linkage_key const & key) noexcept
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

} // namespace

// ---------------------------------------------------------------------------------------------
// read_window

read_window::read_window(int const window_len) :
    m_len{window_len}, m_base(static_cast<std::size_t>(window_len), base_none),
    m_qual(static_cast<std::size_t>(window_len), 0), m_link(static_cast<std::size_t>(window_len), 0),
    m_ins(static_cast<std::size_t>(window_len), 0),
    m_cpos(static_cast<std::size_t>(window_len), 0), m_lo{window_len}, m_hi{-1}
{}

void read_window::begin()
{
    m_prev = -1;
    m_pending_ins = 0;
    m_broken = false;
}

void read_window::put_run(
    int const w0, int const n, std::uint8_t const * bases, std::uint8_t const * quals, std::int32_t const p0)
{
    if (n <= 0)
        return;
    if (m_prev >= 0 && w0 == m_prev + 1)
    {
        auto const lo = static_cast<std::size_t>(m_prev);
        if (!m_broken)
            m_link[lo] = 1;
        if (m_pending_ins > 0)
            m_ins[lo] = static_cast<std::uint16_t>(std::min(65535, m_ins[lo] + m_pending_ins));
    }
    auto const u = static_cast<std::size_t>(w0);
    std::memcpy(&m_base[u], bases, static_cast<std::size_t>(n));
    std::memcpy(&m_qual[u], quals, static_cast<std::size_t>(n));
    std::memset(&m_link[u], 1, static_cast<std::size_t>(n - 1));
    for (int j = 0; j < n; ++j)
        m_cpos[u + static_cast<std::size_t>(j)] = p0 + j;
    m_lo = std::min(m_lo, w0);
    m_hi = std::max(m_hi, w0 + n - 1);
    m_prev = w0 + n - 1;
    m_broken = false;
    m_pending_ins = 0;
}

void read_window::put(int const w, std::uint8_t const base, std::uint8_t const qual, std::int32_t const contig_pos)
{
    if (w < 0 || w >= m_len)
    {
        // A base the reference window lacks (the contig has an insertion against hbvdr's
        // reference, or the read runs past the window): like an inserted base.
        if (m_prev >= 0)
        {
            m_broken = true;
            ++m_pending_ins;
        }
        return;
    }
    auto const uw = static_cast<std::size_t>(w);
    if (m_prev >= 0 && (w == m_prev + 1 || w == m_prev - 1))
    {
        auto const lo = static_cast<std::size_t>(std::min(w, m_prev));
        if (!m_broken)
            m_link[lo] = 1;
        if (m_pending_ins > 0)
            m_ins[lo] = static_cast<std::uint16_t>(std::min(65535, m_ins[lo] + m_pending_ins));
    }
    m_base[uw] = base;
    m_qual[uw] = qual;
    m_cpos[uw] = contig_pos;
    m_lo = std::min(m_lo, w);
    m_hi = std::max(m_hi, w);
    m_prev = w;
    m_broken = false;
    m_pending_ins = 0;
}

void read_window::insertion(int const len)
{
    if (m_prev >= 0)
    {
        m_broken = true;
        m_pending_ins += len;
    }
}

void read_window::skip()
{
    m_prev = -1;
    m_broken = false;
    m_pending_ins = 0;
}

void read_window::add_bases(std::vector<std::uint32_t> & counts, int const min_baseq) const
{
    for (int w = m_lo; w <= m_hi; ++w)
    {
        auto const uw = static_cast<std::size_t>(w);
        std::uint8_t const b = m_base[uw];
        if (b == base_del)
            ++counts[6 * uw + 5];
        else if (b < 4 && m_qual[uw] >= min_baseq)
            ++counts[6 * uw + b];
    }
}

void read_window::extract(int const rt1_window_index,
                          int const min_baseq,
                          bool const reverse,
                          std::vector<obs> & out,
                          std::uint64_t & low_quality)
{
    if (m_lo > m_hi)
        return;
    struct frame
    {
        int start, n, slot0;
    };
    frame const frames[2] = {{rt1_window_index, n_rt, 0}, {rt1_window_index + s_offset_from_rt1, n_s, n_rt}};
    for (frame const & f : frames)
    {
        int const c_first = std::max(0, (m_lo - f.start + 2) / 3 - 1);
        int const c_last = std::min(f.n - 1, (m_hi - f.start) / 3);
        for (int c = c_first; c <= c_last; ++c)
        {
            int const w0 = f.start + 3 * c;
            if (w0 < m_lo || w0 + 2 > m_hi)
                continue;
            auto const u = static_cast<std::size_t>(w0);
            std::uint8_t const b0 = m_base[u], b1 = m_base[u + 1], b2 = m_base[u + 2];
            // Fast path: three plain bases (codes 0-3), linked, good quality, nothing inserted after.
            if ((b0 | b1 | b2) < 4 && m_link[u] != 0 && m_link[u + 1] != 0
                && std::min({m_qual[u], m_qual[u + 1], m_qual[u + 2]}) >= min_baseq && m_ins[u + 2] == 0)
            {
                out.push_back({static_cast<std::uint16_t>(f.slot0 + c),
                               static_cast<std::uint8_t>(b0 * 16 + b1 * 4 + b2),
                               static_cast<std::uint8_t>(reverse),
                               m_cpos[u],
                               m_cpos[u + 2]});
                continue;
            }
            if (b0 == base_none || b1 == base_none || b2 == base_none)
                continue;
            bool const linked = m_link[u] != 0 && m_link[u + 1] != 0;
            int const ndel = (b0 == base_del) + (b1 == base_del) + (b2 == base_del);
            std::uint8_t code;
            if (ndel == 3 && linked)
                code = code_del;
            else if (ndel > 0 || !linked)
                code = code_disrupted;
            else if (b0 == base_n || b1 == base_n || b2 == base_n || m_qual[u] < min_baseq || m_qual[u + 1] < min_baseq
                     || m_qual[u + 2] < min_baseq)
            {
                ++low_quality;
                continue;
            }
            else
                code = static_cast<std::uint8_t>(b0 * 16 + b1 * 4 + b2);
            auto const cmin = static_cast<std::int32_t>(std::min({m_cpos[u], m_cpos[u + 1], m_cpos[u + 2]}));
            auto const cmax = static_cast<std::int32_t>(std::max({m_cpos[u], m_cpos[u + 1], m_cpos[u + 2]}));
            auto const slot = static_cast<std::uint16_t>(f.slot0 + c);
            out.push_back({slot, code, static_cast<std::uint8_t>(reverse), cmin, cmax});
            // An insertion between this codon's last base and the next base, both read.
            if (std::uint16_t const ins = m_ins[u + 2]; ins > 0 && u + 3 < m_base.size() && m_base[u + 3] != base_none)
                out.push_back(
                    {slot, ins % 3 == 0 ? code_ins : code_fs_ins, static_cast<std::uint8_t>(reverse), cmin, cmax});
        }
    }
    std::fill(m_base.begin() + m_lo, m_base.begin() + m_hi + 1, base_none);
    std::fill(m_link.begin() + m_lo, m_link.begin() + m_hi + 1, 0);
    std::fill(m_ins.begin() + m_lo, m_ins.begin() + m_hi + 1, 0);
    m_lo = m_len;
    m_hi = -1;
}

// ---------------------------------------------------------------------------------------------
// codon_counter

codon_counter::codon_counter(int const window_len, ngs_options const & opts) :
    m_opts{opts}, m_window_len{window_len}, m_counts(n_slots), m_bases(static_cast<std::size_t>(6 * window_len), 0)
{
    m_key_index.fill(-1);
    for (int const p : opts.linkage_positions)
        if (p >= 1 && p <= n_rt && m_key_index[static_cast<std::size_t>(p)] < 0
            && m_key_positions.size() < max_linkage_positions)
        {
            m_key_index[static_cast<std::size_t>(p)] = static_cast<int>(m_key_positions.size());
            m_key_positions.push_back(p);
        }
    for (auto & slot : m_counts)
        for (auto & c : slot)
            c = {0, 0};
    for (int p = 1; p <= n_rt; ++p)
        if (int const k = m_key_index[static_cast<std::size_t>(p)]; k >= 0)
            m_key_slots.emplace_back(p - 1, k);
    for (int code = 0; code < 64; ++code)
        m_residue[static_cast<std::size_t>(code)] =
            static_cast<std::uint8_t>(aa_index(codon_aa()[static_cast<std::size_t>(code)]));
    std::size_t i = 0;
    for (int slot = 0; slot <= n_rt; ++slot)
    {
        while (i < m_key_slots.size() && m_key_slots[i].first < slot)
            ++i;
        m_key_from[static_cast<std::size_t>(slot)] = static_cast<int>(i);
    }
    m_base_cover.assign(static_cast<std::size_t>(window_len) + 1, 0);
    m_base_corr.assign(static_cast<std::size_t>(window_len), 0);
    m_cover.assign(n_slots + 1, {0, 0});
    m_corr.assign(n_slots, {0, 0});
    expect({}, 0);
}

void codon_counter::expect(std::vector<std::uint8_t> const & window_base, int const rt1_window_index)
{
    constexpr std::uint8_t none = 0xfe;
    auto const W = static_cast<std::size_t>(m_window_len);
    m_exp_base.assign(W + 32, none);
    for (std::size_t w = 0; w < W && w < window_base.size(); ++w)
        if (window_base[w] < 4)
            m_exp_base[w] = window_base[w];
    m_start_w.assign(W + 32, 0);
    m_exp_codon_w.assign(W + 32, none);
    m_slot_w.assign(W + 32, 0);
    m_exp_code.fill(none);
    struct frame
    {
        int start, n_codons, slot0;
    };
    frame const frames[2] = {{rt1_window_index, n_rt, 0}, {rt1_window_index + s_offset_from_rt1, n_s, n_rt}};
    for (std::size_t fi = 0; fi < 2; ++fi)
    {
        frame const & f = frames[fi];
        m_frame_start[fi] = f.start;
        auto & before = m_codons_before[fi];
        before.assign(W + 1, 0);
        for (std::size_t w = 0; w <= W; ++w)
            before[w] = std::clamp(
                (static_cast<int>(w) - f.start + 2) >= 0 ? (static_cast<int>(w) - f.start + 2) / 3 : 0, 0, f.n_codons);
    }
    for (frame const & f : frames)
        for (int c = 0; c < f.n_codons; ++c)
        {
            int const w = f.start + 3 * c;
            if (w < 0 || w + 2 >= m_window_len)
                continue;
            auto const u = static_cast<std::size_t>(w);
            std::uint8_t const a = m_exp_base[u], b = m_exp_base[u + 1], d = m_exp_base[u + 2];
            std::uint8_t const code = a < 4 && b < 4 && d < 4 ? static_cast<std::uint8_t>(a * 16 + b * 4 + d) : none;
            m_start_w[u] = 0xff;
            m_exp_codon_w[u] = code;
            m_slot_w[u] = static_cast<std::uint16_t>(f.slot0 + c);
            m_exp_code[static_cast<std::size_t>(f.slot0 + c)] = code;
        }
    m_exp_key.assign(m_key_slots.size(), residue_unknown);
    for (std::size_t i = 0; i < m_key_slots.size(); ++i)
        if (std::uint8_t const code = m_exp_code[static_cast<std::size_t>(m_key_slots[i].first)]; code < 64)
            m_exp_key[i] = m_residue[code];
}

void codon_counter::settle()
{
    for (std::size_t r = 0; r < 2; ++r)
    {
        std::int64_t cover = 0;
        for (std::size_t slot = 0; slot < n_slots; ++slot)
        {
            cover += m_cover[slot][r];
            std::int64_t const n = cover + m_corr[slot][r];
            // Every presumed codon at a slot without an expected codon was listed as a miss: n is 0 there.
            if (std::uint8_t const code = m_exp_code[slot]; code < 64)
                m_counts[slot][code][r] += static_cast<std::uint32_t>(n);
        }
    }
    std::int64_t cover = 0;
    for (std::size_t w = 0; w < static_cast<std::size_t>(m_window_len); ++w)
    {
        cover += m_base_cover[w];
        if (std::uint8_t const b = m_exp_base[w]; b < 4)
            m_bases[6 * w + b] += static_cast<std::uint32_t>(cover + m_base_corr[w]);
    }
    std::fill(m_cover.begin(), m_cover.end(), std::array<std::int64_t, 2>{0, 0});
    std::fill(m_corr.begin(), m_corr.end(), std::array<std::int64_t, 2>{0, 0});
    std::fill(m_base_cover.begin(), m_base_cover.end(), 0);
    std::fill(m_base_corr.begin(), m_base_corr.end(), 0);
}

linkage_key codon_counter::key_of(run_codons const & rc) const noexcept
{
    linkage_key key;
    key.fill(residue_unknown);
    run_codons::frame const & f = rc.frames[0]; // the RT frame
    if (f.n <= 0)
        return key;
    // The expected residues at the key positions the read covers, then what differs.
    int const end = m_key_from[static_cast<std::size_t>(f.slot0 + f.n)];
    for (int i = m_key_from[static_cast<std::size_t>(f.slot0)]; i < end; ++i)
        key[static_cast<std::size_t>(m_key_slots[static_cast<std::size_t>(i)].second)] =
            m_exp_key[static_cast<std::size_t>(i)];
    for (int i = 0; i < f.n_misses; ++i)
    {
        codon_miss const & x = f.misses[i];
        if (int const k = m_key_index[static_cast<std::size_t>(x.slot + 1)]; k >= 0)
            key[static_cast<std::size_t>(k)] = x.code == code_none ? residue_unknown : m_residue[x.code];
    }
    return key;
}

void codon_counter::count(run_codons const & rc) noexcept
{
    count(rc, 0, 0, rc.frames[0].n);
    count(rc, 1, 0, rc.frames[1].n);
}

void codon_counter::count(run_codons const & rc, int const fi, int const k0, int const k1) noexcept
{
    if (k0 >= k1)
        return;
    run_codons::frame const & f = rc.frames[static_cast<std::size_t>(fi)];
    std::size_t const r = rc.reverse;
    int const s0 = f.slot0 + k0, s1 = f.slot0 + k1;
    // Slots s0..s1-1 hold the expected codon, except the listed misses.
    ++m_cover[static_cast<std::size_t>(s0)][r];
    --m_cover[static_cast<std::size_t>(s1)][r];
    for (int i = 0; i < f.n_misses; ++i)
    {
        codon_miss const & x = f.misses[i];
        if (x.slot < s0)
            continue;
        if (x.slot >= s1)
            break;
        --m_corr[x.slot][r];
        if (x.code != code_none)
            ++m_counts[x.slot][x.code][r];
    }
}

linkage_key codon_counter::key_of(std::vector<obs> const & o) const
{
    linkage_key key;
    key.fill(residue_unknown);
    auto const & aa = codon_aa();
    for (obs const & x : o)
    {
        if (x.slot >= n_rt)
            break;
        int const k = m_key_index[static_cast<std::size_t>(x.slot + 1)];
        if (k < 0 || x.code > code_del)
            continue;
        key[static_cast<std::size_t>(k)] =
            x.code == code_del ? residue_deleted : static_cast<std::uint8_t>(aa_index(aa[x.code]));
    }
    return key;
}

void codon_counter::count(std::vector<obs> const & o)
{
    for (obs const & x : o)
        ++m_counts[x.slot][x.code][x.reverse];
}

void codon_counter::link(linkage_key const & key)
{
    if (known_positions(key) >= 2)
    {
        std::size_t const mask = m_patterns.size() - 1;
        for (std::size_t i = key_hash(key) & mask;; i = (i + 1) & mask)
        {
            pattern & p = m_patterns[i];
            if (p.n == 0)
            {
                p.key = key;
                p.n = 1;
                if (2 * ++m_n_patterns > m_patterns.size())
                    grow_patterns();
                return;
            }
            if (std::memcmp(p.key.data(), key.data(), sizeof key) == 0)
            {
                ++p.n;
                return;
            }
        }
    }
}

void codon_counter::grow_patterns()
{
    std::vector<pattern> old(2 * m_patterns.size());
    old.swap(m_patterns);
    std::size_t const mask = m_patterns.size() - 1;
    for (pattern const & p : old)
        if (p.n != 0)
        {
            std::size_t i = key_hash(p.key) & mask;
            while (m_patterns[i].n != 0)
                i = (i + 1) & mask;
            m_patterns[i] = p;
        }
}

void codon_counter::add_molecule(std::vector<obs> const & o, linkage_key const & key)
{
    count(o);
    link(key);
    molecule();
}

// ---------------------------------------------------------------------------------------------
// fragment_assembler

namespace
{

linkage_key combine(linkage_key a, linkage_key const & b)
{
#if defined(__SSE2__)
    static_assert(sizeof(linkage_key) == 32 && residue_unknown == 0xff);
    __m128i const unknown = _mm_set1_epi8(-1);
    for (std::size_t i = 0; i < a.size(); i += 16)
    {
        __m128i const x = _mm_loadu_si128(reinterpret_cast<__m128i const *>(a.data() + i));
        __m128i const y = _mm_loadu_si128(reinterpret_cast<__m128i const *>(b.data() + i));
        __m128i const x_unknown = _mm_cmpeq_epi8(x, unknown);
        // x where known, else y; unknown where both are known and differ (mates disagree).
        __m128i const taken = _mm_or_si128(_mm_and_si128(x_unknown, y), _mm_andnot_si128(x_unknown, x));
        __m128i const both = _mm_andnot_si128(_mm_or_si128(x_unknown, _mm_cmpeq_epi8(y, unknown)), unknown);
        __m128i const differ = _mm_andnot_si128(_mm_cmpeq_epi8(x, y), both);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(a.data() + i), _mm_or_si128(taken, differ));
    }
#else
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (a[i] == residue_unknown)
            a[i] = b[i];
        else if (b[i] != residue_unknown && b[i] != a[i])
            a[i] = residue_unknown; // mates disagree
    }
#endif
    return a;
}

int obs_class(obs const & x)
{
    return x.code >= code_ins ? 1 : 0;
}

bool any_known(linkage_key const & key)
{
    return known_positions(key) > 0;
}

} // namespace

namespace
{

constexpr std::size_t huge_page = std::size_t{2} << 20;

} // namespace

void * huge_allocate(std::size_t const bytes)
{
    if (bytes < huge_page)
        return ::operator new (bytes, std::align_val_t{64});
    std::size_t const rounded = (bytes + huge_page - 1) / huge_page * huge_page;
    void * const p = std::aligned_alloc(huge_page, rounded);
    if (p == nullptr)
        throw std::bad_alloc{};
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE); // advice only: no error if refused
#endif
    return p;
}

void huge_deallocate(void * const p, std::size_t const bytes) noexcept
{
    if (bytes < huge_page)
        ::operator delete (p, std::align_val_t{64});
    else
        std::free(p);
}

fragment_assembler::fragment_assembler(codon_counter & c) : m_counter{c}, m_table(1024), m_mask{1023}
{}

void fragment_assembler::by_position(std::int64_t const max_len)
{
    m_by_position = true;
    m_bucket_at.assign(static_cast<std::size_t>(std::max<std::int64_t>(max_len, 0)), -1);
    decltype(m_table){}.swap(m_table);
    m_mask = 0;
}

void fragment_assembler::single(std::vector<obs> const & o)
{
    m_counter.add_molecule(o, m_counter.key_of(o));
}

fragment_assembler::name_hashes fragment_assembler::hash_name(std::string_view const s) noexcept
{
    // Eight bytes at a time, each word mixed by a multiplication, in two independent lanes; a final
    // mix so that the low bits (the table slot) depend on every byte.
    constexpr std::uint64_t k1 = 0x9e3779b97f4a7c15ull, k2 = 0xc2b2ae3d27d4eb4full;
    std::uint64_t h = 0x243f6a8885a308d3ull ^ (s.size() * k1);
    std::uint64_t c = 0x13198a2e03707344ull ^ (s.size() * k2);
    auto mix = [&](std::uint64_t const w)
    {
        h = (h ^ w) * k1;
        h ^= h >> 29;
        c = (c ^ w) * k2;
        c ^= c >> 31;
    };
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8)
    {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        mix(w);
    }
    if (i < s.size())
    {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, s.size() - i);
        mix(w);
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    c ^= c >> 30;
    c *= 0xbf58476d1ce4e5b9ull;
    c ^= c >> 27;
    return {h, c};
}

// ---- the table (input in any order)

fragment_assembler::waiting * fragment_assembler::find(std::uint64_t const h) noexcept
{
    std::uint64_t const k = stored_hash(h);
    for (std::size_t i = k & m_mask;; i = (i + 1) & m_mask)
    {
        if (m_table[i].hash == k)
            return &m_table[i];
        if (m_table[i].hash == 0)
            return nullptr;
    }
}

void fragment_assembler::insert(waiting const & w)
{
    if (2 * (m_size + 1) > m_table.size())
        grow();
    std::size_t i = w.hash & m_mask;
    while (m_table[i].hash != 0)
        i = (i + 1) & m_mask;
    m_table[i] = w;
    ++m_size;
    m_max_waiting = std::max(m_max_waiting, m_size);
}

void fragment_assembler::grow()
{
    decltype(m_table) old(2 * m_table.size());
    old.swap(m_table);
    m_mask = m_table.size() - 1;
    for (waiting const & w : old)
        if (w.hash != 0)
        {
            std::size_t i = w.hash & m_mask;
            while (m_table[i].hash != 0)
                i = (i + 1) & m_mask;
            m_table[i] = w;
        }
}

void fragment_assembler::erase(waiting * const w) noexcept
{
    // Backward-shift deletion keeps probe sequences intact without tombstones.
    m_pool.release(w->block_class, w->block);
    auto i = static_cast<std::size_t>(w - m_table.data());
    --m_size;
    for (std::size_t j = (i + 1) & m_mask; m_table[j].hash != 0; j = (j + 1) & m_mask)
    {
        std::size_t const home = m_table[j].hash & m_mask;
        if (((j - home) & m_mask) >= ((j - i) & m_mask))
        {
            m_table[i] = m_table[j];
            i = j;
        }
    }
    m_table[i].hash = 0;
}

fragment_assembler::held fragment_assembler::view(waiting const & w)
{
    return {&w.key, m_pool.at(w.block_class, w.block) + w.name_len, w.n_deferred, w.reverse};
}

// ---- the buckets (coordinate-sorted input)

fragment_assembler::held fragment_assembler::view(bucket const & b, filed const & f) const
{
    return {&f.key, b.bytes.data() + f.offset, f.n_deferred, f.reverse};
}

// Index the reads filed at `pos` by hash (the mates looked up there all start at `pos`).
void fragment_assembler::index_bucket(std::int64_t const pos)
{
    bucket const & b = m_buckets[static_cast<std::size_t>(m_bucket_at[static_cast<std::size_t>(pos)])];
    std::size_t n = 64;
    while (n < 2 * b.reads.size() + 2)
        n *= 2;
    m_index.assign(n, 0);
    m_index_pos = pos;
    m_index_used = 0;
    for (std::size_t r = 0; r < b.reads.size(); ++r)
    {
        if (b.reads[r].hash == 0)
            continue;
        std::size_t i = b.reads[r].hash & (n - 1);
        while (m_index[i] != 0)
            i = (i + 1) & (n - 1);
        m_index[i] = static_cast<std::uint32_t>(r + 1);
        ++m_index_used;
    }
}

// The input has passed `pos`: reads still waiting there are counted alone; the bucket is reused.
void fragment_assembler::settle_bucket(std::int64_t const pos)
{
    std::int32_t & at = m_bucket_at[static_cast<std::size_t>(pos)];
    if (at < 0)
        return;
    bucket & b = m_buckets[static_cast<std::size_t>(at)];
    for (filed const & f : b.reads)
        if (f.hash != 0)
        {
            count_alone(view(b, f));
            --m_size;
        }
    b.reads.clear();
    b.bytes.clear();
    m_free_buckets.push_back(at);
    at = -1;
    if (m_index_pos == pos)
        m_index_pos = -1;
}

// ---- both

bool fragment_assembler::take(std::string_view const name, name_hashes const nh, held & out, bool & collision)
{
    collision = false;
    std::uint64_t const k = stored_hash(nh.h);
    if (!m_by_position)
    {
        waiting * const w = find(nh.h);
        if (w == nullptr)
            return false;
        out = view(*w);
        collision =
            std::string_view{reinterpret_cast<char const *>(m_pool.at(w->block_class, w->block)), w->name_len} != name;
        m_taken_slot = w;
        return !collision;
    }
    // The mate started where this read starts: the current position.
    std::int64_t const pos = m_pos;
    if (pos < 0 || pos >= static_cast<std::int64_t>(m_bucket_at.size())
        || m_bucket_at[static_cast<std::size_t>(pos)] < 0)
        return false;
    if (m_index_pos != pos)
        index_bucket(pos);
    bucket & b = m_buckets[static_cast<std::size_t>(m_bucket_at[static_cast<std::size_t>(pos)])];
    std::size_t const mask = m_index.size() - 1;
    for (std::size_t i = k & mask; m_index[i] != 0; i = (i + 1) & mask)
    {
        filed & f = b.reads[m_index[i] - 1];
        if (f.hash != k)
            continue;
        out = view(b, f);
        collision = f.check != nh.check;
        m_taken_filed = &f;
        return !collision;
    }
    return false;
}

void fragment_assembler::taken()
{
    if (!m_by_position)
    {
        erase(m_taken_slot);
        return;
    }
    m_taken_filed->hash = 0; // stays in the index as a step of probe sequences
    --m_size;
}

namespace
{

// Deferred codons are stored as 4 bytes each: slot << 8 | code.
void pack_deferred(std::vector<obs> const & deferred, std::uint8_t * out) noexcept
{
    for (obs const & x : deferred)
    {
        std::uint32_t const v = static_cast<std::uint32_t>(x.slot) << 8 | x.code;
        std::memcpy(out, &v, 4);
        out += 4;
    }
}

//!\brief Deferred codon i of a waiting read: slot and code.
std::pair<std::uint16_t, std::uint8_t> deferred_codon(std::uint8_t const * const deferred, std::size_t const i) noexcept
{
    std::uint32_t v;
    std::memcpy(&v, deferred + 4 * i, 4);
    return {static_cast<std::uint16_t>(v >> 8), static_cast<std::uint8_t>(v & 0xff)};
}

} // namespace

// Store a read (its codons the mate may also hold are in m_deferred) until its mate comes.
void fragment_assembler::wait(std::string_view const name,
                              name_hashes const nh,
                              linkage_key const & key,
                              std::uint8_t const reverse,
                              int const expire_tid,
                              std::int64_t const expire_pos)
{
    if (!m_by_position)
    {
        waiting w;
        w.hash = stored_hash(nh.h);
        w.expire = expire_pos;
        w.tid = expire_tid;
        w.n_deferred = static_cast<std::uint16_t>(m_deferred.size());
        w.name_len = static_cast<std::uint8_t>(name.size());
        w.reverse = reverse;
        w.key = key;
        std::size_t const bytes = name.size() + 4 * m_deferred.size();
        w.block_class = static_cast<std::uint8_t>(block_pool::class_of(bytes));
        w.block = m_pool.allocate(w.block_class);
        std::uint8_t * const block = m_pool.at(w.block_class, w.block);
        std::memcpy(block, name.data(), name.size());
        pack_deferred(m_deferred, block + name.size());
        insert(w);
        return;
    }
    if (expire_tid != m_tid || expire_pos < m_settled || expire_pos >= static_cast<std::int64_t>(m_bucket_at.size()))
    {
        // The mate cannot come after this read (inconsistent mate fields): counted alone now,
        // as it would be when the input passes the mate's position.
        std::vector<std::uint8_t> bytes(4 * m_deferred.size());
        pack_deferred(m_deferred, bytes.data());
        count_alone({&key, bytes.data(), static_cast<std::uint16_t>(m_deferred.size()), reverse});
        return;
    }
    std::int32_t & at = m_bucket_at[static_cast<std::size_t>(expire_pos)];
    if (at < 0)
    {
        if (m_free_buckets.empty())
        {
            at = static_cast<std::int32_t>(m_buckets.size());
            m_buckets.emplace_back();
        }
        else
        {
            at = m_free_buckets.back();
            m_free_buckets.pop_back();
        }
    }
    bucket & b = m_buckets[static_cast<std::size_t>(at)];
    filed & f = b.reads.emplace_back();
    f.hash = stored_hash(nh.h);
    f.check = nh.check;
    f.key = key;
    f.offset = static_cast<std::uint32_t>(b.bytes.size());
    f.n_deferred = static_cast<std::uint16_t>(m_deferred.size());
    f.reverse = reverse;
    if (!m_deferred.empty())
    {
        b.bytes.resize(b.bytes.size() + 4 * m_deferred.size());
        pack_deferred(m_deferred, b.bytes.data() + f.offset);
    }
    ++m_size;
    m_max_waiting = std::max(m_max_waiting, m_size);
    if (m_index_pos == expire_pos)
    {
        // Filed where the input is (mates starting at the same position): index it too.
        if (2 * (m_index_used + 1) > m_index.size())
            index_bucket(expire_pos);
        else
        {
            std::size_t const mask = m_index.size() - 1;
            std::size_t i = f.hash & mask;
            while (m_index[i] != 0)
                i = (i + 1) & mask;
            m_index[i] = static_cast<std::uint32_t>(b.reads.size());
            ++m_index_used;
        }
    }
}

template <typename reads_t>
bool fragment_assembler::mate_was_waiting(std::string_view const name, name_hashes const nh, reads_t const & reads)
{
    held w;
    bool collision;
    if (take(name, nh, w, collision))
    {
        mate_arrived(w, reads);
        taken();
        return true;
    }
    if (collision)
    {
        // Two names in flight with one hash (about 1 in 10^10 pairs): count this read alone.
        single(reads);
        return true;
    }
    return false;
}

void fragment_assembler::paired(std::string_view const name,
                                name_hashes const nh,
                                std::vector<obs> const & o,
                                std::int64_t const mate_lo,
                                std::int64_t const mate_hi,
                                int const expire_tid,
                                std::int64_t const expire_pos)
{
    if (mate_was_waiting(name, nh, o))
        return;
    linkage_key const key = m_counter.key_of(o);
    m_scratch.clear();
    m_deferred.clear();
    for (obs const & x : o)
        (x.cmax >= mate_lo && x.cmin <= mate_hi ? m_deferred : m_scratch).push_back(x);
    m_counter.count(m_scratch);
    if (m_deferred.empty() && !any_known(key))
        return; // nothing the mate needs: the mate will count the molecule
    wait(name, nh, key, m_deferred.empty() ? 0 : m_deferred.front().reverse, expire_tid, expire_pos);
}

void fragment_assembler::single(run_codons const & rc)
{
    m_counter.count(rc);
    m_counter.link(m_counter.key_of(rc));
    m_counter.molecule();
}

void fragment_assembler::second(std::string_view const name, name_hashes const nh, run_codons const & rc)
{
    if (!mate_was_waiting(name, nh, rc))
        single(rc);
}

void fragment_assembler::paired(std::string_view const name,
                                name_hashes const nh,
                                run_codons const & rc,
                                std::int64_t const mate_lo,
                                std::int64_t const mate_hi,
                                int const expire_tid,
                                std::int64_t const expire_pos)
{
    if (mate_was_waiting(name, nh, rc))
        return;
    linkage_key const key = m_counter.key_of(rc);
    m_deferred.clear();
    for (int fi = 0; fi < 2; ++fi)
    {
        run_codons::frame const & f = rc.frames[static_cast<std::size_t>(fi)];
        // Codon k (contig cpos0+3k..+2) touches the mate's span when k is in [k_lo, k_hi].
        auto clamp = [&](std::int64_t const k)
        {
            return static_cast<int>(std::clamp<std::int64_t>(k, 0, f.n));
        };
        std::int64_t const from = mate_lo - 2 - f.cpos0;
        int const k_lo = clamp(from <= 0 ? 0 : (from + 2) / 3);
        int const k_end =
            mate_hi < f.cpos0 ? 0 : clamp(std::min<std::int64_t>(mate_hi - f.cpos0, 3 * std::int64_t{f.n}) / 3 + 1);
        int const k_hi = std::max(k_lo, k_end); // deferred: [k_lo, k_hi)
        m_counter.count(rc, fi, 0, k_lo);
        for (int k = k_lo; k < k_hi; ++k)
            if (std::uint8_t const c = f.codes[3 * k]; c != code_none)
                m_deferred.push_back(
                    {static_cast<std::uint16_t>(f.slot0 + k), c, rc.reverse, f.cpos0 + 3 * k, f.cpos0 + 3 * k + 2});
        m_counter.count(rc, fi, k_hi, f.n);
    }
    if (m_deferred.empty() && !any_known(key))
        return; // nothing the mate needs: the mate will count the molecule
    wait(name, nh, key, rc.reverse, expire_tid, expire_pos);
}

// The mate of a waiting read: its deferred codons merged with the read's, with the counts merge()
// gives. Counts do not depend on order, so the read's codons are counted whole and then each
// deferred codon is settled against the read's codon at its slot.
void fragment_assembler::mate_arrived(held const & w, run_codons const & rc)
{
    m_counter.count(rc);
    for (std::size_t i = 0; i < w.n_deferred; ++i)
    {
        auto const [slot, code] = deferred_codon(w.deferred, i);
        std::uint8_t mine = code_none; // the read's codon at this slot (fast-path reads have only codons)
        if (code < code_ins)
        {
            run_codons::frame const & f = rc.frames[slot < n_rt ? 0 : 1];
            if (int const k = slot - f.slot0; k >= 0 && k < f.n)
                mine = f.codes[3 * k];
        }
        if (mine == code_none)
            m_counter.count_one(slot, code, w.reverse); // only the waiting read has it
        else if (mine != code)
        {
            // Mates disagree: a sequencing error in one of them, not counted for this molecule.
            m_counter.uncount_one(slot, mine, rc.reverse);
            ++discordant;
        }
    }
    m_counter.link(combine(*w.key, m_counter.key_of(rc)));
    m_counter.molecule();
    ++pairs_merged;
}

void fragment_assembler::second(std::string_view const name, name_hashes const nh, std::vector<obs> const & o)
{
    if (!mate_was_waiting(name, nh, o))
        single(o);
}

void fragment_assembler::mate_arrived(held const & w, std::vector<obs> const & o)
{
    merge(w, o);
    m_counter.add_molecule(m_scratch, combine(*w.key, m_counter.key_of(o)));
    ++pairs_merged;
}

void fragment_assembler::both(std::vector<obs> const & a, std::vector<obs> const & b)
{
    merge(a, b);
    m_counter.add_molecule(m_scratch, combine(m_counter.key_of(a), m_counter.key_of(b)));
    ++pairs_merged;
}

// The waiting read's deferred codons back as observations (for counting alone or merging).
void fragment_assembler::merge(held const & w, std::vector<obs> const & o)
{
    m_deferred.clear();
    for (std::size_t i = 0; i < w.n_deferred; ++i)
    {
        auto const [slot, code] = deferred_codon(w.deferred, i);
        m_deferred.push_back({slot, code, w.reverse, 0, 0});
    }
    merge(m_deferred, o);
}

void fragment_assembler::count_alone(held const & w)
{
    merge(w, {});
    m_counter.add_molecule(m_scratch, *w.key);
}

// Merge two mates' observations (sorted by slot) into m_scratch.
void fragment_assembler::merge(std::vector<obs> const & a, std::vector<obs> const & o)
{
    m_scratch.clear();
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < o.size())
    {
        if (j == o.size()
            || (i < a.size() && std::pair{a[i].slot, obs_class(a[i])} < std::pair{o[j].slot, obs_class(o[j])}))
        {
            m_scratch.push_back(a[i++]);
            continue;
        }
        if (i == a.size() || std::pair{o[j].slot, obs_class(o[j])} < std::pair{a[i].slot, obs_class(a[i])})
        {
            m_scratch.push_back(o[j++]);
            continue;
        }
        // Same codon in both mates: once if they agree; a disagreement is a sequencing error in one
        // of them and the codon is not counted for this molecule.
        if (a[i].code == o[j].code || obs_class(o[j]) == 1)
            m_scratch.push_back(o[j]);
        else
            ++discordant;
        ++i;
        ++j;
    }
}

void fragment_assembler::advance(int const tid, std::int64_t const pos)
{
    if (m_by_position)
    {
        if (tid != m_tid)
        {
            // A new contig: mates expected on the previous one never came.
            for (std::size_t p = 0; p < m_bucket_at.size(); ++p)
                settle_bucket(static_cast<std::int64_t>(p));
            m_tid = tid;
            m_settled = 0;
        }
        m_pos = pos;
        std::int64_t const end = std::min<std::int64_t>(pos, static_cast<std::int64_t>(m_bucket_at.size()));
        for (; m_settled < end; ++m_settled)
            settle_bucket(m_settled);
        return;
    }
    // Reads whose mate is overdue are counted alone. Checked by a sweep of the table at most once
    // per as many reads as it has slots (cheaper than ordering the waiting reads; the counts do
    // not depend on when it happens).
    if (++m_since_sweep < std::max<std::size_t>(65536, m_table.size()))
        return;
    m_since_sweep = 0;
    for (std::size_t i = 0; i < m_table.size();)
    {
        waiting & w = m_table[i];
        if (w.hash != 0 && std::pair{w.tid, w.expire} < std::pair{tid, pos})
        {
            count_alone(view(w));
            erase(&w); // an entry from further on may move here: look at slot i again
            continue;
        }
        ++i;
    }
}

void fragment_assembler::flush()
{
    // Order does not matter for the counts.
    if (m_by_position)
    {
        for (std::size_t p = 0; p < m_bucket_at.size(); ++p)
            settle_bucket(static_cast<std::int64_t>(p));
        std::vector<bucket>{}.swap(m_buckets);
        std::vector<std::int32_t>{}.swap(m_free_buckets);
        std::vector<std::uint32_t>{}.swap(m_index);
        m_size = 0;
        return;
    }
    for (waiting const & w : m_table)
        if (w.hash != 0)
            count_alone(view(w));
    decltype(m_table)(1024).swap(m_table);
    m_mask = 1023;
    m_size = 0;
    m_pool.clear();
}

// ---------------------------------------------------------------------------------------------
// statistics

namespace
{

// ln Γ(x). Not std::lgamma: it writes the global `signgam`, a data race when samples are counted
// in parallel (ThreadSanitizer); lgamma_r is the thread-safe form.
double log_gamma(double const x) noexcept
{
    int sign = 0;
    return ::lgamma_r(x, &sign);
}

} // namespace

double poisson_upper_tail(std::uint64_t const k, double const lambda)
{
    if (k == 0)
        return 1.0;
    if (lambda <= 0.0)
        return 0.0;
    auto const kd = static_cast<double>(k);
    if (kd <= lambda)
    {
        // 1 - P(X < k)
        double term = std::exp(-lambda), sum = 0.0;
        for (std::uint64_t i = 0; i < k; ++i)
        {
            sum += term;
            term *= lambda / static_cast<double>(i + 1);
        }
        return std::max(0.0, 1.0 - sum);
    }
    double term = std::exp(-lambda + kd * std::log(lambda) - log_gamma(kd + 1.0));
    double sum = 0.0;
    for (std::uint64_t i = k; term > 1e-300; ++i)
    {
        sum += term;
        term *= lambda / static_cast<double>(i + 1);
        if (term < sum * 1e-16)
            break;
    }
    return std::min(1.0, sum);
}

double fisher_two_sided(std::uint64_t const a, std::uint64_t const b, std::uint64_t const c, std::uint64_t const d)
{
    auto const n = static_cast<double>(a + b + c + d);
    auto const r1 = static_cast<double>(a + b), c1 = static_cast<double>(a + c);
    auto logp = [&](double const x)
    {
        return log_gamma(c1 + 1) - log_gamma(x + 1) - log_gamma(c1 - x + 1) + log_gamma(n - c1 + 1)
               - log_gamma(r1 - x + 1) - log_gamma(n - c1 - r1 + x + 1) - log_gamma(n + 1) + log_gamma(r1 + 1)
               + log_gamma(n - r1 + 1);
    };
    double const lo = std::max(0.0, r1 + c1 - n), hi = std::min(r1, c1);
    double const p_obs = logp(static_cast<double>(a));
    double p = 0.0;
    for (double x = lo; x <= hi; x += 1.0)
        if (double const lp = logp(x); lp <= p_obs + 1e-7)
            p += std::exp(lp);
    return std::min(1.0, p);
}

// ---------------------------------------------------------------------------------------------
// calling

namespace
{

// Consequence in the other frame of the bases by which `codon` differs from the reference codon,
// put into the other frame's majority codons.
std::string variant_other_frame(call_table const & calls, gene const g, int const pos, std::string const & codon)
{
    std::string const ref = calls.ref_codon(g, pos);
    if (ref.size() != 3 || codon.size() != 3)
        return {};
    gene const other = g == gene::rt ? gene::s : gene::rt;
    // (other position, base index in its codon, base index in `codon`)
    std::vector<std::tuple<int, int, int>> edits;
    for (int i = 0; i < 3; ++i)
    {
        if (codon[static_cast<std::size_t>(i)] == ref[static_cast<std::size_t>(i)])
            continue;
        if (g == gene::rt)
            edits.emplace_back(i == 0 ? pos - 9 : pos - 8, i == 0 ? 2 : i - 1, i);
        else
            edits.emplace_back(i < 2 ? pos + 8 : pos + 9, i < 2 ? i + 1 : 0, i);
    }
    if (edits.empty())
        return {};
    std::vector<int> targets;
    for (auto const & e : edits)
        if (targets.empty() || targets.back() != std::get<0>(e))
            targets.push_back(std::get<0>(e));
    std::string out;
    bool any_inside = false;
    for (int const t : targets)
    {
        if (t < 1 || t > info(other).n_codons)
        {
            any_inside = any_inside || (g == gene::rt && t == 227);
            continue;
        }
        any_inside = true;
        codon_call const & oc = calls.at(other, t);
        std::string base = oc.codon.size() == 3 && oc.codon != "---" ? oc.codon : calls.ref_codon(other, t);
        if (base.size() != 3)
            continue;
        for (auto const & [p, bi, ci] : edits)
            if (p == t)
                base[static_cast<std::size_t>(bi)] = codon[static_cast<std::size_t>(ci)];
        aa_set const aa = translate_codon(base);
        char const r = calls.ref_aa(other, t);
        if (aa == aa_set::of(r))
            continue;
        out += (out.empty() ? "" : "+") + std::string{info(other).prefix} + r + std::to_string(t) + aa.to_string();
    }
    if (!any_inside)
        return "outside " + std::string{info(other).name};
    return out.empty() ? "syn" : out;
}

std::string percent(double const f)
{
    return format_fixed(100.0 * f, 1) + "%";
}

} // namespace

void codon_counter::call(reference_genome const & ref,
                         reference_set const & refs,
                         call_table & calls,
                         std::vector<mutation_row> & mutations,
                         ngs_result & r,
                         std::string & window_bases) const
{
    auto const unsettled = [](auto const & v)
    {
        return std::any_of(v.begin(),
                           v.end(),
                           [](auto const & x)
                           {
                               return x != std::decay_t<decltype(x)>{};
                           });
    };
    if (unsettled(m_cover) || unsettled(m_corr) || unsettled(m_base_cover) || unsettled(m_base_corr))
        throw std::logic_error{"codon_counter::call before settle"};
    ngs_thresholds const & th = m_opts.thresholds;
    auto const & aa_of = codon_aa();
    double err_sum = 0.0;
    std::uint64_t err_bases = 0;
    for (int q = 0; q <= max_phred; ++q)
    {
        std::uint64_t const n = m_qual_hist[static_cast<std::size_t>(q)];
        err_sum += static_cast<double>(n) * std::pow(10.0, -q / 10.0);
        err_bases += n;
    }
    double const eps = std::max(0.0021, err_bases > 0 ? err_sum / static_cast<double>(err_bases) : 0.0);

    calls.reference = &ref;
    calls.rt = {};
    calls.rt.id = gene::rt;
    calls.rt.codons.resize(n_rt);
    calls.s = {};
    calls.s.id = gene::s;
    calls.s.codons.resize(n_s);

    struct extra
    {
        std::array<int, 21> top_codon{};
        int majority{-1};
        std::uint64_t del{0};
    };
    std::vector<extra> extras(n_slots);

    for (int slot = 0; slot < n_slots; ++slot)
    {
        gene const g = slot < n_rt ? gene::rt : gene::s;
        int const pos = slot < n_rt ? slot + 1 : slot - n_rt + 1;
        auto const & cs = m_counts[static_cast<std::size_t>(slot)];
        codon_call & c = (g == gene::rt ? calls.rt : calls.s).codons[static_cast<std::size_t>(pos - 1)];
        extra & ex = extras[static_cast<std::size_t>(slot)];
        std::array<std::uint64_t, 21> aa_n{};
        std::array<std::array<std::uint64_t, 2>, 21> aa_strand{};
        std::array<std::uint64_t, 21> top_n{};
        ex.top_codon.fill(-1);
        std::uint64_t strand_depth[2] = {0, 0};
        for (int code = 0; code < 64; ++code)
        {
            std::uint64_t const n = cs[static_cast<std::size_t>(code)][0] + cs[static_cast<std::size_t>(code)][1];
            if (n == 0)
                continue;
            int const a = aa_index(aa_of[static_cast<std::size_t>(code)]);
            auto const ua = static_cast<std::size_t>(a);
            aa_n[ua] += n;
            aa_strand[ua][0] += cs[static_cast<std::size_t>(code)][0];
            aa_strand[ua][1] += cs[static_cast<std::size_t>(code)][1];
            if (n > top_n[ua])
            {
                top_n[ua] = n;
                ex.top_codon[ua] = code;
            }
        }
        ex.del = cs[code_del][0] + cs[code_del][1];
        std::uint64_t depth = ex.del;
        for (std::size_t a = 0; a < 21; ++a)
        {
            depth += aa_n[a];
            strand_depth[0] += aa_strand[a][0];
            strand_depth[1] += aa_strand[a][1];
        }
        strand_depth[0] += cs[code_del][0];
        strand_depth[1] += cs[code_del][1];
        std::uint64_t const disrupted = cs[code_disrupted][0] + cs[code_disrupted][1];
        std::uint64_t const ins = cs[code_ins][0] + cs[code_ins][1];
        std::uint64_t const fs = cs[code_fs_ins][0] + cs[code_fs_ins][1];
        if (ex.del + disrupted + ins + fs > 0)
            r.indels.push_back({g == gene::rt ? 'R' : 'S', pos, ex.del, disrupted, ins, fs});

        c.has_depth = true;
        c.depth = static_cast<std::uint32_t>(std::min<std::uint64_t>(depth, UINT32_MAX));
        if (depth == 0)
        {
            c.status = codon_status::not_covered;
            c.note = disrupted > 0 ? "only reads with an indel inside the codon" : "no reads";
            continue;
        }
        auto const dd = static_cast<double>(depth);
        for (std::size_t a = 0; a < 21; ++a)
            if (aa_n[a] > 0 && static_cast<double>(aa_n[a]) / dd >= 0.00005)
                c.freqs.emplace_back(aa_alphabet[a], static_cast<double>(aa_n[a]) / dd);
        if (ex.del > 0 && static_cast<double>(ex.del) / dd >= 0.00005)
            c.freqs.emplace_back('-', static_cast<double>(ex.del) / dd);
        std::uint64_t maj_n = 0;
        for (std::size_t a = 0; a < 21; ++a)
            if (aa_n[a] > maj_n)
            {
                maj_n = aa_n[a];
                ex.majority = static_cast<int>(a);
            }
        if (ex.majority >= 0)
            c.codon = codon_text(ex.top_codon[static_cast<std::size_t>(ex.majority)]);
        if (depth < th.min_depth)
        {
            c.status = codon_status::low_depth;
            c.note = "depth below --min-depth: insufficient data";
            continue;
        }
        if (ex.del > maj_n)
        {
            c.status = codon_status::deleted;
            c.codon = "---";
            c.note = "in-frame deletion in most molecules";
            ex.majority = -1;
            continue;
        }
        c.status = codon_status::called;
        c.aa = aa_set::of(aa_alphabet[static_cast<std::size_t>(ex.majority)]);
        int const maj_codon = ex.top_codon[static_cast<std::size_t>(ex.majority)];
        for (std::size_t a = 0; a < 21; ++a)
        {
            if (static_cast<int>(a) == ex.majority || aa_n[a] == 0)
                continue;
            double const f = static_cast<double>(aa_n[a]) / dd;
            if (f < th.min_freq)
                continue;
            // Error model: how many molecules with this amino acid would sequencing errors make?
            int const d = hamming(ex.top_codon[a], maj_codon);
            double const lambda = dd * std::pow(eps / 3.0, d);
            if (poisson_upper_tail(aa_n[a], lambda) > th.error_p)
            {
                r.filtered.push_back({g == gene::rt ? 'R' : 'S', pos, aa_alphabet[a], f, aa_n[a], "error_model"});
                continue;
            }
            // Strand check: a real variant is read from both strands where both strands are read.
            if (strand_depth[0] >= th.min_strand_depth && strand_depth[1] >= th.min_strand_depth)
            {
                double const f0 = static_cast<double>(aa_strand[a][0]) / static_cast<double>(strand_depth[0]);
                double const f1 = static_cast<double>(aa_strand[a][1]) / static_cast<double>(strand_depth[1]);
                if (std::min(f0, f1) < 0.1 * std::max(f0, f1)
                    && fisher_two_sided(aa_strand[a][0],
                                        aa_strand[a][1],
                                        strand_depth[0] - aa_strand[a][0],
                                        strand_depth[1] - aa_strand[a][1])
                           < th.strand_p)
                {
                    r.filtered.push_back({g == gene::rt ? 'R' : 'S', pos, aa_alphabet[a], f, aa_n[a], "strand_bias"});
                    continue;
                }
            }
            c.aa = c.aa | aa_set::of(aa_alphabet[a]);
        }
    }

    // Mutation rows: one per non-reference amino acid (and deletion) reported at a position.
    std::string const threshold_text = "threshold " + percent(th.min_freq);
    for (int slot = 0; slot < n_slots; ++slot)
    {
        gene const g = slot < n_rt ? gene::rt : gene::s;
        int const pos = slot < n_rt ? slot + 1 : slot - n_rt + 1;
        codon_call const & c = calls.at(g, pos);
        extra const & ex = extras[static_cast<std::size_t>(slot)];
        char const ref_aa = calls.ref_aa(g, pos);
        double const dd = static_cast<double>(c.depth);
        if (c.status == codon_status::called)
        {
            for (std::size_t a = 0; a < 21; ++a)
            {
                char const aa = aa_alphabet[a];
                if (!c.aa.contains(aa) || aa == ref_aa)
                    continue;
                double f = 0.0;
                for (auto const & [x, fx] : c.freqs)
                    if (x == aa)
                        f = fx;
                mutation_row row;
                row.mutation = {g, pos, ref_aa, aa_set::of(aa), mutation_kind::substitution, {}};
                row.codon = codon_text(ex.top_codon[a]);
                row.ref_codon = calls.ref_codon(g, pos);
                row.other_frame = variant_other_frame(calls, g, pos, row.codon);
                row.native_in = refs.genotypes_with_residue(g, pos, aa_set::of(aa));
                row.has_freq = true;
                row.freq = f;
                row.depth = c.depth;
                row.minority = static_cast<int>(a) != ex.majority;
                row.note = row.minority ? "minority variant " + percent(f) + " (" + threshold_text + ")" : "";
                mutations.push_back(std::move(row));
            }
        }
        bool const deletion_called =
            c.status == codon_status::deleted
            || (c.status == codon_status::called && c.depth > 0 && static_cast<double>(ex.del) / dd >= th.min_freq);
        if (deletion_called)
        {
            mutation_row row;
            row.mutation = {g, pos, ref_aa, {}, mutation_kind::deletion, {}};
            row.codon = "---";
            row.ref_codon = calls.ref_codon(g, pos);
            row.has_freq = true;
            row.freq = c.depth > 0 ? static_cast<double>(ex.del) / dd : 0.0;
            row.depth = c.depth;
            row.minority = c.status != codon_status::deleted;
            row.note = row.minority ? "minority in-frame deletion " + percent(row.freq) + " (" + threshold_text + ")"
                                    : "in-frame deletion";
            mutations.push_back(std::move(row));
        }
    }

    // Linkage over the resistance positions that carry a reported non-reference residue.
    std::vector<int> mutated; // key indices
    for (std::size_t k = 0; k < m_key_positions.size(); ++k)
    {
        int const p = m_key_positions[k];
        codon_call const & c = calls.rt.at(p);
        if (c.status == codon_status::called && !c.aa.without(aa_set::of(calls.ref_aa(gene::rt, p))).empty())
            mutated.push_back(static_cast<int>(k));
    }
    std::sort(mutated.begin(),
              mutated.end(),
              [&](int const a, int const b)
              {
                  return m_key_positions[static_cast<std::size_t>(a)] < m_key_positions[static_cast<std::size_t>(b)];
              });
    std::map<linkage_key, std::uint64_t> patterns;
    for (pattern const & p : m_patterns)
        if (p.n != 0)
            patterns.emplace(p.key, p.n);
    std::vector<std::vector<int>> sets;
    for (std::size_t i = 0; i < mutated.size(); ++i)
        for (std::size_t j = i + 1; j < mutated.size(); ++j)
            sets.push_back({mutated[i], mutated[j]});
    if (mutated.size() >= 3)
        sets.push_back(mutated);
    for (std::vector<int> const & set : sets)
    {
        std::map<std::string, std::uint64_t> haps;
        std::uint64_t depth = 0;
        for (auto const & [key, n] : patterns)
        {
            std::string h;
            bool complete = true;
            for (int const k : set)
            {
                std::uint8_t const res = key[static_cast<std::size_t>(k)];
                if (res == residue_unknown)
                {
                    complete = false;
                    break;
                }
                h += (h.empty() ? "" : ",");
                h.push_back(res == residue_deleted ? '-' : aa_alphabet[res]);
            }
            if (!complete)
                continue;
            depth += n;
            haps[h] += n;
        }
        if (depth == 0)
            continue;
        std::vector<std::pair<std::string, std::uint64_t>> rows(haps.begin(), haps.end());
        std::stable_sort(rows.begin(),
                         rows.end(),
                         [](auto const & a, auto const & b)
                         {
                             return a.second > b.second;
                         });
        std::vector<int> positions;
        for (int const k : set)
            positions.push_back(m_key_positions[static_cast<std::size_t>(k)]);
        for (auto const & [h, n] : rows)
        {
            double const f = static_cast<double>(n) / static_cast<double>(depth);
            if (f < th.min_freq)
                continue;
            r.linkage.push_back({positions, h, n, depth, f});
        }
    }

    // Consensus over the window.
    window_bases.assign(static_cast<std::size_t>(m_window_len), '.');
    for (int w = 0; w < m_window_len; ++w)
    {
        auto const u = static_cast<std::size_t>(w);
        std::uint32_t const * b = &m_bases[6 * u];
        std::uint64_t const n = std::uint64_t{b[0]} + b[1] + b[2] + b[3] + b[5];
        if (n == 0)
            continue;
        if (n < th.min_depth)
        {
            window_bases[u] = 'N';
            continue;
        }
        if (2 * std::uint64_t{b[5]} >= n)
        {
            window_bases[u] = '-';
            continue;
        }
        std::uint8_t mask = 0;
        int best = 0;
        for (int i = 0; i < 4; ++i)
        {
            if (static_cast<double>(b[i]) >= th.consensus_threshold * static_cast<double>(n) && b[i] > 0)
                mask = static_cast<std::uint8_t>(mask | (1u << i));
            if (b[i] > b[best])
                best = i;
        }
        if (mask == 0)
            mask = static_cast<std::uint8_t>(1u << best);
        window_bases[u] = mask_to_iupac(mask);
    }
}

} // namespace hbvdr::ngs_detail
