#pragma once

// Private to src/ngs: whole-codon counting of reads projected onto the reference window.
//
// A read (from a BAM record walked along its CIGAR, or aligned by hbvdr from FASTQ) is first laid
// onto the window (`read_window`: one base/quality per window index, plus whether neighbouring
// window bases came from neighbouring read bases). Codon observations in the RT and S frames are
// then taken from the same bases (`extract`). Mates are combined into one molecule by the
// `fragment_assembler`, which hands molecules to the `codon_counter`: fixed-size tables of
// codon counts per strand, base counts for the consensus, and linkage patterns.

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <queue>
#include <string>
#include <string_view>
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
inline constexpr int max_phred = 93; // higher base qualities count as Q93 in the error model
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

inline constexpr std::uint8_t code_none = 255; // in run_codons: no whole codon of good bases

//!\brief A codon of a fast-path read that is not the expected one (`code_none`: not a whole codon of good bases).
struct codon_miss
{
    std::uint16_t slot;
    std::uint8_t code;
};

/*!\brief Whole codons of a read that is one run of bases on consecutive window indices (the fast
 * path): per frame (RT, then S) the slots slot0..slot0+n-1, codon k made of contig positions
 * cpos0+3k..cpos0+3k+2, its code codes[3k] (0..63, or code_none). `misses` lists, by slot, the
 * codons that differ from the counter's expected codon; all others are the expected one.
 */
struct run_codons
{
    struct frame
    {
        int slot0{0};
        int n{0};
        std::int32_t cpos0{0};
        std::uint8_t const * codes{nullptr};
        codon_miss const * misses{nullptr};
        int n_misses{0};
    };
    std::array<frame, 2> frames{};
    std::uint8_t reverse{0};
};

//!\brief Fixed-size count tables of one sample.
class codon_counter
{
public:
    codon_counter(int window_len, ngs_options const & opts);

    //!\brief Count one molecule (observations sorted by slot, at most one codon class per slot).
    void add_molecule(std::vector<obs> const & o, linkage_key const & key);
    //!\brief Parts of add_molecule: codon observations, a linkage pattern, one more molecule.
    void count(std::vector<obs> const & o);
    void count(run_codons const & rc) noexcept;
    //!\brief Codons k0..k1-1 of frame `fi` (0: RT, 1: S) of a fast-path read.
    void count(run_codons const & rc, int fi, int k0, int k1) noexcept;
    void count_one(std::uint16_t const slot, std::uint8_t const code, std::uint8_t const reverse) noexcept
    {
        ++m_counts[slot][code][reverse];
    }
    //!\brief Take back a codon counted with count_one or count (mates that disagree).
    void uncount_one(std::uint16_t const slot, std::uint8_t const code, std::uint8_t const reverse) noexcept
    {
        --m_counts[slot][code][reverse];
    }
    void link(linkage_key const & key);
    void molecule() noexcept
    {
        ++m_fragments;
    }
    //!\brief Residues at the linkage positions of a list of observations.
    linkage_key key_of(std::vector<obs> const & o) const;
    linkage_key key_of(run_codons const & rc) const noexcept;

    std::vector<std::uint32_t> & base_counts() noexcept
    {
        return m_bases;
    }

    /*!\brief The sequence fast-path reads are counted against (per window index a base 0-3, anything
     * else: none). A fast-path read adds one to a range of expected bases and codons and lists only
     * what differs (a few per read instead of every base and codon); `settle` turns that into counts.
     */
    void expect(std::vector<std::uint8_t> const & window_base, int rt1_window_index);
    //!\brief Per window index: the expected base (0-3, or 0xfe: none).
    std::uint8_t const * expected_bases() const noexcept
    {
        return m_exp_base.data();
    }
    //!\brief Per window index that starts an RT or S codon: 0xff and the expected codon (0xfe: none) and
    //! its slot; other indices 0.
    std::uint8_t const * codon_starts() const noexcept
    {
        return m_start_w.data();
    }
    std::uint8_t const * expected_codons() const noexcept
    {
        return m_exp_codon_w.data();
    }
    std::uint16_t const * slots() const noexcept
    {
        return m_slot_w.data();
    }
    //!\brief Per window index w (0..window_len): how many codons of frame fi (0: RT, 1: S) start before w.
    int const * codons_before(int const fi) const noexcept
    {
        return m_codons_before[static_cast<std::size_t>(fi)].data();
    }
    //!\brief Window index where codon c of frame fi starts.
    int codon_start(int const fi, int const c) const noexcept
    {
        return m_frame_start[static_cast<std::size_t>(fi)] + 3 * c;
    }
    //!\brief Window indices w0..w0+n-1 hold the expected base, except those given to base_miss.
    void presume_bases(int const w0, int const n) noexcept
    {
        ++m_base_cover[static_cast<std::size_t>(w0)];
        --m_base_cover[static_cast<std::size_t>(w0 + n)];
    }
    void base_miss(int const w, std::uint8_t const base) noexcept
    {
        ++m_bases[6 * static_cast<std::size_t>(w) + base];
        --m_base_corr[static_cast<std::size_t>(w)];
    }
    //!\brief Fold the presumed bases and codons into the counts (before `call`).
    void settle();
    std::uint64_t fragments() const noexcept
    {
        return m_fragments;
    }
    //!\brief One counted base (quality >= min_baseq) of quality `q`, for the error model's mean error rate.
    void add_quality(int const q) noexcept
    {
        ++m_qual_hist[static_cast<std::size_t>(std::min(q, max_phred))];
    }
    //!\brief `n` counted bases of quality `q` (0..max_phred).
    void add_quality(int const q, std::uint64_t const n) noexcept
    {
        m_qual_hist[static_cast<std::size_t>(q)] += n;
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
    // The expected sequence and what fast-path reads presumed of it (see expect()).
    std::vector<std::uint8_t> m_exp_base, m_start_w, m_exp_codon_w;
    std::vector<std::uint16_t> m_slot_w;
    std::array<std::vector<int>, 2> m_codons_before;
    std::array<int, 2> m_frame_start{};
    std::array<std::uint8_t, n_slots> m_exp_code{};
    std::vector<std::int64_t> m_base_cover, m_base_corr;      // difference array; corrections
    std::vector<std::array<std::int64_t, 2>> m_cover, m_corr; // per slot and strand
    std::array<int, n_rt + 1> m_key_from{};                   // per slot: first m_key_slots entry at or after it
    std::vector<std::uint8_t> m_exp_key;                      // per m_key_slots entry: expected residue
    std::array<int, n_rt + 1> m_key_index{};
    std::vector<std::pair<int, int>> m_key_slots; // (RT slot, key index), by slot
    std::array<std::uint8_t, 64> m_residue{};     // amino-acid index of each codon code
    std::vector<int> m_key_positions;
    // Linkage patterns and their counts: open addressing on a hash of the key (count 0: empty).
    struct pattern
    {
        linkage_key key;
        std::uint64_t n{0};
    };
    std::vector<pattern> m_patterns{256};
    std::size_t m_n_patterns{0};
    void grow_patterns();
    std::uint64_t m_fragments{0};
    // Counted bases per quality: the mean error rate is the same whatever order reads come in.
    std::array<std::uint64_t, max_phred + 1> m_qual_hist{};
};

//!\brief Memory for large tables, on transparent huge pages where the system offers them (fewer TLB misses
//! for look-ups that land anywhere in a table of several megabytes).
void * huge_allocate(std::size_t bytes);
void huge_deallocate(void * p, std::size_t bytes) noexcept;

template <typename T>
struct huge_page_allocator
{
    using value_type = T;
    huge_page_allocator() = default;
    template <typename U>
    huge_page_allocator(huge_page_allocator<U> const &) noexcept
    {}
    T * allocate(std::size_t const n)
    {
        return static_cast<T *>(huge_allocate(n * sizeof(T)));
    }
    void deallocate(T * const p, std::size_t const n) noexcept
    {
        huge_deallocate(p, n * sizeof(T));
    }
    template <typename U>
    bool operator==(huge_page_allocator<U> const &) const noexcept
    {
        return true;
    }
};

//!\brief Blocks of 16 << k bytes (k < 12) with a free list per size: the waiting mates' names and codons.
class block_pool
{
public:
    static constexpr int n_classes = 12;
    //!\brief Smallest class holding `bytes`.
    static int class_of(std::size_t const bytes) noexcept
    {
        int k = 0;
        while ((std::size_t{16} << k) < bytes)
            ++k;
        return k;
    }
    //!\brief A block of class k (offset into that class's storage).
    std::uint32_t allocate(int const k)
    {
        auto & fr = m_free[static_cast<std::size_t>(k)];
        if (!fr.empty())
        {
            std::uint32_t const off = fr.back();
            fr.pop_back();
            return off;
        }
        auto & st = m_store[static_cast<std::size_t>(k)];
        auto const off = static_cast<std::uint32_t>(st.size());
        st.resize(st.size() + (std::size_t{16} << k));
        return off;
    }
    void release(int const k, std::uint32_t const off)
    {
        m_free[static_cast<std::size_t>(k)].push_back(off);
    }
    std::uint8_t * at(int const k, std::uint32_t const off) noexcept
    {
        return m_store[static_cast<std::size_t>(k)].data() + off;
    }
    void clear()
    {
        for (auto & st : m_store)
            std::vector<std::uint8_t, huge_page_allocator<std::uint8_t>>{}.swap(st);
        for (auto & fr : m_free)
            std::vector<std::uint32_t>{}.swap(fr);
    }

private:
    std::array<std::vector<std::uint8_t, huge_page_allocator<std::uint8_t>>, n_classes> m_store;
    std::array<std::vector<std::uint32_t>, n_classes> m_free;
};

/*!\brief Combines mates into molecules; memory = mates waiting for their partner, not depth.
 *
 * A read whose mate is still to come waits with the codons the mate may also hold. In a file of
 * any order the waiting reads are in one hash table on the read name. In a coordinate-sorted file
 * (`by_position`) a read waits in the bucket of the position its mate starts at; the mate finds it
 * among the reads filed at its own position, a set small enough to stay in cache, and a bucket the
 * input has passed is settled at once (reads whose mate never came are counted alone).
 */
class fragment_assembler
{
public:
    explicit fragment_assembler(codon_counter & c);

    //!\brief The input is coordinate-sorted and mates start before `max_len` (the longest contig).
    void by_position(std::int64_t max_len);
    //!\brief Two independent 64-bit hashes of a read name (what `paired` and `second` are given with it).
    struct name_hashes
    {
        std::uint64_t h;
        std::uint64_t check;
    };
    static name_hashes hash_name(std::string_view name) noexcept;
    //!\brief Start loading the table slot of a name hash (the look-up comes later for the same read).
    void prefetch(name_hashes const & nh) const noexcept
    {
        if (!m_by_position)
            __builtin_prefetch(&m_table[nh.h & m_mask]);
    }

    //!\brief An unpaired read (or one whose mate cannot be seen): counted at once.
    void single(std::vector<obs> const & o);
    /*!\brief A read of a pair (`nh` = hash_name(name)). `mate_lo`/`mate_hi`: contig span the mate may cover
     * (inclusive); observations touching it wait for the mate. `expire_tid/pos`: in a coordinate-sorted
     * file the mate must have been seen once reads pass this position (where the mate starts).
     */
    void paired(std::string_view name,
                name_hashes nh,
                std::vector<obs> const & o,
                std::int64_t mate_lo,
                std::int64_t mate_hi,
                int expire_tid,
                std::int64_t expire_pos);
    //!\brief A read whose mate has already gone by (coordinate-sorted input): merged with it if it waits.
    void second(std::string_view name, name_hashes nh, std::vector<obs> const & o);
    //!\brief The same three for a fast-path read: identical counts, without a list of observations.
    void single(run_codons const & rc);
    void paired(std::string_view name,
                name_hashes nh,
                run_codons const & rc,
                std::int64_t mate_lo,
                std::int64_t mate_hi,
                int expire_tid,
                std::int64_t expire_pos);
    void second(std::string_view name, name_hashes nh, run_codons const & rc);
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
    // What merging needs of a waiting read (valid until the waiting reads change).
    struct held
    {
        linkage_key const * key;
        std::uint8_t const * deferred; // n_deferred codons, 4 bytes each: slot << 8 | code
        std::uint16_t n_deferred;
        std::uint8_t reverse;
    };

    // Any order: a waiting read is one cache line in an open-addressing table. Its name and the
    // codons its mate may also hold (sorted) are in a pool block.
    struct alignas(64) waiting
    {
        std::uint64_t hash{0}; // 0: empty slot (a zero hash is stored as 1)
        std::int64_t expire{0};
        std::int32_t tid{0};
        std::uint32_t block{0};
        std::uint16_t n_deferred{0};
        std::uint8_t name_len{0};
        std::uint8_t block_class{0};
        std::uint8_t reverse{0};
        linkage_key key{};
    };
    // Coordinate-sorted: a waiting read in the bucket of its mate's position, its codons in the
    // bucket's bytes. The name is kept as a second, independent 64-bit hash: two names in one
    // bucket with both hashes equal (odds about 1 in 10^30 per pair) would be taken for mates.
    struct filed
    {
        std::uint64_t hash{0}; // 0: its mate came
        std::uint64_t check{0};
        linkage_key key{};
        std::uint32_t offset{0};
        std::uint16_t n_deferred{0};
        std::uint8_t reverse{0};
    };
    struct bucket
    {
        std::vector<filed> reads;
        std::vector<std::uint8_t> bytes;
    };

    static constexpr std::uint64_t stored_hash(std::uint64_t const h) noexcept
    {
        return h == 0 ? 1 : h;
    }
    // The waiting read of this name (nullptr: none, or another name with the same hash: `collision`).
    bool take(std::string_view name, name_hashes nh, held & out, bool & collision);
    // Forget the read `take` found (after merging).
    void taken();
    // Wait for the mate with the codons in m_deferred.
    void wait(std::string_view name,
              name_hashes nh,
              linkage_key const & key,
              std::uint8_t reverse,
              int expire_tid,
              std::int64_t expire_pos);

    // table
    waiting * find(std::uint64_t h) noexcept;
    void insert(waiting const & w);
    void erase(waiting * w) noexcept;
    void grow();
    held view(waiting const & w);
    // buckets
    held view(bucket const & b, filed const & f) const;
    void index_bucket(std::int64_t pos);
    void settle_bucket(std::int64_t pos);

    void merge(held const & w, std::vector<obs> const & o);
    void merge(std::vector<obs> const & a, std::vector<obs> const & b);
    void count_alone(held const & w);
    void mate_arrived(held const & w, std::vector<obs> const & o);
    void mate_arrived(held const & w, run_codons const & rc);
    // The read's mate was waiting (merged and counted), or a name-hash collision (read counted alone).
    template <typename reads_t>
    bool mate_was_waiting(std::string_view name, name_hashes nh, reads_t const & reads);

    codon_counter & m_counter;
    // table
    std::vector<waiting, huge_page_allocator<waiting>> m_table;
    std::size_t m_mask{0};
    block_pool m_pool;
    std::size_t m_since_sweep{0};
    waiting * m_taken_slot{nullptr};
    // buckets
    bool m_by_position{false};
    std::vector<std::int32_t> m_bucket_at; // position -> index in m_buckets (-1: none)
    std::vector<bucket> m_buckets;
    std::vector<std::int32_t> m_free_buckets;
    int m_tid{-1};
    std::int64_t m_pos{-1};             // where the input is
    std::int64_t m_settled{0};          // buckets of positions below this were settled
    std::int64_t m_index_pos{-1};       // position whose bucket m_index covers
    std::vector<std::uint32_t> m_index; // filed read + 1, by hash (0: empty)
    std::size_t m_index_used{0};
    filed * m_taken_filed{nullptr};

    std::size_t m_size{0};
    std::vector<obs> m_scratch;
    std::vector<obs> m_deferred;
    std::size_t m_max_waiting{0};
};

//!\brief Poisson upper tail P(X >= k) for mean lambda.
double poisson_upper_tail(std::uint64_t k, double lambda);
//!\brief Two-sided Fisher exact test of a 2x2 table [[a, b], [c, d]].
double fisher_two_sided(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d);

} // namespace hbvdr::ngs_detail
