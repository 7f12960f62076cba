//!\file
//!\brief Regimen periods from the timeline's events, the rows of each period, and the
//! pre-treatment baselines and on-treatment nadir of each regimen.

#include <algorithm>
#include <cmath>

#include "classify_state.hpp"

namespace hbvdr::monitor_detail
{

namespace
{

// Apply one event row to the set of active drugs.
void apply_event(timeline_row const & r, std::vector<std::string> & active)
{
    switch (r.event)
    {
    case regimen_event::start:
    case regimen_event::add:
        active.insert(active.end(), r.drugs.begin(), r.drugs.end());
        break;
    case regimen_event::stop:
        if (r.stop_all)
            active.clear();
        for (std::string const & d : r.drugs)
            active.erase(std::find(active.begin(), active.end(), d));
        break;
    case regimen_event::switch_to:
        active = r.drugs;
        break;
    case regimen_event::none:
        break;
    }
}

bool same_drugs(std::vector<std::string> a, std::vector<std::string> b)
{
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

bool any_na(classify_state const & s, std::vector<std::string> const & drugs)
{
    return std::any_of(drugs.begin(),
                       drugs.end(),
                       [&](std::string const & x)
                       {
                           return is_na(s, x);
                       });
}

bool any_ifn(classify_state const & s, std::vector<std::string> const & drugs)
{
    return std::any_of(drugs.begin(),
                       drugs.end(),
                       [&](std::string const & x)
                       {
                           return is_ifn(s, x);
                       });
}

} // namespace

void build_periods(classify_state & s)
{
    std::vector<std::string> active;
    bool na_before = any_na(s, s.t.prior_history);
    for (std::size_t i = 0; i < s.t.rows.size();)
    {
        calendar_date const day = s.t.rows[i].date;
        std::vector<std::string> const before = active;
        std::size_t first_event_line = 0;
        for (; i < s.t.rows.size() && s.t.rows[i].date == day; ++i)
        {
            timeline_row const & r = s.t.rows[i];
            if (r.event == regimen_event::none)
                continue;
            if (first_event_line == 0)
                first_event_line = r.line;
            apply_event(r, active);
        }
        if (same_drugs(active, before))
            continue;
        if (!s.r.regimens.empty() && !s.r.regimens.back().end)
            s.r.regimens.back().end = day;
        if (active.empty())
            continue;
        regimen_period p;
        p.index = s.r.regimens.size();
        p.start = day;
        p.drugs = active;
        p.start_line = first_event_line;
        p.nucleos_t_ide = any_na(s, active);
        p.peginterferon = any_ifn(s, active);
        p.first_line = p.nucleos_t_ide && !na_before;
        na_before = na_before || p.nucleos_t_ide;
        s.r.regimens.push_back(std::move(p));
    }
}

void assign_rows(classify_state & s)
{
    s.rows.resize(s.r.regimens.size());
    for (std::size_t i = 0; i < s.t.rows.size(); ++i)
        if (std::optional<std::size_t> const p = period_of(s, i))
        {
            timeline_row const & r = s.t.rows[i];
            if (r.hbv_dna)
                s.rows[*p].dna.push_back(i);
            if (r.alt)
                s.rows[*p].alt.push_back(i);
            if (r.hbsag)
                s.rows[*p].hbsag.push_back(i);
        }
}

void set_baseline(classify_state & s, regimen_period & p)
{
    long const earliest =
        p.start.days() - static_cast<long>(std::lround(s.d.number("BASELINE", "lookback_weeks") * 7.0));
    for (std::size_t i = 0; i < s.t.rows.size(); ++i)
    {
        timeline_row const & r = s.t.rows[i];
        if (r.date > p.start)
            break;
        if (r.date.days() < earliest)
            continue;
        if (r.hbv_dna)
            p.baseline_dna = dated_value{r.date, *r.hbv_dna, i};
        if (r.hbsag)
            p.baseline_hbsag = dated_value{r.date, *r.hbsag, i};
        if (r.alt)
            p.baseline_alt_ratio = *r.alt / *r.alt_uln;
        if (r.hbeag_positive)
            p.baseline_hbeag_positive = r.hbeag_positive;
    }
    for (std::size_t const i : s.rows[p.index].dna)
        if (!p.nadir || s.t.rows[i].hbv_dna->log10() < p.nadir->value.log10() - eps)
            p.nadir = dated_value{s.t.rows[i].date, *s.t.rows[i].hbv_dna, i};
}

std::optional<std::size_t> period_of(classify_state const & s, std::size_t const row)
{
    calendar_date const d = s.t.rows[row].date;
    for (regimen_period const & p : s.r.regimens)
        if (p.start < d && (!p.end || d <= *p.end))
            return p.index;
    return std::nullopt;
}

double week_of(regimen_period const & p, calendar_date const d)
{
    return static_cast<double>(d.days() - p.start.days()) / 7.0;
}

} // namespace hbvdr::monitor_detail
