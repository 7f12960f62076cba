//!\file
//!\brief Classification of a timeline: runs the rule families over a classify_state in order
//! (periods and baselines, NA response rules, peginterferon stopping rules, first-line checks,
//! chart points); the names of the kinds and statuses; the treatment context of a timeline.

#include <algorithm>

#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/classify.hpp>

#include "classify_state.hpp"

namespace hbvdr
{

namespace
{

using namespace monitor_detail;

monitor_result run_classification(classify_state & s, std::optional<char> const genotype_hint)
{
    if (s.t.genotype)
    {
        s.r.genotype = s.t.genotype;
        s.r.genotype_source = "timeline";
    }
    else if (genotype_hint)
    {
        s.r.genotype = genotype_hint;
        s.r.genotype_source = "sequence";
    }
    build_periods(s);
    assign_rows(s);
    for (regimen_period & p : s.r.regimens)
        set_baseline(s, p);
    for (regimen_period const & p : s.r.regimens)
    {
        if (p.nucleos_t_ide)
        {
            decline_rule(s, p, "PNR-W12");
            decline_rule(s, p, "PNR-W24");
            partial_response(s, p);
            breakthrough(s, p);
            relapse(s, p);
        }
        else if (p.peginterferon)
            peg_rules(s, p);
    }
    first_line_checks(s);
    build_points(s);
    return std::move(s.r);
}

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
    monitor_detail::classify_state s{t, defs, db, {}, {}};
    return run_classification(s, genotype_hint);
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
