#pragma once

// Private to src/ngs: the statistics of the NGS caller.

#include <cstdint>

namespace hbvdr::ngs_detail
{

//!\brief Poisson upper tail P(X >= k) for mean lambda.
double poisson_upper_tail(std::uint64_t k, double lambda);
//!\brief Two-sided Fisher exact test of a 2x2 table [[a, b], [c, d]].
double fisher_two_sided(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d);

} // namespace hbvdr::ngs_detail
