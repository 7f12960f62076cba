#pragma once

//!\file
//!\brief Private to monitor: the state of one timeline's classification and the helpers every rule
//! family uses (finding skeletons, week windows, baselines, confirmation of a rise). The rule
//! families are free functions over a classify_state, one family per file: periods.cpp,
//! rules_na.cpp, rules_relapse.cpp, rules_peg.cpp, first_line.cpp, points.cpp; classify.cpp runs them in order.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <hbvdr/monitor/classify.hpp>
#include <hbvdr/monitor/definitions.hpp>
#include <hbvdr/monitor/timeline.hpp>

namespace hbvdr
{
class mutation_db;
} // namespace hbvdr

namespace hbvdr::monitor_detail
{

//!\brief Thresholds are compared with this tolerance so that a difference of exactly 1 log10 computed
//! from log10(200) - log10(20) (0.9999999999999998 in binary) counts as 1.
inline constexpr double eps = 1e-9;

//!\brief Everything the rules need about one regimen's on-treatment rows (indices into timeline::rows).
struct period_rows
{
    std::vector<std::size_t> dna;   //!< Rows with HBV DNA, date order.
    std::vector<std::size_t> alt;   //!< Rows with ALT.
    std::vector<std::size_t> hbsag; //!< Rows with HBsAg.
};

//!\brief One classification in progress: the inputs, the result being built and the rows per regimen.
struct classify_state
{
    timeline const & t;               //!< The timeline classified.
    monitoring_definitions const & d; //!< Thresholds, sources and evidence.
    mutation_db const & db;           //!< Drug classes and names.
    monitor_result r;                 //!< The result being built.
    std::vector<period_rows> rows;    //!< On-treatment rows of each regimen of r.regimens.
};

//!\brief Two decimals ("1.30").
std::string log_text(double v);
//!\brief One decimal ("12.0").
std::string week_text(double w);
//!\brief Whether `v` holds `x`.
bool contains(std::vector<std::string> const & v, std::string_view x);

//!\brief The drug is a nucleoside or nucleotide analogue in the mutation database.
bool is_na(classify_state const & s, std::string const & drug);
//!\brief The drug is an interferon in the mutation database.
bool is_ifn(classify_state const & s, std::string const & drug);
//!\brief The drug's name in the mutation database, or the code if unknown.
std::string drug_name(classify_state const & s, std::string const & code);

// periods.cpp

//!\brief Build r.regimens from the timeline's events (one period per constant set of drugs).
void build_periods(classify_state & s);
//!\brief Fill s.rows: the HBV DNA, ALT and HBsAg rows of each regimen.
void assign_rows(classify_state & s);
//!\brief Set the pre-treatment baseline values and the on-treatment nadir of a regimen.
void set_baseline(classify_state & s, regimen_period & p);
//!\brief The on-treatment period of a row: start < date <= end (a sample on an event date predates the event).
std::optional<std::size_t> period_of(classify_state const & s, std::size_t row);
//!\brief Weeks from the regimen start to `d`.
double week_of(regimen_period const & p, calendar_date d);

// findings.cpp

//!\brief A finding of `rule` for regimen p, not yet assessed, with the rule's evidence and sources.
monitor_finding
finding(classify_state const & s, regimen_period const & p, std::string const & rule, monitor_kind kind);
//!\brief Date the finding at a row of the timeline (row, date and week on p).
void at(classify_state const & s, monitor_finding & f, regimen_period const & p, std::size_t row);
//!\brief The row of `rows` nearest to week `w` within the tolerance window (the earlier one on a tie).
std::optional<std::size_t>
near_week(classify_state const & s, regimen_period const & p, std::vector<std::size_t> const & rows, double w);
//!\brief Why no `what` is available at week w: the regimen ended before, or nothing in the window.
std::string missing_at_week(classify_state const & s, regimen_period const & p, std::string const & what, double w);
//!\brief Baseline check shared by the decline rules; returns the reason it cannot be used, or empty.
std::string baseline_problem(classify_state const & s, regimen_period const & p);

//!\brief HBV DNA near a week of a regimen and its decline (log10) from the pre-treatment baseline.
struct dna_at_week
{
    lab_value value; //!< The on-treatment value.
    double decline;  //!< Baseline log10 minus value log10.
    double min;      //!< The rule's minimum decline (the parameter the caller names).
};
/*!\brief HBV DNA near the `week` of the rule of `f`, its decline from the baseline and the rule's
 * `min_parameter`; dates `f` at that row. Without a usable baseline or a value near that week,
 * records `f` with the reason and returns nullopt.
 */
std::optional<dna_at_week>
dna_decline_at(classify_state & s, regimen_period const & p, monitor_finding & f, std::string_view min_parameter);

/*!\brief Consecutive samples from `rows[k]` at or above `threshold` (log10): returns {status, last row}.
 * A censored sample whose limit is below the threshold ends the run; one above it says nothing.
 */
std::pair<monitor_status, std::size_t> confirm(classify_state const & s,
                                               std::vector<std::size_t> const & rows,
                                               std::size_t k,
                                               double threshold,
                                               double needed,
                                               double min_days);

// rules_na.cpp, rules_relapse.cpp

//!\brief Primary non-response at the week of `id` (PNR-W12, PNR-W24).
void decline_rule(classify_state & s, regimen_period const & p, std::string const & id);
//!\brief Partial virological response (PVR-W24 for low-barrier drugs, else PVR-W48).
void partial_response(classify_state & s, regimen_period const & p);
//!\brief Virological breakthrough, then rebound and biochemical breakthrough after a rise.
void breakthrough(classify_state & s, regimen_period const & p);
//!\brief Off-treatment rise after every drug of an NA regimen was stopped.
void relapse(classify_state & s, regimen_period const & p);

// rules_peg.cpp

//!\brief The peginterferon stopping rules that apply to regimen p.
void peg_rules(classify_state & s, regimen_period const & p);

// first_line.cpp

//!\brief Warnings about regimen choices the guidelines advise against.
void first_line_checks(classify_state & s);

// points.cpp

//!\brief One time point per row with HBV DNA, ALT or HBsAg, labelled with the findings made there.
void build_points(classify_state & s);

} // namespace hbvdr::monitor_detail
