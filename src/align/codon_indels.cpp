#include "codon_indels.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "projection.hpp"

namespace hbvdr::align_detail
{

namespace
{

int mod3(int const v) noexcept
{
    return ((v % 3) + 3) % 3;
}

bool has_insertion_after(projected_alignment const & p, int const idx)
{
    return std::any_of(p.insertions.begin(),
                       p.insertions.end(),
                       [idx](insertion const & i)
                       {
                           return i.after == idx;
                       });
}

// The most 3' codon boundary to which the in-frame deletion [s, e) can slide through identical
// reference bases, or -1.
int deletion_target(projected_alignment const & p, std::string_view const refw, int const off, int const s, int const e)
{
    int const W = static_cast<int>(p.bases.size());
    int const L = e - s;
    int lmost = s;
    while (lmost - 1 >= 0 && is_base(p.bases[static_cast<std::size_t>(lmost - 1)]) && !has_insertion_after(p, lmost - 1)
           && refw[static_cast<std::size_t>(lmost - 1)] == refw[static_cast<std::size_t>(lmost - 1 + L)])
        --lmost;
    int rmost = s;
    while (rmost + L < W && is_base(p.bases[static_cast<std::size_t>(rmost + L)])
           && !has_insertion_after(p, rmost + L - 1)
           && refw[static_cast<std::size_t>(rmost)] == refw[static_cast<std::size_t>(rmost + L)])
        ++rmost;
    for (int c = rmost; c >= lmost; --c)
        if (mod3(c - off) == 0)
            return c;
    return -1;
}

// Rebuilds [lo, hi) with the query bases in order and the deletion of length L at `target`.
void move_deletion(projected_alignment & p, int const lo, int const hi, int const target, int const L)
{
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
}

int place_deletions(projected_alignment & p, std::string_view const refw, int const off)
{
    int moved = 0;
    int const W = static_cast<int>(p.bases.size());
    for_each_deletion_run(p.bases,
                          [&](int const s, int const e)
                          {
                              int const L = e - s;
                              if (L % 3 != 0 || s == 0 || e == W || !is_base(p.bases[static_cast<std::size_t>(s - 1)])
                                  || !is_base(p.bases[static_cast<std::size_t>(e)]) || mod3(s - off) == 0)
                                  return e;
                              int const target = deletion_target(p, refw, off, s, e);
                              if (target < 0)
                                  return e;
                              move_deletion(p, std::min(s, target), std::max(e, target + L), target, L);
                              ++moved;
                              return std::max(e, target + L);
                          });
    return moved;
}

// An insertion after window index `after` with these bases.
struct placed_insertion
{
    int after;
    std::string bases;
};

// The most 3' codon boundary placement the insertion reaches by sliding through identical bases,
// if any.
std::optional<placed_insertion> insertion_target(projected_alignment const & p, insertion const & ins, int const off)
{
    int const W = static_cast<int>(p.bases.size());
    std::vector<placed_insertion> candidates;
    placed_insertion cur{ins.after, ins.bases};
    while (cur.after >= 0 && is_base(p.bases[static_cast<std::size_t>(cur.after)])
           && cur.bases.back() == p.bases[static_cast<std::size_t>(cur.after)])
    {
        cur.bases =
            std::string(1, p.bases[static_cast<std::size_t>(cur.after)]) + cur.bases.substr(0, cur.bases.size() - 1);
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
    placed_insertion const * best = nullptr;
    for (placed_insertion const & c : candidates)
        if (mod3(c.after + 1 - off) == 0 && (best == nullptr || c.after > best->after))
            best = &c;
    if (best == nullptr)
        return std::nullopt;
    return *best;
}

// Insertions: `after` = window index of the base before the insertion.
int place_insertions(projected_alignment & p, int const off)
{
    int moved = 0;
    for (insertion & ins : p.insertions)
    {
        int const L = static_cast<int>(ins.bases.size());
        if (L % 3 != 0 || mod3(ins.after + 1 - off) == 0)
            continue;
        std::optional<placed_insertion> const best = insertion_target(p, ins, off);
        if (!best)
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

} // namespace

int place_indels_on_codons(projected_alignment & p, std::string_view const refw, int const rt_window_offset)
{
    int const deletions = place_deletions(p, refw, rt_window_offset);
    return deletions + place_insertions(p, rt_window_offset);
}

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

} // namespace hbvdr::align_detail
