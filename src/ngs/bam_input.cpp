//!\file
//!\brief SAM/BAM/CRAM input: the record loop. Each record is filtered (flags, position, contig),
//! then counted by the fast path (bam_decode.hpp) or walked along its CIGAR onto the read window;
//! its codons go to the fragment assembler. Opening: bam_open.hpp; contigs: contigs.hpp.

#include <algorithm>
#include <limits>
#include <string_view>
#include <utility>

#include <htslib/hts.h>
#include <htslib/sam.h>

#include <hbvdr/core/error.hpp>

#include "bam_decode.hpp"
#include "bam_open.hpp"
#include "contigs.hpp"
#include "hts_handles.hpp"
#include "read_ahead.hpp"
#include "readers.hpp"

namespace hbvdr::ngs_detail
{

namespace
{

std::int64_t cigar_text_ref_length(char const * s)
{
    std::int64_t len = 0, n = 0;
    for (; *s != '\0'; ++s)
    {
        if (*s >= '0' && *s <= '9')
            n = n * 10 + (*s - '0');
        else
        {
            if (*s == 'M' || *s == 'D' || *s == 'N' || *s == '=' || *s == 'X')
                len += n;
            n = 0;
        }
    }
    return len;
}

//!\brief What is worked out for a record where it is read (see record_loop::prepare).
struct prepared
{
    fragment_assembler::name_hashes nh{0, 0}; //!< Name hashes of a paired read (else 0).
    int qi0{0};                               //!< The common read: its run from query index qi0,
    int n{0};                                 //!< n bases (0: not the common read), decoded in place
    bool decoded{false};                      //!< (if the reader had time to spare; else where counted)
    int w0{0};                                //!< on window indices w0..
    std::int32_t p1{0};                       //!< and contig positions p1..
};

bool is_paired(bam1_t const * b, int const tid)
{
    std::uint16_t const flag = b->core.flag;
    return (flag & BAM_FPAIRED) && !(flag & BAM_FMUNMAP) && b->core.mtid == tid;
}

std::string_view qname(bam1_t const * b)
{
    return std::string_view{bam_get_qname(b), static_cast<std::size_t>(b->core.l_qname - 1 - b->core.l_extranul)};
}

// A record its flags exclude, counted in its statistic.
bool excluded_by_flags(std::uint16_t const flag, ngs_read_stats & st)
{
    if (flag & BAM_FUNMAP)
        ++st.unmapped;
    else if (flag & BAM_FSECONDARY)
        ++st.secondary;
    else if (flag & BAM_FSUPPLEMENTARY)
        ++st.supplementary;
    else if (flag & BAM_FDUP)
        ++st.duplicate;
    else if (flag & BAM_FQCFAIL)
        ++st.qc_fail;
    else
        return false;
    return true;
}

// The common read's shape, clips around one aligned run: the run's first query index and length
// (length 0: another shape).
std::pair<int, int> single_run(bam1_t const * b)
{
    std::uint32_t const * cig = bam_get_cigar(b);
    std::uint32_t const n_cig = b->core.n_cigar;
    int qi0 = 0, run = -1;
    bool simple = true;
    for (std::uint32_t k = 0; k < n_cig && simple; ++k)
    {
        int const op = bam_cigar_op(cig[k]);
        int const len = static_cast<int>(bam_cigar_oplen(cig[k]));
        if (op == BAM_CMATCH || op == BAM_CEQUAL || op == BAM_CDIFF)
        {
            simple = run < 0;
            run = len;
        }
        else if (op == BAM_CSOFT_CLIP)
            qi0 += run < 0 ? len : 0;
        else
            simple = op == BAM_CHARD_CLIP;
    }
    if (!simple || run <= 0)
        return {0, 0};
    return {qi0, run};
}

// A contig's ranges holding window bases, merged when closer than a read pair so that no read comes back twice.
std::vector<std::pair<std::int64_t, std::int64_t>> merged_ranges(contig_placement const & pl)
{
    std::vector<std::pair<std::int64_t, std::int64_t>> merged;
    for (auto const & rg : pl.ranges)
        if (!merged.empty() && rg.first <= merged.back().second + 2000)
            merged.back().second = std::max(merged.back().second, rg.second);
        else
            merged.push_back(rg);
    return merged;
}

/*!\brief Reads every record of an open alignment file (through its index when there is one, in
 * input order) and counts it.
 *
 * Where a record is read (`prepare`, on a second thread with read-ahead) its name hashes and, for
 * the common read, its run are worked out, and the run decoded if the reader has time to spare;
 * where it is counted (`process`) the record is filtered, then counted by the fast path or walked
 * along its CIGAR. The quality tallies of the two decoders add up to the same whichever side
 * decoded a read.
 */
class record_loop
{
public:
    record_loop(alignment_file & file,
                index_ptr idx,
                std::vector<contig_placement> const & places,
                codon_counter & counter,
                int const window_len,
                ngs_options const & opts,
                ngs_read_stats & st,
                std::string const & shown,
                bool const sorted) :
        m_file{file},
        m_idx{std::move(idx)}, m_places{places}, m_n_ref{static_cast<int>(places.size())}, m_counter{counter},
        m_opts{opts}, m_st{st}, m_shown{shown}, m_minq{opts.thresholds.min_baseq}, m_sorted{sorted || m_idx != nullptr},
        m_assembler{counter}, m_rw{window_len}, m_fast{counter}, m_decoder{m_minq}, m_late_decoder{m_minq}
    {
        if (!m_sorted)
            return;
        std::int64_t max_len = 0;
        for (contig_placement const & pl : m_places)
            if (pl.usable)
                max_len = std::max(max_len, pl.info.length);
        m_assembler.by_position(max_len);
    }

    //!\brief Read and count every record (reading on a second thread with read-ahead).
    void run()
    {
        auto process = [this](bam1_t * b, prepared const & t)
        {
            this->process(b, t);
        };
        if (m_opts.read_ahead)
        {
            // Reading (decompression, record parsing) on a second thread; counting here, in input order.
            read_ahead<prepared> reader{[this](read_ahead<prepared> & sink)
                                        {
                                            read_records(sink);
                                        }};
            reader.for_each(process);
            return;
        }
        direct_records<prepared, decltype(process)> sink{process};
        read_records(sink);
    }

    //!\brief The counts complete: tallies drained, molecules flushed, statistics set.
    void finish()
    {
        m_decoder.drain(m_counter);
        m_late_decoder.drain(m_counter);
        finish_counting(m_assembler, m_counter, m_st);
    }

private:
    contig_placement const * counted_contig(bam1_t const * b, fragment_assembler::name_hashes nh);
    void process(bam1_t * b, prepared const & t);
    bool walk_cigar(bam1_t const * b, contig_placement const & pl, bool no_qual);
    void lay_match(bam1_t const * b, contig_placement const & pl, bool no_qual, int len, std::int64_t & p, int & qi);
    template <typename observations_t>
    void molecule(bam1_t const * b, fragment_assembler::name_hashes nh, observations_t const & o);
    prepared prepare(bam1_t * b, bool decode);
    template <typename sink_t>
    void read_records(sink_t & sink);
    template <typename sink_t>
    void read_indexed(sink_t & sink);

    alignment_file & m_file;
    index_ptr m_idx;
    std::vector<contig_placement> const & m_places;
    int m_n_ref;
    codon_counter & m_counter;
    ngs_options const & m_opts;
    ngs_read_stats & m_st;
    std::string const & m_shown;
    int m_minq;
    bool m_sorted;
    fragment_assembler m_assembler;
    read_window m_rw;
    std::vector<obs> m_observations;
    std::vector<std::uint8_t> m_run_bases = std::vector<std::uint8_t>(65536);
    run_counter m_fast;
    base_decoder m_decoder, m_late_decoder; // where a record is read, where it is counted
    run_codons m_codons;
};

// The contig a record is counted on, or null when it is not counted (counted in its statistic).
contig_placement const * record_loop::counted_contig(bam1_t const * b, fragment_assembler::name_hashes const nh)
{
    if (excluded_by_flags(b->core.flag, m_st))
        return nullptr;
    int const tid = b->core.tid;
    if (b->core.pos < 0)
    {
        // Not unmapped by its flag but without a position (as htslib treats such SAM records).
        ++m_st.unmapped;
        return nullptr;
    }
    if (tid < 0 || tid >= m_n_ref || !m_places[static_cast<std::size_t>(tid)].usable)
    {
        ++m_st.off_target;
        return nullptr;
    }
    contig_placement const & pl = m_places[static_cast<std::size_t>(tid)];
    std::int64_t const pos = b->core.pos;
    if (pos >= static_cast<std::int64_t>(pl.window_of.size()))
    {
        // Starts past the contig's end (a corrupt record): it must not move the sorted input on.
        ++m_st.off_target;
        return nullptr;
    }
    if (m_sorted)
        m_assembler.advance(tid, pos);
    if (b->core.l_qseq == 0)
    {
        // SEQ '*' (allowed by the SAM format): the alignment is there, the bases are not.
        ++m_st.no_sequence;
        return nullptr;
    }
    // The mate look-up comes after the codons: start loading its table slot now.
    if (is_paired(b, tid))
        m_assembler.prefetch(nh);
    if (m_opts.skip_indel_reads)
    {
        std::uint32_t const * cig = bam_get_cigar(b);
        for (std::uint32_t k = 0; k < b->core.n_cigar; ++k)
            if (int const op = bam_cigar_op(cig[k]); op == BAM_CINS || op == BAM_CDEL || op == BAM_CREF_SKIP)
            {
                ++m_st.off_target;
                return nullptr;
            }
    }
    return &pl;
}

void record_loop::process(bam1_t * b, prepared const & t)
{
    ++m_st.records;
    contig_placement const * pl = counted_contig(b, t.nh);
    if (pl == nullptr)
        return;
    std::uint8_t const * q = bam_get_qual(b);
    bool const no_qual = b->core.l_qseq > 0 && q[0] == 0xff;
    bool const reverse_read = (bam_is_rev(b) != 0) != pl->reverse;
    m_observations.clear();
    if (t.n > 0)
    {
        // Decoded where it was read (prepare), or now: count it.
        if (!t.decoded)
            m_late_decoder.decode(b, t.qi0, t.n, bam_get_qual(b) + t.qi0);
        bool const any = m_fast.count(q + t.qi0, t.n, t.w0, t.p1, reverse_read, m_codons, m_st.codons_low_quality);
        m_st.used += any;
        molecule(b, t.nh, m_codons);
        return;
    }
    if (!walk_cigar(b, *pl, no_qual))
    {
        ++m_st.off_target;
        return;
    }
    m_rw.add_bases(m_counter.base_counts(), m_minq);
    m_rw.extract(aligner::flank, m_minq, reverse_read, m_observations, m_st.codons_low_quality);
    if (!m_observations.empty())
        ++m_st.used;
    molecule(b, t.nh, m_observations);
}

// Lay a record onto the read window along its CIGAR; false when nothing landed in the window.
bool record_loop::walk_cigar(bam1_t const * b, contig_placement const & pl, bool const no_qual)
{
    std::uint32_t const * cig = bam_get_cigar(b);
    std::uint32_t const n_cig = b->core.n_cigar;
    auto const L = static_cast<std::int64_t>(pl.window_of.size());
    int const * wmap = pl.window_of.data();
    m_rw.begin();
    std::int64_t p = b->core.pos;
    int qi = 0;
    // Positions only grow along the CIGAR: past the contig's end nothing more lands in the window.
    for (std::uint32_t k = 0; k < n_cig && p < L; ++k)
    {
        int const op = bam_cigar_op(cig[k]);
        int const len = static_cast<int>(bam_cigar_oplen(cig[k]));
        switch (op)
        {
        case BAM_CMATCH:
        case BAM_CEQUAL:
        case BAM_CDIFF:
            lay_match(b, pl, no_qual, len, p, qi);
            break;
        case BAM_CINS:
            m_rw.insertion(len);
            qi += len;
            break;
        case BAM_CDEL:
            for (int j = 0; j < len; ++j, ++p)
                m_rw.put(p < L ? wmap[p] : -1, base_del, 255, static_cast<std::int32_t>(p));
            break;
        case BAM_CREF_SKIP:
            m_rw.skip();
            p += len;
            break;
        case BAM_CSOFT_CLIP:
            qi += len;
            break;
        default: // hard clip, padding
            break;
        }
    }
    return !m_rw.empty();
}

// One aligned CIGAR operation of `len` bases onto the read window, from contig position p and query index qi.
void record_loop::lay_match(
    bam1_t const * b, contig_placement const & pl, bool const no_qual, int const len, std::int64_t & p, int & qi)
{
    std::uint8_t const * s = bam_get_seq(b);
    std::uint8_t const * q = bam_get_qual(b);
    auto const L = static_cast<std::int64_t>(pl.window_of.size());
    int const * wmap = pl.window_of.data();
    bool const rev = pl.reverse;
    if (!rev && !no_qual)
    {
        // Fast path: runs of bases that land on consecutive window indices.
        int j = 0;
        while (j < len)
        {
            int const w = p < L ? wmap[p] : -1;
            if (w < 0)
            {
                m_rw.put(-1, base_n, 0, static_cast<std::int32_t>(p));
                ++j;
                ++p;
                ++qi;
                continue;
            }
            int const n = std::min(len - j, static_cast<int>(pl.forward_run[static_cast<std::size_t>(p)]));
            for (int k = 0; k < n; ++k)
            {
                m_run_bases[static_cast<std::size_t>(k)] = nt16_code[static_cast<std::size_t>(bam_seqi(s, qi + k))];
                std::uint8_t const qual = q[qi + k];
                if (qual >= m_minq)
                    m_counter.add_quality(qual);
            }
            m_rw.put_run(w, n, m_run_bases.data(), q + qi, static_cast<std::int32_t>(p));
            j += n;
            p += n;
            qi += n;
        }
        return;
    }
    for (int j = 0; j < len; ++j, ++p, ++qi)
    {
        int const w = p < L ? wmap[p] : -1;
        std::uint8_t base = nt16_code[static_cast<std::size_t>(bam_seqi(s, qi))];
        if (rev && base < 4)
            base = static_cast<std::uint8_t>(3 - base);
        std::uint8_t const qual = no_qual ? static_cast<std::uint8_t>(m_minq) : q[qi];
        if (w >= 0 && qual >= m_minq)
            m_counter.add_quality(qual);
        m_rw.put(w, base, qual, static_cast<std::int32_t>(p));
    }
}

// A read's codons (a list of observations, or a fast-path run) to the molecule assembler.
template <typename observations_t>
void record_loop::molecule(bam1_t const * b, fragment_assembler::name_hashes const nh, observations_t const & o)
{
    int const tid = b->core.tid;
    if (!is_paired(b, tid))
    {
        m_assembler.single(o);
        return;
    }
    std::int64_t const pos = b->core.pos;
    std::int64_t const mpos = b->core.mpos;
    if (m_sorted && mpos < pos)
    {
        m_assembler.second(qname(b), nh, o);
        return;
    }
    std::int64_t mate_hi = std::numeric_limits<std::int64_t>::max();
    if (std::uint8_t const * mc = bam_aux_get(b, "MC"); mc != nullptr)
        if (char const * txt = bam_aux2Z(mc); txt != nullptr)
            mate_hi = mpos + std::max<std::int64_t>(cigar_text_ref_length(txt), 1) - 1;
    m_assembler.paired(qname(b), nh, o, mpos, mate_hi, tid, mpos);
}

// Where a record is read: its name hashes, and for the common read (one aligned run on
// consecutive window indices of a forward contig) where its run is; its bases are decoded in
// place of its qualities there (`decode`: the reader has time to spare) or where it is counted.
prepared record_loop::prepare(bam1_t * b, bool const decode)
{
    prepared t;
    int const tid = b->core.tid;
    if (is_paired(b, tid))
        t.nh = fragment_assembler::hash_name(qname(b));
    if ((b->core.flag & (BAM_FUNMAP | BAM_FSECONDARY | BAM_FSUPPLEMENTARY | BAM_FDUP | BAM_FQCFAIL)) != 0 || tid < 0
        || tid >= m_n_ref || b->core.pos < 0)
        return t;
    contig_placement const & pl = m_places[static_cast<std::size_t>(tid)];
    std::uint8_t * const q = bam_get_qual(b);
    if (!pl.usable || pl.reverse || b->core.l_qseq == 0 || q[0] == 0xff)
        return t;
    auto const [qi0, run] = single_run(b);
    if (run <= 0)
        return t;
    // Its bases that land in the window: one stretch on consecutive window indices, the others
    // (over the window's edges) outside it. Reads hanging over an edge count as their stretch
    // inside, as laying them onto the read window would give.
    std::int64_t const pos = b->core.pos;
    int const * wmap = pl.window_of.data();
    std::int64_t const end = std::min<std::int64_t>(pos + run, static_cast<std::int64_t>(pl.window_of.size()));
    std::int64_t p1 = pos;
    while (p1 < end && wmap[p1] < 0)
        ++p1;
    if (p1 >= end)
        return t;
    std::int64_t const m = std::min<std::int64_t>(pl.forward_run[static_cast<std::size_t>(p1)], end - p1);
    std::int64_t p2 = p1 + m;
    while (p2 < end && wmap[p2] < 0)
        ++p2;
    if (p2 != end)
        return t;
    t.qi0 = qi0 + static_cast<int>(p1 - pos);
    t.n = static_cast<int>(m);
    t.w0 = wmap[p1];
    t.p1 = static_cast<std::int32_t>(p1);
    if (decode)
        m_decoder.decode(b, t.qi0, t.n, q + t.qi0);
    t.decoded = decode;
    return t;
}

// Every record to read, in order, through a sink (slot() to fill, commit() when filled).
template <typename sink_t>
void record_loop::read_records(sink_t & sink)
{
    if (m_idx)
    {
        read_indexed(sink);
        return;
    }
    int ret;
    for (bam1_t * b = sink.slot(); (ret = sam_read1(m_file.fp.get(), m_file.hdr.get(), b)) >= 0; b = sink.slot())
        sink.commit(prepare(b, sink.spare()));
    if (ret < -1)
        throw input_error{
            m_shown + ": truncated or corrupt data (htslib error " + std::to_string(ret) + " after "
            + std::to_string(sink.records()) + " records)"
            + (m_file.is_cram ? "; for CRAM check that --bam-reference is the reference it was written with" : "")};
}

// The records over each usable contig's window ranges, through the index.
template <typename sink_t>
void record_loop::read_indexed(sink_t & sink)
{
    for (int tid = 0; tid < m_n_ref; ++tid)
    {
        contig_placement const & pl = m_places[static_cast<std::size_t>(tid)];
        if (!pl.usable)
            continue;
        for (auto const & [beg, end] : merged_ranges(pl))
        {
            iterator_ptr it{sam_itr_queryi(m_idx.get(), tid, beg, end)};
            if (!it)
                throw input_error{m_shown + ": the index does not match the file (cannot query contig '" + pl.info.name
                                  + "')"};
            int ret;
            for (bam1_t * b = sink.slot(); (ret = sam_itr_next(m_file.fp.get(), it.get(), b)) >= 0; b = sink.slot())
                sink.commit(prepare(b, sink.spare()));
            if (ret < -1)
                throw input_error{m_shown + ": truncated or corrupt data (htslib error " + std::to_string(ret)
                                  + " after " + std::to_string(sink.records()) + " records)"};
        }
    }
}

// Fast-path reads are counted against the first forward contig's bases (any sequence gives the
// same counts; the closer to the reads, the fewer differences to list).
void expect_first_forward(codon_counter & counter, std::vector<contig_placement> const & places)
{
    for (contig_placement const & pl : places)
        if (pl.usable && !pl.reverse)
        {
            counter.expect(pl.window_base, aligner::flank);
            return;
        }
}

} // namespace

counted_sample count_alignment_file(ngs_input const & in,
                                    reads_context const & ctx,
                                    ngs_options const & opts,
                                    ngs_result & r,
                                    std::vector<std::string> & warnings)
{
    std::string const & path = in.paths.front();
    std::string const & shown = in.display.front();
    alignment_file file = open_alignment_file(path, shown, opts, warnings);
    placed_contigs const contigs = place_header_contigs(file.hdr.get(), shown, ctx, opts, r.contigs);
    contig_placement const & first = contigs.places[contigs.first];
    counted_sample out;
    out.ref_index = contigs.ref_index;
    out.window_start = first.window_start;
    out.window_len = first.window_len;
    out.counter = std::make_unique<codon_counter>(out.window_len, opts);
    expect_first_forward(*out.counter, contigs.places);
    bool const sorted = coordinate_sorted(file);
    index_ptr idx = load_index(file, path, shown, warnings);
    record_loop loop{file, std::move(idx), contigs.places, *out.counter, out.window_len, opts, r.reads, shown, sorted};
    loop.run();
    loop.finish();
    return out;
}

} // namespace hbvdr::ngs_detail
