#include <algorithm>
#include <cmath>

#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/classify.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

namespace hbvdr
{

namespace
{

// Thresholds are compared with this tolerance so that a difference of exactly 1 log10 computed
// from log10(200) - log10(20) (0.9999999999999998 in binary) counts as 1.
constexpr double eps = 1e-9;

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

// Everything the rules need about one regimen's on-treatment rows.
struct period_rows
{
    std::vector<std::size_t> dna; // rows with HBV DNA, date order
    std::vector<std::size_t> alt;
    std::vector<std::size_t> hbsag;
};

class classifier
{
public:
    classifier(timeline const & t, monitoring_definitions const & d, mutation_db const & db) : m_t{t}, m_d{d}, m_db{db}
    {}

    monitor_result run(std::optional<char> const genotype_hint)
    {
        if (m_t.genotype)
        {
            m_r.genotype = m_t.genotype;
            m_r.genotype_source = "timeline";
        }
        else if (genotype_hint)
        {
            m_r.genotype = genotype_hint;
            m_r.genotype_source = "sequence";
        }
        build_periods();
        m_rows.resize(m_r.regimens.size());
        for (std::size_t i = 0; i < m_t.rows.size(); ++i)
            if (std::optional<std::size_t> const p = period_of(i))
            {
                timeline_row const & r = m_t.rows[i];
                if (r.hbv_dna)
                    m_rows[*p].dna.push_back(i);
                if (r.alt)
                    m_rows[*p].alt.push_back(i);
                if (r.hbsag)
                    m_rows[*p].hbsag.push_back(i);
            }
        for (regimen_period & p : m_r.regimens)
            set_baseline(p);
        for (regimen_period const & p : m_r.regimens)
        {
            if (p.nucleos_t_ide)
            {
                decline_rule(p, "PNR-W12");
                decline_rule(p, "PNR-W24");
                partial_response(p);
                breakthrough(p);
                relapse(p);
            }
            else if (p.peginterferon)
                peg_rules(p);
        }
        first_line_checks();
        build_points();
        return std::move(m_r);
    }

private:
    timeline const & m_t;
    monitoring_definitions const & m_d;
    mutation_db const & m_db;
    monitor_result m_r;
    std::vector<period_rows> m_rows;

    bool is_na(std::string const & drug) const
    {
        db_drug const * d = m_db.find_drug(drug);
        return d != nullptr && (d->drug_class == "nucleoside" || d->drug_class == "nucleotide");
    }
    bool is_ifn(std::string const & drug) const
    {
        db_drug const * d = m_db.find_drug(drug);
        return d != nullptr && d->drug_class == "interferon";
    }

    void build_periods()
    {
        std::vector<std::string> active;
        bool na_before = std::any_of(m_t.prior_history.begin(),
                                     m_t.prior_history.end(),
                                     [&](std::string const & x)
                                     {
                                         return is_na(x);
                                     });
        for (std::size_t i = 0; i < m_t.rows.size();)
        {
            calendar_date const day = m_t.rows[i].date;
            std::vector<std::string> const before = active;
            std::size_t first_event_line = 0;
            for (; i < m_t.rows.size() && m_t.rows[i].date == day; ++i)
            {
                timeline_row const & r = m_t.rows[i];
                if (r.event == regimen_event::none)
                    continue;
                if (first_event_line == 0)
                    first_event_line = r.line;
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
            std::vector<std::string> a = active, b = before;
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            if (a == b)
                continue;
            if (!m_r.regimens.empty() && !m_r.regimens.back().end)
                m_r.regimens.back().end = day;
            if (active.empty())
                continue;
            regimen_period p;
            p.index = m_r.regimens.size();
            p.start = day;
            p.drugs = active;
            p.start_line = first_event_line;
            p.nucleos_t_ide = std::any_of(active.begin(),
                                          active.end(),
                                          [&](std::string const & x)
                                          {
                                              return is_na(x);
                                          });
            p.peginterferon = std::any_of(active.begin(),
                                          active.end(),
                                          [&](std::string const & x)
                                          {
                                              return is_ifn(x);
                                          });
            p.first_line = p.nucleos_t_ide && !na_before;
            na_before = na_before || p.nucleos_t_ide;
            m_r.regimens.push_back(std::move(p));
        }
    }

    // The on-treatment period of a row: start < date <= end (a sample on an event date predates the event).
    std::optional<std::size_t> period_of(std::size_t const row) const
    {
        calendar_date const d = m_t.rows[row].date;
        for (regimen_period const & p : m_r.regimens)
            if (p.start < d && (!p.end || d <= *p.end))
                return p.index;
        return std::nullopt;
    }

    double week_of(regimen_period const & p, calendar_date const d) const
    {
        return static_cast<double>(d.days() - p.start.days()) / 7.0;
    }

    void set_baseline(regimen_period & p)
    {
        long const earliest =
            p.start.days() - static_cast<long>(std::lround(m_d.number("BASELINE", "lookback_weeks") * 7.0));
        for (std::size_t i = 0; i < m_t.rows.size(); ++i)
        {
            timeline_row const & r = m_t.rows[i];
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
        for (std::size_t const i : m_rows[p.index].dna)
            if (!p.nadir || m_t.rows[i].hbv_dna->log10() < p.nadir->value.log10() - eps)
                p.nadir = dated_value{m_t.rows[i].date, *m_t.rows[i].hbv_dna, i};
    }

    monitor_finding finding(regimen_period const & p, std::string const & rule, monitor_kind const kind) const
    {
        monitor_finding f;
        f.rule = rule;
        f.kind = kind;
        f.regimen = p.index;
        f.evidence = m_d.evidence(rule);
        f.sources = m_d.sources(rule);
        return f;
    }

    void at(monitor_finding & f, regimen_period const & p, std::size_t const row) const
    {
        f.row = row;
        f.date = m_t.rows[row].date;
        f.week = week_of(p, m_t.rows[row].date);
    }

    // The row of `rows` nearest to week `w` within the tolerance window (the earlier one on a tie).
    std::optional<std::size_t>
    near_week(regimen_period const & p, std::vector<std::size_t> const & rows, double const w) const
    {
        double const tol = m_d.number("WINDOW", "tolerance_weeks");
        std::optional<std::size_t> best;
        double best_dist = 0.0;
        for (std::size_t const i : rows)
        {
            double const dist = std::fabs(week_of(p, m_t.rows[i].date) - w);
            if (dist <= tol + eps && (!best || dist < best_dist - eps))
            {
                best = i;
                best_dist = dist;
            }
        }
        return best;
    }

    std::string window_text(double const w) const
    {
        double const tol = m_d.number("WINDOW", "tolerance_weeks");
        return "week " + week_text(std::max(0.0, w - tol)) + "-" + week_text(w + tol);
    }

    std::string missing_at_week(regimen_period const & p, std::string const & what, double const w) const
    {
        double const tol = m_d.number("WINDOW", "tolerance_weeks");
        if (p.end && week_of(p, *p.end) < w - tol)
            return "the regimen changed at week " + week_text(week_of(p, *p.end)) + ", before week " + week_text(w);
        return "no " + what + " measured in " + window_text(w) + " of " + p.label();
    }

    // Baseline check shared by the decline rules; returns the reason it cannot be used, or empty.
    std::string baseline_problem(regimen_period const & p) const
    {
        if (!p.baseline_dna)
            return "no pre-treatment HBV DNA within " + format_fixed(m_d.number("BASELINE", "lookback_weeks"), 0)
                   + " weeks before " + p.start.iso();
        if (p.baseline_dna->value.censored())
            return "the pre-treatment HBV DNA is below the assay limit (" + p.baseline_dna->value.text() + ")";
        return {};
    }

    // HBV DNA near `week` of a regimen and its decline from the pre-treatment baseline. Without a
    // usable baseline or a value near that week, records `f` with the reason and returns nullopt.
    struct dna_at_week
    {
        lab_value const * value;
        double decline;
    };
    std::optional<dna_at_week> dna_decline_at(regimen_period const & p, monitor_finding & f, double const week)
    {
        if (std::string const why = baseline_problem(p); !why.empty())
        {
            f.detail = why;
            m_r.findings.push_back(std::move(f));
            return std::nullopt;
        }
        std::optional<std::size_t> const row = near_week(p, m_rows[p.index].dna, week);
        if (!row)
        {
            f.detail = missing_at_week(p, "HBV DNA", week);
            m_r.findings.push_back(std::move(f));
            return std::nullopt;
        }
        at(f, p, *row);
        lab_value const & v = *m_t.rows[*row].hbv_dna;
        return dna_at_week{&v, p.baseline_dna->value.log10() - v.log10()};
    }

    void decline_rule(regimen_period const & p, std::string const & id)
    {
        monitor_finding f = finding(p, id, monitor_kind::primary_non_response);
        double const w = m_d.number(id, "week");
        double const min = m_d.number(id, "min_decline");
        std::optional<dna_at_week> const dna = dna_decline_at(p, f, w);
        if (!dna)
            return;
        lab_value const & v = *dna->value;
        double const decline = dna->decline;
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
            f.detail =
                numbers + ": decline " + log_text(decline) + " log10 (at least " + format_fixed(min, 1) + " log10)";
        }
        m_r.findings.push_back(std::move(f));
    }

    void partial_response(regimen_period const & p)
    {
        std::string id;
        for (std::string const candidate : {"PVR-W48", "PVR-W24"})
            if (std::any_of(p.drugs.begin(),
                            p.drugs.end(),
                            [&](std::string const & d)
                            {
                                return contains(m_d.list(candidate, "drugs"), d);
                            }))
            {
                id = candidate;
                break;
            }
        if (id.empty())
            return; // no partial-response time point is defined for these drugs
        monitor_finding f = finding(p, id, monitor_kind::partial_response);
        double const w = m_d.number(id, "week");
        double const min = m_d.number(id, "min_decline");
        std::optional<dna_at_week> const dna = dna_decline_at(p, f, w);
        if (!dna)
            return;
        lab_value const & v = *dna->value;
        double const decline = dna->decline;
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
        m_r.findings.push_back(std::move(f));
    }

    // Consecutive samples from `rows[k]` at or above `threshold` (log10): returns {status, last row}.
    // A censored sample whose limit is below the threshold ends the run; one above it says nothing.
    std::pair<monitor_status, std::size_t> confirm(std::vector<std::size_t> const & rows,
                                                   std::size_t const k,
                                                   double const threshold,
                                                   double const needed,
                                                   double const min_days) const
    {
        std::size_t count = 1, last = rows[k];
        long const first_day = m_t.rows[rows[k]].date.days();
        if (count >= needed && 0 >= min_days)
            return {monitor_status::met, last};
        for (std::size_t j = k + 1; j < rows.size(); ++j)
        {
            lab_value const & v = *m_t.rows[rows[j]].hbv_dna;
            if (v.log10() < threshold - eps)
                return {monitor_status::not_confirmed, rows[j]};
            if (v.censored())
                continue;
            ++count;
            last = rows[j];
            if (count >= needed && static_cast<double>(m_t.rows[last].date.days() - first_day) >= min_days)
                return {monitor_status::met, last};
        }
        return {monitor_status::possible, last};
    }

    void breakthrough(regimen_period const & p)
    {
        std::vector<std::size_t> const & rows = m_rows[p.index].dna;
        double const min_rise = m_d.number("VBT", "min_rise");
        double const min_weeks = m_d.number("VBT", "min_weeks");
        double const needed = m_d.number("VBT", "confirmations");
        double const min_days = m_d.number("VBT", "confirm_min_days");
        if (rows.empty())
        {
            monitor_finding f = finding(p, "VBT", monitor_kind::virological_breakthrough);
            f.detail = "no HBV DNA measured on " + p.label();
            m_r.findings.push_back(std::move(f));
            return;
        }
        std::optional<dated_value> nadir;
        std::optional<double> max_above;
        bool any_rise = false;
        std::optional<std::size_t> rise_row;
        bool confirmed = false;
        for (std::size_t k = 0; k < rows.size(); ++k)
        {
            timeline_row const & r = m_t.rows[rows[k]];
            lab_value const & v = *r.hbv_dna;
            double const w = week_of(p, r.date);
            if (nadir && !v.censored() && w >= min_weeks - eps)
            {
                double const above = v.log10() - nadir->value.log10();
                max_above = std::max(max_above.value_or(above), above);
                if (above >= min_rise - eps)
                {
                    any_rise = true;
                    double const threshold = nadir->value.log10() + min_rise;
                    auto const [status, last] = confirm(rows, k, threshold, needed, min_days);
                    monitor_finding f = finding(p, "VBT", monitor_kind::virological_breakthrough);
                    at(f, p, rows[k]);
                    f.status = status;
                    std::string const base = "HBV DNA " + v.text() + " IU/mL (" + log_text(v.log10())
                                             + " log10) at week " + week_text(w) + " is " + log_text(above)
                                             + " log10 above the nadir " + nadir->value.text() + " ("
                                             + nadir->date.iso() + "); threshold " + log_text(threshold) + " log10";
                    if (status == monitor_status::met)
                    {
                        f.confirmed_on = m_t.rows[last].date;
                        f.confirm_row = last;
                        f.detail = base + "; confirmed by " + m_t.rows[last].hbv_dna->text() + " IU/mL on "
                                   + m_t.rows[last].date.iso();
                    }
                    else if (status == monitor_status::not_confirmed)
                        f.detail = base + "; not confirmed: " + m_t.rows[last].hbv_dna->text() + " IU/mL on "
                                   + m_t.rows[last].date.iso() + " is below the threshold (check adherence and assay)";
                    else
                        f.detail = base + "; unconfirmed: repeat HBV DNA at least " + format_fixed(min_days, 0)
                                   + " days later"
                                   + (p.end ? " (the regimen changed on " + p.end->iso() + ")" : std::string{});
                    m_r.findings.push_back(std::move(f));
                    if (status != monitor_status::not_confirmed)
                    {
                        rise_row = rows[k];
                        confirmed = status == monitor_status::met;
                        break;
                    }
                }
            }
            if (!nadir || v.log10() < nadir->value.log10() - eps)
                nadir = dated_value{r.date, v, rows[k]};
        }
        if (!rise_row)
        {
            monitor_finding f = finding(p, "VBT", monitor_kind::virological_breakthrough);
            f.status = monitor_status::not_met;
            if (any_rise)
                f.detail = "no confirmed breakthrough: every rise of " + format_fixed(min_rise, 1)
                           + " log10 above the nadir was followed by a lower sample";
            else if (max_above)
                f.detail = "highest rise after week " + format_fixed(min_weeks, 0) + ": " + log_text(*max_above)
                           + " log10 above the nadir (threshold " + format_fixed(min_rise, 1) + ")";
            else
                f.detail =
                    "no quantified HBV DNA after week " + format_fixed(min_weeks, 0) + " to compare with the nadir";
            m_r.findings.push_back(std::move(f));
        }
        if (rise_row)
            rebound(p, *rise_row);
        if (rise_row && confirmed)
            biochemical(p, *rise_row);
    }

    void rebound(regimen_period const & p, std::size_t const rise_row)
    {
        monitor_finding f = finding(p, "REBOUND", monitor_kind::rebound);
        if (std::string const why = baseline_problem(p); !why.empty())
        {
            f.detail = why;
            m_r.findings.push_back(std::move(f));
            return;
        }
        double const above = m_d.number("REBOUND", "min_above_baseline");
        double const limit = p.baseline_dna->value.log10() + above;
        std::string const threshold = (above > eps ? log_text(above) + " log10 above " : std::string{"at "})
                                      + "the pre-treatment baseline " + p.baseline_dna->value.text() + " IU/mL ("
                                      + log_text(p.baseline_dna->value.log10()) + " log10, "
                                      + p.baseline_dna->date.iso() + ")";
        f.status = monitor_status::not_met;
        f.detail = "after the breakthrough HBV DNA stayed below " + threshold;
        for (std::size_t const i : m_rows[p.index].dna)
        {
            lab_value const & v = *m_t.rows[i].hbv_dna;
            if (m_t.rows[i].date < m_t.rows[rise_row].date || v.censored() || v.log10() < limit - eps)
                continue;
            at(f, p, i);
            f.status = monitor_status::met;
            f.detail = "HBV DNA " + v.text() + " IU/mL (" + log_text(v.log10()) + " log10) at week " + week_text(f.week)
                       + " is at or above " + threshold;
            break;
        }
        m_r.findings.push_back(std::move(f));
    }

    void biochemical(regimen_period const & p, std::size_t const rise_row)
    {
        monitor_finding f = finding(p, "BBT", monitor_kind::biochemical_breakthrough);
        double const factor = m_d.number("BBT", "alt_uln_factor");
        calendar_date const rise = m_t.rows[rise_row].date;
        bool normal_seen = false, after = false, elevated_without_normal = false;
        for (std::size_t const i : m_rows[p.index].alt)
        {
            timeline_row const & r = m_t.rows[i];
            double const ratio = *r.alt / *r.alt_uln;
            bool const elevated = ratio > factor + eps;
            if (r.date >= rise)
            {
                after = true;
                if (elevated && normal_seen)
                {
                    at(f, p, i);
                    f.status = monitor_status::met;
                    f.detail = "ALT " + format_fixed(*r.alt, 0) + " U/L (" + format_fixed(ratio, 1) + " x ULN "
                               + format_fixed(*r.alt_uln, 0) + ") at week " + week_text(f.week)
                               + ", after the virological breakthrough of " + rise.iso() + ", having been within "
                               + format_fixed(factor, 0) + " x ULN earlier on " + p.label();
                    m_r.findings.push_back(std::move(f));
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
        m_r.findings.push_back(std::move(f));
    }

    // Off-treatment rise after every drug of an NA regimen was stopped.
    void relapse(regimen_period const & p)
    {
        if (!p.end)
            return;
        bool const followed = std::any_of(m_r.regimens.begin(),
                                          m_r.regimens.end(),
                                          [&](regimen_period const & q)
                                          {
                                              return q.start == *p.end;
                                          });
        if (followed)
            return;
        std::optional<calendar_date> next_start;
        for (regimen_period const & q : m_r.regimens)
            if (q.start > *p.end && (!next_start || q.start < *next_start))
                next_start = q.start;
        std::vector<std::size_t> off;
        for (std::size_t i = 0; i < m_t.rows.size(); ++i)
            if (m_t.rows[i].hbv_dna && m_t.rows[i].date > *p.end && (!next_start || m_t.rows[i].date <= *next_start))
                off.push_back(i);
        if (off.empty())
            return;
        monitor_finding f = finding(p, "RELAPSE", monitor_kind::relapse);
        if (m_rows[p.index].dna.empty())
        {
            f.detail = "no on-treatment HBV DNA to compare with";
            m_r.findings.push_back(std::move(f));
            return;
        }
        lab_value const & ref = *m_t.rows[m_rows[p.index].dna.back()].hbv_dna;
        double const min_rise = m_d.number("RELAPSE", "min_rise");
        double const threshold = ref.log10() + min_rise;
        for (std::size_t k = 0; k < off.size(); ++k)
        {
            lab_value const & v = *m_t.rows[off[k]].hbv_dna;
            if (v.censored() || v.log10() < threshold - eps)
                continue;
            auto const [status, last] = confirm(
                off, k, threshold, m_d.number("RELAPSE", "confirmations"), m_d.number("RELAPSE", "confirm_min_days"));
            monitor_finding g = f;
            g.row = off[k];
            g.date = m_t.rows[off[k]].date;
            g.status = status;
            g.detail = "HBV DNA " + v.text() + " IU/mL on " + g.date->iso() + ", " + log_text(v.log10() - ref.log10())
                       + " log10 above the last on-treatment value " + ref.text() + " IU/mL (treatment stopped "
                       + p.end->iso() + ")";
            if (status == monitor_status::met)
            {
                g.confirmed_on = m_t.rows[last].date;
                g.confirm_row = last;
                g.detail += "; confirmed on " + g.confirmed_on->iso();
            }
            else if (status == monitor_status::not_confirmed)
                g.detail +=
                    "; not confirmed: " + m_t.rows[last].hbv_dna->text() + " IU/mL on " + m_t.rows[last].date.iso();
            else
                g.detail += "; awaiting a second determination at least "
                            + format_fixed(m_d.number("RELAPSE", "confirm_min_days"), 0) + " days later";
            m_r.findings.push_back(std::move(g));
            if (status != monitor_status::not_confirmed)
                return;
        }
        f.status = monitor_status::not_met;
        f.detail = "off treatment since " + p.end->iso() + ", no confirmed rise of " + format_fixed(min_rise, 1)
                   + " log10 above the last on-treatment value " + ref.text() + " IU/mL";
        m_r.findings.push_back(std::move(f));
    }

    // HBsAg decline in log10 from the baseline; nullopt if it cannot be computed. `at_least` is set
    // when the on-treatment value is censored (the decline is then a lower bound).
    std::optional<double> hbsag_decline(regimen_period const & p, lab_value const & v, bool & at_least) const
    {
        if (!p.baseline_hbsag || p.baseline_hbsag->value.censored())
            return std::nullopt;
        at_least = v.censored();
        return p.baseline_hbsag->value.log10() - v.log10();
    }

    // Week-N HBsAg limit rule (HBeAg-positive): stop when HBsAg is at or above the limit.
    void peg_hbsag_limit(regimen_period const & p, std::string const & id, std::string const & note)
    {
        monitor_finding f = finding(p, id, monitor_kind::peg_stopping_rule);
        double const w = m_d.number(id, "week");
        double const limit = m_d.number(id, "hbsag_limit");
        std::optional<std::size_t> const row = near_week(p, m_rows[p.index].hbsag, w);
        if (!row)
        {
            f.detail = missing_at_week(p, "HBsAg", w) + note;
            m_r.findings.push_back(std::move(f));
            return;
        }
        at(f, p, *row);
        lab_value const & v = *m_t.rows[*row].hbsag;
        std::string const numbers = "HBsAg " + v.text() + " IU/mL at week " + week_text(f.week);
        if (v.censored() && v.value > limit)
            f.detail = numbers + ": the assay limit is above " + format_fixed(limit, 0) + " IU/mL" + note;
        else if (!v.censored() && v.value >= limit - eps)
        {
            f.status = monitor_status::met;
            f.detail = numbers + ": not below " + format_fixed(limit, 0) + " IU/mL, stopping rule met" + note;
        }
        else
        {
            f.status = monitor_status::not_met;
            f.detail = numbers + ": below " + format_fixed(limit, 0) + " IU/mL" + note;
        }
        m_r.findings.push_back(std::move(f));
    }

    // Week-N "no HBsAg decline" rule, optionally combined with an HBV DNA decline below a limit (HBeAg-negative).
    void peg_no_decline(regimen_period const & p, std::string const & id, bool const with_dna, std::string const & note)
    {
        monitor_finding f = finding(p, id, monitor_kind::peg_stopping_rule);
        double const w = m_d.number(id, "week");
        double const min_s = m_d.number(id, "min_hbsag_decline");
        std::optional<std::size_t> const srow = near_week(p, m_rows[p.index].hbsag, w);
        if (!srow)
        {
            f.detail = missing_at_week(p, "HBsAg", w) + note;
            m_r.findings.push_back(std::move(f));
            return;
        }
        at(f, p, *srow);
        bool at_least = false;
        std::optional<double> const sdec = hbsag_decline(p, *m_t.rows[*srow].hbsag, at_least);
        if (!sdec)
        {
            f.detail = "no quantified pre-treatment HBsAg to measure a decline from" + note;
            m_r.findings.push_back(std::move(f));
            return;
        }
        std::string text = "HBsAg " + m_t.rows[*srow].hbsag->text() + " IU/mL at week " + week_text(f.week)
                           + " vs baseline " + p.baseline_hbsag->value.text() + ": decline "
                           + (at_least ? "at least " : "") + log_text(*sdec) + " log10";
        if (*sdec > min_s + eps)
        {
            f.status = monitor_status::not_met;
            f.detail = text + " (HBsAg declined)" + note;
            m_r.findings.push_back(std::move(f));
            return;
        }
        if (at_least)
        {
            f.detail = text + ": below the assay limit, a decline cannot be excluded" + note;
            m_r.findings.push_back(std::move(f));
            return;
        }
        if (!with_dna)
        {
            f.status = monitor_status::met;
            f.detail = text + ": no HBsAg decline, stopping rule met" + note;
            m_r.findings.push_back(std::move(f));
            return;
        }
        double const min_d = m_d.number(id, "min_dna_decline");
        std::optional<std::size_t> const drow = near_week(p, m_rows[p.index].dna, w);
        std::string const why = baseline_problem(p);
        if (!why.empty() || !drow)
        {
            f.detail =
                text + "; HBV DNA decline unknown: " + (!why.empty() ? why : missing_at_week(p, "HBV DNA", w)) + note;
            m_r.findings.push_back(std::move(f));
            return;
        }
        lab_value const & v = *m_t.rows[*drow].hbv_dna;
        double const ddec = p.baseline_dna->value.log10() - v.log10();
        text += "; HBV DNA " + v.text() + " IU/mL, decline " + (v.censored() ? "at least " : "") + log_text(ddec)
                + " log10";
        if (!v.censored() && ddec < min_d - eps)
        {
            f.status = monitor_status::met;
            f.detail = text + ": no HBsAg decline and HBV DNA decline below " + format_fixed(min_d, 1)
                       + " log10, stopping rule met" + note;
        }
        else
        {
            f.status = monitor_status::not_met;
            f.detail = text + note;
        }
        m_r.findings.push_back(std::move(f));
    }

    // HBV DNA decline rule of peginterferon: met when the decline at the rule's week is below its
    // min_dna_decline. PEG-DNA-W24 stands in for the HBsAg rules when no HBsAg is given; PEG-DNA-W32
    // is the week-32 check of the patient guidance (decline under 2 log10: adjust the treatment).
    void peg_dna_rule(regimen_period const & p, std::string const & id, std::string const & context)
    {
        monitor_finding f = finding(p, id, monitor_kind::peg_stopping_rule);
        double const w = m_d.number(id, "week");
        double const min = m_d.number(id, "min_dna_decline");
        std::optional<dna_at_week> const dna = dna_decline_at(p, f, w);
        if (!dna)
            return;
        lab_value const & v = *dna->value;
        double const decline = dna->decline;
        std::string const numbers = context + "HBV DNA " + v.text() + " IU/mL at week " + week_text(f.week)
                                    + ", decline " + (v.censored() ? "at least " : "") + log_text(decline) + " log10";
        f.status = !v.censored() && decline < min - eps ? monitor_status::met : monitor_status::not_met;
        f.detail = numbers
                   + (f.status == monitor_status::met ? ": below " + format_fixed(min, 1) + " log10, stopping rule met"
                                                      : std::string{});
        m_r.findings.push_back(std::move(f));
    }

    void peg_rules(regimen_period const & p)
    {
        bool const hbsag_given = near_week(p, m_rows[p.index].hbsag, m_d.number("PEG-EPOS-W12-BC", "week"))
                                 || near_week(p, m_rows[p.index].hbsag, m_d.number("PEG-EPOS-W24", "week"));
        if (!p.baseline_hbeag_positive)
        {
            monitor_finding f = finding(p, "PEG-EPOS-W24", monitor_kind::peg_stopping_rule);
            f.detail = "HBeAg status at the start of peginterferon is unknown (give hbeag on or before " + p.start.iso()
                       + "): the HBsAg stopping rules depend on it";
            m_r.findings.push_back(std::move(f));
        }
        else if (*p.baseline_hbeag_positive)
        {
            std::vector<std::string> const & bc = m_d.list("PEG-EPOS-W12-BC", "genotypes");
            std::vector<std::string> const & ad = m_d.list("PEG-EPOS-W12-AD", "genotypes");
            std::optional<char> const g = m_r.genotype;
            std::string const gs = g ? std::string(1, *g) : std::string{};
            if (g && contains(bc, gs))
                peg_hbsag_limit(p, "PEG-EPOS-W12-BC", " (genotype " + gs + ")");
            else if (g && contains(ad, gs))
                peg_no_decline(p, "PEG-EPOS-W12-AD", false, " (genotype " + gs + ")");
            else if (g)
            {
                monitor_finding f = finding(p, "PEG-EPOS-W12-BC", monitor_kind::peg_stopping_rule);
                f.detail = "no week-12 HBsAg rule for genotype " + gs + " (defined for " + join(bc, ", ") + " and "
                           + join(ad, ", ") + ")";
                m_r.findings.push_back(std::move(f));
            }
            else
            {
                peg_hbsag_limit(
                    p, "PEG-EPOS-W12-BC", " (genotype unknown: applies to genotypes " + join(bc, ", ") + ")");
                peg_no_decline(
                    p, "PEG-EPOS-W12-AD", false, " (genotype unknown: applies to genotypes " + join(ad, ", ") + ")");
            }
            peg_hbsag_limit(p, "PEG-EPOS-W24", "");
        }
        else
            peg_no_decline(p, "PEG-ENEG-W12", true, "");
        if (!hbsag_given)
            peg_dna_rule(p, "PEG-DNA-W24", "no quantitative HBsAg at weeks 12/24; ");
        peg_dna_rule(p, "PEG-DNA-W32", "");
    }

    // Drugs of period p that were not taken in the period just before it.
    std::vector<std::string> newly_started(regimen_period const & p) const
    {
        std::vector<std::string> out;
        regimen_period const * prev = nullptr;
        for (regimen_period const & q : m_r.regimens)
            if (q.end && *q.end == p.start)
                prev = &q;
        for (std::string const & d : p.drugs)
            if (prev == nullptr || !contains(prev->drugs, d))
                out.push_back(d);
        return out;
    }

    std::vector<std::string> na_drugs(regimen_period const & p) const
    {
        std::vector<std::string> out;
        for (std::string const & d : p.drugs)
            if (is_na(d))
                out.push_back(d);
        return out;
    }

    void warn(regimen_period const & p, std::string const & rule, std::string text)
    {
        first_line_warning w;
        w.rule = rule;
        w.regimen = p.index;
        w.date = p.start;
        w.line = p.start_line;
        w.text = std::move(text);
        w.evidence = m_d.evidence(rule);
        w.sources = m_d.sources(rule);
        m_r.warnings.push_back(std::move(w));
    }

    std::string drug_name(std::string const & code) const
    {
        db_drug const * d = m_db.find_drug(code);
        return d != nullptr ? d->name : code;
    }

    void first_line_checks()
    {
        std::vector<std::string> const & low = m_d.list("FL-LOW-BARRIER", "drugs");
        std::vector<std::string> const & adv = m_d.list("FL-ADV-HBEAG-POS", "drugs");
        std::vector<std::string> const & combo = m_d.list("FL-LDT-PEG", "drugs");
        regimen_period const * last_na = nullptr;
        // A prior history counts as a monotherapy only when it names a single analogue.
        std::vector<std::string> prior_na;
        for (std::string const & d : m_t.prior_history)
            if (is_na(d))
                prior_na.push_back(d);
        for (regimen_period const & p : m_r.regimens)
        {
            std::vector<std::string> const fresh = newly_started(p);
            std::vector<std::string> const na = na_drugs(p);
            if (p.first_line && !na.empty()
                && std::all_of(na.begin(),
                               na.end(),
                               [&](std::string const & d)
                               {
                                   return contains(low, d);
                               }))
                warn(p,
                     "FL-LOW-BARRIER",
                     "First-line " + p.label()
                         + ": low genetic barrier to resistance; entecavir, tenofovir DF or tenofovir alafenamide are "
                           "the "
                           "preferred first-line analogues where available.");
            if (contains(fresh, "LAM") && p.baseline_dna)
            {
                double const limit = m_d.number("FL-LAM-HIGH-DNA", "hbv_dna_above");
                if (p.baseline_dna->value.value > limit + eps && !p.baseline_dna->value.censored())
                    warn(p,
                         "FL-LAM-HIGH-DNA",
                         "Lamivudine started at HBV DNA " + p.baseline_dna->value.text() + " IU/mL (above "
                             + lab_value{lab_state::quantified, limit}.text()
                             + " IU/mL): high viraemia makes lamivudine resistance likely.");
            }
            for (std::string const & d : fresh)
                if (contains(adv, d) && p.baseline_hbeag_positive && *p.baseline_hbeag_positive)
                    warn(p,
                         "FL-ADV-HBEAG-POS",
                         drug_name(d)
                             + " started in an HBeAg-positive patient: a weak antiviral at high viraemia, which "
                               "favours resistance; "
                               "entecavir or tenofovir is preferred.");
            if (std::any_of(fresh.begin(),
                            fresh.end(),
                            [&](std::string const & d)
                            {
                                return is_ifn(d);
                            })
                && p.baseline_dna && p.baseline_alt_ratio)
            {
                double const dna = m_d.number("FL-PEG-HIGH-DNA-LOW-ALT", "hbv_dna_at_or_above");
                double const alt = m_d.number("FL-PEG-HIGH-DNA-LOW-ALT", "alt_below");
                if (!p.baseline_dna->value.censored() && p.baseline_dna->value.value >= dna - eps
                    && *p.baseline_alt_ratio < alt - eps)
                    warn(p,
                         "FL-PEG-HIGH-DNA-LOW-ALT",
                         "Peginterferon started with HBV DNA " + p.baseline_dna->value.text() + " IU/mL (at or above "
                             + lab_value{lab_state::quantified, dna}.text() + ") and ALT "
                             + format_fixed(*p.baseline_alt_ratio, 1) + " x ULN (below " + format_fixed(alt, 0)
                             + " x ULN): a low chance of a sustained response.");
            }
            bool const has_combo = std::all_of(combo.begin(),
                                               combo.end(),
                                               [&](std::string const & d)
                                               {
                                                   return contains(p.drugs, d);
                                               });
            if (has_combo
                && std::any_of(combo.begin(),
                               combo.end(),
                               [&](std::string const & d)
                               {
                                   return contains(fresh, d);
                               }))
                warn(p,
                     "FL-LDT-PEG",
                     join(combo, " with ")
                         + " in the same regimen: telbivudine with peginterferon caused peripheral neuropathy; the "
                           "combination "
                           "should not be used.");
            if (na.size() == 1)
            {
                std::vector<std::string> const prev = last_na != nullptr ? na_drugs(*last_na) : prior_na;
                if (prev.size() == 1 && prev[0] != na[0] && contains(fresh, na[0]))
                {
                    std::string const pair = prev[0] + ">" + na[0];
                    if (contains(m_d.list("FL-SEQ-MONO", "cross_resistant_pairs"), pair))
                        warn(p,
                             "FL-SEQ-MONO",
                             "Sequential monotherapy: " + drug_name(prev[0]) + " followed by " + drug_name(na[0])
                                 + " alone; they share resistance pathways (rtM204V/I), so resistance to the first "
                                   "compromises the second "
                                   "and selects multidrug resistance.");
                    else if (contains(m_d.list("FL-SEQ-MONO", "add_not_switch_pairs"), pair))
                        warn(p,
                             "FL-SEQ-MONO",
                             "Sequential monotherapy: " + drug_name(prev[0]) + " replaced by " + drug_name(na[0])
                                 + " alone; when adefovir is used after lamivudine or telbivudine, the first drug "
                                   "should be continued to "
                                   "reduce adefovir resistance (tenofovir is preferred today).");
                }
            }
            if (!na.empty())
                last_na = &p;
        }
    }

    void build_points()
    {
        for (std::size_t i = 0; i < m_t.rows.size(); ++i)
        {
            timeline_row const & r = m_t.rows[i];
            if (!r.hbv_dna && !r.alt && !r.hbsag)
                continue;
            time_point tp;
            tp.row = i;
            tp.regimen = period_of(i);
            if (r.alt)
                tp.alt_ratio = *r.alt / *r.alt_uln;
            if (tp.regimen)
            {
                regimen_period const & p = m_r.regimens[*tp.regimen];
                tp.week = week_of(p, r.date);
                std::optional<double> nadir;
                for (std::size_t const j : m_rows[p.index].dna)
                    if (m_t.rows[j].date < r.date || (j < i && m_t.rows[j].date == r.date))
                        nadir = nadir ? std::min(*nadir, m_t.rows[j].hbv_dna->log10()) : m_t.rows[j].hbv_dna->log10();
                tp.nadir_log10 = nadir;
                if (r.hbv_dna && nadir)
                    tp.above_nadir = r.hbv_dna->log10() - *nadir;
                if (r.hbv_dna && p.baseline_dna)
                    tp.from_baseline = r.hbv_dna->log10() - p.baseline_dna->value.log10();
            }
            for (monitor_finding const & f : m_r.findings)
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
            m_r.points.push_back(std::move(tp));
        }
    }
};

} // namespace

std::string regimen_period::label() const
{
    return join(drugs, "+");
}

std::string_view to_string(monitor_kind const k) noexcept
{
    switch (k)
    {
    case monitor_kind::primary_non_response:
        return "primary_non_response";
    case monitor_kind::partial_response:
        return "partial_virological_response";
    case monitor_kind::virological_breakthrough:
        return "virological_breakthrough";
    case monitor_kind::rebound:
        return "rebound_above_baseline";
    case monitor_kind::biochemical_breakthrough:
        return "biochemical_breakthrough";
    case monitor_kind::peg_stopping_rule:
        return "peginterferon_stopping_rule";
    case monitor_kind::relapse:
        return "virological_relapse";
    }
    return "";
}

std::string_view describe(monitor_kind const k) noexcept
{
    switch (k)
    {
    case monitor_kind::primary_non_response:
        return "primary non-response";
    case monitor_kind::partial_response:
        return "partial virological response";
    case monitor_kind::virological_breakthrough:
        return "virological breakthrough";
    case monitor_kind::rebound:
        return "rebound above the pre-treatment baseline";
    case monitor_kind::biochemical_breakthrough:
        return "biochemical breakthrough";
    case monitor_kind::peg_stopping_rule:
        return "peginterferon stopping rule";
    case monitor_kind::relapse:
        return "virological relapse";
    }
    return "";
}

std::string_view to_string(monitor_status const s) noexcept
{
    switch (s)
    {
    case monitor_status::met:
        return "met";
    case monitor_status::possible:
        return "possible";
    case monitor_status::not_confirmed:
        return "not_confirmed";
    case monitor_status::not_met:
        return "not_met";
    case monitor_status::not_assessable:
        return "not_assessable";
    }
    return "";
}

monitor_result classify_timeline(timeline const & t,
                                 monitoring_definitions const & defs,
                                 mutation_db const & db,
                                 std::optional<char> const genotype_hint)
{
    return classifier{t, defs, db}.run(genotype_hint);
}

treatment_context timeline_context(timeline const & t)
{
    treatment_context ctx;
    for (std::string const & d : t.prior_history)
        if (!contains(ctx.history, d))
            ctx.history.push_back(d);
    for (timeline_row const & r : t.rows)
    {
        if (r.event == regimen_event::start || r.event == regimen_event::add || r.event == regimen_event::switch_to)
            for (std::string const & d : r.drugs)
                if (!contains(ctx.history, d))
                    ctx.history.push_back(d);
        if (r.hbeag_positive)
            ctx.hbeag_positive = r.hbeag_positive;
    }
    return ctx;
}

} // namespace hbvdr
