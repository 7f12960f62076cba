#include "kmer_index.hpp"

#include <algorithm>
#include <string>
#include <tuple>

namespace hbvdr::align_detail
{

void kmer_index::build(std::vector<std::string_view> const & genomes)
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

query_kmers look_up_kmers(kmer_index const & index, std::string_view const query, std::size_t const nref)
{
    query_kmers out;
    out.looks.reserve(query.size());
    out.counts.assign(2 * nref, 0);
    for_each_kmer(query,
                  [&](int const pos, std::uint32_t const kmer)
                  {
                      ++out.kmers;
                      auto const [fb, fe] = index.find(kmer);
                      auto const [rb, re] = index.find(revcomp_kmer(kmer));
                      if (fb != fe || rb != re)
                          out.looks.push_back({pos, fb, fe, rb, re});
                      for (int strand = 0; strand < 2; ++strand)
                      {
                          std::uint32_t seen = 0;
                          for (posting const * b = strand == 0 ? fb : rb; b != (strand == 0 ? fe : re); ++b)
                              if (!(seen & (1u << b->ref)))
                              {
                                  seen |= 1u << b->ref;
                                  ++out.counts[static_cast<std::size_t>(strand) * nref + b->ref];
                              }
                      }
                  });
    return out;
}

std::vector<std::array<int, 11>> scan_windows(query_kmers const & found,
                                              std::string_view const query,
                                              bool const reverse,
                                              std::vector<int> const & genotype_of)
{
    int const Lq = static_cast<int>(query.size());
    int const window = aligner::scan_window;
    std::size_t const nwin = static_cast<std::size_t>((Lq + window - 1) / window);
    std::vector<std::array<int, 11>> out(nwin, std::array<int, 11>{});
    for (kmer_lookup const & l : found.looks)
    {
        std::uint32_t seen = 0;
        for (posting const * b = reverse ? l.rb : l.fb; b != (reverse ? l.re : l.fe); ++b)
            seen |= 1u << b->ref;
        int const qpos = reverse ? Lq - K - l.pos : l.pos;
        auto & win = out[static_cast<std::size_t>(qpos / window)];
        for (std::size_t r = 0; r < genotype_of.size(); ++r)
            if (seen & (1u << r))
            {
                int const gi = genotype_of[r];
                if (gi >= 0)
                    ++win[static_cast<std::size_t>(gi)];
            }
    }
    // k-mers per window (all valid k-mers, matching or not), on the oriented strand.
    for_each_kmer(query,
                  [&](int const pos, std::uint32_t)
                  {
                      int const qpos = reverse ? Lq - K - pos : pos;
                      ++out[static_cast<std::size_t>(qpos / window)][10];
                  });
    return out;
}

} // namespace hbvdr::align_detail
