#pragma once

//!\file
//!\brief Private to align: in-frame indels moved to RT codon boundaries, and the repair of the
//! junction where a rotated circular genome's ends were joined.

#include <string>
#include <string_view>

#include <hbvdr/align/aligner.hpp>

namespace hbvdr::align_detail
{

/*!\brief Calls f(s, e) for every run [s, e) of '-' in `bases`, left to right; f may rewrite `bases` and
 * returns the index (at least e) to look on from.
 */
template <typename fun_t>
void for_each_deletion_run(std::string const & bases, fun_t && f)
{
    int const W = static_cast<int>(bases.size());
    for (int s = 0; s < W;)
    {
        if (bases[static_cast<std::size_t>(s)] != '-')
        {
            ++s;
            continue;
        }
        int e = s;
        while (e < W && bases[static_cast<std::size_t>(e)] == '-')
            ++e;
        s = f(s, e);
    }
}

/*!\brief Moves in-frame deletions and insertions to an RT codon boundary when an equally scoring
 * placement exists (gap sliding through identical bases); among equivalent boundary placements the
 * most 3' one (HGVS 3' rule). `rt_window_offset` is the window index of rt1's first base. Returns how
 * many indels moved.
 */
[[nodiscard]] int place_indels_on_codons(projected_alignment & p, std::string_view refw, int rt_window_offset);

/*!\brief A rotated circular genome that lacks bases at its ends shows a deletion (or, if its ends
 * overlap, an insertion) exactly where they were joined (query position `junction`): such a deletion
 * becomes uncovered and such an insertion is dropped, both counted in junction_gap_bases.
 */
void repair_junction(projected_alignment & p, int junction);

} // namespace hbvdr::align_detail
