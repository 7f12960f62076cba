//!\file
//!\brief Off-treatment relapse: a confirmed HBV DNA rise after every drug of a nucleos(t)ide
//! analogue regimen was stopped.

#include <algorithm>

#include <hbvdr/core/text.hpp>

#include "classify_state.hpp"

namespace hbvdr::monitor_detail
{

namespace
{

// HBV DNA rows after an NA regimen ended with every drug stopped, up to the next regimen's start;
// empty when another regimen followed at once.
std::vector<std::size_t> off_treatment_rows(classify_state const & s, regimen_period const & p)
{
    bool const followed = std::any_of(s.r.regimens.begin(),
                                      s.r.regimens.end(),
                                      [&](regimen_period const & q)
                                      {
                                          return q.start == *p.end;
                                      });
    if (followed)
        return {};
    std::optional<calendar_date> next_start;
    for (regimen_period const & q : s.r.regimens)
        if (q.start > *p.end && (!next_start || q.start < *next_start))
            next_start = q.start;
    std::vector<std::size_t> off;
    for (std::size_t i = 0; i < s.t.rows.size(); ++i)
        if (s.t.rows[i].hbv_dna && s.t.rows[i].date > *p.end && (!next_start || s.t.rows[i].date <= *next_start))
            off.push_back(i);
    return off;
}

} // namespace

void relapse(classify_state & s, regimen_period const & p)
{
    if (!p.end)
        return;
    std::vector<std::size_t> const off = off_treatment_rows(s, p);
    if (off.empty())
        return;
    monitor_finding f = finding(s, p, "RELAPSE", monitor_kind::relapse);
    if (s.rows[p.index].dna.empty())
    {
        f.detail = "no on-treatment HBV DNA to compare with";
        s.r.findings.push_back(std::move(f));
        return;
    }
    lab_value const & ref = *s.t.rows[s.rows[p.index].dna.back()].hbv_dna;
    double const min_rise = s.d.number("RELAPSE", "min_rise");
    double const min_days = s.d.number("RELAPSE", "confirm_min_days");
    double const threshold = ref.log10() + min_rise;
    for (std::size_t k = 0; k < off.size(); ++k)
    {
        lab_value const & v = *s.t.rows[off[k]].hbv_dna;
        if (v.censored() || v.log10() < threshold - eps)
            continue;
        auto const [status, last] = confirm(s, off, k, threshold, s.d.number("RELAPSE", "confirmations"), min_days);
        monitor_finding g = f;
        g.row = off[k];
        g.date = s.t.rows[off[k]].date;
        g.status = status;
        g.detail = "HBV DNA " + v.text() + " IU/mL on " + g.date->iso() + ", " + log_text(v.log10() - ref.log10())
                   + " log10 above the last on-treatment value " + ref.text() + " IU/mL (treatment stopped "
                   + p.end->iso() + ")";
        if (status == monitor_status::met)
        {
            g.confirmed_on = s.t.rows[last].date;
            g.confirm_row = last;
            g.detail += "; confirmed on " + g.confirmed_on->iso();
        }
        else if (status == monitor_status::not_confirmed)
            g.detail += "; not confirmed: " + s.t.rows[last].hbv_dna->text() + " IU/mL on " + s.t.rows[last].date.iso();
        else
            g.detail += "; awaiting a second determination at least " + format_fixed(min_days, 0) + " days later";
        s.r.findings.push_back(std::move(g));
        if (status != monitor_status::not_confirmed)
            return;
    }
    f.status = monitor_status::not_met;
    f.detail = "off treatment since " + p.end->iso() + ", no confirmed rise of " + format_fixed(min_rise, 1)
               + " log10 above the last on-treatment value " + ref.text() + " IU/mL";
    s.r.findings.push_back(std::move(f));
}

} // namespace hbvdr::monitor_detail
