#include "stats.hpp"

#include <algorithm>
#include <cmath>
#include <math.h> // lgamma_r

namespace hbvdr::ngs_detail
{

namespace
{

// ln Γ(x). Not std::lgamma: it writes the global `signgam`, a data race when samples are counted
// in parallel (ThreadSanitizer); lgamma_r is the thread-safe form.
double log_gamma(double const x) noexcept
{
    int sign = 0;
    return ::lgamma_r(x, &sign);
}

} // namespace

double poisson_upper_tail(std::uint64_t const k, double const lambda)
{
    if (k == 0)
        return 1.0;
    if (lambda <= 0.0)
        return 0.0;
    auto const kd = static_cast<double>(k);
    if (kd <= lambda)
    {
        // 1 - P(X < k)
        double term = std::exp(-lambda), sum = 0.0;
        for (std::uint64_t i = 0; i < k; ++i)
        {
            sum += term;
            term *= lambda / static_cast<double>(i + 1);
        }
        return std::max(0.0, 1.0 - sum);
    }
    double term = std::exp(-lambda + kd * std::log(lambda) - log_gamma(kd + 1.0));
    double sum = 0.0;
    for (std::uint64_t i = k; term > 1e-300; ++i)
    {
        sum += term;
        term *= lambda / static_cast<double>(i + 1);
        if (term < sum * 1e-16)
            break;
    }
    return std::min(1.0, sum);
}

double fisher_two_sided(std::uint64_t const a, std::uint64_t const b, std::uint64_t const c, std::uint64_t const d)
{
    auto const n = static_cast<double>(a + b + c + d);
    auto const r1 = static_cast<double>(a + b), c1 = static_cast<double>(a + c);
    auto logp = [&](double const x)
    {
        return log_gamma(c1 + 1) - log_gamma(x + 1) - log_gamma(c1 - x + 1) + log_gamma(n - c1 + 1)
               - log_gamma(r1 - x + 1) - log_gamma(n - c1 - r1 + x + 1) - log_gamma(n + 1) + log_gamma(r1 + 1)
               + log_gamma(n - r1 + 1);
    };
    double const lo = std::max(0.0, r1 + c1 - n), hi = std::min(r1, c1);
    double const p_obs = logp(static_cast<double>(a));
    double p = 0.0;
    for (double x = lo; x <= hi; x += 1.0)
        if (double const lp = logp(x); lp <= p_obs + 1e-7)
            p += std::exp(lp);
    return std::min(1.0, p);
}

} // namespace hbvdr::ngs_detail
