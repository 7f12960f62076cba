//!\file
//!\brief What every rule family of the classification uses: drug classes, the finding skeleton,
//! week windows, the baseline check, the HBV DNA decline at a week and the confirmation of a rise.

#include <algorithm>
#include <cmath>

#include <hbvdr/core/text.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

#include "classify_state.hpp"

namespace hbvdr::monitor_detail
{

namespace
{

std::string window_text(classify_state const & s, double const w)
{
    double const tol = s.d.number("WINDOW", "tolerance_weeks");
    return "week " + week_text(std::max(0.0, w - tol)) + "-" + week_text(w + tol);
}

} // namespace

std::string log_text(double const v)
{
    return format_fixed(v, 2);
}

std::string week_text(double const w)
{
    return format_fixed(w, 1);
}

bool contains(std::vector<std::string> const & v, std::string_view const x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}

bool is_na(classify_state const & s, std::string const & drug)
{
    db_drug const * d = s.db.find_drug(drug);
    return d != nullptr && (d->drug_class == "nucleoside" || d->drug_class == "nucleotide");
}

bool is_ifn(classify_state const & s, std::string const & drug)
{
    db_drug const * d = s.db.find_drug(drug);
    return d != nullptr && d->drug_class == "interferon";
}

std::string drug_name(classify_state const & s, std::string const & code)
{
    db_drug const * d = s.db.find_drug(code);
    return d != nullptr ? d->name : code;
}

monitor_finding
finding(classify_state const & s, regimen_period const & p, std::string const & rule, monitor_kind const kind)
{
    monitor_finding f;
    f.rule = rule;
    f.kind = kind;
    f.regimen = p.index;
    f.evidence = s.d.evidence(rule);
    f.sources = s.d.sources(rule);
    return f;
}

void at(classify_state const & s, monitor_finding & f, regimen_period const & p, std::size_t const row)
{
    f.row = row;
    f.date = s.t.rows[row].date;
    f.week = week_of(p, s.t.rows[row].date);
}

std::optional<std::size_t>
near_week(classify_state const & s, regimen_period const & p, std::vector<std::size_t> const & rows, double const w)
{
    double const tol = s.d.number("WINDOW", "tolerance_weeks");
    std::optional<std::size_t> best;
    double best_dist = 0.0;
    for (std::size_t const i : rows)
    {
        double const dist = std::fabs(week_of(p, s.t.rows[i].date) - w);
        if (dist <= tol + eps && (!best || dist < best_dist - eps))
        {
            best = i;
            best_dist = dist;
        }
    }
    return best;
}

std::string
missing_at_week(classify_state const & s, regimen_period const & p, std::string const & what, double const w)
{
    double const tol = s.d.number("WINDOW", "tolerance_weeks");
    if (p.end && week_of(p, *p.end) < w - tol)
        return "the regimen changed at week " + week_text(week_of(p, *p.end)) + ", before week " + week_text(w);
    return "no " + what + " measured in " + window_text(s, w) + " of " + p.label();
}

std::string baseline_problem(classify_state const & s, regimen_period const & p)
{
    if (!p.baseline_dna)
        return "no pre-treatment HBV DNA within " + format_fixed(s.d.number("BASELINE", "lookback_weeks"), 0)
               + " weeks before " + p.start.iso();
    if (p.baseline_dna->value.censored())
        return "the pre-treatment HBV DNA is below the assay limit (" + p.baseline_dna->value.text() + ")";
    return {};
}

std::optional<dna_at_week>
dna_decline_at(classify_state & s, regimen_period const & p, monitor_finding & f, std::string_view const min_parameter)
{
    double const week = s.d.number(f.rule, "week");
    if (std::string const why = baseline_problem(s, p); !why.empty())
    {
        f.detail = why;
        s.r.findings.push_back(std::move(f));
        return std::nullopt;
    }
    std::optional<std::size_t> const row = near_week(s, p, s.rows[p.index].dna, week);
    if (!row)
    {
        f.detail = missing_at_week(s, p, "HBV DNA", week);
        s.r.findings.push_back(std::move(f));
        return std::nullopt;
    }
    at(s, f, p, *row);
    lab_value const & v = *s.t.rows[*row].hbv_dna;
    return dna_at_week{v, p.baseline_dna->value.log10() - v.log10(), s.d.number(f.rule, min_parameter)};
}

std::pair<monitor_status, std::size_t> confirm(classify_state const & s,
                                               std::vector<std::size_t> const & rows,
                                               std::size_t const k,
                                               double const threshold,
                                               double const needed,
                                               double const min_days)
{
    std::size_t count = 1, last = rows[k];
    long const first_day = s.t.rows[rows[k]].date.days();
    if (count >= needed && 0 >= min_days)
        return {monitor_status::met, last};
    for (std::size_t j = k + 1; j < rows.size(); ++j)
    {
        lab_value const & v = *s.t.rows[rows[j]].hbv_dna;
        if (v.log10() < threshold - eps)
            return {monitor_status::not_confirmed, rows[j]};
        if (v.censored())
            continue;
        ++count;
        last = rows[j];
        if (count >= needed && static_cast<double>(s.t.rows[last].date.days() - first_day) >= min_days)
            return {monitor_status::met, last};
    }
    return {monitor_status::possible, last};
}

} // namespace hbvdr::monitor_detail
