//!\file
//!\brief First-line checks: regimen choices the guidelines advise against (a low genetic barrier,
//! lamivudine at high viraemia, adefovir in HBeAg-positive patients, peginterferon with a low
//! chance of response, telbivudine with peginterferon, sequential monotherapy). The thresholds and
//! drugs come from definitions.tsv, the sentences from messages.tsv.

#include <algorithm>

#include <hbvdr/core/text.hpp>

#include "classify_state.hpp"

namespace hbvdr::monitor_detail
{

namespace
{

// Drugs of period p that were not taken in the period just before it.
std::vector<std::string> newly_started(classify_state const & s, regimen_period const & p)
{
    std::vector<std::string> out;
    regimen_period const * prev = nullptr;
    for (regimen_period const & q : s.r.regimens)
        if (q.end && *q.end == p.start)
            prev = &q;
    for (std::string const & d : p.drugs)
        if (prev == nullptr || !contains(prev->drugs, d))
            out.push_back(d);
    return out;
}

std::vector<std::string> na_drugs(classify_state const & s, std::vector<std::string> const & drugs)
{
    std::vector<std::string> out;
    for (std::string const & d : drugs)
        if (is_na(s, d))
            out.push_back(d);
    return out;
}

// "Lamivudine" for "lamivudine".
std::string capitalised(std::string text)
{
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

void warn(classify_state & s, regimen_period const & p, std::string const & rule, std::string text)
{
    first_line_warning w;
    w.rule = rule;
    w.regimen = p.index;
    w.date = p.start;
    w.line = p.start_line;
    w.text = std::move(text);
    w.evidence = s.d.evidence(rule);
    w.sources = s.d.sources(rule);
    s.r.warnings.push_back(std::move(w));
}

// One regimen as the checks see it: its drugs newly started and its analogues.
struct regimen_view
{
    regimen_period const & p;
    std::vector<std::string> fresh; // drugs not taken in the period just before
    std::vector<std::string> na;    // nucleos(t)ide analogues of the regimen
};

void check_low_barrier(classify_state & s, regimen_view const & v)
{
    std::vector<std::string> const & low = s.d.list("FL-LOW-BARRIER", "drugs");
    if (v.p.first_line && !v.na.empty()
        && std::all_of(v.na.begin(),
                       v.na.end(),
                       [&](std::string const & d)
                       {
                           return contains(low, d);
                       }))
        warn(s, v.p, "FL-LOW-BARRIER", s.d.render("FL-LOW-BARRIER", {{"regimen", v.p.label()}}));
}

void check_lam_high_dna(classify_state & s, regimen_view const & v)
{
    regimen_period const & p = v.p;
    if (!p.baseline_dna)
        return;
    double const limit = s.d.number("FL-LAM-HIGH-DNA", "hbv_dna_above");
    if (p.baseline_dna->value.value <= limit + eps || p.baseline_dna->value.censored())
        return;
    for (std::string const & d : s.d.list("FL-LAM-HIGH-DNA", "drugs"))
        if (contains(v.fresh, d))
            warn(s,
                 p,
                 "FL-LAM-HIGH-DNA",
                 s.d.render("FL-LAM-HIGH-DNA",
                            {{"drug", drug_name(s, d)},
                             {"Drug", capitalised(drug_name(s, d))},
                             {"dna", p.baseline_dna->value.text()},
                             {"limit", lab_value{lab_state::quantified, limit}.text()}}));
}

void check_adv_hbeag_pos(classify_state & s, regimen_view const & v)
{
    std::vector<std::string> const & adv = s.d.list("FL-ADV-HBEAG-POS", "drugs");
    for (std::string const & d : v.fresh)
        if (contains(adv, d) && v.p.baseline_hbeag_positive && *v.p.baseline_hbeag_positive)
            warn(s,
                 v.p,
                 "FL-ADV-HBEAG-POS",
                 s.d.render("FL-ADV-HBEAG-POS", {{"drug", drug_name(s, d)}, {"Drug", capitalised(drug_name(s, d))}}));
}

void check_peg_high_dna_low_alt(classify_state & s, regimen_view const & v)
{
    regimen_period const & p = v.p;
    bool const ifn_started = std::any_of(v.fresh.begin(),
                                         v.fresh.end(),
                                         [&](std::string const & d)
                                         {
                                             return is_ifn(s, d);
                                         });
    if (!ifn_started || !p.baseline_dna || !p.baseline_alt_ratio)
        return;
    double const dna = s.d.number("FL-PEG-HIGH-DNA-LOW-ALT", "hbv_dna_at_or_above");
    double const alt = s.d.number("FL-PEG-HIGH-DNA-LOW-ALT", "alt_below");
    if (!p.baseline_dna->value.censored() && p.baseline_dna->value.value >= dna - eps
        && *p.baseline_alt_ratio < alt - eps)
        warn(s,
             p,
             "FL-PEG-HIGH-DNA-LOW-ALT",
             s.d.render("FL-PEG-HIGH-DNA-LOW-ALT",
                        {{"dna", p.baseline_dna->value.text()},
                         {"dna_limit", lab_value{lab_state::quantified, dna}.text()},
                         {"alt", format_fixed(*p.baseline_alt_ratio, 1)},
                         {"alt_limit", format_fixed(alt, 0)}}));
}

void check_ldt_peg(classify_state & s, regimen_view const & v)
{
    std::vector<std::string> const & combo = s.d.list("FL-LDT-PEG", "drugs");
    bool const has_combo = std::all_of(combo.begin(),
                                       combo.end(),
                                       [&](std::string const & d)
                                       {
                                           return contains(v.p.drugs, d);
                                       });
    if (has_combo
        && std::any_of(combo.begin(),
                       combo.end(),
                       [&](std::string const & d)
                       {
                           return contains(v.fresh, d);
                       }))
        warn(s, v.p, "FL-LDT-PEG", s.d.render("FL-LDT-PEG", {{"drugs", join(combo, " with ")}}));
}

// `prev`: the analogues of the last regimen with one, or of the prior history before the first.
void check_sequential_mono(classify_state & s, regimen_view const & v, std::vector<std::string> const & prev)
{
    if (v.na.size() != 1 || prev.size() != 1 || prev[0] == v.na[0] || !contains(v.fresh, v.na[0]))
        return;
    std::string const pair = prev[0] + ">" + v.na[0];
    std::string const id = contains(s.d.list("FL-SEQ-MONO", "cross_resistant_pairs"), pair)  ? "FL-SEQ-MONO-CROSS"
                           : contains(s.d.list("FL-SEQ-MONO", "add_not_switch_pairs"), pair) ? "FL-SEQ-MONO-ADD"
                                                                                             : "";
    if (!id.empty())
        warn(s,
             v.p,
             "FL-SEQ-MONO",
             s.d.render(id, {{"first", drug_name(s, prev[0])}, {"second", drug_name(s, v.na[0])}}));
}

} // namespace

void first_line_checks(classify_state & s)
{
    // A prior history counts as a monotherapy only when it names a single analogue.
    std::vector<std::string> prev_na = na_drugs(s, s.t.prior_history);
    for (regimen_period const & p : s.r.regimens)
    {
        regimen_view const v{p, newly_started(s, p), na_drugs(s, p.drugs)};
        check_low_barrier(s, v);
        check_lam_high_dna(s, v);
        check_adv_hbeag_pos(s, v);
        check_peg_high_dna_low_alt(s, v);
        check_ldt_peg(s, v);
        check_sequential_mono(s, v, prev_na);
        if (!v.na.empty())
            prev_na = v.na;
    }
}

} // namespace hbvdr::monitor_detail
