#pragma once

//!\file
//!\brief A cohort file (`hbvdr monitor` batch input): the timelines of several patients in one TSV
//! with a `patient` column.
//!
//! Format: a timeline (hbvdr/monitor/timeline.hpp) whose header also has a `patient` column and,
//! optionally, `genotype` and `prior_history` columns (the per-patient forms of the #genotype= and
//! #prior_history= directives: given on any of the patient's rows, the same wherever given).
//! Directive lines (#patient=, #genotype=, #prior_history=) are refused: they would apply to every
//! patient. Each patient's rows keep the file's line numbers, so every message names the file and line.
//! Patients come in the order of their first row; a patient's rows need not be adjacent.

#include <string>
#include <string_view>
#include <vector>

#include <hbvdr/monitor/timeline.hpp>

namespace hbvdr
{

//!\brief One patient of a cohort file.
struct cohort_patient
{
    std::string id;            //!< The patient cell; "unnamed_line<N>" for a row whose cell is empty.
    std::size_t first_line{0}; //!< Line of the patient's first row.
    std::string error;         //!< Set when the rows cannot make a timeline (`<file>:<line>: <what>`).
    //!\brief The patient's timeline as numbered lines: #patient=/#genotype=/#prior_history= directives,
    //! the header and the rows, without the cohort columns (for parse_timeline_lines()).
    std::vector<std::pair<std::size_t, std::string>> lines;

    std::vector<timeline_line> numbered_lines() const;
};

//!\brief True if the header line (the first line neither blank nor starting with '#') has a `patient` column.
bool has_patient_column(std::string_view text);

/*!\brief Split a cohort file into its patients' timelines.
 * \param name The file as shown in messages.
 * \throws input_error (`<name>:<line>: …`) for what concerns the whole file: a directive line, no
 *         header, an unknown or repeated column, no `patient` or `date` column, no rows. A problem
 *         of one patient's rows (an empty patient cell, too many fields, two genotypes) is that
 *         patient's `error`; the timeline parser finds the rest when each patient is parsed.
 */
std::vector<cohort_patient> split_cohort(std::string_view text, std::string const & name);

} // namespace hbvdr
