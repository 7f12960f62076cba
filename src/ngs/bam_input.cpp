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
#include "hts_handles.hpp"
#include "read_ahead.hpp"
#include "readers.hpp"

namespace hbvdr::ngs_detail
{

namespace
{

// Contigs longer than this are not HBV (a human chromosome in a combined reference): never loaded.
constexpr std::int64_t max_contig_length = 20'000;

std::string md5_hex(std::string_view const s)
{
    hts_md5_context * ctx = hts_md5_init();
    if (ctx == nullptr)
        throw std::bad_alloc{};
    hts_md5_update(ctx, s.data(), static_cast<unsigned long>(s.size()));
    unsigned char digest[16];
    hts_md5_final(digest, ctx);
    hts_md5_destroy(ctx);
    char hex[33];
    hts_md5_hex(hex, digest);
    return std::string{hex, 32};
}

std::string upper_bases(std::string_view const s)
{
    std::string out;
    out.reserve(s.size());
    for (char const c : s)
        if (c != '\n' && c != '\r' && c != ' ')
            out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
    return out;
}

std::string lower(std::string_view const s)
{
    std::string out{s};
    for (char & c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return out;
}

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

contig_placement place_contig(std::string const & name,
                              std::string_view const sequence,
                              aligner const & align,
                              std::size_t const ref_index)
{
    contig_placement out;
    out.info.name = name;
    auto const L = static_cast<std::int64_t>(sequence.size());
    out.info.length = L;
    std::string const seq = upper_bases(sequence);
    out.window_of.assign(static_cast<std::size_t>(L), -1);

    // A genome written more than once (doubled for circularity): align one period, map every copy.
    std::int64_t period = L;
    if (L >= 2900 + 100)
    {
        std::string_view const probe = std::string_view{seq}.substr(0, 32);
        for (std::size_t at = seq.find(probe, 2800); at != std::string::npos && static_cast<std::int64_t>(at) <= 3600;
             at = seq.find(probe, at + 1))
        {
            auto const p = static_cast<std::int64_t>(at);
            if (seq.compare(static_cast<std::size_t>(p),
                            static_cast<std::size_t>(L - p),
                            seq,
                            0,
                            static_cast<std::size_t>(L - p))
                == 0)
            {
                period = p;
                break;
            }
        }
    }
    std::string const unit = seq.substr(0, static_cast<std::size_t>(period));
    align_outcome const o =
        ref_index == static_cast<std::size_t>(-1) ? align.align(unit) : align.align_to(unit, ref_index);
    if (o.failure != align_failure::none || !o.alignment)
    {
        out.info.note = (o.failure == align_failure::not_hbv ? "not HBV: " : "no RT region: ") + o.message;
        return out;
    }
    projected_alignment const & a = *o.alignment;
    std::string const oriented = a.reverse_complemented ? reverse_complement(unit) : unit;
    auto const P = static_cast<std::int64_t>(oriented.size());

    // query_pos is relative to the oriented query, rotated when the aligner re-linearised a circular
    // genome: recover the rotation from the longest gap-free stretch of aligned bases.
    std::int64_t rotation = 0;
    if (a.circularized)
    {
        int best_start = -1, best_len = 0;
        int const W = static_cast<int>(a.bases.size());
        for (int i = 0; i < W;)
        {
            if (a.query_pos[static_cast<std::size_t>(i)] < 0)
            {
                ++i;
                continue;
            }
            int j = i + 1;
            while (j < W
                   && a.query_pos[static_cast<std::size_t>(j)] == a.query_pos[static_cast<std::size_t>(j - 1)] + 1)
                ++j;
            if (j - i > best_len)
            {
                best_len = j - i;
                best_start = i;
            }
            i = j;
        }
        if (best_len < 24)
        {
            out.info.note = "could not place the contig's circular alignment";
            return out;
        }
        std::string const probe = a.bases.substr(static_cast<std::size_t>(best_start), 24);
        std::string const doubled = oriented + oriented;
        std::size_t const at = doubled.find(probe);
        if (at == std::string::npos)
        {
            out.info.note = "could not place the contig's circular alignment";
            return out;
        }
        rotation = (static_cast<std::int64_t>(at) - a.query_pos[static_cast<std::size_t>(best_start)] + 2 * P) % P;
    }

    out.reverse = a.reverse_complemented;
    out.ref_index = a.ref_index;
    out.window_start = a.window_start;
    out.window_len = static_cast<int>(a.bases.size());
    int copies = 0;
    for (std::int64_t copy = 0; copy * period < L; ++copy)
    {
        std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = -1;
        for (std::size_t i = 0; i < a.query_pos.size(); ++i)
        {
            int const q = a.query_pos[i];
            if (q < 0)
                continue;
            std::int64_t const oq = (q + rotation) % P;
            std::int64_t const c = (a.reverse_complemented ? P - 1 - oq : oq) + copy * period;
            if (c >= L)
                continue;
            out.window_of[static_cast<std::size_t>(c)] = static_cast<int>(i);
            lo = std::min(lo, c);
            hi = std::max(hi, c);
        }
        if (hi < 0)
            continue;
        ++copies;
        if (hi - lo + 1 > period)
        {
            // The window wraps the copy's ends: two pieces.
            out.ranges.emplace_back(copy * period, std::min(L, copy * period + period));
        }
        else
            out.ranges.emplace_back(lo, hi + 1);
    }
    std::sort(out.ranges.begin(), out.ranges.end());
    out.forward_run.assign(static_cast<std::size_t>(L), 0);
    out.window_base.assign(static_cast<std::size_t>(out.window_len), base_n);
    for (std::int64_t c = 0; c < L; ++c)
        if (int const w = out.window_of[static_cast<std::size_t>(c)]; w >= 0)
        {
            int const code = acgt_index(seq[static_cast<std::size_t>(c)]);
            std::uint8_t const b = code < 0 ? base_n : static_cast<std::uint8_t>(code);
            out.window_base[static_cast<std::size_t>(w)] = out.reverse && b < 4 ? static_cast<std::uint8_t>(3 - b) : b;
        }
    if (!out.reverse)
        for (std::int64_t c = L - 1; c >= 0; --c)
        {
            auto const u = static_cast<std::size_t>(c);
            if (out.window_of[u] < 0)
                continue;
            bool const next = c + 1 < L && out.window_of[u + 1] == out.window_of[u] + 1;
            out.forward_run[u] = static_cast<std::uint16_t>(next ? std::min(60000, out.forward_run[u + 1] + 1) : 1);
        }
    out.info.copies = copies;
    out.info.reverse = out.reverse;
    out.info.mapped_to = align.references().panel()[a.ref_index].accession;
    out.usable = copies > 0;
    return out;
}

counted_sample count_alignment_file(ngs_input const & in,
                                    analysis_context const & ctx,
                                    ngs_options const & opts,
                                    ngs_result & r,
                                    std::vector<std::string> & warnings)
{
    std::string const & path = in.paths.front();
    std::string const & shown = in.display.front();
    sam_file_ptr fp{sam_open(path.c_str(), "r")};
    if (!fp)
        throw input_error{shown + ": cannot open as SAM/BAM/CRAM"};
    htsFormat const * fmt = hts_get_format(fp.get());
    bool const is_cram = fmt->format == cram;
    bool const is_bam = fmt->format == bam;
    if (is_cram && !opts.bam_reference.empty())
        if (hts_set_fai_filename(fp.get(), opts.bam_reference.c_str()) != 0)
            throw input_error{shown + ": cannot use " + opts.bam_reference.string()
                              + " as the CRAM reference (no FASTA or .fai index)"};
    if (opts.hts_threads > 0)
        if (hts_set_threads(fp.get(), static_cast<int>(opts.hts_threads)) != 0)
            warnings.push_back("could not start decompression threads; reading on one thread");
    header_ptr hdr{sam_hdr_read(fp.get())};
    if (!hdr)
        throw input_error{shown + ": no valid SAM/BAM/CRAM header (truncated or not an alignment file)"};
    if (is_bam || is_cram)
    {
        int const eof = hts_check_EOF(fp.get());
        if (eof == 0)
            throw input_error{shown + ": the file is truncated (no end-of-file marker); re-create or re-copy it"};
        if (eof < 0)
            warnings.push_back("could not check the end-of-file marker");
    }

    // Contig sequences: --bam-reference first, then the panel (by accession or by M5 checksum).
    int const n_ref = sam_hdr_nref(hdr.get());
    if (n_ref <= 0)
        throw input_error{
            shown
            + ": the header lists no reference contig (@SQ); unaligned reads are read from FASTQ or an unaligned BAM"};
    std::map<std::string, std::string> given;
    if (!opts.bam_reference.empty())
    {
        sequence_reader reader{opts.bam_reference.string()};
        sequence_record rec;
        while (reader.next(rec))
        {
            if (!rec.problem.empty())
                throw input_error{opts.bam_reference.string() + ": record " + std::to_string(rec.index + 1) + " ('"
                                  + rec.name + "'): " + rec.problem};
            if (static_cast<std::int64_t>(rec.sequence.size()) <= max_contig_length)
                given.emplace(rec.name, std::move(rec.sequence));
        }
    }
    auto const & panel = ctx.refs.panel();
    std::vector<contig_placement> places(static_cast<std::size_t>(n_ref));
    std::size_t map_ref = static_cast<std::size_t>(-1);
    std::vector<std::string> unknown;
    for (int tid = 0; tid < n_ref; ++tid)
    {
        std::string const name = sam_hdr_tid2name(hdr.get(), tid);
        std::int64_t const len = sam_hdr_tid2len(hdr.get(), tid);
        contig_placement & pl = places[static_cast<std::size_t>(tid)];
        pl.info.name = name;
        pl.info.length = len;
        if (len > max_contig_length)
        {
            pl.info.note = "longer than an HBV genome: not used";
            continue;
        }
        std::string seq, source;
        if (auto it = given.find(name); it != given.end())
        {
            seq = upper_bases(it->second);
            source = "--bam-reference";
            if (static_cast<std::int64_t>(seq.size()) != len)
                throw input_error{shown + ": contig '" + name + "' is " + std::to_string(len) + " nt in the header but "
                                  + std::to_string(seq.size()) + " nt in " + opts.bam_reference.string()
                                  + ": wrong --bam-reference"};
        }
        if (seq.empty())
        {
            kstring_owner m5;
            std::string md5;
            if (sam_hdr_find_tag_id(hdr.get(), "SQ", "SN", name.c_str(), "M5", &m5.ks) == 0 && m5.ks.s != nullptr)
                md5 = lower(m5.ks.s);
            std::string const lname = lower(name);
            for (reference_genome const & g : panel)
            {
                auto const glen = static_cast<std::int64_t>(g.sequence.size());
                bool const name_match =
                    lname.find(lower(g.accession)) != std::string::npos && (len == glen || len == 2 * glen);
                bool const md5_match =
                    !md5.empty()
                    && (md5 == md5_hex(g.sequence) || (len == 2 * glen && md5 == md5_hex(g.sequence + g.sequence)));
                if (name_match || md5_match)
                {
                    seq = len == 2 * glen ? g.sequence + g.sequence : g.sequence;
                    source = md5_match ? "data/ (M5 checksum " + g.accession + ")" : "data/ (name " + g.accession + ")";
                    break;
                }
            }
        }
        if (seq.empty())
        {
            pl.info.note = "sequence unknown";
            unknown.push_back(name + " (" + std::to_string(len) + " nt)");
            continue;
        }
        pl = place_contig(name, seq, ctx.align, map_ref);
        pl.info.source = source;
        if (pl.usable && map_ref == static_cast<std::size_t>(-1))
            map_ref = pl.ref_index;
    }
    for (contig_placement const & pl : places)
        r.contigs.push_back(pl.info);
    if (map_ref == static_cast<std::size_t>(-1))
    {
        if (!unknown.empty())
            throw input_error{shown + ": cannot establish the reference of contig(s) " + join(unknown, ", ")
                              + ": give the FASTA the reads were aligned to with --bam-reference"};
        std::string why;
        for (contig_placement const & pl : places)
            why += (why.empty() ? "" : "; ") + pl.info.name + ": " + pl.info.note;
        throw input_error{shown + ": no contig holds the HBV RT region (" + why + ")"};
    }
    // All usable contigs on one window (they were aligned to the first usable contig's reference).
    contig_placement const * first = nullptr;
    for (contig_placement const & pl : places)
        if (pl.usable)
        {
            first = &pl;
            break;
        }

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

    kstring_owner so;
    bool sorted = sam_hdr_find_tag_hd(hdr.get(), "SO", &so.ks) == 0 && so.ks.s != nullptr
                  && std::string_view{so.ks.s} == "coordinate";

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

    index_ptr idx;
    if (is_bam || is_cram)
        idx.reset(sam_index_load3(fp.get(), path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
    if (!idx && (is_bam || is_cram))
        warnings.push_back("no index (.bai/.csi/.crai) next to " + shown + ": the whole file was read");
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
