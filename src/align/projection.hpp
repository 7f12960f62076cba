#pragma once

//!\file
//!\brief Private to align: alignment columns gathered from exact runs and DP pieces, projected onto
//! the reference window; the identity of a projected alignment.

#include <string_view>
#include <utility>
#include <vector>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/align/dp.hpp>

namespace hbvdr::align_detail
{

//!\brief True for an aligned base (not a deletion '-' or an uncovered '.').
[[nodiscard]] inline bool is_base(char const c) noexcept
{
    return c != '-' && c != '.';
}

//!\brief Alignment columns ('M', 'D', 'I') of the oriented query against the reference window,
//! appended left to right. `q` and `refw` are borrowed: they must outlive the builder.
struct builder
{
    std::string_view q;    //!< Oriented (and rotated) query.
    std::string_view refw; //!< Reference window.
    int ws;                //!< Window start (genome offset).
    std::vector<char> ops;
    int ra{-1}, qa{-1}; //!< Window index / query position where ops start.
    int score{0};
    int widenings{0};

    //!\brief Appends a DP alignment of window [r_off, ...) against query [q_off, ...).
    void add_dp(int r_off, int q_off, dp_alignment const & a);
    //!\brief Appends `len` matched columns from window index r_off and query position q_off.
    void add_match(int r_off, int q_off, int len);
};

//!\brief The columns of `b` on a window of `window_len` reference bases (score and widenings copied).
[[nodiscard]] projected_alignment project(builder const & b, std::size_t window_len);

/*!\brief Aligned query bases of an alignment, and the share of its columns (aligned bases, deleted and
 * inserted bases) where the query has the reference base of `refw`; bases that are not A, C, G or T are
 * left out of the share (an N or a mixture is not evidence either way).
 */
[[nodiscard]] std::pair<int, double> aligned_identity(projected_alignment const & p, std::string_view refw);

} // namespace hbvdr::align_detail
