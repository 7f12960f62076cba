#pragma once

//!\file
//!\brief Virological-response classification of a treatment timeline, first-line checks, the
//! resistance "gate" reached and the next steps. Pure functions: no I/O.
//!
//! Conventions: weeks on a regimen are (date - regimen start) / 7 days. A regimen is a period with a
//! constant set of drugs; every change (start, add, stop, switch) opens a new one, and its week
//! count, baseline and nadir start afresh. A measurement taken on the date of an event belongs to
//! the period before the event. log10 values are of IU/mL; a censored value (`<N`, undetectable)
//! is taken at its limit N, an upper bound. Thresholds come from monitoring_definitions; each
//! comparison is made with a tolerance of 1e-9 so that "exactly 1 log10" is exact.

#include <optional>
#include <string>
#include <vector>

#include <hbvdr/interpret/interpret.hpp>
#include <hbvdr/monitor/definitions.hpp>
#include <hbvdr/monitor/timeline.hpp>

namespace hbvdr
{

class mutation_db;

//!\brief A dated value used by a regimen (baseline, nadir).
struct dated_value
{
    calendar_date date;
    lab_value value;
    std::size_t row{0}; //!< Index into timeline::rows.
};

//!\brief A period with a constant set of drugs.
struct regimen_period
{
    std::size_t index{0}; //!< 0-based, in time order.
    calendar_date start;
    std::optional<calendar_date> end; //!< Date of the next event; none if still active.
    std::vector<std::string> drugs;   //!< Database spelling, in the order started.
    bool nucleos_t_ide{false};        //!< Contains a nucleos(t)ide analogue.
    bool peginterferon{false};        //!< Contains an interferon.
    bool first_line{false};           //!< The first regimen with a nucleos(t)ide or interferon, and no #prior_history.
    std::size_t start_line{0};        //!< Timeline line of the opening event.
    std::optional<dated_value> baseline_dna, baseline_hbsag;
    std::optional<double> baseline_alt_ratio; //!< ALT / ULN.
    std::optional<bool> baseline_hbeag_positive;
    std::optional<dated_value> nadir; //!< Lowest on-treatment HBV DNA (first of equal lows).

    //!\brief "LAM+ADV".
    std::string label() const;
};

//!\brief What a classification is about.
enum class monitor_kind : std::uint8_t
{
    primary_non_response,
    partial_response,
    virological_breakthrough,
    rebound,
    biochemical_breakthrough,
    peg_stopping_rule,
    relapse
};
std::string_view to_string(monitor_kind k) noexcept;
//!\brief "primary non-response", "virological breakthrough", ...
std::string_view describe(monitor_kind k) noexcept;

enum class monitor_status : std::uint8_t
{
    met,           //!< The definition is fulfilled.
    possible,      //!< Fulfilled once, awaiting confirmation.
    not_confirmed, //!< A rise that the next sample did not confirm.
    not_met,       //!< Assessed and not fulfilled.
    not_assessable //!< Data missing (see detail).
};
std::string_view to_string(monitor_status s) noexcept;

//!\brief One evaluation of one definition for one regimen.
struct monitor_finding
{
    std::string rule; //!< Definition id in definitions.tsv ("VBT", "PNR-W24", ...).
    monitor_kind kind{monitor_kind::virological_breakthrough};
    monitor_status status{monitor_status::not_assessable};
    std::size_t regimen{0};
    std::optional<calendar_date> date; //!< The time point that decided (the first high sample for a breakthrough).
    std::optional<calendar_date> confirmed_on; //!< The sample that confirmed it.
    std::optional<std::size_t> row;            //!< Index into timeline::rows of `date`.
    std::optional<std::size_t> confirm_row;    //!< Index into timeline::rows of `confirmed_on`.
    double week{-1.0};                         //!< Weeks on the regimen at `date`; -1 if none.
    std::string detail;                        //!< Numbers behind the call.
    std::string evidence;                      //!< V, L or T (weakest of the definition's rows).
    std::vector<std::string> sources;          //!< Keys of sources.tsv.
};

//!\brief One HBV DNA / ALT time point with its reading.
struct time_point
{
    std::size_t row{0};                  //!< Index into timeline::rows.
    std::optional<std::size_t> regimen;  //!< On-treatment period, if any.
    double week{-1.0};                   //!< Weeks on that regimen; -1 off treatment.
    std::optional<double> nadir_log10;   //!< Nadir before this point on the regimen.
    std::optional<double> above_nadir;   //!< log10 above that nadir (HBV DNA rows).
    std::optional<double> from_baseline; //!< log10 change from the regimen baseline (negative = decline).
    std::optional<double> alt_ratio;     //!< ALT / ULN.
    std::vector<std::string> labels;     //!< "VBT met", "PNR-W12 not met", ...
};

//!\brief A regimen choice the guidelines advise against.
struct first_line_warning
{
    std::string rule; //!< FL-... id in definitions.tsv.
    std::size_t regimen{0};
    calendar_date date;
    std::size_t line{0}; //!< Timeline line of the event.
    std::string text;
    std::string evidence;
    std::vector<std::string> sources;
};

//!\brief The classification of a whole timeline.
struct monitor_result
{
    std::vector<regimen_period> regimens;
    std::vector<time_point> points;
    std::vector<monitor_finding> findings; //!< Regimen order, then definition order.
    std::vector<first_line_warning> warnings;
    std::optional<char> genotype; //!< Used by the peginterferon rules.
    std::string genotype_source;  //!< "timeline", "sequence" or empty.
};

/*!\brief Classify a timeline.
 * \param db Drug classes (nucleoside/nucleotide vs interferon) come from its drugs.tsv.
 * \param genotype_hint HBV genotype from a sequence, used when the timeline has no #genotype.
 */
monitor_result classify_timeline(timeline const & t,
                                 monitoring_definitions const & defs,
                                 mutation_db const & db,
                                 std::optional<char> genotype_hint = std::nullopt);

//!\brief Treatment context for the mutation database: drugs in order of first use (#prior_history
//! first), HBeAg from the latest known status.
treatment_context timeline_context(timeline const & t);

//!\brief A drug's genotypic call, as shown next to the monitoring result.
struct genotypic_drug
{
    std::string drug, name;
    std::string level; //!< S, I, R or insufficient_data.
    std::vector<std::string> mutations;
};

//!\brief The genotypic result beside the timeline (from a sequence or an `hbvdr analyze` results.json).
struct genotypic_result
{
    std::string sample;
    std::string origin; //!< "sequence <file>" or "results <dir>/results.json".
    std::string genotype;
    std::string qc_status;
    std::string mutation_db;
    std::vector<genotypic_drug> drugs;
    std::vector<salvage_item> salvage;
    std::vector<caution_item> cautions;
    std::vector<std::string> history_used;
    std::optional<bool> hbeag_used;
    std::vector<std::string> notes;
};

enum class resistance_gate : std::uint8_t
{
    none,
    virological,
    genotypic,
    biochemical_clinical
};
std::string_view to_string(resistance_gate g) noexcept;
//!\brief "biochemical/clinical" etc.
std::string_view describe(resistance_gate g) noexcept;

struct gate_step
{
    resistance_gate gate{resistance_gate::none};
    bool reached{false};
    std::optional<calendar_date> date;
    std::string basis;
};

//!\brief A recommended action with the sources (keys of sources.tsv) behind it.
struct next_step
{
    std::string text;
    std::vector<std::string> sources;

    //!\brief "text [KEY1; KEY2]".
    std::string display() const;
};

//!\brief The gate of resistance reached on the current regimen and what to do next.
struct gate_assessment
{
    resistance_gate reached{resistance_gate::none};
    std::optional<std::size_t> regimen; //!< The current (last) regimen with a nucleos(t)ide, if any.
    std::vector<gate_step> steps;       //!< virological, genotypic, biochemical/clinical.
    std::vector<next_step> next_steps;  //!< Most urgent first.
};

/*!\brief Gate and next steps for the last nucleos(t)ide regimen of the timeline.
 *
 * Gates, in order: virological (primary non-response, partial response, a confirmed or possible
 * breakthrough, rebound), genotypic (the genotype shows I or R for a drug of that regimen),
 * biochemical/clinical (biochemical breakthrough). The gate reached is the highest one fulfilled.
 */
gate_assessment assess_gate(timeline const & t,
                            monitor_result const & r,
                            monitoring_definitions const & defs,
                            genotypic_result const * genotype);

} // namespace hbvdr
