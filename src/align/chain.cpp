#include "chain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include <hbvdr/align/aligner.hpp>

#include "kmer_index.hpp"

namespace hbvdr::align_detail
{

namespace
{

// Hits arrive in query order: extend the run on the hit's diagonal if it ended at the previous
// query position, else open one. Only a handful of diagonals are active at a time.
std::vector<run> runs_of(std::vector<hit> hits)
{
    auto const by_query = [](hit const & a, hit const & b)
    {
        return a.q < b.q;
    };
    if (!std::is_sorted(hits.begin(), hits.end(), by_query))
    {
        // The minus strand yields hits in descending query order; a rotated genome in two pieces.
        std::reverse(hits.begin(), hits.end());
        if (!std::is_sorted(hits.begin(), hits.end(), by_query))
            std::stable_sort(hits.begin(), hits.end(), by_query);
    }
    std::vector<run> runs;
    std::vector<std::pair<int, std::size_t>> active; // diagonal, run index
    for (hit const & h : hits)
    {
        int const diag = h.r - h.q;
        bool extended = false;
        for (std::size_t i = 0; i < active.size();)
        {
            run & r = runs[active[i].second];
            int const last_q = r.q1() - K; // start of the run's last k-mer
            if (last_q + 1 < h.q)
            {
                active[i] = active.back(); // the run can no longer grow
                active.pop_back();
                continue;
            }
            if (!extended && active[i].first == diag && last_q + 1 == h.q)
            {
                r.len = h.q - r.q0 + K;
                extended = true;
            }
            ++i;
        }
        if (!extended)
        {
            active.emplace_back(diag, runs.size());
            runs.push_back({h.q, h.r, K});
        }
    }
    std::sort(runs.begin(),
              runs.end(),
              [](run const & a, run const & b)
              {
                  return std::pair{a.q0, a.r0} < std::pair{b.q0, b.r0};
              });
    return runs;
}

// The highest-scoring colinear chain through the runs (sorted by query, then window start).
std::vector<run> best_chain(std::vector<run> const & runs)
{
    std::size_t const n = runs.size();
    std::vector<double> score(n);
    std::vector<long> prev(n, -1);
    constexpr std::size_t lookback = 256;
    for (std::size_t j = 0; j < n; ++j)
    {
        score[j] = runs[j].len;
        for (std::size_t i = j > lookback ? j - lookback : 0; i < j; ++i)
        {
            run const & a = runs[i];
            run const & b = runs[j];
            if (b.q0 < a.q0 || b.r0 < a.r0)
                continue;
            int const shift = std::max({0, a.q1() - b.q0, a.r1() - b.r0});
            int const len = b.len - shift;
            if (len <= 0)
                continue;
            int const gq = b.q0 + shift - a.q1();
            int const gr = b.r0 + shift - a.r1();
            int const indel = std::abs(gq - gr);
            double const cost = indel == 0 ? 0.0 : 2.0 + 0.25 * indel;
            double const s = score[i] + len - cost;
            if (s > score[j])
            {
                score[j] = s;
                prev[j] = static_cast<long>(i);
            }
        }
    }
    std::size_t best = static_cast<std::size_t>(std::max_element(score.begin(), score.end()) - score.begin());
    std::vector<run> chain;
    for (long i = static_cast<long>(best); i >= 0; i = prev[static_cast<std::size_t>(i)])
        chain.push_back(runs[static_cast<std::size_t>(i)]);
    std::reverse(chain.begin(), chain.end());
    return chain;
}

} // namespace

// Longest colinear chain of exact-match runs; indels between runs cost 2 + |indel|/4 so that a
// stray match far off the main diagonal is not followed.
std::vector<run> chain_runs(std::vector<hit> hits)
{
    if (hits.empty())
        return {};
    std::vector<run> const chain = best_chain(runs_of(std::move(hits)));
    // Trim overlaps so consecutive runs are disjoint in both sequences.
    std::vector<run> out;
    for (run r : chain)
    {
        if (!out.empty())
        {
            int const shift = std::max({0, out.back().q1() - r.q0, out.back().r1() - r.r0});
            r.q0 += shift;
            r.r0 += shift;
            r.len -= shift;
            if (r.len <= 0)
                continue;
        }
        out.push_back(r);
    }
    return out;
}

// A circular genome whose RT spans the sequence ends shows two hit groups whose diagonals differ by
// about the query length.
int rotate_circular(std::string & oriented, std::vector<hit> & hits)
{
    int const Lq = static_cast<int>(oriented.size());
    std::vector<int> diags;
    diags.reserve(hits.size());
    for (hit const & h : hits)
        diags.push_back(h.r - h.q);
    std::vector<int> sorted = diags;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
    int const median = sorted[sorted.size() / 2];
    // Only a (near-)complete genome can hold both ends of the RT window in reverse order.
    int wrapped = 0;
    for (int const dg : diags)
        if (std::abs(dg - median) > 600 && (std::abs(dg - median - Lq) < 300 || std::abs(dg - median + Lq) < 300))
            ++wrapped;
    if (Lq < aligner::min_circular_length || wrapped < 3 || wrapped * 20 < static_cast<int>(hits.size()))
        return -1;
    // Head = hits at the start of the query (high window positions), tail = at its end.
    int head_max_q = -1, tail_min_q = Lq;
    for (hit const & h : hits)
    {
        if (h.q < Lq / 2)
            head_max_q = std::max(head_max_q, h.q + K);
        else
            tail_min_q = std::min(tail_min_q, h.q);
    }
    int const cut = head_max_q <= tail_min_q ? (head_max_q + tail_min_q) / 2 : tail_min_q;
    if (cut <= 0 || cut >= Lq)
        return -1;
    std::rotate(oriented.begin(), oriented.begin() + cut, oriented.end());
    for (hit & h : hits)
        h.q = (h.q - cut + Lq) % Lq;
    int const junction = Lq - cut;
    // k-mers crossing the old ends were never seen; those now crossing the cut are stale.
    std::erase_if(hits,
                  [&](hit const & h)
                  {
                      return h.q + K > Lq || (h.q < junction && h.q + K > junction);
                  });
    return junction;
}

} // namespace hbvdr::align_detail
