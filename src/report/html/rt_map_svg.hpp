#pragma once

//!\file
//!\brief The RT region map of a sample's HTML page: one inline SVG (private to src/report).

#include <string>

#include <hbvdr/report/model.hpp>
#include <hbvdr/report/report_options.hpp>

#include "../report_view.hpp"

namespace hbvdr::detail
{

/*!\brief The map of rt1-rt344 as an `<svg id="rt-map">` element: coverage (gaps dashed,
 * deletions, insertions, frameshifts), the HBsAg frame, the resistance positions of `opts`
 * (open when not sequenced), the mutations found with their labels, an axis and a legend; for NGS
 * samples also the depth with the minimum depth and the minority frequencies with the threshold.
 */
std::string rt_map(sample_report const & s, report_view const & v, report_options const & opts);

} // namespace hbvdr::detail
