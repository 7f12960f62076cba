#include <algorithm>

#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/classify.hpp>

namespace hbvdr
{

namespace
{

bool active(monitor_status const s)
{
    return s == monitor_status::met || s == monitor_status::possible;
}

std::string short_text(monitor_finding const & f)
{
    std::string s{describe(f.kind)};
    if (f.status == monitor_status::possible)
        s += " (possible, unconfirmed)";
    if (f.date)
        s += " on " + f.date->iso();
    if (f.confirmed_on)
        s += ", confirmed " + f.confirmed_on->iso();
    return s + " [" + f.rule + "]";
}

} // namespace

std::string next_step::display() const
{
    return sources.empty() ? text : text + " [" + join(sources, "; ") + "]";
}

std::string_view to_string(resistance_gate const g) noexcept
{
    switch (g)
    {
    case resistance_gate::none:
        return "none";
    case resistance_gate::virological:
        return "virological";
    case resistance_gate::genotypic:
        return "genotypic";
    case resistance_gate::biochemical_clinical:
        return "biochemical_clinical";
    }
    return "none";
}

std::string_view describe(resistance_gate const g) noexcept
{
    return g == resistance_gate::biochemical_clinical ? "biochemical/clinical" : to_string(g);
}

gate_assessment assess_gate(timeline const & t,
                            monitor_result const & r,
                            monitoring_definitions const & defs,
                            genotypic_result const * genotype)
{
    gate_assessment g;
    for (regimen_period const & p : r.regimens)
        if (p.nucleos_t_ide)
            g.regimen = p.index;
    gate_step vir, gen, bio;
    vir.gate = resistance_gate::virological;
    gen.gate = resistance_gate::genotypic;
    bio.gate = resistance_gate::biochemical_clinical;
    std::vector<monitor_finding const *> current;
    for (monitor_finding const & f : r.findings)
        if (g.regimen && f.regimen == *g.regimen)
            current.push_back(&f);
    auto first_of = [&](monitor_kind const k, bool const only_met)
    {
        for (monitor_finding const * f : current)
            if (f->kind == k && (only_met ? f->status == monitor_status::met : active(f->status)))
                return f;
        return static_cast<monitor_finding const *>(nullptr);
    };

    std::vector<std::string> basis;
    for (monitor_finding const * f : current)
        if ((f->kind == monitor_kind::primary_non_response || f->kind == monitor_kind::partial_response
             || f->kind == monitor_kind::virological_breakthrough || f->kind == monitor_kind::rebound)
            && active(f->status))
        {
            basis.push_back(short_text(*f));
            if (!vir.date || (f->date && *f->date < *vir.date))
                vir.date = f->date;
            vir.reached = true;
        }
    vir.basis = vir.reached ? join(basis, "; ")
                            : (g.regimen ? "no virological failure on " + r.regimens[*g.regimen].label()
                                         : "no nucleos(t)ide regimen");

    std::vector<std::string> resistant;
    if (genotype != nullptr && g.regimen)
    {
        for (genotypic_drug const & d : genotype->drugs)
            if ((d.level == "R" || d.level == "I")
                && std::find(r.regimens[*g.regimen].drugs.begin(), r.regimens[*g.regimen].drugs.end(), d.drug)
                       != r.regimens[*g.regimen].drugs.end())
                resistant.push_back(d.drug + " " + d.level
                                    + (d.mutations.empty() ? std::string{} : " (" + join(d.mutations, ", ") + ")"));
        gen.reached = !resistant.empty();
        gen.basis = gen.reached ? "sample " + genotype->sample + ": " + join(resistant, "; ")
                                : "sample " + genotype->sample + ": no reduced susceptibility to "
                                      + r.regimens[*g.regimen].label();
    }
    else
        gen.basis =
            genotype == nullptr ? "no genotypic result supplied (--sequence or --results)" : "no nucleos(t)ide regimen";

    monitor_finding const * bbt = first_of(monitor_kind::biochemical_breakthrough, true);
    if (bbt != nullptr)
    {
        bio.reached = true;
        bio.date = bbt->date;
        bio.basis = short_text(*bbt);
    }
    else
        bio.basis = "no biochemical breakthrough";
    g.steps = {vir, gen, bio};
    for (gate_step const & s : g.steps)
        if (s.reached)
            g.reached = s.gate;

    // Next steps, most urgent first.
    std::vector<next_step> & next = g.next_steps;
    monitor_finding const * vbt = first_of(monitor_kind::virological_breakthrough, false);
    if (bbt != nullptr)
        next.push_back({"Biochemical breakthrough: an ALT rise after a virological breakthrough can progress to a "
                        "hepatitis flare and "
                        "decompensation; start rescue therapy promptly and monitor ALT and liver function closely.",
                        {"AASLD2009"}});
    if (vbt != nullptr && vbt->status == monitor_status::possible)
        next.push_back({"Repeat HBV DNA about 1 month after " + vbt->date->iso()
                            + " to confirm the rise: a breakthrough needs two consecutive samples "
                            + format_fixed(defs.number("VBT", "min_rise"), 1) + " log10 or more above the nadir.",
                        {"CanLiverJ2022"}});
    if (vir.reached)
        next.push_back({"Check and reinforce adherence before changing treatment: non-adherence is a common cause of "
                        "non-response and breakthrough; "
                        "resume treatment after lapses.",
                        {"AASLD2009", "CanLiverJ2022"}});
    if (first_of(monitor_kind::primary_non_response, true) != nullptr)
        next.push_back({"Primary non-response: once adherence is confirmed, switch to or add a more potent drug "
                        "without cross-resistance.",
                        {"AASLD2009"}});
    if (monitor_finding const * pvr = first_of(monitor_kind::partial_response, true); pvr != nullptr)
        next.push_back(
            pvr->rule == "PVR-W24"
                ? next_step{"Partial response on a low-barrier drug: change to or add a high-barrier drug without "
                            "cross-resistance, e.g. "
                            "tenofovir (guideline text not re-read).",
                            {"EASL2012"}}
                : next_step{
                    "Partial response at week 48: if HBV DNA is still falling, continuing is usually advised; with a "
                    "plateau "
                    "consider switching or adding a drug without cross-resistance (guideline text not re-read).",
                    {"EASL2012", "EASL2017"}});
    if (vir.reached && genotype == nullptr)
        next.push_back({"Order genotypic resistance testing of the HBV reverse transcriptase (for example hbvdr "
                        "analyze on the sequence), then "
                        "rerun hbvdr monitor with --sequence or --results to see the salvage options.",
                        {"AASLD2009"}});
    if (genotype != nullptr && gen.reached)
        next.push_back({"Genotypic resistance to the current regimen (" + join(resistant, "; ")
                            + "): consider the salvage options listed with the "
                              "genotypic result (guideline summaries from "
                            + genotype->mutation_db + ")"
                            + (genotype->cautions.empty() ? std::string{} : " and read its cautions")
                            + "; rescue therapy is indicated for virological breakthrough.",
                        {"AASLD2009"}});
    else if (genotype != nullptr && vir.reached)
        next.push_back({"The sequence shows no reduced susceptibility to the current regimen: non-adherence is the "
                        "more likely cause; minority "
                        "variants can be missed by population sequencing, so repeat the test if the failure persists "
                        "with good adherence.",
                        {}});
    for (monitor_finding const & f : r.findings)
        if (f.kind == monitor_kind::peg_stopping_rule && f.status == monitor_status::met
            && f.regimen + 1 == r.regimens.size())
        {
            next.push_back({"Peginterferon stopping rule " + f.rule + " met at week " + format_fixed(f.week, 0)
                                + ": consider stopping peginterferon and reassessing treatment options.",
                            f.sources});
            break;
        }
    for (monitor_finding const & f : r.findings)
        if (f.kind == monitor_kind::relapse && active(f.status) && g.regimen && f.regimen == *g.regimen)
        {
            next.push_back(
                {"Virological relapse after stopping treatment: monitor ALT closely and assess for retreatment.",
                 {"AASLD2009"}});
            break;
        }
    if (g.regimen)
    {
        regimen_period const & p = r.regimens[*g.regimen];
        bool const measured = std::any_of(r.points.begin(),
                                          r.points.end(),
                                          [&](time_point const & tp)
                                          {
                                              return tp.regimen == p.index && t.rows[tp.row].hbv_dna;
                                          });
        if (!p.end && !measured)
            next.push_back(
                {"No HBV DNA on " + p.label() + " yet: measure it at week 12 to assess the primary response.", {}});
        else if (!p.end && g.reached == resistance_gate::none && next.empty())
            next.push_back({"No virological failure on " + p.label() + ": continue, with HBV DNA every 3-6 months.",
                            {"AASLD2009"}});
    }
    if (!r.warnings.empty())
        next.push_back({"Review the first-line checks: " + std::to_string(r.warnings.size())
                            + " regimen choice(s) the guidelines advise against.",
                        {}});
    return g;
}

} // namespace hbvdr
