#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>

#include <htslib/faidx.h>
#include <htslib/hts.h>
#include <htslib/sam.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/sequence_reader.hpp>

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

//!\brief What is worked out for a record where it is read (see count_alignment_file).
struct prepared
{
    fragment_assembler::name_hashes nh{0, 0}; //!< Name hashes of a paired read (else 0).
    int qi0{0};                               //!< The common read: its run from query index qi0,
    int n{0};                                 //!< n bases (0: not the common read), decoded in place
    bool decoded{false};                      //!< (if the reader had time to spare; else where counted)
    int w0{0};                                //!< on window indices w0..
    std::int32_t p1{0};                       //!< and contig positions p1..
};

} // namespace

counted_sample count_alignment_file(ngs_input const & in,
                                    analysis_context const & ctx,
                                    ngs_options const & opts,
                                    ngs_result & r,
                                    std::vector<std::string> & warnings)
{
    std::string const & path = in.paths.front();
    std::string const & shown = in.display.front();
    alignment_file file = open_alignment_file(path, shown, opts, warnings);
    sam_file_ptr const & fp = file.fp;
    header_ptr const & hdr = file.hdr;
    bool const is_cram = file.is_cram;
    int const n_ref = sam_hdr_nref(hdr.get());
    placed_contigs const contigs = place_header_contigs(hdr.get(), shown, ctx, opts, r.contigs);
    std::vector<contig_placement> const & places = contigs.places;
    std::size_t const map_ref = contigs.ref_index;
    contig_placement const * first = &places[contigs.first];

    counted_sample out;
    out.ref_index = map_ref;
    out.window_start = first->window_start;
    out.window_len = first->window_len;
    out.counter = std::make_unique<codon_counter>(out.window_len, opts);
    codon_counter & counter = *out.counter;
    // Fast-path reads are counted against the first forward contig's bases (any sequence gives the
    // same counts; the closer to the reads, the fewer differences to list).
    for (contig_placement const & pl : places)
        if (pl.usable && !pl.reverse)
        {
            counter.expect(pl.window_base, aligner::flank);
            break;
        }
    fragment_assembler assembler{counter};
    read_window rw{out.window_len};
    std::vector<obs> observations;
    ngs_read_stats & st = r.reads;
    int const minq = opts.thresholds.min_baseq;

    bool sorted = coordinate_sorted(file);

    std::vector<std::uint8_t> run_bases(65536);
    run_counter fast{counter};
    // The common read's decoding (see prepare): where it is read, or where it is counted. The
    // quality tallies of the two add up to the same whichever side decoded a read.
    base_decoder decoder{minq}, late_decoder{minq};
    run_codons codons;
    auto is_paired = [](bam1_t const * b, int const tid)
    {
        std::uint16_t const flag = b->core.flag;
        return (flag & BAM_FPAIRED) && !(flag & BAM_FMUNMAP) && b->core.mtid == tid;
    };
    auto qname = [](bam1_t const * b)
    {
        return std::string_view{bam_get_qname(b), static_cast<std::size_t>(b->core.l_qname - 1 - b->core.l_extranul)};
    };
    // A read's codons (a list of observations, or a fast-path run) to the molecule assembler.
    auto molecule =
        [&](bam1_t * b, int const tid, std::int64_t const pos, fragment_assembler::name_hashes const nh, auto const & o)
    {
        if (!is_paired(b, tid))
        {
            assembler.single(o);
            return;
        }
        std::int64_t const mpos = b->core.mpos;
        if (sorted && mpos < pos)
        {
            assembler.second(qname(b), nh, o);
            return;
        }
        std::int64_t mate_hi = std::numeric_limits<std::int64_t>::max();
        if (std::uint8_t const * mc = bam_aux_get(b, "MC"); mc != nullptr)
            if (char const * txt = bam_aux2Z(mc); txt != nullptr)
                mate_hi = mpos + std::max<std::int64_t>(cigar_text_ref_length(txt), 1) - 1;
        assembler.paired(qname(b), nh, o, mpos, mate_hi, tid, mpos);
    };

    auto process = [&](bam1_t * b, prepared const & t)
    {
        fragment_assembler::name_hashes const nh = t.nh;
        ++st.records;
        std::uint16_t const flag = b->core.flag;
        if (flag & BAM_FUNMAP)
        {
            ++st.unmapped;
            return;
        }
        if (flag & BAM_FSECONDARY)
        {
            ++st.secondary;
            return;
        }
        if (flag & BAM_FSUPPLEMENTARY)
        {
            ++st.supplementary;
            return;
        }
        if (flag & BAM_FDUP)
        {
            ++st.duplicate;
            return;
        }
        if (flag & BAM_FQCFAIL)
        {
            ++st.qc_fail;
            return;
        }
        int const tid = b->core.tid;
        if (b->core.pos < 0)
        {
            // Not unmapped by its flag but without a position (as htslib treats such SAM records).
            ++st.unmapped;
            return;
        }
        if (tid < 0 || tid >= n_ref || !places[static_cast<std::size_t>(tid)].usable)
        {
            ++st.off_target;
            return;
        }
        contig_placement const & pl = places[static_cast<std::size_t>(tid)];
        std::int64_t const pos = b->core.pos;
        if (pos >= static_cast<std::int64_t>(pl.window_of.size()))
        {
            // Starts past the contig's end (a corrupt record): it must not move the sorted input on.
            ++st.off_target;
            return;
        }
        if (sorted)
            assembler.advance(tid, pos);
        if (b->core.l_qseq == 0)
        {
            // SEQ '*' (allowed by the SAM format): the alignment is there, the bases are not.
            ++st.no_sequence;
            return;
        }
        // The mate look-up comes after the codons: start loading its table slot now.
        if (is_paired(b, tid))
            assembler.prefetch(nh);
        std::uint32_t const * cig = bam_get_cigar(b);
        std::uint32_t const n_cig = b->core.n_cigar;
        if (opts.skip_indel_reads)
            for (std::uint32_t k = 0; k < n_cig; ++k)
                if (int const op = bam_cigar_op(cig[k]); op == BAM_CINS || op == BAM_CDEL || op == BAM_CREF_SKIP)
                {
                    ++st.off_target;
                    return;
                }
        std::uint8_t const * s = bam_get_seq(b);
        std::uint8_t const * q = bam_get_qual(b);
        bool const no_qual = b->core.l_qseq > 0 && q[0] == 0xff;
        auto const L = static_cast<std::int64_t>(pl.window_of.size());
        int const * wmap = pl.window_of.data();
        bool const rev = pl.reverse;
        bool const reverse_read = (bam_is_rev(b) != 0) != rev;
        observations.clear();
        if (t.n > 0)
        {
            // Decoded where it was read (prepare), or now: count it.
            if (!t.decoded)
                late_decoder.decode(b, t.qi0, t.n, bam_get_qual(b) + t.qi0);
            bool const any = fast.count(q + t.qi0, t.n, t.w0, t.p1, reverse_read, codons, st.codons_low_quality);
            st.used += any;
            molecule(b, tid, pos, nh, codons);
            return;
        }
        rw.begin();
        std::int64_t p = pos;
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
                if (!rev && !no_qual)
                {
                    // Fast path: runs of bases that land on consecutive window indices.
                    int j = 0;
                    while (j < len)
                    {
                        int const w = p < L ? wmap[p] : -1;
                        if (w < 0)
                        {
                            rw.put(-1, base_n, 0, static_cast<std::int32_t>(p));
                            ++j;
                            ++p;
                            ++qi;
                            continue;
                        }
                        int const n = std::min(len - j, static_cast<int>(pl.forward_run[static_cast<std::size_t>(p)]));
                        for (int k = 0; k < n; ++k)
                        {
                            run_bases[static_cast<std::size_t>(k)] =
                                nt16_code[static_cast<std::size_t>(bam_seqi(s, qi + k))];
                            std::uint8_t const qual = q[qi + k];
                            if (qual >= minq)
                                counter.add_quality(qual);
                        }
                        rw.put_run(w, n, run_bases.data(), q + qi, static_cast<std::int32_t>(p));
                        j += n;
                        p += n;
                        qi += n;
                    }
                    break;
                }
                for (int j = 0; j < len; ++j, ++p, ++qi)
                {
                    int const w = p < L ? wmap[p] : -1;
                    std::uint8_t base = nt16_code[static_cast<std::size_t>(bam_seqi(s, qi))];
                    if (rev && base < 4)
                        base = static_cast<std::uint8_t>(3 - base);
                    std::uint8_t const qual = no_qual ? static_cast<std::uint8_t>(minq) : q[qi];
                    if (w >= 0 && qual >= minq)
                        counter.add_quality(qual);
                    rw.put(w, base, qual, static_cast<std::int32_t>(p));
                }
                break;
            case BAM_CINS:
                rw.insertion(len);
                qi += len;
                break;
            case BAM_CDEL:
                for (int j = 0; j < len; ++j, ++p)
                    rw.put(p < L ? wmap[p] : -1, base_del, 255, static_cast<std::int32_t>(p));
                break;
            case BAM_CREF_SKIP:
                rw.skip();
                p += len;
                break;
            case BAM_CSOFT_CLIP:
                qi += len;
                break;
            default: // hard clip, padding
                break;
            }
        }
        if (rw.empty())
        {
            ++st.off_target;
            return;
        }
        rw.add_bases(counter.base_counts(), minq);
        rw.extract(aligner::flank, minq, reverse_read, observations, st.codons_low_quality);
        if (!observations.empty())
            ++st.used;
        molecule(b, tid, pos, nh, observations);
    };

    index_ptr idx = load_index(file, path, shown, warnings);
    if (idx)
        sorted = true;
    if (sorted)
    {
        std::int64_t max_len = 0;
        for (contig_placement const & pl : places)
            if (pl.usable)
                max_len = std::max(max_len, pl.info.length);
        assembler.by_position(max_len);
    }
    // A read's name hashes (for pairing; computed where the record is read).
    auto name_hashes_of = [&](bam1_t const * b)
    {
        return is_paired(b, b->core.tid) ? fragment_assembler::hash_name(qname(b))
                                         : fragment_assembler::name_hashes{0, 0};
    };
    // Where a record is read: its name hashes, and for the common read (one aligned run on
    // consecutive window indices of a forward contig) where its run is; its bases are decoded in
    // place of its qualities there (`decode`: the reader has time to spare) or where it is counted.
    auto prepare = [&](bam1_t * b, bool const decode)
    {
        prepared t;
        t.nh = name_hashes_of(b);
        std::uint16_t const flag = b->core.flag;
        int const tid = b->core.tid;
        if ((flag & (BAM_FUNMAP | BAM_FSECONDARY | BAM_FSUPPLEMENTARY | BAM_FDUP | BAM_FQCFAIL)) != 0 || tid < 0
            || tid >= n_ref || b->core.pos < 0)
            return t;
        contig_placement const & pl = places[static_cast<std::size_t>(tid)];
        std::uint8_t * const q = bam_get_qual(b);
        if (!pl.usable || pl.reverse || b->core.l_qseq == 0 || q[0] == 0xff)
            return t;
        std::uint32_t const * cig = bam_get_cigar(b);
        std::uint32_t const n_cig = b->core.n_cigar;
        std::int64_t const pos = b->core.pos;
        auto const L = static_cast<std::int64_t>(pl.window_of.size());
        int const * wmap = pl.window_of.data();
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
            return t;
        // Its bases that land in the window: one stretch on consecutive window indices, the others
        // (over the window's edges) outside it. Reads hanging over an edge count as their stretch
        // inside, as laying them onto the read window would give.
        std::int64_t const end = std::min<std::int64_t>(pos + run, L);
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
            decoder.decode(b, t.qi0, t.n, q + t.qi0);
        t.decoded = decode;
        return t;
    };
    // Every record to read, in order, through a sink (slot() to fill, commit() when filled).
    auto read_records = [&](auto & sink)
    {
        if (idx)
        {
            for (int tid = 0; tid < n_ref; ++tid)
            {
                contig_placement const & pl = places[static_cast<std::size_t>(tid)];
                if (!pl.usable)
                    continue;
                // Merge ranges closer than a read pair so that no read comes back twice.
                std::vector<std::pair<std::int64_t, std::int64_t>> merged;
                for (auto const & rg : pl.ranges)
                    if (!merged.empty() && rg.first <= merged.back().second + 2000)
                        merged.back().second = std::max(merged.back().second, rg.second);
                    else
                        merged.push_back(rg);
                for (auto const & [beg, end] : merged)
                {
                    iterator_ptr it{sam_itr_queryi(idx.get(), tid, beg, end)};
                    if (!it)
                        throw input_error{shown + ": the index does not match the file (cannot query contig '"
                                          + pl.info.name + "')"};
                    int ret;
                    for (bam1_t * b = sink.slot(); (ret = sam_itr_next(fp.get(), it.get(), b)) >= 0; b = sink.slot())
                        sink.commit(prepare(b, sink.spare()));
                    if (ret < -1)
                        throw input_error{shown + ": truncated or corrupt data (htslib error " + std::to_string(ret)
                                          + " after " + std::to_string(sink.records()) + " records)"};
                }
            }
            return;
        }
        int ret;
        for (bam1_t * b = sink.slot(); (ret = sam_read1(fp.get(), hdr.get(), b)) >= 0; b = sink.slot())
            sink.commit(prepare(b, sink.spare()));
        if (ret < -1)
            throw input_error{
                shown + ": truncated or corrupt data (htslib error " + std::to_string(ret) + " after "
                + std::to_string(sink.records()) + " records)"
                + (is_cram ? "; for CRAM check that --bam-reference is the reference it was written with" : "")};
    };
    if (opts.read_ahead)
    {
        // Reading (decompression, record parsing) on a second thread; counting here, in input order.
        read_ahead<prepared> reader{[&read_records](read_ahead<prepared> & sink)
                                    {
                                        read_records(sink);
                                    }};
        reader.for_each(process);
    }
    else
    {
        direct_records<prepared, decltype(process)> sink{process};
        read_records(sink);
    }
    decoder.drain(counter);
    late_decoder.drain(counter);
    assembler.flush();
    counter.settle();
    st.fragments = counter.fragments();
    st.pairs_merged = assembler.pairs_merged;
    st.discordant_codons = assembler.discordant;
    return out;
}

} // namespace hbvdr::ngs_detail
