#pragma once

//!\file
//!\brief Interpretation: calls + mutation database -> per-drug levels, findings, salvage options.
//!
//! A pure function (no I/O). Rules are evaluated with three-valued logic over the called residues:
//! a position that is not called (not covered, ambiguous, below the depth gate) is unknown, and a
//! drug whose level could be raised by an unknown rule is `insufficient_data`, never `S`. With a
//! schema 2 database a mutation atom matches only residues acquired relative to the sample's
//! genotype (mutation-db/SCHEMA.md, "Acquired versus native"); every rule set of the release is
//! evaluated, the chosen one decides the levels and the others are reported where they differ.

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

//!\brief What is native to a sample: the genotypes it may belong to and the panel that defines native residues.
struct sample_background
{
    //! Reference panel: a residue is native to genotype G when a panel genome of G carries it.
    //! Required by schema 2 databases; schema 1 ignores it.
    reference_set const * panel{nullptr};
    //! Genotype letters the sample may belong to ("C"; "BC" when the genotype is ambiguous or a
    //! recombinant/dual infection is flagged); empty = unassigned, i.e. any genotype A-J.
    std::string genotypes;
};

/*!\brief Default frequency below which an NGS residue is a "minority" variant: Sanger
 * sequencing detects a variant from about 15-20 % of the population, so residues below 20 % are
 * ones Sanger would miss. Every option that carries this cut-off defaults to this one value.
 */
inline constexpr double default_minority_below = 0.2;

struct interpret_options
{
    //! NGS residues below this frequency are "minority" (see default_minority_below).
    double minority_below{default_minority_below};
    //! Rule set whose levels are reported (rulesets.tsv id); empty = the release's primary set.
    std::string rule_set;
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

//!\brief The level another rule set gives a drug.
struct set_level
{
    std::string set;      //!< Rule set id ("EASL2012").
    std::string name;     //!< "EASL 2012".
    std::string evidence; //!< Evidence of the set itself: L = its source table was not read (unverified).
    drug_level level{drug_level::S};
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
    std::string evidence;                     //!< Best evidence among the deciding rules (each suffices): V, C or L.
    std::string follows;                      //!< Drug whose rules were used (TAF -> TDF), else empty.
    std::string rule_set;                     //!< Rule set that decided the level (id).
    std::vector<set_level> other_sets;        //!< Other rule sets covering the drug whose level differs.
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
    //! The residue is native to the sample's genotype (every candidate genotype): listed as a
    //! polymorphism, never counted as resistance.
    bool native{false};
};

struct salvage_item
{
    std::string id, recommendation, guideline, evidence, comment;
    std::string summary;        //!< The option in a few words ("switch to TDF or TAF").
    std::string guideline_name; //!< "EASL 2017" (the key when the release has no guidelines.tsv).
    //! From guidelines.tsv: the guideline is current; unset when the release does not record it (schema 1).
    std::optional<bool> current;
    std::vector<std::string> superseded_by; //!< Names of the guidelines that replace a superseded one.
};

//!\brief One option of the current guidelines, with every current guideline that gives it.
struct guidance_summary
{
    std::string summary;                 //!< "switch to TDF or TAF".
    std::vector<std::string> guidelines; //!< "EASL 2017", "AASLD 2018" (in priority order).
    std::vector<std::string> evidence;   //!< Evidence of each guideline's row (V, L), parallel to guidelines.
};

//!\brief What a clinician reads first: the drugs by level and what the current guidelines advise.
struct bottom_line
{
    std::vector<std::string> resistant, reduced, effective, insufficient; //!< Drug codes, database order.
    std::vector<guidance_summary> current;                                //!< Current guidelines' options.
    bool currency_known{true}; //!< False for releases that do not record which guidelines are current.
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
    std::string rule_set, rule_set_name; //!< The set that decided the levels ("EASL2017", "EASL 2017").
    std::string rule_set_evidence;       //!< V or L (L: the set's source table was not read).
    bool rule_set_primary{true};         //!< The release's primary set (false with --rules).
    std::size_t rule_set_count{1};       //!< Rule sets in the release (1: nothing to compare).
    std::string genotypes;               //!< Genotypes whose native residues were set aside ("" = unassigned).
    bottom_line summary;
    std::vector<drug_call> drugs;                 //!< Interpreted drugs, database order.
    std::vector<std::string> remaining_effective; //!< Drugs at level S.
    std::vector<salvage_item> salvage;
    std::vector<caution_item> cautions;
    std::vector<finding> findings;
    double minority_below{default_minority_below}; //!< The cut-off this interpretation used.

    drug_call const * find(std::string_view drug) const noexcept;
};

/*!\brief Interpret a sample's calls.
 * \throws usage_error when `opts.rule_set` names no rule set of the release.
 * \throws std::invalid_argument when a schema 2 database is used without `background.panel`.
 */
interpretation interpret(call_table const & calls,
                         sample_background const & background,
                         mutation_db const & db,
                         treatment_context const & ctx,
                         interpret_options const & opts = {});

//!\brief The rule set `--rules` names, checked against the release (empty: the primary set); throws usage_error.
db_rule_set const & choose_rule_set(mutation_db const & db, std::string_view id);

//!\brief Canonical drug codes for a user-given history ("lam,ADV" -> {"LAM","ADV"}); throws usage_error for unknown
//! codes.
std::vector<std::string> parse_history(std::string_view text, mutation_db const & db);

} // namespace hbvdr
