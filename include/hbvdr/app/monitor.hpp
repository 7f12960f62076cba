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

} // namespace hbvdr
