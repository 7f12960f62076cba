//!\file
//!\brief Classification of a timeline: runs the rule families over a classify_state in order
//! (periods and baselines, NA response rules, peginterferon stopping rules, first-line checks,
//! chart points); the names of the kinds and statuses; the treatment context of a timeline.

#include <algorithm>
#include <array>

#include <hbvdr/core/text.hpp>
#include <hbvdr/monitor/classify.hpp>

#include "classify_state.hpp"
#include "enum_names.hpp"

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

namespace
{

constexpr std::array<monitor_detail::enum_name<monitor_kind>, 7> kind_names{{
    {monitor_kind::primary_non_response, "primary_non_response", "primary non-response"},
    {monitor_kind::partial_response, "partial_virological_response", "partial virological response"},
    {monitor_kind::virological_breakthrough, "virological_breakthrough", "virological breakthrough"},
    {monitor_kind::rebound, "rebound_above_baseline", "rebound above the pre-treatment baseline"},
    {monitor_kind::biochemical_breakthrough, "biochemical_breakthrough", "biochemical breakthrough"},
    {monitor_kind::peg_stopping_rule, "peginterferon_stopping_rule", "peginterferon stopping rule"},
    {monitor_kind::relapse, "virological_relapse", "virological relapse"},
}};

constexpr std::array<monitor_detail::enum_name<monitor_status>, 5> status_names{{
    {monitor_status::met, "met", "met"},
    {monitor_status::possible, "possible", "possible"},
    {monitor_status::not_confirmed, "not_confirmed", "not confirmed"},
    {monitor_status::not_met, "not_met", "not met"},
    {monitor_status::not_assessable, "not_assessable", "not assessable"},
}};

} // namespace

std::string_view to_string(monitor_kind const k) noexcept
{
    auto const * n = monitor_detail::find_name(kind_names, k);
    return n != nullptr ? n->code : "";
}

std::string_view describe(monitor_kind const k) noexcept
{
    auto const * n = monitor_detail::find_name(kind_names, k);
    return n != nullptr ? n->label : "";
}

std::string_view to_string(monitor_status const s) noexcept
{
    auto const * n = monitor_detail::find_name(status_names, s);
    return n != nullptr ? n->code : "";
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
