#pragma once

//!\file
//!\brief The clinician report of one sample as a self-contained HTML5 page, and the run's index page.
//!
//! Self-contained: inline CSS and inline SVG, no script, no font, image, style sheet or link that
//! would load anything; every text from the input (sample names, file names, messages) is
//! HTML-escaped. Deterministic bytes (no timestamps, host names or absolute paths).
//!
//! Usage (the caller chooses file names, sanitises them and writes atomically):
//! \code
//! report_options opts = report_options_for(db);
//! opts.tool_version = std::string{tool_version()};
//! file_stem_registry stems;                               // hbvdr/app/file_names.hpp
//! std::vector<index_row> rows;
//! for (sample_report const & s : samples)                 // streamed, in input order
//! {
//!     std::string const file = stems.assign(s.name) + ".html";
//!     write(out_dir / file, html_report(s, opts));       // e.g. atomic_output_file
//!     rows.push_back(make_index_row(s, file));          // small: no call table kept
//! }
//! write(out_dir / "index.html", html_index(rows, opts));
//! \endcode

#include <string>
#include <vector>

#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/report/cohort.hpp>
#include <hbvdr/report/model.hpp>
#include <hbvdr/report/report_options.hpp>

namespace hbvdr
{

/*!\brief Render one sample's HTML report: the content of text_report() (same sections and
 * wording), drug levels colour-coded and labelled in words, a print layout (A4), and an SVG map
 * of rt1-rt344: codons covered, gaps, deletions, insertions and frameshifts, the HBsAg frame,
 * resistance positions (marked when not sequenced) and the mutations found; for NGS samples also
 * the depth along the region (with the minimum depth) and the minority frequencies (with the
 * minority threshold). A sample with status error gives a short page with the reason.
 */
std::string html_report(sample_report const & sample, report_options const & opts);

//!\brief One drug level in the index.
struct index_drug
{
    std::string code; //!< "LAM".
    std::string name; //!< "lamivudine".
    drug_level level{drug_level::S};
};

//!\brief What the index keeps of a sample (a few strings, so a large run can collect every row).
struct index_row
{
    std::string sample;
    std::string input_file;
    std::size_t record{0};
    sample_status status{sample_status::error};
    std::string qc_status;               //!< "pass", "warning", "fail"; empty when not analysed.
    std::string genotype;                //!< As in summary.tsv's display: "C (2.1%)", "-" when not analysed.
    std::string rt_covered;              //!< "rt1-rt344", "" when not analysed.
    std::vector<index_drug> drugs;       //!< Database order; empty without interpretation.
    std::vector<std::string> resistance; //!< Resistance-associated RT mutations ("rtM204V", "rtM204V 8.3% (minority)").
    std::string error;                   //!< Why the sample was not analysed.
    std::string href;                    //!< Relative file name of the sample's page ("" = no link).
};

/*!\brief The index row of a sample. `href` is the sample page's file name relative to the index
 * (e.g. "reports/S1.html"); it is percent-encoded in the link. An absolute path or URL (a leading
 * '/' or '\\', or a scheme such as "http:") is refused: the row is then shown without a link.
 */
index_row make_index_row(sample_report const & sample, std::string href);

/*!\brief The same row from the sample's results.json entry (json_sample()): what `hbvdr analyze` and
 * `hbvdr aggregate` use, so that an aggregated run's index equals a single run's. `href` is taken
 * from the entry's "reports"."html" (no link if absent). Throws input_error naming `where` (the
 * file, and the sample in it) and the field if the text is not an hbvdr sample object: invalid
 * JSON, a missing field or one of the wrong type.
 */
index_row index_row_from_json(std::string_view sample_json, std::string const & where);
//!\brief The same from a parsed sample object; `fields` names the document in messages.
index_row index_row_from_json(nlohmann::json const & sample, json_fields const & fields);

/*!\brief The run's index page: counts by status, the cohort (if given: html_cohort_section()), then
 * one row per sample in the order given (status, QC status, genotype, RT covered, each drug's level
 * as a letter with its meaning in words, resistance mutations, and the link to the sample's page).
 * Drug columns are the union of the rows' drugs in first-seen order.
 */
std::string
html_index(std::vector<index_row> const & rows, report_options const & opts, cohort_counts const * cohort = nullptr);

//!\brief HTML-escape text for element content and quoted attribute values (& < > " '); control
//! characters become U+FFFD.
std::string html_escape(std::string_view text);

} // namespace hbvdr
