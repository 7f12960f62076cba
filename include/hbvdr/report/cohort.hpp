#pragma once

//!\file
//!\brief The cohort view of a run for surveillance: across all samples, how many carry each
//! resistance mutation (majority and, for NGS, minority), the levels of each drug and the genotypes.
//!
//! A sample's part is taken either from its report (`hbvdr analyze`) or from its results.json entry
//! (`--resume`, `hbvdr aggregate`); both give the same cohort_sample, so the cohort of a run is the
//! same bytes whether it was fresh, resumed or aggregated from chunks, at any thread count.
//!
//! What counts: a sample *carries* a resistance mutation when the interpretation lists it among the
//! sample's catalogued RT findings with role primary, secondary or putative (not polymorphism) and
//! acquired (not native to the sample's genotype); each residue counts on its own ("rtM204IM" from a
//! consensus mixture is rtM204I; a mixture with the wild type counts). A residue is *minority* when an
//! NGS sample has it below the minority cut (interpret_options::minority_below, 20 %), else majority
//! (consensus sequences: always majority). Denominators are the analysed samples; error samples are
//! counted on their own.
//!
//! Usage:
//! \code
//! cohort_counts cohort;
//! for (sample_report const & s : samples)                       // any order of samples
//!     cohort.add(make_cohort_sample(s, 0.2));                   // or cohort_sample_from_json(...)
//! write(out_dir / "cohort.tsv", cohort_tsv(cohort));
//! \endcode

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/report/model.hpp>

namespace hbvdr
{

//!\brief The run files of the cohort (aggregate recomputes them instead of concatenating them).
inline constexpr std::string_view cohort_tsv_name = "cohort.tsv";
inline constexpr std::string_view cohort_levels_mqc_name = "hbvdr_cohort_levels_mqc.tsv";
inline constexpr std::string_view cohort_mutations_mqc_name = "hbvdr_cohort_mutations_mqc.tsv";

//!\brief One resistance residue a sample carries.
struct cohort_carriage
{
    int pos{0};           //!< RT position (Stuyver, 1-based).
    char aa{'X'};         //!< The residue carried.
    std::string mutation; //!< Named by the catalogue's wild type: "rtM204I".
    std::string role;     //!< primary, secondary, putative.
    std::string drugs;    //!< The catalogue's drugs, ';'-separated ("LAM;LdT;ETV").
    bool minority{false}; //!< NGS: below the minority cut.
    bool operator==(cohort_carriage const &) const = default;
};

//!\brief What the cohort keeps of one sample (a few strings).
struct cohort_sample
{
    sample_status status{sample_status::error};
    bool ngs{false};                                       //!< Read from SAM/BAM/CRAM or FASTQ.
    std::string genotype;                                  //!< "C", "unassigned"; empty when not analysed.
    std::vector<std::pair<std::string, drug_level>> drugs; //!< Drug code and level, database order.
    std::vector<cohort_carriage> mutations;                //!< By position, then residue; one per residue.
    bool operator==(cohort_sample const &) const = default;
};

//!\brief The cohort part of a sample from its report; `minority_below` as the interpretation used.
cohort_sample make_cohort_sample(sample_report const & sample, double minority_below);

/*!\brief The same from the sample's results.json entry (json_sample()). Throws input_error naming
 * the document (`fields`), the sample and the field if the entry is not an hbvdr sample object.
 */
cohort_sample cohort_sample_from_json(nlohmann::json const & sample, json_fields const & fields, double minority_below);

//!\brief Counts over the samples added (order-independent but for the drug order: first seen).
struct cohort_counts
{
    //!\brief Carriers of one residue.
    struct mutation_count
    {
        std::string mutation, role, drugs;
        std::size_t majority{0}, minority{0};
        std::size_t total() const noexcept
        {
            return majority + minority;
        }
    };

    std::size_t samples{0};                       //!< Every sample of the run.
    std::size_t analysed{0};                      //!< Status ok or warning: the denominator of every count below.
    std::size_t analysed_ngs{0};                  //!< Analysed NGS samples (the only ones that can carry a minority).
    std::size_t errors{0};                        //!< Status error: not analysed, in no count below.
    std::map<std::string, std::size_t> genotypes; //!< Genotype -> samples.
    std::vector<std::pair<std::string, std::array<std::size_t, 4>>>
        levels;                                               //!< Drug -> samples at S, I, R, insufficient_data.
    std::map<std::pair<int, char>, mutation_count> mutations; //!< (RT position, residue) -> carriers.

    void add(cohort_sample const & sample);
};

//!\brief The levels in the order the cohort lists them (S, I, R, insufficient_data: the index of
//! cohort_counts::levels).
inline constexpr std::array<drug_level, 4> cohort_level_order{
    drug_level::S, drug_level::I, drug_level::R, drug_level::insufficient_data};

//!\brief A count as a percentage of `of`, one decimal ("66.7"); "" when `of` is 0.
std::string cohort_percent(std::size_t n, std::size_t of);

/*!\brief cohort.tsv: one header, then rows of the sections `samples` (total, analysed, analysed_ngs,
 * error; of all samples), `genotype` (sorted), `drug_level` (drugs in database order, each level S,
 * I, R, insufficient_data, zeros included) and `mutation` (by position, then residue). Columns:
 * `section name level role drugs count majority minority denominator percent` (empty where a column
 * does not apply; percent = count / denominator with one decimal).
 */
std::string cohort_tsv(cohort_counts const & cohort);

/*!\brief The "Cohort" section of the run index: tables and inline SVG bar charts of the drug levels,
 * the resistance mutations and the genotypes (no script, every text escaped). `drug_names` gives a
 * drug's name for its code (code, name), shown as a tooltip.
 */
std::string html_cohort_section(cohort_counts const & cohort,
                                std::vector<std::pair<std::string, std::string>> const & drug_names);

} // namespace hbvdr
