#pragma once

//!\file
//!\brief Codon-aware alignment of a sample to a genotype reference over the RT region.
//!
//! Result coordinates: the alignment is projected onto a window of the reference genome
//! (0-based genome offsets [window_start, window_start + bases.size())), which contains rt1..rt344
//! plus flanks. Everything downstream (translation, genotyping, QC) reads this projection.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <hbvdr/reference/reference.hpp>

namespace hbvdr
{

//!\brief Bases inserted in the query between two reference positions.
struct insertion
{
    int after{0};      //!< Window index of the reference base the insertion follows.
    std::string bases; //!< Inserted query bases (IUPAC).
};

//!\brief A sample aligned to one reference, expressed on reference coordinates.
struct projected_alignment
{
    std::size_t ref_index{0}; //!< Panel index of the reference.
    int window_start{0};      //!< 0-based genome offset of bases[0].
    //! One entry per reference base of the window: the aligned query base (upper-case IUPAC),
    //! '-' if the query deletes it, '.' if the query does not reach it.
    std::string bases;
    std::vector<int> query_pos;        //!< 0-based position in the oriented query per window base, -1 if none.
    std::vector<insertion> insertions; //!< Sorted by `after`.
    bool reverse_complemented{false};  //!< The input was the minus strand.
    bool circularized{false};          //!< The input was a rotated circular genome and was re-linearised.
    int junction_gap_bases{0};         //!< Bases at the joined ends that the genome lacks (reported as not covered).
    int score{0};
    int anchors{0};        //!< Exact k-mer anchors in the chain.
    std::string method;    //!< "anchored" (k-mer chain + DP gaps) or "full" (whole-window DP).
    int band_widenings{0}; //!< How often a DP band had to be widened.
    int shifted_indels{0}; //!< In-frame indels moved to an equivalent RT codon boundary.

    //!\brief Window index of a 0-based genome offset, or -1 if outside.
    [[nodiscard]] int index_of(int genome_offset) const noexcept
    {
        int const i = genome_offset - window_start;
        return (i >= 0 && i < static_cast<int>(bases.size())) ? i : -1;
    }
};

//!\brief Why alignment found nothing.
enum class align_failure
{
    none,
    not_hbv,      //!< Too few exact k-mer matches to any HBV reference.
    no_rt_overlap //!< HBV-like, but nothing maps to the RT window.
};

struct align_outcome
{
    align_failure failure{align_failure::none};
    std::string message; //!< Human-readable reason when failure != none.
    std::optional<projected_alignment> alignment;
    std::size_t best_reference{0}; //!< Panel index of the reference with most k-mer matches.
    int kmer_hits{0};              //!< k-mers matching that reference (chosen strand).
    int kmers{0};                  //!< k-mers in the query (chosen strand, unambiguous only).
    //! For sequences of at least `scan_min_length` nt: per window of `scan_window` query nt (on the
    //! chosen strand, input order), k-mers matching each genotype reference (A..J) and the window's
    //! k-mer count (last element). Used to flag recombinants outside the RT region.
    std::vector<std::array<int, 11>> window_kmer_matches;
};

//!\brief Alignment mode: the fast anchored path, or full DP over the window (validation/fallback).
enum class align_mode
{
    anchored,
    full
};

/*!\brief Aligns samples to the genotype references of a reference_set.
 *
 * Steps: exact 13-mer seeding against every genotype reference (both strands; circular genome
 * so queries may start anywhere), choice of strand and reference by matches, rotation of a
 * circular genome whose RT spans its sequence ends, chaining of anchors, SeqAn3 DP between
 * anchors and at the ends (free end gaps), projection onto the reference window, and placement
 * of in-frame indels on RT codon boundaries where an equally scoring placement exists.
 * Thread-safe after construction. The aligner borrows the reference_set it is built from: the set
 * must outlive the aligner (and every aligner moved from it).
 */
class aligner
{
public:
    static constexpr int k = 13;      //!< Seed length.
    static constexpr int flank = 100; //!< Reference bases kept either side of rt1..rt344.
    static constexpr int min_kmer_hits =
        5; //!< Fewer matches (or under 1% of the k-mers) on the best reference = not HBV.
    static constexpr int min_anchors = 20; //!< Fewer anchored k-mers: align the whole window by DP instead.
    //! An alignment to the window needs this many aligned query bases, with at least `min_identity`
    //! of its determinable columns identical to the reference; else it is a chance similarity
    //! (a sequence from elsewhere in the genome with a k-mer that the window also has).
    static constexpr int min_aligned_bases = 20;
    static constexpr double min_identity = 0.75;
    //! Shorter sequences are never treated as circular genomes linearised inside the RT.
    static constexpr int min_circular_length = 2000;
    static constexpr int scan_min_length = 1500; //!< Shorter sequences get no genome-wide window scan.
    static constexpr int scan_window = 400;

    //!\brief Indexes the genotype references of `refs` (borrowed: must outlive the aligner).
    explicit aligner(reference_set const & refs);
    ~aligner();
    aligner(aligner &&) noexcept;

    //!\brief Align to the genotype reference with most k-mer matches.
    [[nodiscard]] align_outcome align(std::string_view query, align_mode mode = align_mode::anchored) const;
    //!\brief Align to a given panel reference (must be a genotype reference).
    [[nodiscard]] align_outcome
    align_to(std::string_view query, std::size_t ref_index, align_mode mode = align_mode::anchored) const;

    //!\brief The references the aligner was built from.
    [[nodiscard]] reference_set const & references() const noexcept
    {
        return *m_refs;
    }

private:
    struct impl;
    reference_set const * m_refs;
    std::unique_ptr<impl> m_impl;
};

} // namespace hbvdr
