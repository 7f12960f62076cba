#pragma once

//!\file
//!\brief The genotypic result shown beside a monitoring classification: from a sample analysed in
//! the same run, or read back from an `hbvdr analyze` results.json.

#include <filesystem>
#include <string>

#include <hbvdr/monitor/classify.hpp>
#include <hbvdr/report/model.hpp>

namespace hbvdr
{

//!\brief Summarise an analysed sample (interpreted with a mutation database). `origin` is shown as is.
genotypic_result genotypic_from_report(sample_report const & s, std::string const & origin);

/*!\brief Read sample `sample` of `dir`/results.json (written by `hbvdr analyze`).
 * \param display_dir The directory as shown in messages and reports.
 * \throws input_error if the file is missing or not valid JSON, its schema version is not 1.x, the
 *         sample is absent (the message lists the samples present), was not analysed, has no
 *         interpretation, or a field has the wrong type (the message names the field).
 */
genotypic_result
genotypic_from_results(std::filesystem::path const & dir, std::string const & display_dir, std::string const & sample);

//!\brief A note when the history/HBeAg used for the genotypic interpretation differs from the timeline's
//! (salvage options and cautions depend on them); empty if they agree.
std::string context_mismatch(genotypic_result const & g, treatment_context const & timeline_ctx);

} // namespace hbvdr
