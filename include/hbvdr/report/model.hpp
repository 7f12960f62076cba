#pragma once

//!\file
//!\brief The report model: everything known about one sample, as every writer receives it.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <hbvdr/calls/calls.hpp>
#include <hbvdr/genotype/genotype.hpp>
#include <hbvdr/interpret/interpret.hpp>
#include <hbvdr/ngs/result.hpp>
#include <hbvdr/qc/qc.hpp>

namespace hbvdr
{

//!\brief Outcome of a sample in summary.tsv: ok, warning (analysed, QC warning or fail), error (not analysed).
enum class sample_status
{
    ok,
    warning,
    error
};
std::string_view to_string(sample_status s) noexcept;

//!\brief One sample's results.
struct sample_report
{
    std::string name;          //!< Unique within the run (duplicates get "~2", "~3").
    std::string original_name; //!< As in the input file.
    std::string input_file;    //!< Input as displayed (file name, or "-" for standard input).
    std::size_t record{0};     //!< 1-based record number in the input file.
    sample_status status{sample_status::error};
    std::string error;                       //!< Why the sample could not be analysed.
    std::vector<std::string> input_warnings; //!< e.g. "duplicate name renamed".

    bool analysed{false}; //!< False when status == error: nothing below is meaningful.
    bool reverse_complemented{false};
    bool circularized{false};
    std::string align_method;
    std::size_t sequence_length{0};
    std::string rt_bases; //!< rt1..rt344 sample bases on reference coordinates ('-' deleted, '.' not covered).
    genotype_call genotype;
    call_table calls;
    std::vector<mutation_row> mutations;
    qc_result qc;
    bool interpreted{false}; //!< A mutation database was applied.
    interpretation interp;
    treatment_context context;     //!< Treatment history / HBeAg used for salvage options.
    std::optional<ngs_result> ngs; //!< Set for samples read from SAM/BAM/CRAM or FASTQ.
    //! Per-sample report files written for this sample: kind ("text", "html") -> path relative
    //! to the output directory ("reports/S1.html").
    std::vector<std::pair<std::string, std::string>> report_files;
};

} // namespace hbvdr
