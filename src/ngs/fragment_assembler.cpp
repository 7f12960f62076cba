#include "fragment_assembler.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace hbvdr::ngs_detail
{

namespace
{

linkage_key combine(linkage_key a, linkage_key const & b)
{
#if defined(__SSE2__)
    static_assert(sizeof(linkage_key) == 32 && residue_unknown == 0xff);
    __m128i const unknown = _mm_set1_epi8(-1);
    for (std::size_t i = 0; i < a.size(); i += 16)
    {
        __m128i const x = _mm_loadu_si128(reinterpret_cast<__m128i const *>(a.data() + i));
        __m128i const y = _mm_loadu_si128(reinterpret_cast<__m128i const *>(b.data() + i));
        __m128i const x_unknown = _mm_cmpeq_epi8(x, unknown);
        // x where known, else y; unknown where both are known and differ (mates disagree).
        __m128i const taken = _mm_or_si128(_mm_and_si128(x_unknown, y), _mm_andnot_si128(x_unknown, x));
        __m128i const both = _mm_andnot_si128(_mm_or_si128(x_unknown, _mm_cmpeq_epi8(y, unknown)), unknown);
        __m128i const differ = _mm_andnot_si128(_mm_cmpeq_epi8(x, y), both);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(a.data() + i), _mm_or_si128(taken, differ));
    }
#else
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        if (a[i] == residue_unknown)
            a[i] = b[i];
        else if (b[i] != residue_unknown && b[i] != a[i])
            a[i] = residue_unknown; // mates disagree
    }
#endif
    return a;
}

int obs_class(obs const & x)
{
    return x.code >= code_ins ? 1 : 0;
}

bool any_known(linkage_key const & key)
{
    return known_positions(key) > 0;
}

} // namespace

fragment_assembler::fragment_assembler(codon_counter & c) : m_counter{c}, m_table(1024), m_mask{1023}
{}

void fragment_assembler::by_position(std::int64_t const max_len)
{
    m_by_position = true;
    m_bucket_at.assign(static_cast<std::size_t>(std::max<std::int64_t>(max_len, 0)), -1);
    decltype(m_table){}.swap(m_table);
    m_mask = 0;
}

void fragment_assembler::single(std::vector<obs> const & o)
{
    m_counter.add_molecule(o, m_counter.key_of(o));
}

fragment_assembler::name_hashes fragment_assembler::hash_name(std::string_view const s) noexcept
{
    // Eight bytes at a time, each word mixed by a multiplication, in two independent lanes; a final
    // mix so that the low bits (the table slot) depend on every byte.
    constexpr std::uint64_t k1 = 0x9e3779b97f4a7c15ull, k2 = 0xc2b2ae3d27d4eb4full;
    std::uint64_t h = 0x243f6a8885a308d3ull ^ (s.size() * k1);
    std::uint64_t c = 0x13198a2e03707344ull ^ (s.size() * k2);
    auto mix = [&](std::uint64_t const w)
    {
        h = (h ^ w) * k1;
        h ^= h >> 29;
        c = (c ^ w) * k2;
        c ^= c >> 31;
    };
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8)
    {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        mix(w);
    }
    if (i < s.size())
    {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, s.size() - i);
        mix(w);
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    c ^= c >> 30;
    c *= 0xbf58476d1ce4e5b9ull;
    c ^= c >> 27;
    return {h, c};
}

// ---- the table (input in any order)

fragment_assembler::waiting * fragment_assembler::find(std::uint64_t const h) noexcept
{
    std::uint64_t const k = stored_hash(h);
    for (std::size_t i = k & m_mask;; i = (i + 1) & m_mask)
    {
        if (m_table[i].hash == k)
            return &m_table[i];
        if (m_table[i].hash == 0)
            return nullptr;
    }
}

void fragment_assembler::insert(waiting const & w)
{
    if (2 * (m_size + 1) > m_table.size())
        grow();
    std::size_t i = w.hash & m_mask;
    while (m_table[i].hash != 0)
        i = (i + 1) & m_mask;
    m_table[i] = w;
    ++m_size;
    m_max_waiting = std::max(m_max_waiting, m_size);
}

void fragment_assembler::grow()
{
    decltype(m_table) old(2 * m_table.size());
    old.swap(m_table);
    m_mask = m_table.size() - 1;
    for (waiting const & w : old)
        if (w.hash != 0)
        {
            std::size_t i = w.hash & m_mask;
            while (m_table[i].hash != 0)
                i = (i + 1) & m_mask;
            m_table[i] = w;
        }
}

void fragment_assembler::erase(waiting * const w) noexcept
{
    // Backward-shift deletion keeps probe sequences intact without tombstones.
    m_pool.release(w->block_class, w->block);
    auto i = static_cast<std::size_t>(w - m_table.data());
    --m_size;
    for (std::size_t j = (i + 1) & m_mask; m_table[j].hash != 0; j = (j + 1) & m_mask)
    {
        std::size_t const home = m_table[j].hash & m_mask;
        if (((j - home) & m_mask) >= ((j - i) & m_mask))
        {
            m_table[i] = m_table[j];
            i = j;
        }
    }
    m_table[i].hash = 0;
}

fragment_assembler::held fragment_assembler::view(waiting const & w)
{
    return {&w.key, m_pool.at(w.block_class, w.block) + w.name_len, w.n_deferred, w.reverse};
}

// ---- the buckets (coordinate-sorted input)

fragment_assembler::held fragment_assembler::view(bucket const & b, filed const & f) const
{
    return {&f.key, b.bytes.data() + f.offset, f.n_deferred, f.reverse};
}

// Index the reads filed at `pos` by hash (the mates looked up there all start at `pos`).
void fragment_assembler::index_bucket(std::int64_t const pos)
{
    bucket const & b = m_buckets[static_cast<std::size_t>(m_bucket_at[static_cast<std::size_t>(pos)])];
    std::size_t n = 64;
    while (n < 2 * b.reads.size() + 2)
        n *= 2;
    m_index.assign(n, 0);
    m_index_pos = pos;
    m_index_used = 0;
    for (std::size_t r = 0; r < b.reads.size(); ++r)
    {
        if (b.reads[r].hash == 0)
            continue;
        std::size_t i = b.reads[r].hash & (n - 1);
        while (m_index[i] != 0)
            i = (i + 1) & (n - 1);
        m_index[i] = static_cast<std::uint32_t>(r + 1);
        ++m_index_used;
    }
}

// The input has passed `pos`: reads still waiting there are counted alone; the bucket is reused.
void fragment_assembler::settle_bucket(std::int64_t const pos)
{
    std::int32_t & at = m_bucket_at[static_cast<std::size_t>(pos)];
    if (at < 0)
        return;
    bucket & b = m_buckets[static_cast<std::size_t>(at)];
    for (filed const & f : b.reads)
        if (f.hash != 0)
        {
            count_alone(view(b, f));
            --m_size;
        }
    b.reads.clear();
    b.bytes.clear();
    m_free_buckets.push_back(at);
    at = -1;
    if (m_index_pos == pos)
        m_index_pos = -1;
}

// ---- both

bool fragment_assembler::take(std::string_view const name, name_hashes const nh, held & out, bool & collision)
{
    collision = false;
    std::uint64_t const k = stored_hash(nh.h);
    if (!m_by_position)
    {
        waiting * const w = find(nh.h);
        if (w == nullptr)
            return false;
        out = view(*w);
        collision =
            std::string_view{reinterpret_cast<char const *>(m_pool.at(w->block_class, w->block)), w->name_len} != name;
        m_taken_slot = w;
        return !collision;
    }
    // The mate started where this read starts: the current position.
    std::int64_t const pos = m_pos;
    if (pos < 0 || pos >= static_cast<std::int64_t>(m_bucket_at.size())
        || m_bucket_at[static_cast<std::size_t>(pos)] < 0)
        return false;
    if (m_index_pos != pos)
        index_bucket(pos);
    bucket & b = m_buckets[static_cast<std::size_t>(m_bucket_at[static_cast<std::size_t>(pos)])];
    std::size_t const mask = m_index.size() - 1;
    for (std::size_t i = k & mask; m_index[i] != 0; i = (i + 1) & mask)
    {
        filed & f = b.reads[m_index[i] - 1];
        if (f.hash != k)
            continue;
        out = view(b, f);
        collision = f.check != nh.check;
        m_taken_filed = &f;
        return !collision;
    }
    return false;
}

void fragment_assembler::taken()
{
    if (!m_by_position)
    {
        erase(m_taken_slot);
        return;
    }
    m_taken_filed->hash = 0; // stays in the index as a step of probe sequences
    --m_size;
}

namespace
{

// Deferred codons are stored as 4 bytes each: slot << 8 | code.
void pack_deferred(std::vector<obs> const & deferred, std::uint8_t * out) noexcept
{
    for (obs const & x : deferred)
    {
        std::uint32_t const v = static_cast<std::uint32_t>(x.slot) << 8 | x.code;
        std::memcpy(out, &v, 4);
        out += 4;
    }
}

//!\brief Deferred codon i of a waiting read: slot and code.
std::pair<std::uint16_t, std::uint8_t> deferred_codon(std::uint8_t const * const deferred, std::size_t const i) noexcept
{
    std::uint32_t v;
    std::memcpy(&v, deferred + 4 * i, 4);
    return {static_cast<std::uint16_t>(v >> 8), static_cast<std::uint8_t>(v & 0xff)};
}

} // namespace

// Store a read (its codons the mate may also hold are in m_deferred) until its mate comes.
void fragment_assembler::wait(std::string_view const name,
                              name_hashes const nh,
                              linkage_key const & key,
                              std::uint8_t const reverse,
                              int const expire_tid,
                              std::int64_t const expire_pos)
{
    if (!m_by_position)
    {
        waiting w;
        w.hash = stored_hash(nh.h);
        w.expire = expire_pos;
        w.tid = expire_tid;
        w.n_deferred = static_cast<std::uint16_t>(m_deferred.size());
        w.name_len = static_cast<std::uint8_t>(name.size());
        w.reverse = reverse;
        w.key = key;
        std::size_t const bytes = name.size() + 4 * m_deferred.size();
        w.block_class = static_cast<std::uint8_t>(block_pool::class_of(bytes));
        w.block = m_pool.allocate(w.block_class);
        std::uint8_t * const block = m_pool.at(w.block_class, w.block);
        std::memcpy(block, name.data(), name.size());
        pack_deferred(m_deferred, block + name.size());
        insert(w);
        return;
    }
    if (expire_tid != m_tid || expire_pos < m_settled || expire_pos >= static_cast<std::int64_t>(m_bucket_at.size()))
    {
        // The mate cannot come after this read (inconsistent mate fields): counted alone now,
        // as it would be when the input passes the mate's position.
        std::vector<std::uint8_t> bytes(4 * m_deferred.size());
        pack_deferred(m_deferred, bytes.data());
        count_alone({&key, bytes.data(), static_cast<std::uint16_t>(m_deferred.size()), reverse});
        return;
    }
    std::int32_t & at = m_bucket_at[static_cast<std::size_t>(expire_pos)];
    if (at < 0)
    {
        if (m_free_buckets.empty())
        {
            at = static_cast<std::int32_t>(m_buckets.size());
            m_buckets.emplace_back();
        }
        else
        {
            at = m_free_buckets.back();
            m_free_buckets.pop_back();
        }
    }
    bucket & b = m_buckets[static_cast<std::size_t>(at)];
    filed & f = b.reads.emplace_back();
    f.hash = stored_hash(nh.h);
    f.check = nh.check;
    f.key = key;
    f.offset = static_cast<std::uint32_t>(b.bytes.size());
    f.n_deferred = static_cast<std::uint16_t>(m_deferred.size());
    f.reverse = reverse;
    if (!m_deferred.empty())
    {
        b.bytes.resize(b.bytes.size() + 4 * m_deferred.size());
        pack_deferred(m_deferred, b.bytes.data() + f.offset);
    }
    ++m_size;
    m_max_waiting = std::max(m_max_waiting, m_size);
    if (m_index_pos == expire_pos)
    {
        // Filed where the input is (mates starting at the same position): index it too.
        if (2 * (m_index_used + 1) > m_index.size())
            index_bucket(expire_pos);
        else
        {
            std::size_t const mask = m_index.size() - 1;
            std::size_t i = f.hash & mask;
            while (m_index[i] != 0)
                i = (i + 1) & mask;
            m_index[i] = static_cast<std::uint32_t>(b.reads.size());
            ++m_index_used;
        }
    }
}

template <typename reads_t>
bool fragment_assembler::mate_was_waiting(std::string_view const name, name_hashes const nh, reads_t const & reads)
{
    held w;
    bool collision;
    if (take(name, nh, w, collision))
    {
        mate_arrived(w, reads);
        taken();
        return true;
    }
    if (collision)
    {
        // Two names in flight with one hash (about 1 in 10^10 pairs): count this read alone.
        single(reads);
        return true;
    }
    return false;
}

void fragment_assembler::paired(std::string_view const name,
                                name_hashes const nh,
                                std::vector<obs> const & o,
                                std::int64_t const mate_lo,
                                std::int64_t const mate_hi,
                                int const expire_tid,
                                std::int64_t const expire_pos)
{
    if (mate_was_waiting(name, nh, o))
        return;
    linkage_key const key = m_counter.key_of(o);
    m_scratch.clear();
    m_deferred.clear();
    for (obs const & x : o)
        (x.cmax >= mate_lo && x.cmin <= mate_hi ? m_deferred : m_scratch).push_back(x);
    m_counter.count(m_scratch);
    if (m_deferred.empty() && !any_known(key))
        return; // nothing the mate needs: the mate will count the molecule
    wait(name, nh, key, m_deferred.empty() ? 0 : m_deferred.front().reverse, expire_tid, expire_pos);
}

void fragment_assembler::single(run_codons const & rc)
{
    m_counter.count(rc);
    m_counter.link(m_counter.key_of(rc));
    m_counter.molecule();
}

void fragment_assembler::second(std::string_view const name, name_hashes const nh, run_codons const & rc)
{
    if (!mate_was_waiting(name, nh, rc))
        single(rc);
}

void fragment_assembler::paired(std::string_view const name,
                                name_hashes const nh,
                                run_codons const & rc,
                                std::int64_t const mate_lo,
                                std::int64_t const mate_hi,
                                int const expire_tid,
                                std::int64_t const expire_pos)
{
    if (mate_was_waiting(name, nh, rc))
        return;
    linkage_key const key = m_counter.key_of(rc);
    m_deferred.clear();
    for (int fi = 0; fi < 2; ++fi)
    {
        run_codons::frame const & f = rc.frames[static_cast<std::size_t>(fi)];
        // Codon k (contig cpos0+3k..+2) touches the mate's span when k is in [k_lo, k_hi].
        auto clamp = [&](std::int64_t const k)
        {
            return static_cast<int>(std::clamp<std::int64_t>(k, 0, f.n));
        };
        std::int64_t const from = mate_lo - 2 - f.cpos0;
        int const k_lo = clamp(from <= 0 ? 0 : (from + 2) / 3);
        int const k_end =
            mate_hi < f.cpos0 ? 0 : clamp(std::min<std::int64_t>(mate_hi - f.cpos0, 3 * std::int64_t{f.n}) / 3 + 1);
        int const k_hi = std::max(k_lo, k_end); // deferred: [k_lo, k_hi)
        m_counter.count(rc, fi, 0, k_lo);
        for (int k = k_lo; k < k_hi; ++k)
            if (std::uint8_t const c = f.codes[3 * k]; c != code_none)
                m_deferred.push_back(
                    {static_cast<std::uint16_t>(f.slot0 + k), c, rc.reverse, f.cpos0 + 3 * k, f.cpos0 + 3 * k + 2});
        m_counter.count(rc, fi, k_hi, f.n);
    }
    if (m_deferred.empty() && !any_known(key))
        return; // nothing the mate needs: the mate will count the molecule
    wait(name, nh, key, rc.reverse, expire_tid, expire_pos);
}

// The mate of a waiting read: its deferred codons merged with the read's, with the counts merge()
// gives. Counts do not depend on order, so the read's codons are counted whole and then each
// deferred codon is settled against the read's codon at its slot.
void fragment_assembler::mate_arrived(held const & w, run_codons const & rc)
{
    m_counter.count(rc);
    for (std::size_t i = 0; i < w.n_deferred; ++i)
    {
        auto const [slot, code] = deferred_codon(w.deferred, i);
        std::uint8_t mine = code_none; // the read's codon at this slot (fast-path reads have only codons)
        if (code < code_ins)
        {
            run_codons::frame const & f = rc.frames[slot < n_rt ? 0 : 1];
            if (int const k = slot - f.slot0; k >= 0 && k < f.n)
                mine = f.codes[3 * k];
        }
        if (mine == code_none)
            m_counter.count_one(slot, code, w.reverse); // only the waiting read has it
        else if (mine != code)
        {
            // Mates disagree: a sequencing error in one of them, not counted for this molecule.
            m_counter.uncount_one(slot, mine, rc.reverse);
            ++discordant;
        }
    }
    m_counter.link(combine(*w.key, m_counter.key_of(rc)));
    m_counter.molecule();
    ++pairs_merged;
}

void fragment_assembler::second(std::string_view const name, name_hashes const nh, std::vector<obs> const & o)
{
    if (!mate_was_waiting(name, nh, o))
        single(o);
}

void fragment_assembler::mate_arrived(held const & w, std::vector<obs> const & o)
{
    merge(w, o);
    m_counter.add_molecule(m_scratch, combine(*w.key, m_counter.key_of(o)));
    ++pairs_merged;
}

void fragment_assembler::both(std::vector<obs> const & a, std::vector<obs> const & b)
{
    merge(a, b);
    m_counter.add_molecule(m_scratch, combine(m_counter.key_of(a), m_counter.key_of(b)));
    ++pairs_merged;
}

// The waiting read's deferred codons back as observations (for counting alone or merging).
void fragment_assembler::merge(held const & w, std::vector<obs> const & o)
{
    m_deferred.clear();
    for (std::size_t i = 0; i < w.n_deferred; ++i)
    {
        auto const [slot, code] = deferred_codon(w.deferred, i);
        m_deferred.push_back({slot, code, w.reverse, 0, 0});
    }
    merge(m_deferred, o);
}

void fragment_assembler::count_alone(held const & w)
{
    merge(w, {});
    m_counter.add_molecule(m_scratch, *w.key);
}

// Merge two mates' observations (sorted by slot) into m_scratch.
void fragment_assembler::merge(std::vector<obs> const & a, std::vector<obs> const & o)
{
    m_scratch.clear();
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < o.size())
    {
        if (j == o.size()
            || (i < a.size() && std::pair{a[i].slot, obs_class(a[i])} < std::pair{o[j].slot, obs_class(o[j])}))
        {
            m_scratch.push_back(a[i++]);
            continue;
        }
        if (i == a.size() || std::pair{o[j].slot, obs_class(o[j])} < std::pair{a[i].slot, obs_class(a[i])})
        {
            m_scratch.push_back(o[j++]);
            continue;
        }
        // Same codon in both mates: once if they agree; a disagreement is a sequencing error in one
        // of them and the codon is not counted for this molecule.
        if (a[i].code == o[j].code || obs_class(o[j]) == 1)
            m_scratch.push_back(o[j]);
        else
            ++discordant;
        ++i;
        ++j;
    }
}

void fragment_assembler::advance(int const tid, std::int64_t const pos)
{
    if (m_by_position)
    {
        if (tid != m_tid)
        {
            // A new contig: mates expected on the previous one never came.
            for (std::size_t p = 0; p < m_bucket_at.size(); ++p)
                settle_bucket(static_cast<std::int64_t>(p));
            m_tid = tid;
            m_settled = 0;
        }
        m_pos = pos;
        std::int64_t const end = std::min<std::int64_t>(pos, static_cast<std::int64_t>(m_bucket_at.size()));
        for (; m_settled < end; ++m_settled)
            settle_bucket(m_settled);
        return;
    }
    // Reads whose mate is overdue are counted alone. Checked by a sweep of the table at most once
    // per as many reads as it has slots (cheaper than ordering the waiting reads; the counts do
    // not depend on when it happens).
    if (++m_since_sweep < std::max<std::size_t>(65536, m_table.size()))
        return;
    m_since_sweep = 0;
    for (std::size_t i = 0; i < m_table.size();)
    {
        waiting & w = m_table[i];
        if (w.hash != 0 && std::pair{w.tid, w.expire} < std::pair{tid, pos})
        {
            count_alone(view(w));
            erase(&w); // an entry from further on may move here: look at slot i again
            continue;
        }
        ++i;
    }
}

void fragment_assembler::flush()
{
    // Order does not matter for the counts.
    if (m_by_position)
    {
        for (std::size_t p = 0; p < m_bucket_at.size(); ++p)
            settle_bucket(static_cast<std::int64_t>(p));
        std::vector<bucket>{}.swap(m_buckets);
        std::vector<std::int32_t>{}.swap(m_free_buckets);
        std::vector<std::uint32_t>{}.swap(m_index);
        m_size = 0;
        return;
    }
    for (waiting const & w : m_table)
        if (w.hash != 0)
            count_alone(view(w));
    decltype(m_table)(1024).swap(m_table);
    m_mask = 1023;
    m_size = 0;
    m_pool.clear();
}

} // namespace hbvdr::ngs_detail
