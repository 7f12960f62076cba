#pragma once

// Shared by the two monitoring harnesses: everything `hbvdr monitor` does with a timeline and
// definitions once both are read.

#include <hbvdr/monitor/classify.hpp>
#include <hbvdr/monitor/definitions.hpp>
#include <hbvdr/monitor/report.hpp>
#include <hbvdr/monitor/timeline.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

#include "fuzz_support.hpp"

namespace hbvdr::fuzz
{

//!\brief Classify, assess the gate and render one report (no genotype): text, JSON or HTML by `pick`
//! (each execution renders one, a campaign all three).
inline void classify_and_render(timeline const & patient, monitoring_definitions const & defs, std::size_t pick)
{
    monitor_report rep;
    rep.db_label = db().label();
    rep.patient = patient;
    rep.context = timeline_context(rep.patient);
    rep.result = classify_timeline(rep.patient, defs, db());
    rep.gate = assess_gate(rep.patient, rep.result, defs, nullptr);
    switch (pick % 3)
    {
    case 0:
        (void)monitor_text(rep, defs);
        break;
    case 1:
        (void)monitor_json(rep, defs);
        break;
    default:
        (void)monitor_html(rep, defs);
        break;
    }
}

} // namespace hbvdr::fuzz
