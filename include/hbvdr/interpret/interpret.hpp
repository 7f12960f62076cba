#pragma once

//!\file
//!\brief Interpretation: calls + mutation database -> per-drug levels, findings, salvage options.
//!
//! A pure function (no I/O). Rules are evaluated with three-valued logic over the called residues:
//! a position that is not called (not covered, ambiguous, below the depth gate) is unknown, and a
//! drug whose level could be raised by an unknown rule is `insufficient_data`, never `S`.

#include <optional>
#include <string>
#include <vector>

#include <hbvdr/calls/calls.hpp>
#include <hbvdr/mutdb/mutdb.hpp>

namespace hbvdr
{

//!\brief Drug level as reported: S, I, R or insufficient_data.
enum class drug_level : std::uint8_t
{
    S,
    I,
    R,
    insufficient_data
};
std::string_view to_string(drug_level l) noexcept;
//!\brief "susceptible", "reduced susceptibility", "resistant", "insufficient data".
std::string_view describe(drug_level l) noexcept;

//!\brief Per-patient context for salvage options and cautions.
struct treatment_context
{
    std::vector<std::string> history;   //!< Drug codes taken, in order (db spelling).
    std::optional<bool> hbeag_positive; //!< Unknown if not given.
};

//!\brief A residue observation that contributed to a call.
struct observed_mutation
{
    std::string label;    //!< "rtM204V", mixtures as called ("rtM204IM").
    double freq{-1.0};    //!< NGS: frequency of the matching residues; -1 for consensus sequences.
    bool minority{false}; //!< NGS: below the minority cut (shown distinctly from majority resistance).
    std::string role;     //!< Catalogue role (primary, secondary, putative, polymorphism) if catalogued.

    //!\brief "rtM204V" or "rtM204V 8.3%".
    std::string text() const;
};

struct rule_hit
{
    std::string id;
    rule_level level{rule_level::S};
    std::string evidence;
    std::string comment;
    std::vector<std::string> references;
};

//!\brief The call for one drug.
struct drug_call
{
    std::string drug; //!< Code, e.g. "LAM".
    std::string name; //!< "lamivudine".
    drug_level level{drug_level::S};
    //! Level using only majority residues (NGS; equal to `level` for consensus sequences).
    drug_level majority_level{drug_level::S};
    std::vector<observed_mutation> mutations; //!< Residues of the rules that decided the level.
    std::vector<observed_mutation> accessory; //!< Catalogued secondary/putative residues for this drug.
    std::vector<rule_hit> rules;              //!< Rules that decided the level (and fired documentation rules).
    std::vector<std::string> missing;         //!< For insufficient_data: positions whose call is needed.
    std::string evidence;                     //!< Weakest evidence among the deciding rules (V, C or L).
    std::string follows;                      //!< Drug whose rules were used (TAF -> TDF), else empty.
};

//!\brief A catalogued mutation or HBsAg change seen in the sample.
struct finding
{
    gene g{gene::rt};
    int pos{0};
    std::string label; //!< As observed ("rtA181T", "sW172*").
    std::string catalogue_id;
    std::string kind; //!< RT: role; S: category (truncation, vaccine_escape, ...).
    std::vector<std::string> drugs;
    std::string evidence;
    std::string comment;
    std::vector<std::string> references;
    double freq{-1.0};
};

struct salvage_item
{
    std::string id, recommendation, guideline, evidence, comment;
};

struct caution_item
{
    std::string id, text;
    std::vector<std::string> references;
};

//!\brief Everything the database says about one sample.
struct interpretation
{
    std::string db_name, db_version;
    std::vector<drug_call> drugs;                 //!< Interpreted drugs, database order.
    std::vector<std::string> remaining_effective; //!< Drugs at level S.
    std::vector<salvage_item> salvage;
    std::vector<caution_item> cautions;
    std::vector<finding> findings;
    double minority_below{0.2};

    drug_call const * find(std::string_view drug) const noexcept;
};

/*!\brief Interpret a sample's calls.
 * \param minority_below NGS residues below this frequency are "minority" (Sanger detects ~15-20 %).
 */
interpretation
interpret(call_table const & calls, mutation_db const & db, treatment_context const & ctx, double minority_below = 0.2);

//!\brief Canonical drug codes for a user-given history ("lam,ADV" -> {"LAM","ADV"}); throws usage_error for unknown
//!codes.
std::vector<std::string> parse_history(std::string_view text, mutation_db const & db);

} // namespace hbvdr
