#pragma once

//!\file
//!\brief Pairwise nucleotide dynamic programming (SeqAn3 behind a plain interface).
//!
//! All hbvdr alignment scoring lives here: match +2, mismatch -3, IUPAC-compatible pair 0
//! (e.g. R vs A, N vs anything), affine gaps open -8 / extend -2 (a gap of length L costs 8+2L).

#include <optional>
#include <string>
#include <string_view>

namespace hbvdr
{

//!\brief Score of aligning two IUPAC nucleotide codes under hbvdr's scheme.
int dp_pair_score(char ref_base, char query_base) noexcept;
inline constexpr int dp_gap_open = -8;
inline constexpr int dp_gap_extend = -2;

//!\brief How to align two sequences.
struct dp_options
{
    bool free_leading{false};  //!< Leading gaps in either sequence cost nothing.
    bool free_trailing{false}; //!< Trailing gaps in either sequence cost nothing.
    //! Diagonal band (ref_index - query_index), lower <= upper. Widened automatically until the
    //! optimal path no longer touches it, and always made to contain diagonal 0 (SeqAn3 3.2
    //! corrupts memory for a band whose lower diagonal is above 0). nullopt = unbanded.
    std::optional<std::pair<int, int>> band{};
};

/*!\brief An optimal alignment of `query` against `ref`.
 *
 * `ops` holds one letter per column: 'M' (ref and query base), 'D' (ref base, gap in query),
 * 'I' (query base, gap in ref). It covers ref[ref_begin, ref_end) and query[query_begin, query_end)
 * (0-based, half-open); with free end gaps the parts outside are unaligned.
 */
struct dp_alignment
{
    int score{0};
    std::size_t ref_begin{0}, ref_end{0};
    std::size_t query_begin{0}, query_end{0};
    std::string ops;
    int band_widenings{0}; //!< How often the band had to be widened (0 = the first band sufficed).
};

//!\brief Align (sequences: upper-case IUPAC). Empty inputs are handled without SeqAn3.
dp_alignment align_dp(std::string_view ref, std::string_view query, dp_options const & opts);

} // namespace hbvdr
