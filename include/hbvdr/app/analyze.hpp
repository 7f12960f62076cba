#pragma once

//!\file
//!\brief `hbvdr analyze`: a whole run from input files to the output directory.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/mutdb/mutdb.hpp>
#include <hbvdr/ngs/ngs.hpp>
#include <hbvdr/report/json_report.hpp>

namespace hbvdr
{

//!\brief What `--report` prints on standard output instead of the summary table.
enum class stdout_report
{
    none,
    text,
    html
};

struct analyze_config
{
    //! FASTA files (plain/gzip) or "-" for standard input; SAM/BAM/CRAM files and FASTQ files (one
    //! sample each; two adjacent files named `x_R1...`/`x_R2...` or `x_1.fq`/`x_2.fq` form one pair);
    //! directories (their files with a sequence or read extension, sorted by name).
    std::vector<std::string> inputs;
    std::filesystem::path sample_sheet; //!< Sample sheet (after the inputs), optional.
    std::filesystem::path out_dir;      //!< Created if missing; empty = no files (only with --report).
    //! Analyse only samples first..last (1-based, in run order; names and file names are still
    //! assigned over all samples, so chunks of one run aggregate to the single run).
    std::optional<std::pair<std::size_t, std::size_t>> records;
    bool reports_text{true};                   //!< reports/<sample>.txt per sample.
    bool reports_html{true};                   //!< reports/<sample>.html per sample, and index.html.
    bool multiqc{true};                        //!< MultiQC custom-content files.
    stdout_report report{stdout_report::none}; //!< Print each sample's report on standard output.
    bool resume{false}; //!< Reuse complete samples of an earlier --resume run; keep them for the next.
    unsigned threads{1};
    std::filesystem::path data_dir;     //!< Reference data directory (see resolve_data_dir).
    std::filesystem::path db_dir;       //!< Mutation database release (see resolve_db_dir).
    std::string history;                //!< Treatment history "LAM,ADV" (drug codes, in order).
    std::optional<bool> hbeag_positive; //!< HBeAg status, if known.
    std::string rule_set;               //!< --rules: rule set of the database to report (empty: its primary set).
    align_mode mode{align_mode::anchored};
    json_options json{};
    bool quiet{false};        //!< No progress or closing line on the log stream.
    bool print_summary{true}; //!< Readable per-sample lines on the output stream.
    ngs_options ngs{};        //!< Thresholds and options of the read path.
};

//!\brief Counts of a finished run.
struct run_totals
{
    std::size_t samples{0}, ok{0}, warning{0}, error{0};
    std::size_t reused{0}; //!< --resume: samples taken from the earlier run.
    double seconds{0.0};
};

/*!\brief Analyse every sample of a run and write into cfg.out_dir (a run_directory: locked, all
 * files in place only when every one is complete, the previous run's other files removed): summary.tsv,
 * calls.tsv, mutations.tsv, drugs.tsv, cohort.tsv, results.json, the MultiQC files, reports/<sample>.txt|.html
 * and index.html; with NGS inputs also linkage.tsv and consensus.fasta. Samples come out in input
 * order whatever the thread count. A bad record, file or sample-sheet row becomes an error row;
 * missing input files, an unreadable sample sheet, reference data or database, unwritable
 * outputs and an output directory another run holds throw (input_error, data_error, output_error).
 */
run_totals run_analyze(analyze_config const & cfg, std::ostream & out, std::ostream & log);

} // namespace hbvdr
