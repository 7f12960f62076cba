#pragma once

//!\file
//!\brief Private to app: where the samples of `hbvdr analyze` come from. Command-line inputs
//! (directories expanded, kinds detected from content, adjacent FASTQ R1/R2 paired) and
//! sample-sheet rows become sources; sources become jobs, each with a unique sample name, its
//! place in the run and its file stem.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/file_names.hpp>
#include <hbvdr/app/sample_sheet.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/ngs/ngs.hpp>

#include "job.hpp"

namespace hbvdr::detail
{

//!\brief One input of the run: a file (or FASTQ pair) from the command line or a sample-sheet row.
struct source
{
    //!\brief What the input gives.
    enum class type
    {
        fasta, //!< Every record is a sample (one record when named by a sample sheet).
        reads, //!< One NGS sample.
        failed //!< Cannot be read: one error row.
    };
    type t{type::fasta};
    std::vector<std::string> paths;           //!< One file, or R1 and R2 of a FASTQ pair.
    input_kind kind{input_kind::fasta};       //!< Detected from content.
    std::string error;                        //!< Why it cannot be read (type::failed).
    std::optional<std::string> sheet_name;    //!< The sample sheet names the sample.
    std::optional<treatment_context> context; //!< The sample sheet's history / HBeAg.
    std::string where;                        //!< "sheet.tsv:5" for messages.
};

//!\brief Command-line inputs with directories replaced by their sequence/read files (sorted by
//! name). Throws input_error for an input that does not exist or a directory without such files.
std::vector<std::string> expand_inputs(std::vector<std::string> const & inputs);

/*!\brief The sources of a run in run order: the (expanded) command-line inputs, their kinds
 * detected from content and adjacent FASTQ R1/R2 forming a pair, then the rows of `sheet` (if
 * any; its history and HBeAg, else those of `cfg`). An input that cannot be read is a failed source.
 */
std::vector<source> collect_sources(std::vector<std::string> const & inputs,
                                    std::optional<sample_sheet> const & sheet,
                                    analyze_config const & cfg,
                                    mutation_db const & db);

//!\brief Hands out sample names (unique in the run), places in the run and file stems.
class sample_namer
{
public:
    /*!\param stems Assign file stems (only when samples get files of their own, or with --resume).
     * \param records --records: the samples (first..last, 1-based) that are analysed.
     */
    sample_namer(bool stems, std::optional<std::pair<std::size_t, std::size_t>> records);

    //!\brief `name`, or if an earlier sample took it `name~2`, `name~3`, … with a warning in
    //! `warnings` naming `where` the sample came from.
    std::string unique(std::string name, std::string const & where, std::vector<std::string> & warnings);

    //!\brief Give `j` its place in the run and its stem (from `name_for_stem`); every sample gets
    //! them, so the chunks of a workflow name everything as one run would.
    //!\returns Whether the sample is analysed (inside --records).
    bool place(job & j, std::string const & name_for_stem);

private:
    std::unordered_map<std::string, std::size_t> m_seen;
    file_stem_registry m_stems;
    std::size_t m_index{0};
    bool m_assign_stems;
    std::optional<std::pair<std::size_t, std::size_t>> m_records;
};

//!\brief Bytes of the run's inputs read so far, for the progress display.
struct read_progress
{
    std::uint64_t before{0};  //!< Of the sources done.
    std::uint64_t current{0}; //!< Of the source being read.
};

//!\brief Takes each sample to analyse (inside --records), in run order, with its input warnings
//! and what it holds for --resume (resume_part.hpp: sequence_content_key(), reads_content_key()).
using job_handler = std::function<void(job &&, std::vector<std::string> const & warnings, std::string content)>;

/*!\brief Turn the sources into jobs, in run order: a read source is one sample, every record of a
 * FASTA file is one (of a sample-sheet row: its one record), an input that cannot be read is an
 * error row. A FASTA file that cannot be read further is logged as an error on `log` and ends with
 * an error row. `progress` follows the bytes read.
 */
void make_jobs(std::vector<source> const & sources,
               sample_namer & namer,
               read_progress & progress,
               std::ostream & log,
               job_handler const & handle);

} // namespace hbvdr::detail
