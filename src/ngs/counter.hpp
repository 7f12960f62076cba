#pragma once

// Private to src/ngs: whole-codon counting of reads projected onto the reference window.
//
// A read (from a BAM record walked along its CIGAR, or aligned by hbvdr from FASTQ) is first laid
// onto the window (`read_window`: one base/quality per window index, plus whether neighbouring
// window bases came from neighbouring read bases). Codon observations in the RT and S frames are
// then taken from the same bases (`extract`). Mates are combined into one molecule by the
// `fragment_assembler`, which hands molecules to the `codon_counter`: fixed-size tables of
// codon counts per strand, base counts for the consensus, and linkage patterns.

#include <array>
#include <cstdint>
#include <map>
#include <queue>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <hbvdr/calls/calls.hpp>
#include <hbvdr/ngs/ngs.hpp>

namespace hbvdr::ngs_detail
{

inline constexpr int n_rt = 344;
inline constexpr int n_s = 226;
inline constexpr int n_slots = n_rt + n_s; // slot = RT codon (0..343), then S codon (344..569)

// Observation codes: 0..63 a codon (b1*16 + b2*4 + b3, A=0 C=1 G=2 T=3), then:
inline constexpr std::uint8_t code_del = 64;       // whole codon deleted
inline constexpr std::uint8_t code_disrupted = 65; // indel inside the codon
inline constexpr std::uint8_t code_ins = 66;       // in-frame insertion after the codon
inline constexpr std::uint8_t code_fs_ins = 67;    // insertion of a non-multiple of 3 after the codon
inline constexpr int n_codes = 68;

inline constexpr std::uint8_t base_none = 255;
inline constexpr std::uint8_t base_n = 4;
inline constexpr std::uint8_t base_del = 5;

inline constexpr std::size_t max_linkage_positions = 32;
inline constexpr std::uint8_t residue_unknown = 255;
inline constexpr std::uint8_t residue_deleted = 21;

//!\brief One whole-codon observation of one read.
struct obs
{
    std::uint16_t slot;
    std::uint8_t code;
    std::uint8_t reverse; // read on the minus strand of the genome
    std::int32_t cmin;    // contig span of its bases (for mate overlap; contigs are at most 20 kb)
    std::int32_t cmax;
};

//!\brief Scratch: one read laid onto the window.
class read_window
{
public:
    explicit read_window(int window_len);

    void begin();
    //!\brief Put a read base (0-3, base_n, base_del) at window index w (-1: the reference lacks it).
    void put(int w, std::uint8_t base, std::uint8_t qual, std::int32_t contig_pos);
    //!\brief Put `n` consecutive read bases on consecutive window indices w0.. (contig positions p0..).
    void put_run(int w0, int n, std::uint8_t const * bases, std::uint8_t const * quals, std::int32_t p0);
    //!\brief `len` read bases not in the reference follow the last put base.
    void insertion(int len);
    //!\brief The read skips reference bases (CIGAR N): no codon across.
    void skip();
    bool empty() const noexcept
    {
        return m_lo > m_hi;
    }
    //!\brief Codon observations in the RT and S frames; clears the window. Counts low-quality drops.
    void
    extract(int rt1_window_index, int min_baseq, bool reverse, std::vector<obs> & out, std::uint64_t & low_quality);
    //!\brief Add the bases (quality >= min_baseq) to consensus counts (6 per window index: A C G T N del).
    void add_bases(std::vector<std::uint32_t> & counts, int min_baseq) const;

private:
    int m_len;
    std::vector<std::uint8_t> m_base, m_qual, m_link;
    std::vector<std::uint16_t> m_ins;
    std::vector<std::int32_t> m_cpos;
    int m_lo, m_hi;
    int m_prev{-1};
    int m_pending_ins{0};
    bool m_broken{false};
};

using linkage_key = std::array<std::uint8_t, max_linkage_positions>;

//!\brief Fixed-size count tables of one sample.
class codon_counter
{
public:
    codon_counter(int window_len, ngs_options const & opts);

    //!\brief Count one molecule (observations sorted by slot, at most one codon class per slot).
    void add_molecule(std::vector<obs> const & o, linkage_key const & key);
    //!\brief Parts of add_molecule: codon observations, a linkage pattern, one more molecule.
    void count(std::vector<obs> const & o);
    void link(linkage_key const & key);
    void molecule() noexcept
    {
        ++m_fragments;
    }
    //!\brief Residues at the linkage positions of a list of observations.
    linkage_key key_of(std::vector<obs> const & o) const;

    std::vector<std::uint32_t> & base_counts() noexcept
    {
        return m_bases;
    }
    std::uint64_t fragments() const noexcept
    {
        return m_fragments;
    }
    void add_error_mass(double e, std::uint64_t bases) noexcept
    {
        m_err_sum += e;
        m_err_bases += bases;
    }

    //!\brief Turn the counts into calls. `ref` gives ref_aa; mutation rows, linkage and consensus into `r`.
    void call(reference_genome const & ref,
              reference_set const & refs,
              call_table & calls,
              std::vector<mutation_row> & mutations,
              ngs_result & r,
              std::string & window_bases) const;

private:
    ngs_options m_opts;
    int m_window_len;
    // counts[slot][code][strand]
    std::vector<std::array<std::array<std::uint32_t, 2>, n_codes>> m_counts;
    std::vector<std::uint32_t> m_bases;
    std::array<int, n_rt + 1> m_key_index{};
    std::vector<int> m_key_positions;
    std::map<linkage_key, std::uint64_t> m_patterns;
    std::uint64_t m_fragments{0};
    double m_err_sum{0.0};
    std::uint64_t m_err_bases{0};
};

//!\brief Open-addressing map from a non-zero 64-bit hash to T (linear probing, backward-shift erase).
template <typename T>
class flat_map64
{
public:
    flat_map64()
    {
        rehash(1024);
    }
    T * find(std::uint64_t const h) noexcept
    {
        std::uint64_t const k = h == 0 ? 1 : h;
        for (std::size_t i = k & m_mask;; i = (i + 1) & m_mask)
        {
            if (m_keys[i] == k)
                return &m_values[m_slots[i]];
            if (m_keys[i] == 0)
                return nullptr;
        }
    }
    //!\brief Insert a default T for a key that is not present.
    T & emplace(std::uint64_t const h)
    {
        if (2 * (m_size + 1) > m_keys.size())
            rehash(2 * m_keys.size());
        std::uint64_t const k = h == 0 ? 1 : h;
        std::size_t i = k & m_mask;
        while (m_keys[i] != 0)
            i = (i + 1) & m_mask;
        std::uint32_t slot;
        if (!m_free.empty())
        {
            slot = m_free.back();
            m_free.pop_back();
            m_values[slot] = T{};
        }
        else
        {
            slot = static_cast<std::uint32_t>(m_values.size());
            m_values.emplace_back();
        }
        m_keys[i] = k;
        m_slots[i] = slot;
        ++m_size;
        return m_values[slot];
    }
    void erase(std::uint64_t const h)
    {
        std::uint64_t const k = h == 0 ? 1 : h;
        std::size_t i = k & m_mask;
        while (m_keys[i] != k)
        {
            if (m_keys[i] == 0)
                return;
            i = (i + 1) & m_mask;
        }
        m_values[m_slots[i]] = T{};
        m_free.push_back(m_slots[i]);
        --m_size;
        // Backward-shift deletion keeps probe sequences intact without tombstones.
        for (std::size_t j = (i + 1) & m_mask; m_keys[j] != 0; j = (j + 1) & m_mask)
        {
            std::size_t const home = m_keys[j] & m_mask;
            if (((j - home) & m_mask) >= ((j - i) & m_mask))
            {
                m_keys[i] = m_keys[j];
                m_slots[i] = m_slots[j];
                i = j;
            }
        }
        m_keys[i] = 0;
    }
    std::size_t size() const noexcept
    {
        return m_size;
    }
    template <typename F>
    void for_each(F && f)
    {
        for (std::size_t i = 0; i < m_keys.size(); ++i)
            if (m_keys[i] != 0)
                f(m_keys[i], m_values[m_slots[i]]);
    }
    void clear()
    {
        m_values.clear();
        m_free.clear();
        m_size = 0;
        rehash(1024);
    }

private:
    void rehash(std::size_t const n)
    {
        std::vector<std::uint64_t> keys(n, 0);
        std::vector<std::uint32_t> slots(n, 0);
        std::size_t const mask = n - 1;
        for (std::size_t i = 0; i < m_keys.size(); ++i)
            if (m_keys[i] != 0)
            {
                std::size_t j = m_keys[i] & mask;
                while (keys[j] != 0)
                    j = (j + 1) & mask;
                keys[j] = m_keys[i];
                slots[j] = m_slots[i];
            }
        m_keys.swap(keys);
        m_slots.swap(slots);
        m_mask = mask;
    }
    std::vector<std::uint64_t> m_keys;
    std::vector<std::uint32_t> m_slots;
    std::vector<T> m_values;
    std::vector<std::uint32_t> m_free;
    std::size_t m_mask{0};
    std::size_t m_size{0};
};

//!\brief Combines mates into molecules; memory = mates waiting for their partner, not depth.
class fragment_assembler
{
public:
    explicit fragment_assembler(codon_counter & c) : m_counter{c}
    {}

    //!\brief An unpaired read (or one whose mate cannot be seen): counted at once.
    void single(std::vector<obs> & o);
    /*!\brief A read of a pair. `mate_lo`/`mate_hi`: contig span the mate may cover (inclusive);
     * observations touching it wait for the mate. `expire_tid/pos`: in a coordinate-sorted file the
     * mate must have been seen once reads pass this position.
     */
    void paired(std::string_view name,
                std::vector<obs> & o,
                std::int64_t mate_lo,
                std::int64_t mate_hi,
                int expire_tid,
                std::int64_t expire_pos);
    //!\brief A read whose mate has already gone by (coordinate-sorted input): merged with it if it waits.
    void second(std::string_view name, std::vector<obs> & o);
    //!\brief Both mates at hand (FASTQ pairs): one molecule.
    void both(std::vector<obs> const & a, std::vector<obs> const & b);
    //!\brief Coordinate-sorted input has reached (tid, pos): waiting reads whose mate is overdue are counted alone.
    void advance(int tid, std::int64_t pos);
    //!\brief Count every read still waiting.
    void flush();

    std::uint64_t pairs_merged{0};
    std::uint64_t discordant{0};
    std::size_t max_waiting() const noexcept
    {
        return m_max_waiting;
    }

private:
    void merge(std::vector<obs> const & a, std::vector<obs> const & b);
    struct waiting
    {
        std::string name;
        std::vector<obs> deferred; // observations the mate may also hold
        linkage_key key;
        int tid;
        std::int64_t expire;
    };
    codon_counter & m_counter;
    // Keyed by a 64-bit hash of the read name (the name is kept to verify a hit).
    flat_map64<waiting> m_waiting;
    std::size_t m_since_sweep{0};
    std::size_t m_sweep_at{4096};
    std::vector<obs> m_scratch;
    std::size_t m_max_waiting{0};
};

//!\brief Poisson upper tail P(X >= k) for mean lambda.
double poisson_upper_tail(std::uint64_t k, double lambda);
//!\brief Two-sided Fisher exact test of a 2x2 table [[a, b], [c, d]].
double fisher_two_sided(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d);

} // namespace hbvdr::ngs_detail
