#pragma once

// Private to src/app: what one sample contributes to every output of `hbvdr analyze`, and the
// `--resume` cache: the part file that stores it (.hbvdr-resume/<stem>.part), the keys that say
// whether a part is the sample's, and reading a sample back from its part.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/model.hpp>

namespace hbvdr
{

//!\brief One sample's piece of every output, as written (also what --resume stores per sample).
struct fragments
{
    std::string summary, calls, mutations, drugs, linkage, consensus, mqc_stats, mqc_table, console, json;
    sample_status status{sample_status::error};
    bool reused{false};             //!< Taken from an earlier --resume run (not stored).
    std::vector<std::string> files; //!< The sample's own files, relative to the output directory (not stored).
};

/*!\brief The part file of a sample: `hbvdr-part<TAB>2<TAB>KEY<TAB>SHA256`, then the status and
 * each text field as its byte length on a line followed by its bytes. SHA256 is that of everything
 * after the first line, so that an edited or damaged part is never taken for the sample's result.
 * \param key Identifies the sample's inputs and the run's settings (a part is reused only for the same key).
 */
std::string serialise(fragments const & f, std::string const & key);

enum class part_state
{
    usable,
    other,  //!< Another sample, other settings or another format: redone quietly.
    damaged //!< Ours, but its content does not match its checksum or is malformed: redone with a warning.
};

//!\brief Read a part file: usable only if complete, well-formed, made for `key` and matching its checksum.
std::pair<part_state, fragments> deserialise(std::string const & text, std::string const & key);

//!\brief What --resume takes from an earlier run for one sample: its fragments, and its index row
//! and cohort part read back from its JSON (as `hbvdr aggregate` reads them).
struct cached_sample
{
    fragments f;
    index_row row;
    cohort_sample cohort;
};

//!\brief Everything that decides a sample's outputs besides the sample itself: tool, reference and
//! database versions, the run's parameters (`meta`) and which outputs the run writes (`cfg`).
std::string resume_settings_key(run_metadata const & meta, analyze_config const & cfg);

//!\brief The key of a sample's part file: the run's settings, the sample's place in the run, its
//! file stem and what it holds (`content`: sequence_content_key() or reads_content_key()).
std::string resume_sample_key(std::string const & settings_key,
                              std::size_t index_in_run,
                              std::string const & stem,
                              std::string const & content);

//!\brief What a consensus sample holds: where it came from, its name, sequence and reader problem;
//! with `with_context` also its own treatment context (a sample-sheet row's history and HBeAg).
std::string sequence_content_key(sample_input const & s, bool with_context);

//!\brief What a read sample holds: each file's path, size and modification time (not its content).
std::string reads_content_key(std::vector<std::string> const & paths);

/*!\brief The sample of part file `part` if it is usable for `key` and reads back as the index and
 * the cohort read it. A part of another sample or other settings is skipped quietly; a damaged one
 * or one whose JSON does not read back is skipped with a warning on `log` ("the sample is analysed again").
 */
std::optional<cached_sample> read_cached_sample(std::filesystem::path const & part,
                                                std::string const & key,
                                                double minority_below,
                                                std::ostream & log);

} // namespace hbvdr
