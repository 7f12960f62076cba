#pragma once

// What the single and the batch `hbvdr monitor` share: the report formats, the knowledge a run
// loads (mutation database, monitoring definitions) and the classification of one timeline.
// Internal to src/app.

#include <string>
#include <string_view>
#include <vector>

#include <hbvdr/app/monitor.hpp>
#include <hbvdr/monitor/definitions.hpp>
#include <hbvdr/monitor/report.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/reference/reference.hpp>

namespace hbvdr::monitor_run
{

struct output_format
{
    std::string_view name; // text, json, html
    std::string_view file; // single mode: monitor.txt, …
    std::string_view ext;  // batch mode: reports/<patient><ext>
    std::string (*render)(monitor_report const &, monitoring_definitions const &);
};

// The formats chosen with --format, in the order given (default: text, or all three with -o).
// Throws usage_error for an unknown one or several without -o.
std::vector<output_format> chosen_formats(monitor_config const & cfg);

// The mutation database (drug codes and classes) and the monitoring definitions.
struct knowledge
{
    knowledge(monitor_config const & cfg, reference_set const * refs);

    mutation_db db;
    std::vector<std::string> codes;
    monitoring_definitions defs;
};

// A report for the timeline: tool and database named, treatment context derived; not yet classified.
monitor_report new_report(timeline t, knowledge const & k);

// Classify the report's timeline and assess the gate (with its genotypic result, if any).
void classify_report(monitor_report & rep, knowledge const & k);

} // namespace hbvdr::monitor_run
