#pragma once

//!\file
//!\brief Private to app: the output set of one `hbvdr analyze` run in its output directory: the
//! run-wide files opened with their headers, each sample's rows appended in output order, each
//! sample's own reports and --resume part, and at the end the cohort, the index and commit.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/run_directory.hpp>
#include <hbvdr/io/atomic_file.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/report_options.hpp>

#include "resume_part.hpp"

namespace hbvdr::detail
{

//!\brief The files of a run (see run_analyze()).
class run_outputs
{
public:
    /*!\brief Take the output directory cfg.out_dir for the run (a run_directory: locked, every
     * file in place only when all are complete) and open the run-wide files with their headers:
     * summary.tsv, calls.tsv, mutations.tsv, drugs.tsv and results.json (its run header `meta`);
     * with `has_ngs` also linkage.tsv and consensus.fasta; with cfg.multiqc the two MultiQC tables.
     * \param drug_codes The drug columns. \param db_label Names the database in the MultiQC files.
     */
    run_outputs(analyze_config const & cfg,
                run_metadata const & meta,
                std::vector<std::string> const & drug_codes,
                std::string const & db_label,
                bool has_ngs);

    //!\brief A sample's own files, relative to the output directory (reports/<stem>.txt and .html,
    //! as the run writes them).
    std::vector<std::string> sample_files(std::string const & stem) const;
    //!\brief Whether every own file of the sample is kept from an earlier --resume run.
    bool has_sample_files(std::string const & stem) const;
    //!\brief The --resume part file of a sample (.hbvdr-resume/<stem>.part).
    std::filesystem::path part_file(std::string const & stem) const;

    //!\brief Write a sample's own reports (thread-safe).
    //!\returns Its row of index.html when the run writes HTML reports.
    std::optional<index_row>
    write_reports(sample_report const & rep, std::string const & stem, report_options const & ropts) const;
    //!\brief Write a sample's --resume part (thread-safe), after its other files: its presence
    //! means every file of the sample is complete.
    void write_part(std::string const & stem, std::string const & text) const;

    //!\brief Append a sample's rows to the run-wide files and record its own files (in output
    //! order; not thread-safe).
    void add(fragments const & f);
    //!\brief Keep a sample's row of index.html (in output order).
    void add(index_row row);
    //!\brief Count a sample in the cohort.
    void add(cohort_sample const & c);

    /*!\brief End results.json, write cohort.tsv (and with MultiQC its two cohort files) and
     * index.html, then put every file in place.
     * \returns Warnings of the output directory (run_directory::commit()).
     */
    std::vector<std::string> finish(report_options const & ropts);

private:
    run_directory m_dir;
    bool m_text, m_html, m_multiqc;
    atomic_output_file *m_summary{nullptr}, *m_calls{nullptr}, *m_mutations{nullptr}, *m_drugs{nullptr},
        *m_json{nullptr}, *m_linkage{nullptr}, *m_consensus{nullptr}, *m_mqc_stats{nullptr}, *m_mqc_table{nullptr};
    bool m_first_json{true};
    std::vector<index_row> m_index;
    cohort_counts m_cohort;
};

} // namespace hbvdr::detail
