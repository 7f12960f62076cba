#pragma once

//!\file
//!\brief A patient's treatment timeline (`hbvdr monitor` input): laboratory values and regimen events.
//!
//! Format (tab-separated, UTF-8, one patient per file; docs/monitor.md has examples):
//!
//!   #patient=P001            optional directives before the header: patient id (default: the file
//!   #genotype=D              name without extension), HBV genotype A-J (peginterferon rules),
//!   #prior_history=LAM,ADV   drugs taken before the timeline starts (in order).
//!   # free text              any other line starting with '#' is a comment
//!   date  hbv_dna  dna_lloq  alt  alt_uln  hbeag  hbsag  event  drug  note
//!
//! The header names the columns (any order, any subset, `date` required; unknown names are errors).
//! One row per date with a measurement, an event or both; dates ISO `YYYY-MM-DD`, non-decreasing.
//! - hbv_dna: IU/mL. A number (`2.3e7`, `15000`); `<N` = below the assay's limit N (detection not
//!   stated); `undetectable` (or `TND`, `not detected`) = target not detected; `detected` (or
//!   `detected<N`) = detected below the limit of quantification. The limit comes from `<N`, else
//!   from dna_lloq on the row, else from the last dna_lloq given above (carried forward).
//! - dna_lloq: the assay's lower limit of quantification, IU/mL (> 0).
//! - alt, alt_uln: U/L; ALT needs its upper limit of normal (on the row or carried forward).
//! - hbeag: positive / negative (also pos, neg, +, -).
//! - hbsag: quantitative HBsAg, IU/mL (a number, or `<N`).
//! - event + drug: `start` drugs (none of them active), `add` drugs to an active regimen, `stop`
//!   active drugs (`all` stops everything), `switch` = stop every active drug and start these.
//!   drug: database codes (LAM, LdT, ETV, ADV, TDF, TAF, PEG, FTC; case-insensitive), several
//!   joined by `+` or `,`. A measurement dated like an event was taken before the event.
//! - note: free text (kept, shown escaped in reports).
//!
//! Every problem throws input_error as `<file>:<line>: <what> (<how to fix>)`.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hbvdr
{

//!\brief A calendar date (proleptic Gregorian).
struct calendar_date
{
    int year{1970}, month{1}, day{1};

    //!\brief Parse `YYYY-MM-DD` (a real calendar date, years 1900-2999); nullopt otherwise.
    static std::optional<calendar_date> parse(std::string_view text) noexcept;
    //!\brief Days since 1970-01-01.
    long days() const noexcept;
    std::string iso() const;
    friend bool operator==(calendar_date const &, calendar_date const &) = default;
    friend auto operator<=>(calendar_date const &, calendar_date const &) = default;
};

//!\brief How a laboratory value was reported.
enum class lab_state : std::uint8_t
{
    quantified,     //!< A number.
    below_limit,    //!< `<N`: below the limit N, detection not stated.
    detected_below, //!< Detected, below the limit of quantification N.
    not_detected    //!< Target not detected (assay limit N).
};

//!\brief A quantitative result: the number, or the assay limit for a censored one.
struct lab_value
{
    lab_state state{lab_state::quantified};
    double value{0.0}; //!< IU/mL: the result, or the limit when censored.

    bool censored() const noexcept
    {
        return state != lab_state::quantified;
    }
    //!\brief Quantified, or detected below the limit.
    bool detectable() const noexcept
    {
        return state == lab_state::quantified || state == lab_state::detected_below;
    }
    //!\brief log10 of the value (of the limit when censored: an upper bound). Values below 1 IU/mL count as 1.
    double log10() const noexcept;
    //!\brief "2.3e+07", "<20", "undetectable (<20)", "detected (<20)".
    std::string text() const;
};

enum class regimen_event : std::uint8_t
{
    none,
    start,
    add,
    stop,
    switch_to
};
std::string_view to_string(regimen_event e) noexcept;

//!\brief One row of the timeline.
struct timeline_row
{
    std::size_t line{0};
    calendar_date date;
    std::optional<lab_value> hbv_dna;
    std::optional<double> alt;
    std::optional<double> alt_uln; //!< Set whenever alt is (carried forward if not on the row).
    std::optional<bool> hbeag_positive;
    std::optional<lab_value> hbsag;
    regimen_event event{regimen_event::none};
    std::vector<std::string> drugs; //!< Database spelling; empty for `stop all`.
    bool stop_all{false};
    std::string note;
};

//!\brief A parsed, validated timeline.
struct timeline
{
    std::string patient;
    std::string source;                     //!< File as displayed (no absolute path).
    std::optional<char> genotype;           //!< From #genotype.
    std::vector<std::string> prior_history; //!< From #prior_history.
    std::vector<timeline_row> rows;         //!< Date order (file order within a date).
};

//!\brief The column names a timeline's header may use (date, hbv_dna, ..., note), in documentation order.
std::vector<std::string_view> timeline_column_names();

/*!\brief Parse a timeline.
 * \param name Shown in messages and reports (e.g. the file name).
 * \param known_drugs Drug codes of the mutation database; other codes are errors.
 * \throws input_error with `name:line:` for every malformed row, unsorted date, bad value, unknown
 *         drug or impossible event (starting an active drug, stopping one not taken, ...).
 */
timeline parse_timeline(std::string_view text, std::string const & name, std::vector<std::string> const & known_drugs);

//!\brief One line of a timeline's text with its 1-based line number in the file it comes from.
struct timeline_line
{
    std::size_t number{0};
    std::string_view text; //!< Without the line break (a trailing CR is ignored).
};

/*!\brief Parse a timeline given as numbered lines (parse_timeline() numbers a text's lines from 1;
 * a patient's rows taken out of a cohort file keep the file's numbers, so messages name its lines).
 * \throws input_error as parse_timeline().
 */
timeline parse_timeline_lines(std::span<timeline_line const> lines,
                              std::string const & name,
                              std::vector<std::string> const & known_drugs);

//!\brief The id of a timeline's `#patient=` line (before the header), read without parsing the rest
//! (to name a timeline that does not parse); empty if there is none.
std::string declared_patient(std::string_view text);

//!\brief Read and parse a file; the patient id defaults to the file name without extension.
timeline read_timeline(std::filesystem::path const & path,
                       std::string const & display_name,
                       std::vector<std::string> const & known_drugs);

} // namespace hbvdr
