#include <algorithm>
#include <cmath>
#include <numeric>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/align/dp.hpp>
#include <hbvdr/core/nucleotide.hpp>

namespace hbvdr
{

namespace
{

constexpr int K = aligner::k;
constexpr std::uint32_t kmer_mask = (std::uint32_t{1} << (2 * K)) - 1;
constexpr int rt_length = 3 * 344;

//!\brief Calls f(position, kmer) for every k-mer of unambiguous bases.
template <typename fun_t>
void for_each_kmer(std::string_view const s, fun_t && f)
{
    std::uint32_t kmer = 0;
    int valid = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        int const b = acgt_index(s[i]);
        if (b < 0)
        {
            valid = 0;
            kmer = 0;
            continue;
        }
        kmer = ((kmer << 2) | static_cast<std::uint32_t>(b)) & kmer_mask;
        if (++valid >= K)
            f(static_cast<int>(i + 1 - K), kmer);
    }
}

constexpr std::uint32_t revcomp_kmer(std::uint32_t kmer) noexcept
{
    std::uint32_t out = 0;
    for (int i = 0; i < K; ++i)
    {
        out = (out << 2) | (3u - (kmer & 3u));
        kmer >>= 2;
    }
    return out;
}

struct posting
{
    std::uint16_t ref; // ordinal among indexed references
    std::uint16_t pos; // 0-based genome position of the k-mer start
};

//!\brief Exact k-mer -> (reference, position) lookup over circular genomes (open addressing).
class kmer_index
{
public:
    void build(std::vector<std::string_view> const & genomes)
    {
        struct entry
        {
            std::uint32_t kmer;
            posting p;
        };
        std::vector<entry> entries;
        for (std::size_t r = 0; r < genomes.size(); ++r)
        {
            std::string_view const g = genomes[r];
            // Circular: append the first K-1 bases so k-mers across the EcoRI origin exist.
            std::string circ{g};
            circ.append(g.substr(0, K - 1));
            for_each_kmer(
                circ,
                [&](int const pos, std::uint32_t const kmer)
                {
                    if (pos < static_cast<int>(g.size()))
                        entries.push_back({kmer, {static_cast<std::uint16_t>(r), static_cast<std::uint16_t>(pos)}});
                });
        }
        std::sort(entries.begin(),
                  entries.end(),
                  [](entry const & a, entry const & b)
                  {
                      return std::tie(a.kmer, a.p.ref, a.p.pos) < std::tie(b.kmer, b.p.ref, b.p.pos);
                  });
        std::size_t distinct = 0;
        for (std::size_t i = 0; i < entries.size(); ++i)
            distinct += (i == 0 || entries[i].kmer != entries[i - 1].kmer);
        std::size_t cap = 1;
        while (cap < 2 * distinct)
            cap <<= 1;
        m_mask = static_cast<std::uint32_t>(cap - 1);
        m_keys.assign(cap, 0);
        m_start.assign(cap, 0);
        m_count.assign(cap, 0);
        m_postings.clear();
        m_postings.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size();)
        {
            std::size_t j = i;
            while (j < entries.size() && entries[j].kmer == entries[i].kmer)
                m_postings.push_back(entries[j++].p);
            std::uint32_t slot = hash(entries[i].kmer);
            while (m_keys[slot] != 0)
                slot = (slot + 1) & m_mask;
            m_keys[slot] = entries[i].kmer + 1;
            m_start[slot] = static_cast<std::uint32_t>(m_postings.size() - (j - i));
            m_count[slot] = static_cast<std::uint32_t>(j - i);
            i = j;
        }
    }

    std::pair<posting const *, posting const *> find(std::uint32_t const kmer) const noexcept
    {
        std::uint32_t slot = hash(kmer);
        while (m_keys[slot] != 0)
        {
            if (m_keys[slot] == kmer + 1)
            {
                posting const * b = m_postings.data() + m_start[slot];
                return {b, b + m_count[slot]};
            }
            slot = (slot + 1) & m_mask;
        }
        return {nullptr, nullptr};
    }

private:
    std::uint32_t hash(std::uint32_t const kmer) const noexcept
    {
        return static_cast<std::uint32_t>((std::uint64_t{kmer} * 0x9E3779B97F4A7C15ull) >> 40) & m_mask;
    }
    std::vector<std::uint32_t> m_keys, m_start, m_count;
    std::vector<posting> m_postings;
    std::uint32_t m_mask{0};
};

struct hit
{
    int q;
    int r;
};

struct run
{
    int q0, r0, len;
    int q1() const noexcept
    {
        return q0 + len;
    }
    int r1() const noexcept
    {
        return r0 + len;
    }
};

bool is_base(char const c) noexcept
{
    return c != '-' && c != '.';
}

/* Aligned query bases of an alignment, and the share of its columns (aligned bases, deleted and
 * inserted bases) where the query has the reference base; bases that are not A, C, G or T are left
 * out of the share (an N or a mixture is not evidence either way).
 */
std::pair<int, double> aligned_identity(projected_alignment const & p, std::string_view const refw)
{
    int aligned = 0, same = 0, columns = 0;
    for (std::size_t i = 0; i < p.bases.size(); ++i)
    {
        char const c = p.bases[i];
        if (c == '.')
            continue;
        if (c == '-')
        {
            ++columns;
            continue;
        }
        ++aligned;
        if (c == 'A' || c == 'C' || c == 'G' || c == 'T')
        {
            ++columns;
            same += c == refw[i];
        }
    }
    for (insertion const & x : p.insertions)
        columns += static_cast<int>(x.bases.size());
    return {aligned, columns == 0 ? 1.0 : static_cast<double>(same) / columns};
}

// Calls f(s, e) for every run [s, e) of '-' in `bases`, left to right; f may rewrite `bases` and
// returns the index (at least e) to look on from.
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

// Longest colinear chain of exact-match runs; indels between runs cost 2 + |indel|/4 so that a
// stray match far off the main diagonal is not followed.
std::vector<run> chain_runs(std::vector<hit> hits)
{
    if (hits.empty())
        return {};
    // Hits arrive in query order: extend the run on the hit's diagonal if it ended at the previous
    // query position, else open one. Only a handful of diagonals are active at a time.
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

} // namespace

struct aligner::impl
{
    kmer_index index;
    std::vector<std::size_t> indexed; // ordinal -> panel index
};

aligner::aligner(reference_set const & refs) : m_refs{&refs}, m_impl{std::make_unique<impl>()}
{
    std::vector<std::string_view> genomes;
    for (std::size_t const i : refs.genotype_reference_indices())
    {
        m_impl->indexed.push_back(i);
        genomes.push_back(refs.panel()[i].sequence);
    }
    m_impl->index.build(genomes);
}

aligner::~aligner() = default;
aligner::aligner(aligner &&) noexcept = default;

align_outcome aligner::align(std::string_view const query, align_mode const mode) const
{
    return align_to(query, static_cast<std::size_t>(-1), mode);
}

namespace
{

struct builder
{
    std::string_view q;    // oriented (and rotated) query
    std::string_view refw; // reference window
    int ws;                // window start (genome offset)
    std::vector<char> ops;
    int ra{-1}, qa{-1}; // window index / query position where ops start
    int score{0};
    int widenings{0};

    void add_dp(int r_off, int q_off, dp_alignment const & a)
    {
        if (a.ops.empty())
            return;
        if (ra < 0)
        {
            ra = r_off + static_cast<int>(a.ref_begin);
            qa = q_off + static_cast<int>(a.query_begin);
        }
        ops.insert(ops.end(), a.ops.begin(), a.ops.end());
        score += a.score;
        widenings += a.band_widenings;
    }
    void add_match(int r_off, int q_off, int len)
    {
        if (len <= 0)
            return;
        if (ra < 0)
        {
            ra = r_off;
            qa = q_off;
        }
        ops.insert(ops.end(), static_cast<std::size_t>(len), 'M');
        for (int i = 0; i < len; ++i)
            score += dp_pair_score(refw[static_cast<std::size_t>(r_off + i)], q[static_cast<std::size_t>(q_off + i)]);
    }
};

projected_alignment project(builder const & b, std::size_t const window_len)
{
    projected_alignment p;
    p.bases.assign(window_len, '.');
    p.query_pos.assign(window_len, -1);
    int r = b.ra, q = b.qa;
    for (char const op : b.ops)
    {
        if (op == 'M')
        {
            p.bases[static_cast<std::size_t>(r)] = b.q[static_cast<std::size_t>(q)];
            p.query_pos[static_cast<std::size_t>(r)] = q;
            ++r;
            ++q;
        }
        else if (op == 'D')
        {
            p.bases[static_cast<std::size_t>(r)] = '-';
            ++r;
        }
        else
        {
            if (!p.insertions.empty() && p.insertions.back().after == r - 1)
                p.insertions.back().bases.push_back(b.q[static_cast<std::size_t>(q)]);
            else
                p.insertions.push_back({r - 1, std::string(1, b.q[static_cast<std::size_t>(q)])});
            ++q;
        }
    }
    p.score = b.score;
    p.band_widenings = b.widenings;
    return p;
}

int mod3(int const v) noexcept
{
    return ((v % 3) + 3) % 3;
}

// Move in-frame deletions and insertions to an RT codon boundary when an equally scoring
// placement exists (gap sliding through identical bases). Among equivalent boundary placements
// the most 3' one is chosen (HGVS 3' rule). Returns how many indels moved.
int place_indels_on_codons(projected_alignment & p, std::string_view const refw, int const rt_window_offset)
{
    int moved = 0;
    int const W = static_cast<int>(p.bases.size());
    auto has_insertion_after = [&p](int const idx)
    {
        return std::any_of(p.insertions.begin(),
                           p.insertions.end(),
                           [idx](insertion const & i)
                           {
                               return i.after == idx;
                           });
    };
    // Deletions.
    for_each_deletion_run(
        p.bases,
        [&](int const s, int const e)
        {
            int const L = e - s;
            if (L % 3 != 0 || s == 0 || e == W || !is_base(p.bases[static_cast<std::size_t>(s - 1)])
                || !is_base(p.bases[static_cast<std::size_t>(e)]) || mod3(s - rt_window_offset) == 0)
                return e;
            int lmost = s;
            while (lmost - 1 >= 0 && is_base(p.bases[static_cast<std::size_t>(lmost - 1)])
                   && !has_insertion_after(lmost - 1)
                   && refw[static_cast<std::size_t>(lmost - 1)] == refw[static_cast<std::size_t>(lmost - 1 + L)])
                --lmost;
            int rmost = s;
            while (rmost + L < W && is_base(p.bases[static_cast<std::size_t>(rmost + L)])
                   && !has_insertion_after(rmost + L - 1)
                   && refw[static_cast<std::size_t>(rmost)] == refw[static_cast<std::size_t>(rmost + L)])
                ++rmost;
            int target = -1;
            for (int c = rmost; c >= lmost; --c)
                if (mod3(c - rt_window_offset) == 0)
                {
                    target = c;
                    break;
                }
            if (target < 0)
                return e;
            // Rebuild [lo, hi) with the query bases in order and the deletion at `target`.
            int const lo = std::min(s, target), hi = std::max(e, target + L);
            std::vector<std::pair<char, int>> kept;
            for (int i = lo; i < hi; ++i)
                if (p.bases[static_cast<std::size_t>(i)] != '-')
                    kept.emplace_back(p.bases[static_cast<std::size_t>(i)], p.query_pos[static_cast<std::size_t>(i)]);
            std::size_t k = 0;
            for (int i = lo; i < hi; ++i)
            {
                if (i >= target && i < target + L)
                {
                    p.bases[static_cast<std::size_t>(i)] = '-';
                    p.query_pos[static_cast<std::size_t>(i)] = -1;
                }
                else
                {
                    p.bases[static_cast<std::size_t>(i)] = kept[k].first;
                    p.query_pos[static_cast<std::size_t>(i)] = kept[k].second;
                    ++k;
                }
            }
            ++moved;
            return std::max(e, target + L);
        });
    // Insertions: `after` = window index of the base before the insertion.
    for (insertion & ins : p.insertions)
    {
        int const L = static_cast<int>(ins.bases.size());
        if (L % 3 != 0 || mod3(ins.after + 1 - rt_window_offset) == 0)
            continue;
        auto boundary = [&](int const after)
        {
            return mod3(after + 1 - rt_window_offset) == 0;
        };
        // Simulate sliding left and right through identical bases.
        struct state
        {
            int after;
            std::string bases;
        };
        std::vector<state> candidates;
        state cur{ins.after, ins.bases};
        while (cur.after >= 0 && is_base(p.bases[static_cast<std::size_t>(cur.after)])
               && cur.bases.back() == p.bases[static_cast<std::size_t>(cur.after)])
        {
            cur.bases = std::string(1, p.bases[static_cast<std::size_t>(cur.after)])
                        + cur.bases.substr(0, cur.bases.size() - 1);
            --cur.after;
            candidates.push_back(cur);
        }
        cur = {ins.after, ins.bases};
        while (cur.after + 1 < W && is_base(p.bases[static_cast<std::size_t>(cur.after + 1)])
               && cur.bases.front() == p.bases[static_cast<std::size_t>(cur.after + 1)])
        {
            cur.bases = cur.bases.substr(1) + std::string(1, p.bases[static_cast<std::size_t>(cur.after + 1)]);
            ++cur.after;
            candidates.push_back(cur);
        }
        state const * best = nullptr;
        for (state const & c : candidates)
            if (boundary(c.after) && (best == nullptr || c.after > best->after))
                best = &c;
        if (best == nullptr)
            continue;
        // Bases between the old and new insertion points are identical characters, so only the
        // query positions of that stretch shift by the insertion length.
        int const lo = std::min(ins.after, best->after) + 1, hi = std::max(ins.after, best->after) + 1;
        int const delta = best->after > ins.after ? -L : L;
        for (int i = lo; i < hi; ++i)
            if (p.query_pos[static_cast<std::size_t>(i)] >= 0)
                p.query_pos[static_cast<std::size_t>(i)] += delta;
        ins.after = best->after;
        ins.bases = best->bases;
        ++moved;
    }
    std::stable_sort(p.insertions.begin(),
                     p.insertions.end(),
                     [](insertion const & a, insertion const & b)
                     {
                         return a.after < b.after;
                     });
    return moved;
}

// A rotated circular genome that lacks bases at its ends shows a deletion (or, if its ends
// overlap, an insertion) exactly where the ends were joined: not biology, so report it as
// uncovered / drop it.
void repair_junction(projected_alignment & p, int const junction)
{
    int const W = static_cast<int>(p.bases.size());
    for_each_deletion_run(p.bases,
                          [&](int const s, int const e)
                          {
                              int const left = s > 0 ? p.query_pos[static_cast<std::size_t>(s - 1)] : -1;
                              int const right = e < W ? p.query_pos[static_cast<std::size_t>(e)] : -1;
                              if (left == junction - 1 || right == junction)
                              {
                                  for (int i = s; i < e; ++i)
                                      p.bases[static_cast<std::size_t>(i)] = '.';
                                  p.junction_gap_bases += e - s;
                              }
                              return e;
                          });
    std::erase_if(p.insertions,
                  [&](insertion const & ins)
                  {
                      int const before = ins.after >= 0 ? p.query_pos[static_cast<std::size_t>(ins.after)] : -1;
                      int const first = before + 1, last = before + static_cast<int>(ins.bases.size());
                      bool const at_junction = before >= 0 && first <= junction && junction <= last + 1;
                      if (at_junction)
                          p.junction_gap_bases += static_cast<int>(ins.bases.size());
                      return at_junction;
                  });
}

} // namespace

align_outcome aligner::align_to(std::string_view const query, std::size_t const want_ref, align_mode const mode) const
{
    align_outcome out;
    impl const & d = *m_impl;
    std::size_t const nref = d.indexed.size();
    int const Lq = static_cast<int>(query.size());

    // 1. Look every k-mer up once (both strands) and count distinct matches per strand and reference.
    struct lookup
    {
        int pos;
        posting const *fb, *fe, *rb, *re;
    };
    std::vector<lookup> looks;
    looks.reserve(query.size());
    std::vector<int> counts(2 * nref, 0);
    int kmers = 0;
    for_each_kmer(query,
                  [&](int const pos, std::uint32_t const kmer)
                  {
                      ++kmers;
                      auto const [fb, fe] = d.index.find(kmer);
                      auto const [rb, re] = d.index.find(revcomp_kmer(kmer));
                      if (fb != fe || rb != re)
                          looks.push_back({pos, fb, fe, rb, re});
                      for (int strand = 0; strand < 2; ++strand)
                      {
                          std::uint32_t seen = 0;
                          for (posting const * b = strand == 0 ? fb : rb; b != (strand == 0 ? fe : re); ++b)
                              if (!(seen & (1u << b->ref)))
                              {
                                  seen |= 1u << b->ref;
                                  ++counts[static_cast<std::size_t>(strand) * nref + b->ref];
                              }
                      }
                  });
    std::size_t best = 0;
    std::optional<std::size_t> forced;
    for (std::size_t i = 0; i < nref; ++i)
        if (d.indexed[i] == want_ref)
            forced = i;
    for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t r = 0; r < nref; ++r)
        {
            std::size_t const i = s * nref + r;
            if (forced && r != *forced)
                continue;
            if ((forced && counts[best] < counts[i]) || (!forced && counts[i] > counts[best])
                || (forced && best % nref != *forced))
                best = i;
        }
    bool const reverse = best >= nref;
    std::size_t const ord = best % nref;
    out.best_reference = d.indexed[ord];
    out.kmer_hits = counts[best];
    out.kmers = kmers;
    if (counts[best] < min_kmer_hits || counts[best] * 100 < kmers)
    {
        out.failure = align_failure::not_hbv;
        out.message = "no significant similarity to any HBV genotype reference (" + std::to_string(counts[best])
                      + " of " + std::to_string(kmers) + " " + std::to_string(K) + "-mers match; at least "
                      + std::to_string(min_kmer_hits) + " and 1% needed)";
        return out;
    }

    // Genome-wide scan: k-mer matches per genotype reference in windows along the query.
    if (Lq >= scan_min_length)
    {
        std::size_t const nwin = static_cast<std::size_t>((Lq + scan_window - 1) / scan_window);
        out.window_kmer_matches.assign(nwin, std::array<int, 11>{});
        for (lookup const & l : looks)
        {
            std::uint32_t seen = 0;
            for (posting const * b = reverse ? l.rb : l.fb; b != (reverse ? l.re : l.fe); ++b)
                seen |= 1u << b->ref;
            int const qpos = reverse ? Lq - K - l.pos : l.pos;
            auto & win = out.window_kmer_matches[static_cast<std::size_t>(qpos / scan_window)];
            for (std::size_t r = 0; r < nref; ++r)
                if (seen & (1u << r))
                {
                    int const gi = genotype_index(m_refs->panel()[d.indexed[r]].genotype);
                    if (gi >= 0)
                        ++win[static_cast<std::size_t>(gi)];
                }
        }
        // k-mers per window (all valid k-mers, matching or not), on the oriented strand.
        for_each_kmer(query,
                      [&](int const pos, std::uint32_t)
                      {
                          int const qpos = reverse ? Lq - K - pos : pos;
                          ++out.window_kmer_matches[static_cast<std::size_t>(qpos / scan_window)][10];
                      });
    }

    // 2. Orient, collect hits on the chosen reference.
    std::string oriented = reverse ? reverse_complement(query) : std::string{query};
    reference_genome const & ref = m_refs->panel()[d.indexed[ord]];
    int const ws = static_cast<int>(ref.rt_offset()) - flank;
    int const we = static_cast<int>(ref.rt_offset()) + rt_length + flank;
    std::string_view const refw =
        std::string_view{ref.sequence}.substr(static_cast<std::size_t>(ws), static_cast<std::size_t>(we - ws));
    std::vector<hit> hits;
    for (lookup const & l : looks)
    {
        // On the minus strand, the reverse complement of the k-mer at `pos` starts at Lq-K-pos of the oriented query.
        int const qpos = reverse ? Lq - K - l.pos : l.pos;
        for (posting const * b = reverse ? l.rb : l.fb; b != (reverse ? l.re : l.fe); ++b)
            if (b->ref == ord && b->pos >= ws && b->pos + K <= we)
                hits.push_back({qpos, b->pos - ws});
    }
    if (hits.empty())
    {
        out.failure = align_failure::no_rt_overlap;
        out.message = "HBV-like sequence (" + std::to_string(counts[best]) + " matching " + std::to_string(K)
                      + "-mers) but no part of it maps to the RT region (rt1-rt344)";
        return out;
    }

    // 3. Circular genome whose RT spans the sequence ends: two hit groups whose diagonals differ by
    //    about the query length. Rotate so the RT window is contiguous.
    bool circular = false;
    int junction = -1;
    {
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
        if (Lq >= min_circular_length && wrapped >= 3 && wrapped * 20 >= static_cast<int>(hits.size()))
        {
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
            if (cut > 0 && cut < Lq)
            {
                std::rotate(oriented.begin(), oriented.begin() + cut, oriented.end());
                for (hit & h : hits)
                    h.q = (h.q - cut + Lq) % Lq;
                circular = true;
                junction = Lq - cut;
                // k-mers crossing the old ends were never seen; those now crossing the cut are stale.
                std::erase_if(hits,
                              [&](hit const & h)
                              {
                                  return h.q + K > Lq || (h.q < junction && h.q + K > junction);
                              });
            }
        }
    }

    std::vector<run> const chain = chain_runs(hits);
    builder b{oriented, refw, ws, {}, -1, -1, 0, 0};
    int anchors = 0;
    for (run const & r : chain)
        anchors += (r.len - K + 1);
    bool const use_full = mode == align_mode::full || anchors < min_anchors;
    if (!use_full)
    {
        // The ends: the query before the first anchor and after the last, each against as much of the
        // window as it could reach with up to 32 more gaps on either side.
        run const & first = chain.front();
        int const ql = std::max(0, first.q0 - first.r0 - 32);
        int const rl = std::max(0, first.r0 - (first.q0 - ql) - 32);
        dp_options lead;
        lead.free_leading = true;
        b.add_dp(rl,
                 ql,
                 align_dp(refw.substr(static_cast<std::size_t>(rl), static_cast<std::size_t>(first.r0 - rl)),
                          std::string_view{oriented}.substr(static_cast<std::size_t>(ql),
                                                            static_cast<std::size_t>(first.q0 - ql)),
                          lead));
        for (std::size_t i = 0; i < chain.size(); ++i)
        {
            run const & r = chain[i];
            if (i > 0)
            {
                run const & p = chain[i - 1];
                int const gq = r.q0 - p.q1(), gr = r.r0 - p.r1();
                if (gq == gr)
                {
                    b.add_match(p.r1(), p.q1(), gq);
                }
                else
                {
                    dp_options mid;
                    if (static_cast<long>(gq) * gr > 4'000'000)
                        mid.band = std::pair{std::min(0, gr - gq) - 32, std::max(0, gr - gq) + 32};
                    b.add_dp(p.r1(),
                             p.q1(),
                             align_dp(refw.substr(static_cast<std::size_t>(p.r1()), static_cast<std::size_t>(gr)),
                                      std::string_view{oriented}.substr(static_cast<std::size_t>(p.q1()),
                                                                        static_cast<std::size_t>(gq)),
                                      mid));
                }
            }
            b.add_match(r.r0, r.q0, r.len);
        }
        run const & last = chain.back();
        int const rest_r = static_cast<int>(refw.size()) - last.r1();
        int const qr = std::min(Lq, last.q1() + rest_r + 32);
        int const rr = std::min(static_cast<int>(refw.size()), last.r1() + (qr - last.q1()) + 32);
        dp_options trail;
        trail.free_trailing = true;
        b.add_dp(last.r1(),
                 last.q1(),
                 align_dp(refw.substr(static_cast<std::size_t>(last.r1()), static_cast<std::size_t>(rr - last.r1())),
                          std::string_view{oriented}.substr(static_cast<std::size_t>(last.q1()),
                                                            static_cast<std::size_t>(qr - last.q1())),
                          trail));
    }
    else
    {
        // Full DP over the window, restricted to the part of the query the hits place near it; with
        // few anchors (not --align full) also to the part of the window they place the query on.
        int const W = static_cast<int>(refw.size());
        int qlo = Lq, qhi = 0;
        for (hit const & h : hits)
        {
            qlo = std::min(qlo, h.q - h.r - 200);
            qhi = std::max(qhi, h.q + (W - h.r) + 200);
        }
        qlo = std::max(0, qlo);
        qhi = std::min(Lq, qhi);
        int rlo = 0, rhi = W;
        if (mode != align_mode::full)
        {
            rlo = W;
            rhi = 0;
            for (hit const & h : hits)
            {
                rlo = std::min(rlo, h.r - (h.q - qlo) - 200);
                rhi = std::max(rhi, h.r + (qhi - h.q) + 200);
            }
            rlo = std::max(0, rlo);
            rhi = std::min(W, rhi);
        }
        dp_options full;
        full.free_leading = full.free_trailing = true;
        b.add_dp(rlo,
                 qlo,
                 align_dp(refw.substr(static_cast<std::size_t>(rlo), static_cast<std::size_t>(rhi - rlo)),
                          std::string_view{oriented}.substr(static_cast<std::size_t>(qlo),
                                                            static_cast<std::size_t>(qhi - qlo)),
                          full));
    }
    if (b.ops.empty())
    {
        out.failure = align_failure::no_rt_overlap;
        out.message = "HBV-like sequence but no alignment to the RT region could be made";
        return out;
    }

    projected_alignment p = project(b, refw.size());
    p.ref_index = d.indexed[ord];
    p.window_start = ws;
    p.reverse_complemented = reverse;
    p.circularized = circular;
    p.anchors = anchors;
    p.method = use_full ? "full" : "anchored";
    if (circular)
        repair_junction(p, junction);
    p.shifted_indels = place_indels_on_codons(p, refw, flank);
    if (auto const [aligned, identity] = aligned_identity(p, refw);
        aligned < min_aligned_bases || identity < min_identity)
    {
        out.failure = align_failure::no_rt_overlap;
        out.message = "HBV-like sequence, but only " + std::to_string(aligned) + " bases align to the RT region ("
                      + std::to_string(static_cast<int>(100 * identity)) + "% identical): a chance similarity, "
                      + "not a part of the RT region";
        return out;
    }
    out.alignment = std::move(p);
    return out;
}

} // namespace hbvdr
