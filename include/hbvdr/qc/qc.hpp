#pragma once

//!\file
//!\brief Sequence-quality assessment of one sample, as graded messages and metrics.

#include <string>
#include <vector>

#include <hbvdr/calls/calls.hpp>
#include <hbvdr/genotype/genotype.hpp>

namespace hbvdr
{

//!\brief Grade of a QC message (clinician report convention).
enum class qc_level
{
    note,
    warning,
    severe,
    critical
};
std::string_view to_string(qc_level l) noexcept;

//!\brief Overall QC status: fail if any critical message, warning if any warning or severe one.
enum class qc_status
{
    pass,
    warning,
    fail
};
std::string_view to_string(qc_status s) noexcept;

struct qc_message
{
    qc_level level{qc_level::note};
    std::string code; //!< Stable machine-readable code, e.g. "frameshift", "key_position_not_covered".
    std::string text; //!< One sentence for people.
};

struct qc_metrics
{
    int rt_first{0}, rt_last{0}; //!< First / last RT codon covered (0 = none).
    int s_first{0}, s_last{0};
    int rt_called{0};             //!< RT codons with status called.
    int rt_ambiguous{0};          //!< RT codons containing N.
    int rt_not_covered_within{0}; //!< Uncovered RT codons between rt_first and rt_last.
    int bases{0};                 //!< Aligned sample bases in the RT region.
    int mixed_bases{0};           //!< 2-3 base IUPAC codes among them.
    int n_bases{0};               //!< N among them.
    int stops_rt{0}, stops_s{0};
    int frameshifts{0};
    int insertions{0}, deletions{0}; //!< In-frame codon insertions / deletions in RT.
    int compared{0};                 //!< Unambiguous aligned RT bases compared with the genotype reference.
    double identity{0.0};            //!< Their identity to the genotype reference.
    int g_to_a{0}, substitutions{0}; //!< For the APOBEC hypermutation check.
};

struct qc_result
{
    qc_status status{qc_status::pass};
    std::vector<qc_message> messages;
    qc_metrics metrics;
};

//!\brief Thresholds (documented in the README, section "Quality control").
struct qc_options
{
    //! RT positions whose coverage is checked: the database's (mutation_db::coverage_rt_positions);
    //! none without a database.
    std::vector<int> key_rt_positions{};
    double warn_identity_below{0.90};
    double fail_identity_below{0.80};
    double warn_n_fraction{0.05};
    double fail_n_fraction{0.20};
    int fail_frameshifts{3};
};

//!\brief pass / warning / fail from the graded messages (fail if any critical, warning if any warning or severe).
qc_status status_of(std::vector<qc_message> const & messages) noexcept;

/*!\brief Once the interpretation has decided every drug (none is insufficient_data), resistance
 * positions left unsequenced change no call: their message becomes a note (still listing them)
 * and the status is recomputed.
 */
void relax_undecisive_gaps(qc_result & qc);

//!\brief Assess a sample aligned and called against its genotype reference.
qc_result assess_quality(call_table const & calls,
                         projected_alignment const & aln,
                         int rt1_window_index,
                         genotype_call const & genotype,
                         qc_options const & opts = {});

} // namespace hbvdr
