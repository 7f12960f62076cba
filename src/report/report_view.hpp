#pragma once

// What the clinician reports say, decided once: text_report() and html_report() render the same
// view, so the two cannot drift apart in content or wording. Private to src/report.

#include <optional>
#include <string>
#include <vector>

#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/report/model.hpp>
#include <hbvdr/report/report_options.hpp>

namespace hbvdr::detail
{

struct view_field
{
    std::string label, value;
};

//!\brief One entry of a list ("rtM204V (sI195M)"), optionally emphasised.
struct view_item
{
    std::string text;
    bool alert{false}; //!< Resistance-associated or truncating: shown prominently.
};

struct view_group
{
    std::string title;
    std::vector<view_item> items;
    bool compact{true}; //!< Short labels shown as a wrapped list; false: one sentence per line.
};

struct view_drug
{
    std::string code, name;
    drug_level level{drug_level::S};
    std::optional<drug_level> majority_level; //!< NGS: set when the majority residues alone give another level.
    std::string evidence;                     //!< "C" or "L" (best deciding evidence); empty when verified.
    std::vector<std::string> mutations;       //!< "rtM204V", "rtM204V 8.3% (minority)".
    std::vector<std::string> accessory;       //!< "rtL180M (secondary)".
    std::vector<std::string> missing;         //!< "rt106 (not covered)".
    std::string follows;                      //!< "TDF" when scored with another drug's rules.
    //! Other rule sets whose level differs: "EASL 2012: reduced susceptibility", "... [L]" when unverified.
    std::vector<std::string> other_sets;
    std::string set_note; //!< "Stanford HBV 0.2 gives no level for LdT: level from EASL 2017".
};

struct view_salvage
{
    std::string recommendation, guideline, evidence;
    std::string superseded_by; //!< "EASL 2017, AASLD 2018" for an older guideline.
};

struct view_comment
{
    std::string label, text, evidence;
};

struct report_view
{
    bool analysed{false};
    std::string sample;
    std::vector<view_field> header;
    std::string error; //!< Why the sample could not be analysed.

    std::string qc_status;      //!< "pass", "warning", "fail".
    std::vector<qc_message> qc; //!< Most severe first; input warnings included.

    std::string rt_legend;
    std::vector<view_group> rt_groups; //!< Empty when there is no RT change.
    std::vector<view_group> s_groups;

    bool interpreted{false};
    std::string db_label;                 //!< As in the header ("hbvdr-db 2026.1 (released ...)").
    std::string db_short;                 //!< "hbvdr-db 2026.1".
    std::string rule_set;                 //!< "EASL 2017 rule set" ("..., chosen with --rules"; "[L]" when unverified).
    std::vector<std::string> bottom_line; //!< Sentences, printed first: levels, current guidance, disagreements.
    bool currency_known{true};            //!< The release records which guidelines are current.
    std::vector<view_salvage> salvage_older; //!< Options of superseded guidelines (after the current ones).
    bool evidence_marks{false};              //!< Some entry carries a [C] or [L] mark: print evidence_legend.
    std::vector<view_drug> drugs;
    std::vector<std::string> remaining;      //!< "ADV (adefovir dipivoxil)".
    std::vector<std::string> not_assessable; //!< Drugs with insufficient data.
    std::vector<view_salvage> salvage;
    std::vector<view_field> sources; //!< Guideline key -> citation.
    std::vector<std::string> cautions;
    std::vector<view_comment> comments;

    bool ngs{false};
    double minority_below{default_minority_below}; //!< The interpretation's NGS minority cut-off.
    std::vector<std::string> ngs_notes;            //!< Thresholds and depth, one sentence each.
    std::vector<view_item> minority;               //!< "rtM204V 8.3% (minority): LAM, LdT, ETV".
    //!\brief Mutations on the same molecule: "rtL180M + rtM204V: 11.1% (142 of 1,280 molecules)" (alert),
    //! and pairs never seen together (not alert).
    std::vector<view_item> linked;

    std::string footer;
};

//!\name Wording both renderers print
//! Section titles and the sentences a section shows when it has nothing to list, written once for
//! text_report() and html_report() (the text report upper-cases the report's title and "Bottom line").
//!@{
inline constexpr std::string_view report_title = "HBV genotypic drug-resistance report";
inline constexpr std::string_view not_analysed_title = "Result: not analysed";
inline constexpr std::string_view not_analysed_lead = "This sample could not be analysed: "; //!< + the reason.
inline constexpr std::string_view no_prediction = "No drug-resistance prediction is made for it.";
inline constexpr std::string_view bottom_line_title = "Bottom line";
inline constexpr std::string_view not_a_prescription = "(decision support, not a prescription)";
inline constexpr std::string_view quality_title = "Sequence quality assessment: "; //!< + "pass", "warning", "fail".
inline constexpr std::string_view no_quality_problems = "No quality problems found.";
inline constexpr std::string_view rt_mutations_title = "RT mutations (reverse transcriptase, Stuyver numbering)";
inline constexpr std::string_view no_rt_mutations =
    "None: no amino-acid difference from the genotype reference in the region covered.";
inline constexpr std::string_view hbsag_title = "HBsAg (S gene) findings";
inline constexpr std::string_view no_hbsag_changes = "None: no amino-acid difference in HBsAg in the region covered.";
inline constexpr std::string_view drugs_title = "Drug susceptibility"; //!< + " (database; rule set ...)".
inline constexpr std::string_view not_interpreted = "Not interpreted: no mutation database was applied.";
inline constexpr std::string_view levels_note =
    "Levels: susceptible, reduced susceptibility, resistant; insufficient data = a position that could change the "
    "call is not sequenced or ambiguous (never reported as susceptible).";
inline constexpr std::string_view accessory_label = "accessory: ";
inline constexpr std::string_view missing_label = "missing: ";
inline constexpr std::string_view other_source_label = "other source: ";
inline constexpr std::string_view remaining_title = "Drugs predicted to remain effective";
inline constexpr std::string_view none_remaining = "None of the interpreted drugs is predicted susceptible.";
inline constexpr std::string_view not_assessable_lead = "Not assessable (insufficient data): ";
inline constexpr std::string_view options_title =
    "Guideline options for this pattern (decision support, not a prescription)";
inline constexpr std::string_view no_options = "No resistance-specific guideline option applies to this pattern.";
inline constexpr std::string_view current_guidelines = "Current guidelines";
inline constexpr std::string_view no_current_option = "No option for this pattern.";
inline constexpr std::string_view older_guidelines = "Older guidelines (superseded; "; //!< + what follows.
inline constexpr std::string_view sources_title = "Sources";
inline constexpr std::string_view cautions_title = "Cautions";
inline constexpr std::string_view comments_title = "Comments";
inline constexpr std::string_view ngs_title = "Deep sequencing: minority variants";
inline constexpr std::string_view no_deciding_minority = "No minority variant decides a drug level.";
inline constexpr std::string_view minority_title = "Minority resistance (affected drugs after the colon)";
inline constexpr std::string_view linked_title = "Mutations on the same molecule (read pairs spanning the positions)";
//!@}

//!\brief "scored with the TDF rules": a drug scored with another drug's rules (view_drug::follows).
std::string follows_note(std::string const & drug);

//!\brief "resistant from the majority variants alone" (view_drug::majority_level).
std::string majority_note(drug_level level);

inline constexpr std::string_view evidence_legend =
    "Evidence marks: [L] from the literature as recalled, not re-verified against the original; [C] computed from "
    "reference genomes; entries without a mark are verified against the cited source or guideline table.";

//!\brief Decide the content of a sample's report.
report_view make_view(sample_report const & s, report_options const & opts);

//!\brief True when the sample's codon calls carry NGS depth.
bool is_ngs(sample_report const & s) noexcept;

//!\brief "evidence L: from the literature as recalled, not re-verified" (empty for V or "").
std::string evidence_text(std::string const & evidence);

//!\brief "12.3%" (one decimal, locale independent).
std::string percent(double fraction);

//!\brief Thousands separated integer: "1,520".
std::string grouped(unsigned long long n);

//!\brief An SVG coordinate or length: one decimal, without a trailing ".0", never "-0".
std::string svg_number(double v);

//!\brief A drug level hbvdr wrote into results.json ("S", "I", "R", "insufficient_data") read back
//! from `obj[key]`; anything else is the input error of json_fields naming `path` + key.
drug_level drug_level_field(nlohmann::json const & obj,
                            std::string const & key,
                            std::string const & path,
                            json_fields const & fields);

} // namespace hbvdr::detail
