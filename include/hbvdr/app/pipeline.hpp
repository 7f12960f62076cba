#pragma once

//!\file
//!\brief The per-sample pipeline, one for consensus sequences and reads: place the sample, genotype
//! it, call against the genotype's reference, QC, interpret, status.

#include <optional>
#include <string>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/genotype/genotype.hpp>
#include <hbvdr/ngs/ngs.hpp>
#include <hbvdr/qc/qc.hpp>
#include <hbvdr/report/model.hpp>

namespace hbvdr
{

//!\brief Read-only state shared by all samples of a run (thread-safe).
struct analysis_context
{
    reference_set const & refs;
    aligner const & align;
    align_mode mode{align_mode::anchored};
    genotype_options genotyping{};
    qc_options quality{};
    mutation_db const * db{nullptr};               //!< Interpretation is skipped without a database.
    treatment_context context{};                   //!< Default treatment context (a sample may bring its own).
    double minority_below{default_minority_below}; //!< NGS minority cut-off (interpret_options).
    std::string rule_set{}; //!< --rules: rule set whose levels are reported (empty: the primary one).
};

//!\brief A sequence to analyse, with where it came from.
struct sample_input
{
    std::string name;
    std::string original_name;
    std::string input_file;
    std::size_t record{0}; //!< 1-based.
    std::string sequence;  //!< As read (validated here).
    std::vector<std::string> input_warnings;
    std::optional<treatment_context> context; //!< Overrides the run's context (sample sheets).
    std::string problem; //!< Set by the reader (e.g. a '>' inside a sequence line): an error row with it.
};

/*!\brief Analyse one consensus sequence. Never throws for a bad sample: problems (the reader's,
 * invalid characters, empty, not HBV, no RT codon covered) come back as status error with a reason.
 */
sample_report analyze_sequence(sample_input input, analysis_context const & ctx);

//!\brief An NGS sample to analyse: its reads, and the treatment context a sample sheet gives it.
struct reads_input : ngs_input
{
    std::optional<treatment_context> context; //!< Overrides the run's context (sample sheets).
};

/*!\brief Analyse one NGS sample (SAM/BAM/CRAM, FASTQ or a FASTQ pair): count the reads, call
 * against the genotype's reference, QC, interpret. Never throws for a bad sample: unreadable,
 * truncated or unplaceable inputs, and reads giving no whole RT codon, come back as status error
 * with the reason.
 */
sample_report analyze_reads(reads_input const & input, analysis_context const & ctx, ngs_options const & opts);

//!\brief Validate and normalise a raw sequence (upper case, U->T, gaps removed).
//!\returns An empty string on success, else the reason (with the 1-based position of the first bad character).
std::string normalise_sequence(std::string const & raw, std::string & out);

} // namespace hbvdr
