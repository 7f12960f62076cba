#pragma once

// Private to src/ngs: mates combined into molecules for the codon counter; memory = the mates
// waiting for their partner, not depth.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "codon_counter.hpp"
#include "huge_pages.hpp"

namespace hbvdr::ngs_detail
{

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

} // namespace hbvdr::ngs_detail
