#include "read_window.hpp"

#include <algorithm>
#include <cstring>

namespace hbvdr::ngs_detail
{

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

} // namespace hbvdr::ngs_detail
