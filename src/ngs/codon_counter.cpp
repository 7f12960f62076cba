#include "codon_counter.hpp"

#include <cstring>

#include <hbvdr/core/nucleotide.hpp>

namespace hbvdr::ngs_detail
{

namespace
{

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

} // namespace

std::array<char, 64> const & codon_aa()
{
    static std::array<char, 64> const t = make_codon_aa();
    return t;
}

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

} // namespace hbvdr::ngs_detail
