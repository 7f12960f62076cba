#pragma once

//!\file
//!\brief Analysis of one consensus sequence: validate, align, genotype, translate, call, QC.

#include <optional>
#include <string>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/genotype/genotype.hpp>
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
    mutation_db const * db{nullptr}; //!< Interpretation is skipped without a database.
    treatment_context context{};     //!< Default treatment context (a sample may bring its own).
    double minority_below{0.2};
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

/*!\brief The common end of every sample (consensus or reads): attach the treatment context,
 * interpret with the database (if any), relax QC gaps no drug call depends on, set the status.
 */
void finish_report(sample_report & rep, treatment_context context, analysis_context const & ctx);

//!\brief Validate and normalise a raw sequence (upper case, U->T, gaps removed).
//!\returns An empty string on success, else the reason (with the 1-based position of the first bad character).
std::string normalise_sequence(std::string const & raw, std::string & out);

} // namespace hbvdr
