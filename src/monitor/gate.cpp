#include <algorithm>
#include <array>

#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/classify.hpp>

#include "enum_names.hpp"

namespace hbvdr
{

namespace
{

constexpr std::array<monitor_detail::enum_name<resistance_gate>, 4> gate_names{{
    {resistance_gate::none, "none", "none"},
    {resistance_gate::virological, "virological", "virological"},
    {resistance_gate::genotypic, "genotypic", "genotypic"},
    {resistance_gate::biochemical_clinical, "biochemical_clinical", "biochemical/clinical"},
}};

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

// A next step from messages.tsv, citing the message's sources.
next_step
step(monitoring_definitions const & defs, std::string_view const id, std::initializer_list<message_arg> args = {})
{
    return {defs.render(id, args), defs.message(id).sources};
}

// What the gates found that the next steps depend on.
struct gate_outcome
{
    bool virological{false};
    bool genotypic{false};
    std::vector<std::string> resistant; // "LAM R (rtM204V)", drugs of the regimen with I or R
};

// The first finding of kind k on the gate's regimen that is met (or, unless only_met, possible).
monitor_finding const *
first_finding(monitor_result const & r, gate_assessment const & g, monitor_kind const k, bool const only_met)
{
    for (monitor_finding const & f : r.findings)
        if (g.regimen && f.regimen == *g.regimen && f.kind == k
            && (only_met ? f.status == monitor_status::met : active(f.status)))
            return &f;
    return nullptr;
}

// Steps on the current regimen's failure and resistance, most urgent first.
void failure_steps(monitor_result const & r,
                   monitoring_definitions const & defs,
                   genotypic_result const * genotype,
                   gate_assessment const & g,
                   gate_outcome const & o,
                   std::vector<next_step> & next)
{
    monitor_finding const * vbt = first_finding(r, g, monitor_kind::virological_breakthrough, false);
    if (first_finding(r, g, monitor_kind::biochemical_breakthrough, true) != nullptr)
        next.push_back(step(defs, "NEXT-BBT"));
    if (vbt != nullptr && vbt->status == monitor_status::possible)
        next.push_back(
            step(defs,
                 "NEXT-VBT-REPEAT",
                 {{"date", vbt->date->iso()}, {"min_rise", format_fixed(defs.number("VBT", "min_rise"), 1)}}));
    if (o.virological)
        next.push_back(step(defs, "NEXT-ADHERENCE"));
    if (first_finding(r, g, monitor_kind::primary_non_response, true) != nullptr)
        next.push_back(step(defs, "NEXT-PNR"));
    if (monitor_finding const * pvr = first_finding(r, g, monitor_kind::partial_response, true); pvr != nullptr)
        next.push_back(step(defs, pvr->rule == "PVR-W24" ? "NEXT-PVR-W24" : "NEXT-PVR-W48"));
    if (o.virological && genotype == nullptr)
        next.push_back(step(defs, "NEXT-ORDER-GENOTYPE"));
    if (genotype != nullptr && o.genotypic)
        next.push_back(
            step(defs,
                 genotype->cautions.empty() ? "NEXT-GENOTYPIC-RESISTANCE" : "NEXT-GENOTYPIC-RESISTANCE-CAUTIONS",
                 {{"resistance", join(o.resistant, "; ")}, {"mutation_db", genotype->mutation_db}}));
    else if (genotype != nullptr && o.virological)
        next.push_back(step(defs, "NEXT-NO-GENOTYPIC-RESISTANCE"));
}

// Next steps, most urgent first.
std::vector<next_step> next_steps(timeline const & t,
                                  monitor_result const & r,
                                  monitoring_definitions const & defs,
                                  genotypic_result const * genotype,
                                  gate_assessment const & g,
                                  gate_outcome const & o)
{
    std::vector<next_step> next;
    failure_steps(r, defs, genotype, g, o, next);
    for (monitor_finding const & f : r.findings)
        if (f.kind == monitor_kind::peg_stopping_rule && f.status == monitor_status::met
            && f.regimen + 1 == r.regimens.size())
        {
            next.push_back(
                {defs.render("NEXT-PEG-STOP", {{"rule", f.rule}, {"week", format_fixed(f.week, 0)}}), f.sources});
            break;
        }
    if (first_finding(r, g, monitor_kind::relapse, false) != nullptr)
        next.push_back(step(defs, "NEXT-RELAPSE"));
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
            next.push_back(step(defs, "NEXT-NO-DNA-YET", {{"regimen", p.label()}}));
        else if (!p.end && g.reached == resistance_gate::none && next.empty())
            next.push_back(step(defs, "NEXT-CONTINUE", {{"regimen", p.label()}}));
    }
    if (!r.warnings.empty())
        next.push_back(step(defs, "NEXT-REVIEW-FIRST-LINE", {{"count", std::to_string(r.warnings.size())}}));
    return next;
}

} // namespace

std::string next_step::display() const
{
    return sources.empty() ? text : text + " [" + join(sources, "; ") + "]";
}

std::string_view to_string(resistance_gate const g) noexcept
{
    auto const * n = monitor_detail::find_name(gate_names, g);
    return n != nullptr ? n->code : "none";
}

std::string_view describe(resistance_gate const g) noexcept
{
    auto const * n = monitor_detail::find_name(gate_names, g);
    return n != nullptr ? n->label : "none";
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
    std::vector<std::string> basis;
    for (monitor_finding const & f : r.findings)
        if (g.regimen && f.regimen == *g.regimen
            && (f.kind == monitor_kind::primary_non_response || f.kind == monitor_kind::partial_response
                || f.kind == monitor_kind::virological_breakthrough || f.kind == monitor_kind::rebound)
            && active(f.status))
        {
            basis.push_back(short_text(f));
            if (!vir.date || (f.date && *f.date < *vir.date))
                vir.date = f.date;
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

    monitor_finding const * bbt = first_finding(r, g, monitor_kind::biochemical_breakthrough, true);
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

    g.next_steps = next_steps(t, r, defs, genotype, g, {vir.reached, gen.reached, resistant});
    return g;
}

} // namespace hbvdr
