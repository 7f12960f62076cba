#pragma once

//!\file
//!\brief The clinician report of one sample as plain text that fits an 80-column terminal.
//!
//! Usage (one file or one stdout block per sample; the caller chooses names and writes atomically):
//! \code
//! report_options opts = report_options_for(db);          // db label, resistance positions, citations
//! opts.tool_version = std::string{tool_version()};
//! std::string const text = text_report(sample, opts);    // sample: a finished sample_report
//! \endcode

#include <string>

#include <hbvdr/report/model.hpp>
#include <hbvdr/report/report_options.hpp>

namespace hbvdr
{

/*!\brief Render the text report of one sample.
 *
 * Sections in the order clinicians read them: header (sample, input, region covered as rt codons,
 * genotype with distance, database, tool version), sequence quality (NOTE / WARNING / SEVERE /
 * CRITICAL), RT mutations with their HBsAg consequence (`rtM204V (sI195M)`), HBsAg findings
 * (truncating stops, vaccine escape, ...), drug susceptibility, drugs remaining effective, guideline
 * options (decision support, with their source), cautions, comments, minority resistance (NGS) and
 * the decision-support disclaimer. A sample with status error gives a short report with the reason.
 *
 * Every line is at most `opts.text_width` columns (long words such as file names are broken), ends
 * with '\n', and control characters from the input are shown as '?'. The same input gives the same
 * bytes: nothing depends on time, host, locale or path. Never throws except std::bad_alloc.
 */
std::string text_report(sample_report const & sample, report_options const & opts);

} // namespace hbvdr
