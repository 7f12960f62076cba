#include "projection.hpp"

namespace hbvdr::align_detail
{

void builder::add_dp(int const r_off, int const q_off, dp_alignment const & a)
{
    if (a.ops.empty())
        return;
    if (ra < 0)
    {
        ra = r_off + static_cast<int>(a.ref_begin);
        qa = q_off + static_cast<int>(a.query_begin);
    }
    ops.insert(ops.end(), a.ops.begin(), a.ops.end());
    score += a.score;
    widenings += a.band_widenings;
}

void builder::add_match(int const r_off, int const q_off, int const len)
{
    if (len <= 0)
        return;
    if (ra < 0)
    {
        ra = r_off;
        qa = q_off;
    }
    ops.insert(ops.end(), static_cast<std::size_t>(len), 'M');
    for (int i = 0; i < len; ++i)
        score += dp_pair_score(refw[static_cast<std::size_t>(r_off + i)], q[static_cast<std::size_t>(q_off + i)]);
}

projected_alignment project(builder const & b, std::size_t const window_len)
{
    projected_alignment p;
    p.bases.assign(window_len, '.');
    p.query_pos.assign(window_len, -1);
    int r = b.ra, q = b.qa;
    for (char const op : b.ops)
    {
        if (op == 'M')
        {
            p.bases[static_cast<std::size_t>(r)] = b.q[static_cast<std::size_t>(q)];
            p.query_pos[static_cast<std::size_t>(r)] = q;
            ++r;
            ++q;
        }
        else if (op == 'D')
        {
            p.bases[static_cast<std::size_t>(r)] = '-';
            ++r;
        }
        else
        {
            if (!p.insertions.empty() && p.insertions.back().after == r - 1)
                p.insertions.back().bases.push_back(b.q[static_cast<std::size_t>(q)]);
            else
                p.insertions.push_back({r - 1, std::string(1, b.q[static_cast<std::size_t>(q)])});
            ++q;
        }
    }
    p.score = b.score;
    p.band_widenings = b.widenings;
    return p;
}

std::pair<int, double> aligned_identity(projected_alignment const & p, std::string_view const refw)
{
    int aligned = 0, same = 0, columns = 0;
    for (std::size_t i = 0; i < p.bases.size(); ++i)
    {
        char const c = p.bases[i];
        if (c == '.')
            continue;
        if (c == '-')
        {
            ++columns;
            continue;
        }
        ++aligned;
        if (c == 'A' || c == 'C' || c == 'G' || c == 'T')
        {
            ++columns;
            same += c == refw[i];
        }
    }
    for (insertion const & x : p.insertions)
        columns += static_cast<int>(x.bases.size());
    return {aligned, columns == 0 ? 1.0 : static_cast<double>(same) / columns};
}

} // namespace hbvdr::align_detail
