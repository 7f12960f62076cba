#pragma once

//!\file
//!\brief `hbvdr monitor` in batch: the cohort table (monitor-summary.tsv) and the batch index
//! (monitor.json), one row/entry per patient in input order, an error row for a timeline that could
//! not be read.
//!
//! monitor-summary.tsv columns: patient, timeline, status (ok/error), gate (none, virological,
//! genotypic, biochemical_clinical; empty for an error), classifications_met and
//! classifications_possible (rule ids, comma-separated, each once, in report order),
//! first_line_warnings (FL-… ids, comma-separated), reports (the patient's files, comma-separated),
//! error (the message, file and line). The batch monitor.json (schema_version
//! monitor_json_schema_version, fixed key order): schema_version, tool, batch, definitions,
//! mutation_db, patients (the same fields, the reports by format), disclaimer; each patient's full
//! report is reports/<file>.json, the single-patient document.

#include <string>
#include <utility>
#include <vector>

#include <hbvdr/monitor/report.hpp>

namespace hbvdr
{

//!\brief One patient of a batch: the figures of its report, or its error.
struct monitor_batch_entry
{
    std::string patient;
    std::string timeline; //!< The file as displayed (the cohort file for all its patients).
    bool ok{false};
    std::string error; //!< Why the timeline could not be classified (error rows).
    std::string gate;  //!< to_string(resistance_gate); empty for an error row.
    std::vector<std::string> met, possible, warnings;
    std::vector<std::pair<std::string, std::string>> reports; //!< (format, path relative to the output directory)
};

//!\brief The batch as a whole: what was read and with which knowledge.
struct monitor_batch_info
{
    std::string input; //!< The directory or cohort file as displayed.
    std::string kind;  //!< "directory" or "patient_column".
    std::string tool_version, db_label, db_manifest_sha256;
};

//!\brief An ok row from a report (patient, gate, classifications met/possible, first-line warnings).
monitor_batch_entry summarise(monitor_report const & r);

std::string monitor_batch_tsv(std::vector<monitor_batch_entry> const & entries);
std::string monitor_batch_json(monitor_batch_info const & info,
                               std::vector<monitor_batch_entry> const & entries,
                               monitoring_definitions const & defs);

} // namespace hbvdr
