//!\file
//!\brief Response rules of nucleos(t)ide analogue regimens: primary non-response (decline),
//! partial response, virological breakthrough, rebound above baseline and biochemical breakthrough
//! (off-treatment relapse: rules_relapse.cpp).

#include <algorithm>

#include <hbvdr/core/text.hpp>

#include "classify_state.hpp"

namespace hbvdr::monitor_detail
{

namespace
{

// The VBT finding for a rise of `above` log10 at rows[k] over the nadir; returns its status.
monitor_status breakthrough_rise(classify_state & s,
                                 regimen_period const & p,
                                 std::vector<std::size_t> const & rows,
                                 std::size_t const k,
                                 dated_value const & nadir,
                                 double const above)
{
    double const min_rise = s.d.number("VBT", "min_rise");
    double const min_days = s.d.number("VBT", "confirm_min_days");
    lab_value const & v = *s.t.rows[rows[k]].hbv_dna;
    double const w = week_of(p, s.t.rows[rows[k]].date);
    double const threshold = nadir.value.log10() + min_rise;
    auto const [status, last] = confirm(s, rows, k, threshold, s.d.number("VBT", "confirmations"), min_days);
    monitor_finding f = finding(s, p, "VBT", monitor_kind::virological_breakthrough);
    at(s, f, p, rows[k]);
    f.status = status;
    std::string const base = "HBV DNA " + v.text() + " IU/mL (" + log_text(v.log10()) + " log10) at week "
                             + week_text(w) + " is " + log_text(above) + " log10 above the nadir " + nadir.value.text()
                             + " (" + nadir.date.iso() + "); threshold " + log_text(threshold) + " log10";
    timeline_row const & l = s.t.rows[last];
    if (status == monitor_status::met)
    {
        f.confirmed_on = l.date;
        f.confirm_row = last;
        f.detail = base + "; confirmed by " + l.hbv_dna->text() + " IU/mL on " + l.date.iso();
    }
    else if (status == monitor_status::not_confirmed)
        f.detail = base + "; not confirmed: " + l.hbv_dna->text() + " IU/mL on " + l.date.iso()
                   + " is below the threshold (check adherence and assay)";
    else
        f.detail = base + "; unconfirmed: repeat HBV DNA at least " + format_fixed(min_days, 0) + " days later"
                   + (p.end ? " (the regimen changed on " + p.end->iso() + ")" : std::string{});
    s.r.findings.push_back(std::move(f));
    return status;
}

// The VBT finding when no rise was kept: every rise unconfirmed, or the highest rise seen.
void no_breakthrough(classify_state & s, regimen_period const & p, bool const any_rise, std::optional<double> max_above)
{
    double const min_rise = s.d.number("VBT", "min_rise");
    double const min_weeks = s.d.number("VBT", "min_weeks");
    monitor_finding f = finding(s, p, "VBT", monitor_kind::virological_breakthrough);
    f.status = monitor_status::not_met;
    if (any_rise)
        f.detail = "no confirmed breakthrough: every rise of " + format_fixed(min_rise, 1)
                   + " log10 above the nadir was followed by a lower sample";
    else if (max_above)
        f.detail = "highest rise after week " + format_fixed(min_weeks, 0) + ": " + log_text(*max_above)
                   + " log10 above the nadir (threshold " + format_fixed(min_rise, 1) + ")";
    else
        f.detail = "no quantified HBV DNA after week " + format_fixed(min_weeks, 0) + " to compare with the nadir";
    s.r.findings.push_back(std::move(f));
}

void rebound(classify_state & s, regimen_period const & p, std::size_t const rise_row)
{
    monitor_finding f = finding(s, p, "REBOUND", monitor_kind::rebound);
    if (std::string const why = baseline_problem(s, p); !why.empty())
    {
        f.detail = why;
        s.r.findings.push_back(std::move(f));
        return;
    }
    double const above = s.d.number("REBOUND", "min_above_baseline");
    double const limit = p.baseline_dna->value.log10() + above;
    std::string const threshold = (above > eps ? log_text(above) + " log10 above " : std::string{"at "})
                                  + "the pre-treatment baseline " + p.baseline_dna->value.text() + " IU/mL ("
                                  + log_text(p.baseline_dna->value.log10()) + " log10, " + p.baseline_dna->date.iso()
                                  + ")";
    f.status = monitor_status::not_met;
    f.detail = "after the breakthrough HBV DNA stayed below " + threshold;
    for (std::size_t const i : s.rows[p.index].dna)
    {
        lab_value const & v = *s.t.rows[i].hbv_dna;
        if (s.t.rows[i].date < s.t.rows[rise_row].date || v.censored() || v.log10() < limit - eps)
            continue;
        at(s, f, p, i);
        f.status = monitor_status::met;
        f.detail = "HBV DNA " + v.text() + " IU/mL (" + log_text(v.log10()) + " log10) at week " + week_text(f.week)
                   + " is at or above " + threshold;
        break;
    }
    s.r.findings.push_back(std::move(f));
}

void biochemical(classify_state & s, regimen_period const & p, std::size_t const rise_row)
{
    monitor_finding f = finding(s, p, "BBT", monitor_kind::biochemical_breakthrough);
    double const factor = s.d.number("BBT", "alt_uln_factor");
    calendar_date const rise = s.t.rows[rise_row].date;
    bool normal_seen = false, after = false, elevated_without_normal = false;
    for (std::size_t const i : s.rows[p.index].alt)
    {
        timeline_row const & r = s.t.rows[i];
        double const ratio = *r.alt / *r.alt_uln;
        bool const elevated = ratio > factor + eps;
        if (r.date >= rise)
        {
            after = true;
            if (elevated && normal_seen)
            {
                at(s, f, p, i);
                f.status = monitor_status::met;
                f.detail = "ALT " + format_fixed(*r.alt, 0) + " U/L (" + format_fixed(ratio, 1) + " x ULN "
                           + format_fixed(*r.alt_uln, 0) + ") at week " + week_text(f.week)
                           + ", after the virological breakthrough of " + rise.iso() + ", having been within "
                           + format_fixed(factor, 0) + " x ULN earlier on " + p.label();
                s.r.findings.push_back(std::move(f));
                return;
            }
            elevated_without_normal = elevated_without_normal || elevated;
        }
        normal_seen = normal_seen || !elevated;
    }
    if (!after)
        f.detail = "no ALT measured since the virological breakthrough of " + rise.iso();
    else
    {
        f.status = monitor_status::not_met;
        f.detail = elevated_without_normal
                       ? "ALT is above the ULN but was never normal earlier on " + p.label()
                             + " (persistent elevation, not a breakthrough)"
                       : "ALT within " + format_fixed(factor, 0) + " x ULN since the virological breakthrough";
    }
    s.r.findings.push_back(std::move(f));
}

} // namespace

void decline_rule(classify_state & s, regimen_period const & p, std::string const & id)
{
    monitor_finding f = finding(s, p, id, monitor_kind::primary_non_response);
    std::optional<dna_at_week> const dna = dna_decline_at(s, p, f, "min_decline");
    if (!dna)
        return;
    auto const [v, decline, min] = *dna;
    std::string const numbers = "HBV DNA " + v.text() + " IU/mL at week " + week_text(f.week) + ", baseline "
                                + p.baseline_dna->value.text() + " (" + p.baseline_dna->date.iso() + ")";
    if (v.censored())
    {
        f.status = monitor_status::not_met;
        f.detail = numbers + ": below the assay limit, decline at least " + log_text(decline)
                   + " log10 (a value below the limit is not a non-response)";
    }
    else if (decline < min - eps)
    {
        f.status = monitor_status::met;
        f.detail = numbers + ": decline " + log_text(decline) + " log10, below " + format_fixed(min, 1) + " log10";
    }
    else
    {
        f.status = monitor_status::not_met;
        f.detail = numbers + ": decline " + log_text(decline) + " log10 (at least " + format_fixed(min, 1) + " log10)";
    }
    s.r.findings.push_back(std::move(f));
}

void partial_response(classify_state & s, regimen_period const & p)
{
    std::string id;
    for (std::string const candidate : {"PVR-W48", "PVR-W24"})
        if (std::any_of(p.drugs.begin(),
                        p.drugs.end(),
                        [&](std::string const & d)
                        {
                            return contains(s.d.list(candidate, "drugs"), d);
                        }))
        {
            id = candidate;
            break;
        }
    if (id.empty())
        return; // no partial-response time point is defined for these drugs
    monitor_finding f = finding(s, p, id, monitor_kind::partial_response);
    std::optional<dna_at_week> const dna = dna_decline_at(s, p, f, "min_decline");
    if (!dna)
        return;
    auto const [v, decline, min] = *dna;
    std::string const numbers = "HBV DNA " + v.text() + " IU/mL at week " + week_text(f.week);
    switch (v.state)
    {
    case lab_state::not_detected:
        f.status = monitor_status::not_met;
        f.detail = numbers + ": undetectable (virological response)";
        break;
    case lab_state::below_limit:
        f.detail = numbers
                   + ": below the assay limit without saying whether HBV DNA was detected (write 'detected' or "
                     "'undetectable')";
        break;
    case lab_state::quantified:
    case lab_state::detected_below:
        if (decline > min + eps)
        {
            f.status = monitor_status::met;
            f.detail = numbers + ": still detectable after a decline of " + (v.censored() ? "at least " : "")
                       + log_text(decline) + " log10";
        }
        else
        {
            f.status = monitor_status::not_met;
            f.detail = numbers + ": decline " + log_text(decline) + " log10, not more than " + format_fixed(min, 1)
                       + " log10 (a non-response rather than a partial response)";
        }
        break;
    }
    s.r.findings.push_back(std::move(f));
}

void breakthrough(classify_state & s, regimen_period const & p)
{
    std::vector<std::size_t> const & rows = s.rows[p.index].dna;
    double const min_rise = s.d.number("VBT", "min_rise");
    double const min_weeks = s.d.number("VBT", "min_weeks");
    if (rows.empty())
    {
        monitor_finding f = finding(s, p, "VBT", monitor_kind::virological_breakthrough);
        f.detail = "no HBV DNA measured on " + p.label();
        s.r.findings.push_back(std::move(f));
        return;
    }
    std::optional<dated_value> nadir;
    std::optional<double> max_above;
    bool any_rise = false;
    for (std::size_t k = 0; k < rows.size(); ++k)
    {
        timeline_row const & r = s.t.rows[rows[k]];
        lab_value const & v = *r.hbv_dna;
        if (nadir && !v.censored() && week_of(p, r.date) >= min_weeks - eps)
        {
            double const above = v.log10() - nadir->value.log10();
            max_above = std::max(max_above.value_or(above), above);
            if (above >= min_rise - eps)
            {
                any_rise = true;
                monitor_status const status = breakthrough_rise(s, p, rows, k, *nadir, above);
                if (status != monitor_status::not_confirmed)
                {
                    rebound(s, p, rows[k]);
                    if (status == monitor_status::met)
                        biochemical(s, p, rows[k]);
                    return;
                }
            }
        }
        if (!nadir || v.log10() < nadir->value.log10() - eps)
            nadir = dated_value{r.date, v, rows[k]};
    }
    no_breakthrough(s, p, any_rise, max_above);
}

} // namespace hbvdr::monitor_detail
