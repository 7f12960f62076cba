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

//!\brief Classify, assess the gate and render the text, JSON and HTML reports (no genotype).
inline void classify_and_render(timeline const & patient, monitoring_definitions const & defs)
{
    monitor_report rep;
    rep.db_label = db().label();
    rep.patient = patient;
    rep.context = timeline_context(rep.patient);
    rep.result = classify_timeline(rep.patient, defs, db());
    rep.gate = assess_gate(rep.patient, rep.result, defs, nullptr);
    (void)monitor_text(rep, defs);
    (void)monitor_json(rep, defs);
    (void)monitor_html(rep, defs);
}

} // namespace hbvdr::fuzz
