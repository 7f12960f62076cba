#pragma once

//!\file
//!\brief `hbvdr monitor` reports: text, JSON and a self-contained HTML page with an inline-SVG plot.
//!
//! All three are deterministic (no timestamps, host names or absolute paths) and name the monitoring
//! definitions by file and sha256. Regimens are numbered from 1 in every report; dates are ISO.
//! JSON layout (schema monitor_json_schema_version, fixed key order): schema_version, tool,
//! definitions, mutation_db, patient, treatment_context, regimens, events, time_points,
//! classifications, first_line_checks, gate, next_steps, genotypic_result, notes, sources,
//! disclaimer (documented in docs/monitor.md).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <hbvdr/monitor/classify.hpp>

namespace hbvdr
{

inline constexpr std::string_view monitor_json_schema_version = "1.0.0";

//!\brief Everything a monitoring report shows.
struct monitor_report
{
    std::string tool_version;
    std::string db_label, db_manifest_sha256; //!< The mutation database used for drug classes and the genotype.
    timeline patient;
    treatment_context context; //!< Derived from the timeline (history, latest HBeAg).
    monitor_result result;
    gate_assessment gate;
    std::optional<genotypic_result> genotype;
    std::vector<std::string> notes;
};

std::string monitor_text(monitor_report const & r, monitoring_definitions const & defs);
std::string monitor_json(monitor_report const & r, monitoring_definitions const & defs);
//!\brief One HTML page: inline CSS and SVG only (no scripts, no external resources); input text escaped.
std::string monitor_html(monitor_report const & r, monitoring_definitions const & defs);

} // namespace hbvdr
