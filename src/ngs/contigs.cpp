//!\file
//!\brief The contigs of an alignment file's header: resolving their sequences and placing them on
//! hbvdr's reference window.

#include "contigs.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include <htslib/hts.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/sequence_reader.hpp>

#include "hts_handles.hpp"
#include "read_window.hpp"

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

// A genome written more than once (doubled for circularity): the length of one copy (else the whole).
std::int64_t genome_period(std::string const & seq, std::int64_t const L)
{
    if (L < 2900 + 100)
        return L;
    std::string_view const probe = std::string_view{seq}.substr(0, 32);
    for (std::size_t at = seq.find(probe, 2800); at != std::string::npos && static_cast<std::int64_t>(at) <= 3600;
         at = seq.find(probe, at + 1))
    {
        auto const p = static_cast<std::int64_t>(at);
        if (seq.compare(
                static_cast<std::size_t>(p), static_cast<std::size_t>(L - p), seq, 0, static_cast<std::size_t>(L - p))
            == 0)
            return p;
    }
    return L;
}

// query_pos is relative to the oriented query, rotated when the aligner re-linearised a circular
// genome: recover the rotation from the longest gap-free stretch of aligned bases (none: unplaceable).
std::optional<std::int64_t> circular_rotation(projected_alignment const & a, std::string const & oriented)
{
    auto const P = static_cast<std::int64_t>(oriented.size());
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
        while (j < W && a.query_pos[static_cast<std::size_t>(j)] == a.query_pos[static_cast<std::size_t>(j - 1)] + 1)
            ++j;
        if (j - i > best_len)
        {
            best_len = j - i;
            best_start = i;
        }
        i = j;
    }
    if (best_len < 24)
        return std::nullopt;
    std::string const probe = a.bases.substr(static_cast<std::size_t>(best_start), 24);
    std::string const doubled = oriented + oriented;
    std::size_t const at = doubled.find(probe);
    if (at == std::string::npos)
        return std::nullopt;
    return (static_cast<std::int64_t>(at) - a.query_pos[static_cast<std::size_t>(best_start)] + 2 * P) % P;
}

// Every copy of the aligned period into out.window_of and out.ranges; returns the copies placed.
int map_copies(contig_placement & out,
               projected_alignment const & a,
               std::int64_t const rotation,
               std::int64_t const P,
               std::int64_t const period)
{
    auto const L = static_cast<std::int64_t>(out.window_of.size());
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
    return copies;
}

// From out.window_of: the contig's base at each window index, and (forward contigs) the runs of
// positions on consecutive window indices.
void window_bases_and_runs(contig_placement & out, std::string const & seq)
{
    auto const L = static_cast<std::int64_t>(out.window_of.size());
    out.forward_run.assign(static_cast<std::size_t>(L), 0);
    out.window_base.assign(static_cast<std::size_t>(out.window_len), base_n);
    for (std::int64_t c = 0; c < L; ++c)
        if (int const w = out.window_of[static_cast<std::size_t>(c)]; w >= 0)
        {
            int const code = acgt_index(seq[static_cast<std::size_t>(c)]);
            std::uint8_t const b = code < 0 ? base_n : static_cast<std::uint8_t>(code);
            out.window_base[static_cast<std::size_t>(w)] = out.reverse && b < 4 ? static_cast<std::uint8_t>(3 - b) : b;
        }
    if (out.reverse)
        return;
    for (std::int64_t c = L - 1; c >= 0; --c)
    {
        auto const u = static_cast<std::size_t>(c);
        if (out.window_of[u] < 0)
            continue;
        bool const next = c + 1 < L && out.window_of[u + 1] == out.window_of[u] + 1;
        out.forward_run[u] = static_cast<std::uint16_t>(next ? std::min(60000, out.forward_run[u + 1] + 1) : 1);
    }
}

// The --bam-reference sequences (those short enough to be HBV), by name.
std::map<std::string, std::string> read_given_contigs(std::filesystem::path const & fasta)
{
    std::map<std::string, std::string> given;
    if (fasta.empty())
        return given;
    sequence_reader reader{fasta.string()};
    sequence_record rec;
    while (reader.next(rec))
    {
        if (!rec.problem.empty())
            throw input_error{fasta.string() + ": record " + std::to_string(rec.index + 1) + " ('" + rec.name
                              + "'): " + rec.problem};
        if (static_cast<std::int64_t>(rec.sequence.size()) <= max_contig_length)
            given.emplace(rec.name, std::move(rec.sequence));
    }
    return given;
}

// A contig's sequence and where it came from (both empty: unknown).
struct contig_sequence
{
    std::string seq, source;
};

// The panel genome (or the genome doubled) a contig is by its name or its M5 checksum.
contig_sequence panel_sequence(sam_hdr_t * hdr,
                               std::string const & name,
                               std::int64_t const len,
                               std::vector<reference_genome> const & panel)
{
    kstring_owner m5;
    std::string md5;
    if (sam_hdr_find_tag_id(hdr, "SQ", "SN", name.c_str(), "M5", &m5.ks) == 0 && m5.ks.s != nullptr)
        md5 = lower(m5.ks.s);
    std::string const lname = lower(name);
    for (reference_genome const & g : panel)
    {
        auto const glen = static_cast<std::int64_t>(g.sequence.size());
        bool const name_match = lname.find(lower(g.accession)) != std::string::npos && (len == glen || len == 2 * glen);
        bool const md5_match =
            !md5.empty()
            && (md5 == md5_hex(g.sequence) || (len == 2 * glen && md5 == md5_hex(g.sequence + g.sequence)));
        if (name_match || md5_match)
            return {len == 2 * glen ? g.sequence + g.sequence : g.sequence,
                    md5_match ? "data/ (M5 checksum " + g.accession + ")" : "data/ (name " + g.accession + ")"};
    }
    return {};
}

// Contig sequences: --bam-reference first, then the panel (by accession or by M5 checksum).
contig_sequence resolve_sequence(sam_hdr_t * hdr,
                                 std::string const & name,
                                 std::int64_t const len,
                                 std::map<std::string, std::string> const & given,
                                 std::string const & shown,
                                 reads_context const & ctx,
                                 ngs_options const & opts)
{
    if (auto it = given.find(name); it != given.end())
    {
        contig_sequence out{upper_bases(it->second), "--bam-reference"};
        if (static_cast<std::int64_t>(out.seq.size()) != len)
            throw input_error{shown + ": contig '" + name + "' is " + std::to_string(len) + " nt in the header but "
                              + std::to_string(out.seq.size()) + " nt in " + opts.bam_reference.string()
                              + ": wrong --bam-reference"};
        if (!out.seq.empty())
            return out;
    }
    return panel_sequence(hdr, name, len, ctx.refs.panel());
}

// No usable contig: why, as an input_error.
[[noreturn]] void throw_no_usable_contig(std::string const & shown,
                                         std::vector<contig_placement> const & places,
                                         std::vector<std::string> const & unknown)
{
    if (!unknown.empty())
        throw input_error{shown + ": cannot establish the reference of contig(s) " + join(unknown, ", ")
                          + ": give the FASTA the reads were aligned to with --bam-reference"};
    std::string why;
    for (contig_placement const & pl : places)
        why += (why.empty() ? "" : "; ") + pl.info.name + ": " + pl.info.note;
    throw input_error{shown + ": no contig holds the HBV RT region (" + why + ")"};
}

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
    std::int64_t const period = genome_period(seq, L);
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
    std::optional<std::int64_t> const rotation =
        a.circularized ? circular_rotation(a, oriented) : std::optional<std::int64_t>{0};
    if (!rotation)
    {
        out.info.note = "could not place the contig's circular alignment";
        return out;
    }
    out.reverse = a.reverse_complemented;
    out.ref_index = a.ref_index;
    out.window_start = a.window_start;
    out.window_len = static_cast<int>(a.bases.size());
    int const copies = map_copies(out, a, *rotation, static_cast<std::int64_t>(oriented.size()), period);
    window_bases_and_runs(out, seq);
    out.info.copies = copies;
    out.info.reverse = out.reverse;
    out.info.mapped_to = align.references().panel()[a.ref_index].accession;
    out.usable = copies > 0;
    return out;
}

placed_contigs place_header_contigs(sam_hdr_t * hdr,
                                    std::string const & shown,
                                    reads_context const & ctx,
                                    ngs_options const & opts,
                                    std::vector<ngs_contig> & rows)
{
    std::map<std::string, std::string> const given = read_given_contigs(opts.bam_reference);
    int const n_ref = sam_hdr_nref(hdr);
    placed_contigs out;
    out.places.resize(static_cast<std::size_t>(n_ref));
    std::size_t map_ref = static_cast<std::size_t>(-1);
    std::vector<std::string> unknown;
    for (int tid = 0; tid < n_ref; ++tid)
    {
        std::string const name = sam_hdr_tid2name(hdr, tid);
        std::int64_t const len = sam_hdr_tid2len(hdr, tid);
        contig_placement & pl = out.places[static_cast<std::size_t>(tid)];
        pl.info.name = name;
        pl.info.length = len;
        if (len > max_contig_length)
        {
            pl.info.note = "longer than an HBV genome: not used";
            continue;
        }
        contig_sequence const cs = resolve_sequence(hdr, name, len, given, shown, ctx, opts);
        if (cs.seq.empty())
        {
            pl.info.note = "sequence unknown";
            unknown.push_back(name + " (" + std::to_string(len) + " nt)");
            continue;
        }
        pl = place_contig(name, cs.seq, ctx.align, map_ref);
        pl.info.source = cs.source;
        if (pl.usable && map_ref == static_cast<std::size_t>(-1))
            map_ref = pl.ref_index;
    }
    for (contig_placement const & pl : out.places)
        rows.push_back(pl.info);
    if (map_ref == static_cast<std::size_t>(-1))
        throw_no_usable_contig(shown, out.places, unknown);
    // All usable contigs on one window (they were aligned to the first usable contig's reference).
    out.ref_index = map_ref;
    while (!out.places[out.first].usable)
        ++out.first;
    return out;
}

} // namespace hbvdr::ngs_detail
