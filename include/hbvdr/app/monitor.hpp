#pragma once

//!\file
//!\brief `hbvdr monitor`: a patient's timeline classified against the monitoring definitions, with
//! the genotypic result of a sequence (analysed in the same run) or of an `hbvdr analyze` output.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/monitor/report.hpp>

namespace hbvdr
{

struct monitor_config
{
    std::string timeline;    //!< Timeline TSV (see hbvdr/monitor/timeline.hpp).
    std::string sequence;    //!< FASTA to analyse (optional).
    std::string results_dir; //!< `hbvdr analyze` output directory (optional; excludes `sequence`).
    std::string sample;      //!< Sample in results.json, or record of the FASTA.
    std::optional<std::filesystem::path>
        out_dir;                      //!< Write monitor.txt/.json/.html here; else one format to the output stream.
    std::vector<std::string> formats; //!< text, json, html; empty = text to the stream, or all three into out_dir.
    std::filesystem::path data_dir;   //!< Reference data (monitoring definitions in data_dir/monitoring).
    std::filesystem::path db_dir;     //!< Mutation database release.
    align_mode mode{align_mode::anchored};
    bool quiet{false}; //!< No closing line on the log stream.
};

/*!\brief Run `hbvdr monitor` and return the report written.
 * \throws usage_error for contradictory options, input_error for a bad timeline, sequence or
 *         results.json (the message names file and line or field), data_error for missing or
 *         changed definitions/database, output_error if a report cannot be written. Nothing is
 *         written when an error is thrown.
 */
monitor_report run_monitor(monitor_config const & cfg, std::ostream & out, std::ostream & log);

/*!\brief True if `path` is batch input: a directory (of timelines) or a file whose header has a
 * `patient` column (a cohort file, hbvdr/monitor/cohort.hpp). Anything else is one timeline.
 */
bool is_monitor_batch_input(std::filesystem::path const & path);

//!\brief Patients of a batch: classified, or error rows.
struct monitor_batch_totals
{
    std::size_t ok{0}, error{0};
};

/*!\brief Run `hbvdr monitor` over a directory of timelines or a cohort file (`cfg.timeline`).
 *
 * A directory stands for its `*.tsv` files (not hidden ones), in file-name order, one patient each;
 * a cohort file's patients come in the order of their first row. Into `cfg.out_dir` (required; the
 * run owns it as `analyze -o` does: locked, every file in place only when all are complete):
 * `reports/<patient>.txt|.json|.html` (the `cfg.formats` chosen, default all three; file names made
 * safe and unique from the patient ids), `monitor-summary.tsv` and the batch `monitor.json`
 * (hbvdr/monitor/batch_report.hpp). A timeline that cannot be read or parsed is that patient's error
 * row (a warning on `log`); the others complete.
 * \throws usage_error without an output directory or with genotypic input (--sequence, --results,
 *         --sample: one patient's), input_error if the directory cannot be read or holds no
 *         timeline, or the cohort file is malformed as a whole (header, directives, no rows),
 *         data_error / output_error as run_monitor().
 */
monitor_batch_totals run_monitor_batch(monitor_config const & cfg, std::ostream & log);

} // namespace hbvdr
