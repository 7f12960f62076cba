#pragma once

//!\file
//!\brief Private to align: exact k-mer hits on one reference window, chained into colinear runs.

#include <string>
#include <vector>

namespace hbvdr::align_detail
{

//!\brief A k-mer of the oriented query (start q) found at window index r.
struct hit
{
    int q;
    int r;
};

//!\brief An exact match of `len` bases: query [q0, q0 + len) = window [r0, r0 + len).
struct run
{
    int q0, r0, len;
    [[nodiscard]] int q1() const noexcept
    {
        return q0 + len;
    }
    [[nodiscard]] int r1() const noexcept
    {
        return r0 + len;
    }
};

/*!\brief The best colinear chain of exact-match runs made from the hits, trimmed so that consecutive
 * runs are disjoint in both sequences; indels between runs cost 2 + |indel|/4.
 */
[[nodiscard]] std::vector<run> chain_runs(std::vector<hit> hits);

/*!\brief For a (near-)complete circular genome whose RT window spans the sequence's ends: rotates
 * `oriented` (length `Lq`) so that the window is contiguous, moves the hits with it and drops those
 * that crossed the old or the new ends. Returns the query position of the old start after rotation
 * (the junction), or -1 if the sequence was left as it was.
 */
[[nodiscard]] int rotate_circular(std::string & oriented, std::vector<hit> & hits);

} // namespace hbvdr::align_detail
