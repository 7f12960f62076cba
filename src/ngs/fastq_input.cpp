#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <system_error>
#include <thread>

#include <htslib/hts.h>
#include <htslib/sam.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/io/sequence_reader.hpp>

#include "hts_handles.hpp"
#include "readers.hpp"

namespace hbvdr::ngs_detail
{

namespace
{

// Reads used to choose the genotype reference before counting.
constexpr std::size_t genotype_sample_reads = 2000;

struct read
{
    std::string name, seq, qual;
    bool first{true}; // R1 (or unpaired)
};

// A stream of reads (or read pairs) from FASTQ files or an unaligned BAM.
class read_source
{
public:
    read_source(ngs_input const & in) : m_in{in}
    {
        open();
    }

    //!\brief Next read or pair; false at the end. `b` is empty for an unpaired read.
    bool next(read & a, std::optional<read> & b)
    {
        b.reset();
        if (m_bam)
            return next_bam(a, b);
        sequence_record rec;
        if (!m_r1->next(rec))
        {
            if (m_r2)
            {
                sequence_record extra;
                if (m_r2->next(extra))
                    throw input_error{m_in.display[1] + ": more reads than " + m_in.display[0]
                                      + " (files of a pair must match)"};
            }
            return false;
        }
        a = {rec.name, std::move(rec.sequence), std::move(rec.quality), true};
        if (m_r2)
        {
            sequence_record rec2;
            if (!m_r2->next(rec2))
                throw input_error{m_in.display[1] + ": fewer reads than " + m_in.display[0]
                                  + " (files of a pair must match)"};
            b = read{rec2.name, std::move(rec2.sequence), std::move(rec2.quality), false};
        }
        return true;
    }

private:
    void open()
    {
        if (m_in.kind == input_kind::bam)
        {
            m_bam.reset(sam_open(m_in.paths[0].c_str(), "r"));
            if (!m_bam)
                throw input_error{m_in.display[0] + ": cannot open"};
            m_hdr.reset(sam_hdr_read(m_bam.get()));
            if (!m_hdr)
                throw input_error{m_in.display[0] + ": no valid BAM header"};
            m_rec.reset(bam_init1());
            return;
        }
        m_r1 = std::make_unique<sequence_reader>(m_in.paths[0]);
        if (m_in.paths.size() > 1)
            m_r2 = std::make_unique<sequence_reader>(m_in.paths[1]);
    }

    bool read_bam(read & out)
    {
        while (true)
        {
            int const ret = sam_read1(m_bam.get(), m_hdr.get(), m_rec.get());
            if (ret == -1)
                return false;
            if (ret < -1)
                throw input_error{m_in.display[0] + ": truncated or corrupt data (htslib error " + std::to_string(ret)
                                  + ")"};
            bam1_t const * b = m_rec.get();
            if (b->core.flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY | BAM_FQCFAIL | BAM_FDUP))
                continue;
            out.name = bam_get_qname(b);
            int const n = b->core.l_qseq;
            out.seq.resize(static_cast<std::size_t>(n));
            out.qual.resize(static_cast<std::size_t>(n));
            std::uint8_t const * s = bam_get_seq(b);
            std::uint8_t const * q = bam_get_qual(b);
            for (int i = 0; i < n; ++i)
            {
                out.seq[static_cast<std::size_t>(i)] = seq_nt16_str[bam_seqi(s, i)];
                out.qual[static_cast<std::size_t>(i)] =
                    static_cast<char>(q[0] == 0xff ? 'I' : std::min(93, int{q[i]}) + 33);
            }
            if (b->core.flag & BAM_FREVERSE) // stored reverse-complemented: give the read as sequenced
            {
                out.seq = reverse_complement(out.seq);
                std::reverse(out.qual.begin(), out.qual.end());
            }
            out.first = !(b->core.flag & BAM_FREAD2);
            m_paired = (b->core.flag & BAM_FPAIRED) != 0;
            return true;
        }
    }

    bool next_bam(read & a, std::optional<read> & b)
    {
        if (m_held)
        {
            a = std::move(*m_held);
            m_held.reset();
        }
        else if (!read_bam(a))
            return false;
        if (!m_paired)
            return true;
        read r2;
        if (!read_bam(r2))
            return true;
        if (r2.name == a.name)
            b = std::move(r2);
        else
            m_held = std::move(r2);
        return true;
    }

    ngs_input const & m_in;
    std::unique_ptr<sequence_reader> m_r1, m_r2;
    sam_file_ptr m_bam;
    header_ptr m_hdr;
    record_ptr m_rec;
    std::optional<read> m_held;
    bool m_paired{false};
};

// The window indices [aligned_from, aligned_to) outside which a read alignment has only '.'.
std::size_t aligned_from(projected_alignment const & aln) noexcept
{
    return std::min(aln.bases.find_first_not_of('.'), aln.bases.size());
}
std::size_t aligned_to(projected_alignment const & aln) noexcept
{
    std::size_t const last = aln.bases.find_last_not_of('.');
    return last == std::string::npos ? 0 : last + 1;
}

// Lay an hbvdr alignment of a read onto the window.
void lay(projected_alignment const & aln, read const & rd, bool const reverse, read_window & rw)
{
    auto const n = static_cast<int>(rd.qual.size());
    std::size_t ins_i = 0;
    rw.begin();
    for (std::size_t i = aligned_from(aln), end = aligned_to(aln); i < end; ++i)
    {
        char const c = aln.bases[i];
        if (c == '.')
            continue;
        auto const w = static_cast<int>(i);
        if (c == '-')
            rw.put(w, base_del, 255, w);
        else
        {
            int const qp = aln.query_pos[i];
            int const orig = reverse ? n - 1 - qp : qp;
            std::uint8_t const q =
                (orig >= 0 && orig < n)
                    ? static_cast<std::uint8_t>(std::max(0, rd.qual[static_cast<std::size_t>(orig)] - 33))
                    : 0;
            std::uint8_t code = base_n;
            switch (c)
            {
            case 'A':
                code = 0;
                break;
            case 'C':
                code = 1;
                break;
            case 'G':
                code = 2;
                break;
            case 'T':
                code = 3;
                break;
            default:
                break;
            }
            rw.put(w, code, q, w);
        }
        while (ins_i < aln.insertions.size() && aln.insertions[ins_i].after < w)
            ++ins_i;
        if (ins_i < aln.insertions.size() && aln.insertions[ins_i].after == w)
            rw.insertion(static_cast<int>(aln.insertions[ins_i].bases.size()));
    }
}

std::string clean(std::string const & s)
{
    std::string out;
    out.reserve(s.size());
    for (char const c : s)
        out.push_back(static_cast<char>(iupac_mask(c) == 0 ? 'N' : (c >= 'a' && c <= 'z' ? c - 32 : c)));
    return out;
}

// Read pairs aligned per batch (shared out among the aligning threads).
constexpr std::size_t batch_pairs = 1024;
constexpr std::size_t chunk_pairs = 32;

//!\brief One aligning thread's scratch and counts (base and quality counts add up whatever thread counted them).
struct worker
{
    explicit worker(int const window_len) : rw{window_len}, bases(6 * static_cast<std::size_t>(window_len))
    {}
    read_window rw;
    std::vector<std::uint32_t> bases;
    std::array<std::uint64_t, max_phred + 1> qualities{};
    std::uint64_t low_quality{0};
};

//!\brief A read aligned and laid onto the window: its codon observations.
struct laid_read
{
    enum state_t : std::uint8_t
    {
        unmapped,
        off_target,
        laid
    };
    state_t state{unmapped};
    std::vector<obs> observations;
};

void lay_read(
    read const & rd, reads_context const & ctx, std::size_t const ref, int const minq, worker & w, laid_read & out)
{
    out.observations.clear();
    align_outcome const o = ctx.align.align_to(clean(rd.seq), ref);
    if (o.failure != align_failure::none || !o.alignment)
    {
        out.state = laid_read::unmapped;
        return;
    }
    projected_alignment const & aln = *o.alignment;
    lay(aln, rd, aln.reverse_complemented, w.rw);
    if (w.rw.empty())
    {
        out.state = laid_read::off_target;
        return;
    }
    out.state = laid_read::laid;
    for (char const qc : rd.qual)
        if (qc - 33 >= minq)
            ++w.qualities[static_cast<std::size_t>(std::min(qc - 33, max_phred))];
    w.rw.add_bases(w.bases, minq);
    w.rw.extract(aligner::flank, minq, aln.reverse_complemented, out.observations, w.low_quality);
}

// 1. Genotype reference: the one most reads align to, among the first reads.
std::size_t genotype_reference(ngs_input const & in, reads_context const & ctx)
{
    std::map<std::size_t, std::size_t> votes;
    std::size_t examined = 0;
    {
        read_source src{in};
        read a;
        std::optional<read> b;
        while (examined < genotype_sample_reads && src.next(a, b))
        {
            for (read const * rd : {&a, b ? &*b : nullptr})
            {
                if (rd == nullptr)
                    continue;
                ++examined;
                align_outcome const o = ctx.align.align(clean(rd->seq));
                if (o.failure == align_failure::none && o.alignment)
                    ++votes[o.alignment->ref_index];
            }
        }
    }
    if (examined == 0)
        throw input_error{in.display[0] + ": no reads (an empty file, or not FASTQ / unaligned BAM)"};
    if (votes.empty())
        throw input_error{"no read of the first " + std::to_string(examined)
                          + " aligns to the HBV RT region (not HBV, or too few HBV reads)"};
    std::size_t ref = votes.begin()->first;
    for (auto const & [k, v] : votes)
        if (v > votes.at(ref))
            ref = k;
    return ref;
}

/* 2. Reads are aligned and laid onto the window a batch of pairs at a time, the batch shared out
 * among `align_threads` threads (each with its own scratch and its own additive base and quality
 * counts); molecules are then formed in input order, so nothing depends on the threads.
 */
class batch_layer
{
public:
    batch_layer(reads_context const & ctx, std::size_t const ref, ngs_options const & opts, int const window_len) :
        m_ctx{ctx}, m_ref{ref}, m_minq{opts.thresholds.min_baseq}, m_threads{std::max(1u, opts.align_threads)}
    {
        m_workers.reserve(m_threads);
        for (unsigned t = 0; t < m_threads; ++t)
            m_workers.emplace_back(window_len);
    }

    //!\brief The next batch from `src` aligned and laid; false at the end of the reads.
    bool next(read_source & src)
    {
        if (!m_more)
            return false;
        m_n = 0;
        while (m_n < batch_pairs && (m_more = src.next(m_as[m_n], m_bs[m_n])))
            ++m_n;
        if (m_n == 0)
            return false;
        lay_batch();
        return true;
    }

    //!\brief The batch's reads into the statistics and, as molecules, to the assembler, in input order.
    void count(fragment_assembler & assembler, ngs_read_stats & st) const
    {
        for (std::size_t i = 0; i < m_n; ++i)
        {
            for (std::size_t k = 0; k < (m_bs[i] ? 2u : 1u); ++k)
            {
                laid_read const & l = m_laid[2 * i + k];
                ++st.records;
                st.unmapped += l.state == laid_read::unmapped;
                st.off_target += l.state == laid_read::off_target;
                st.used += l.state == laid_read::laid && !l.observations.empty();
            }
            // Both mates are at hand: one molecule.
            if (m_bs[i])
                assembler.both(m_laid[2 * i].observations, m_laid[2 * i + 1].observations);
            else
                assembler.single(m_laid[2 * i].observations);
        }
    }

    //!\brief The threads' base and quality counts into the counter.
    void merge_into(codon_counter & counter, ngs_read_stats & st) const
    {
        std::vector<std::uint32_t> & bases = counter.base_counts();
        for (worker const & w : m_workers)
        {
            for (std::size_t i = 0; i < bases.size(); ++i)
                bases[i] += w.bases[i];
            for (int q = 0; q <= max_phred; ++q)
                if (std::uint64_t const k = w.qualities[static_cast<std::size_t>(q)]; k > 0)
                    counter.add_quality(q, k);
            st.codons_low_quality += w.low_quality;
        }
    }

private:
    void lay_reads(worker & w, std::size_t const from, std::size_t const to)
    {
        for (std::size_t i = from; i < to; ++i)
        {
            lay_read(m_as[i], m_ctx, m_ref, m_minq, w, m_laid[2 * i]);
            if (m_bs[i])
                lay_read(*m_bs[i], m_ctx, m_ref, m_minq, w, m_laid[2 * i + 1]);
        }
    }

    // Threads take chunks of the batch in turn (reads differ in how long they take to align).
    void lay_batch()
    {
        std::size_t const n = m_n;
        std::atomic<std::size_t> next_chunk{0};
        std::vector<std::exception_ptr> errors(m_threads);
        auto run = [&](unsigned const t)
        {
            try
            {
                for (std::size_t c; (c = next_chunk.fetch_add(chunk_pairs)) < n;)
                    lay_reads(m_workers[t], c, std::min(n, c + chunk_pairs));
            }
            catch (...)
            {
                errors[t] = std::current_exception();
            }
        };
        std::vector<std::thread> helpers;
        helpers.reserve(m_threads);
        for (unsigned t = 1; t < m_threads && t * chunk_pairs < n; ++t)
        {
            try
            {
                helpers.emplace_back(run, t);
            }
            catch (std::system_error const &)
            {
                break; // no thread to be had: the others take its chunks
            }
        }
        run(0);
        for (std::thread & h : helpers)
            h.join();
        for (std::exception_ptr const & e : errors)
            if (e)
                std::rethrow_exception(e);
    }

    reads_context const & m_ctx;
    std::size_t m_ref;
    int m_minq;
    unsigned m_threads;
    std::vector<worker> m_workers;
    std::vector<read> m_as = std::vector<read>(batch_pairs);
    std::vector<std::optional<read>> m_bs = std::vector<std::optional<read>>(batch_pairs);
    std::vector<laid_read> m_laid = std::vector<laid_read>(2 * batch_pairs);
    std::size_t m_n{0};
    bool m_more{true};
};

} // namespace

counted_sample count_unaligned_reads(ngs_input const & in,
                                     reads_context const & ctx,
                                     ngs_options const & opts,
                                     ngs_result & r,
                                     std::vector<std::string> & warnings)
{
    (void)warnings;
    std::size_t const ref = genotype_reference(in, ctx);
    counted_sample out;
    out.ref_index = ref;
    reference_genome const & g = ctx.refs.panel()[ref];
    out.window_start = static_cast<int>(g.rt_offset()) - aligner::flank;
    out.window_len = 3 * rt_info.n_codons + 2 * aligner::flank;
    out.counter = std::make_unique<codon_counter>(out.window_len, opts);
    fragment_assembler assembler{*out.counter};
    batch_layer layer{ctx, ref, opts, out.window_len};
    read_source src{in};
    while (layer.next(src))
        layer.count(assembler, r.reads);
    layer.merge_into(*out.counter, r.reads);
    finish_counting(assembler, *out.counter, r.reads);
    return out;
}

} // namespace hbvdr::ngs_detail
