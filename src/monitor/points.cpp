//!\file
//!\brief Chart points of a classified timeline: one per row with HBV DNA, ALT or HBsAg, with its
//! week, nadir and baseline readings and the findings made at that row.

#include <algorithm>

#include "classify_state.hpp"

namespace hbvdr::monitor_detail
{

namespace
{

// Week, nadir before the row and change from the baseline, for a row on regimen p.
void read_on_regimen(classify_state const & s, regimen_period const & p, std::size_t const i, time_point & tp)
{
    timeline_row const & r = s.t.rows[i];
    tp.week = week_of(p, r.date);
    std::optional<double> nadir;
    for (std::size_t const j : s.rows[p.index].dna)
        if (s.t.rows[j].date < r.date || (j < i && s.t.rows[j].date == r.date))
            nadir = nadir ? std::min(*nadir, s.t.rows[j].hbv_dna->log10()) : s.t.rows[j].hbv_dna->log10();
    tp.nadir_log10 = nadir;
    if (r.hbv_dna && nadir)
        tp.above_nadir = r.hbv_dna->log10() - *nadir;
    if (r.hbv_dna && p.baseline_dna)
        tp.from_baseline = r.hbv_dna->log10() - p.baseline_dna->value.log10();
}

} // namespace

void build_points(classify_state & s)
{
    for (std::size_t i = 0; i < s.t.rows.size(); ++i)
    {
        timeline_row const & r = s.t.rows[i];
        if (!r.hbv_dna && !r.alt && !r.hbsag)
            continue;
        time_point tp;
        tp.row = i;
        tp.regimen = period_of(s, i);
        if (r.alt)
            tp.alt_ratio = *r.alt / *r.alt_uln;
        if (tp.regimen)
            read_on_regimen(s, s.r.regimens[*tp.regimen], i, tp);
        for (monitor_finding const & f : s.r.findings)
        {
            if (f.row && *f.row == i)
            {
                std::string words{to_string(f.status)};
                std::replace(words.begin(), words.end(), '_', ' ');
                tp.labels.push_back(f.rule + " " + words);
            }
            if (f.confirm_row && *f.confirm_row == i && f.confirm_row != f.row)
                tp.labels.push_back(f.rule + " confirmed");
        }
        s.r.points.push_back(std::move(tp));
    }
}

} // namespace hbvdr::monitor_detail
