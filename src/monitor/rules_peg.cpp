//!\file
//!\brief Peginterferon stopping rules: the week-12/24 HBsAg rules by HBeAg status and genotype,
//! and the HBV DNA decline rules at weeks 24 and 32.

#include <hbvdr/core/text.hpp>

#include "classify_state.hpp"

namespace hbvdr::monitor_detail
{

namespace
{

// HBsAg decline in log10 from the baseline; nullopt if it cannot be computed. `at_least` is set
// when the on-treatment value is censored (the decline is then a lower bound).
std::optional<double> hbsag_decline(regimen_period const & p, lab_value const & v, bool & at_least)
{
    if (!p.baseline_hbsag || p.baseline_hbsag->value.censored())
        return std::nullopt;
    at_least = v.censored();
    return p.baseline_hbsag->value.log10() - v.log10();
}

// Week-N HBsAg limit rule (HBeAg-positive): stop when HBsAg is at or above the limit.
void peg_hbsag_limit(classify_state & s, regimen_period const & p, std::string const & id, std::string const & note)
{
    monitor_finding f = finding(s, p, id, monitor_kind::peg_stopping_rule);
    double const w = s.d.number(id, "week");
    double const limit = s.d.number(id, "hbsag_limit");
    std::optional<std::size_t> const row = near_week(s, p, s.rows[p.index].hbsag, w);
    if (!row)
    {
        f.detail = missing_at_week(s, p, "HBsAg", w) + note;
        s.r.findings.push_back(std::move(f));
        return;
    }
    at(s, f, p, *row);
    lab_value const & v = *s.t.rows[*row].hbsag;
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
    s.r.findings.push_back(std::move(f));
}

// The HBV DNA half of the HBeAg-negative rule, after no HBsAg decline: `text` holds the HBsAg numbers.
void peg_no_decline_dna(classify_state & s,
                        regimen_period const & p,
                        monitor_finding & f,
                        std::string text,
                        double const w,
                        std::string const & note)
{
    double const min_d = s.d.number(f.rule, "min_dna_decline");
    std::optional<std::size_t> const drow = near_week(s, p, s.rows[p.index].dna, w);
    std::string const why = baseline_problem(s, p);
    if (!why.empty() || !drow)
    {
        f.detail =
            text + "; HBV DNA decline unknown: " + (!why.empty() ? why : missing_at_week(s, p, "HBV DNA", w)) + note;
        return;
    }
    lab_value const & v = *s.t.rows[*drow].hbv_dna;
    double const ddec = p.baseline_dna->value.log10() - v.log10();
    text +=
        "; HBV DNA " + v.text() + " IU/mL, decline " + (v.censored() ? "at least " : "") + log_text(ddec) + " log10";
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
}

// Week-N "no HBsAg decline" rule, optionally combined with an HBV DNA decline below a limit (HBeAg-negative).
void peg_no_decline(
    classify_state & s, regimen_period const & p, std::string const & id, bool const with_dna, std::string const & note)
{
    monitor_finding f = finding(s, p, id, monitor_kind::peg_stopping_rule);
    double const w = s.d.number(id, "week");
    double const min_s = s.d.number(id, "min_hbsag_decline");
    std::optional<std::size_t> const srow = near_week(s, p, s.rows[p.index].hbsag, w);
    bool at_least = false;
    std::optional<double> sdec;
    if (srow)
    {
        at(s, f, p, *srow);
        sdec = hbsag_decline(p, *s.t.rows[*srow].hbsag, at_least);
    }
    if (!srow)
        f.detail = missing_at_week(s, p, "HBsAg", w) + note;
    else if (!sdec)
        f.detail = "no quantified pre-treatment HBsAg to measure a decline from" + note;
    else
    {
        std::string const text = "HBsAg " + s.t.rows[*srow].hbsag->text() + " IU/mL at week " + week_text(f.week)
                                 + " vs baseline " + p.baseline_hbsag->value.text() + ": decline "
                                 + (at_least ? "at least " : "") + log_text(*sdec) + " log10";
        if (*sdec > min_s + eps)
        {
            f.status = monitor_status::not_met;
            f.detail = text + " (HBsAg declined)" + note;
        }
        else if (at_least)
            f.detail = text + ": below the assay limit, a decline cannot be excluded" + note;
        else if (!with_dna)
        {
            f.status = monitor_status::met;
            f.detail = text + ": no HBsAg decline, stopping rule met" + note;
        }
        else
            peg_no_decline_dna(s, p, f, text, w, note);
    }
    s.r.findings.push_back(std::move(f));
}

// HBV DNA decline rule of peginterferon: met when the decline at the rule's week is below its
// min_dna_decline. PEG-DNA-W24 stands in for the HBsAg rules when no HBsAg is given; PEG-DNA-W32
// is the week-32 check of the patient guidance (decline under 2 log10: adjust the treatment).
void peg_dna_rule(classify_state & s, regimen_period const & p, std::string const & id, std::string const & context)
{
    monitor_finding f = finding(s, p, id, monitor_kind::peg_stopping_rule);
    std::optional<dna_at_week> const dna = dna_decline_at(s, p, f, "min_dna_decline");
    if (!dna)
        return;
    auto const [v, decline, min] = *dna;
    std::string const numbers = context + "HBV DNA " + v.text() + " IU/mL at week " + week_text(f.week) + ", decline "
                                + (v.censored() ? "at least " : "") + log_text(decline) + " log10";
    f.status = !v.censored() && decline < min - eps ? monitor_status::met : monitor_status::not_met;
    f.detail = numbers
               + (f.status == monitor_status::met ? ": below " + format_fixed(min, 1) + " log10, stopping rule met"
                                                  : std::string{});
    s.r.findings.push_back(std::move(f));
}

// The week-12 and week-24 HBsAg rules of an HBeAg-positive patient, by genotype.
void peg_hbeag_positive(classify_state & s, regimen_period const & p)
{
    std::vector<std::string> const & bc = s.d.list("PEG-EPOS-W12-BC", "genotypes");
    std::vector<std::string> const & ad = s.d.list("PEG-EPOS-W12-AD", "genotypes");
    std::optional<char> const g = s.r.genotype;
    std::string const gs = g ? std::string(1, *g) : std::string{};
    if (g && contains(bc, gs))
        peg_hbsag_limit(s, p, "PEG-EPOS-W12-BC", " (genotype " + gs + ")");
    else if (g && contains(ad, gs))
        peg_no_decline(s, p, "PEG-EPOS-W12-AD", false, " (genotype " + gs + ")");
    else if (g)
    {
        monitor_finding f = finding(s, p, "PEG-EPOS-W12-BC", monitor_kind::peg_stopping_rule);
        f.detail = "no week-12 HBsAg rule for genotype " + gs + " (defined for " + join(bc, ", ") + " and "
                   + join(ad, ", ") + ")";
        s.r.findings.push_back(std::move(f));
    }
    else
    {
        peg_hbsag_limit(s, p, "PEG-EPOS-W12-BC", " (genotype unknown: applies to genotypes " + join(bc, ", ") + ")");
        peg_no_decline(
            s, p, "PEG-EPOS-W12-AD", false, " (genotype unknown: applies to genotypes " + join(ad, ", ") + ")");
    }
    peg_hbsag_limit(s, p, "PEG-EPOS-W24", "");
}

} // namespace

void peg_rules(classify_state & s, regimen_period const & p)
{
    bool const hbsag_given = near_week(s, p, s.rows[p.index].hbsag, s.d.number("PEG-EPOS-W12-BC", "week"))
                             || near_week(s, p, s.rows[p.index].hbsag, s.d.number("PEG-EPOS-W24", "week"));
    if (!p.baseline_hbeag_positive)
    {
        monitor_finding f = finding(s, p, "PEG-EPOS-W24", monitor_kind::peg_stopping_rule);
        f.detail = "HBeAg status at the start of peginterferon is unknown (give hbeag on or before " + p.start.iso()
                   + "): the HBsAg stopping rules depend on it";
        s.r.findings.push_back(std::move(f));
    }
    else if (*p.baseline_hbeag_positive)
        peg_hbeag_positive(s, p);
    else
        peg_no_decline(s, p, "PEG-ENEG-W12", true, "");
    if (!hbsag_given)
        peg_dna_rule(s, p, "PEG-DNA-W24", "no quantitative HBsAg at weeks 12/24; ");
    peg_dna_rule(s, p, "PEG-DNA-W32", "");
}

} // namespace hbvdr::monitor_detail
