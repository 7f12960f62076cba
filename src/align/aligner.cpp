// The aligner's orchestration: seeding (kmer_index), strand and reference choice, the hits on the
// RT window, circular rotation and chaining (chain), DP between and around the anchors or over the
// whole window (dp_seqan3 through projection's builder), then projection, junction repair, indel
// placement on codon boundaries (codon_indels) and the chance-similarity gate.
#include <algorithm>
#include <optional>
#include <string>

#include <hbvdr/align/aligner.hpp>
#include <hbvdr/align/dp.hpp>
#include <hbvdr/core/nucleotide.hpp>

#include "chain.hpp"
#include "codon_indels.hpp"
#include "kmer_index.hpp"
#include "projection.hpp"

namespace hbvdr
{

using namespace align_detail;

struct aligner::impl
{
    kmer_index index;
    std::vector<std::size_t> indexed; // ordinal -> panel index
    std::vector<int> genotype_of;     // ordinal -> genotype_index() of its genotype
};

aligner::aligner(reference_set const & refs) : m_refs{&refs}, m_impl{std::make_unique<impl>()}
{
    std::vector<std::string_view> genomes;
    for (std::size_t const i : refs.genotype_reference_indices())
    {
        m_impl->indexed.push_back(i);
        m_impl->genotype_of.push_back(genotype_index(refs.panel()[i].genotype));
        genomes.push_back(refs.panel()[i].sequence);
    }
    m_impl->index.build(genomes);
}

aligner::~aligner() = default;
aligner::aligner(aligner &&) noexcept = default;

align_outcome aligner::align(std::string_view const query, align_mode const mode) const
{
    return align_to(query, static_cast<std::size_t>(-1), mode);
}

namespace
{

constexpr int rt_length = 3 * 344;

// Index into counts ([strand * nref + ordinal]) of the strand and reference with most matching
// k-mers; only the wanted reference (a panel index) if it is among the indexed ones.
std::size_t
choose_reference(std::vector<int> const & counts, std::vector<std::size_t> const & indexed, std::size_t const want_ref)
{
    std::size_t const nref = indexed.size();
    std::size_t best = 0;
    std::optional<std::size_t> forced;
    for (std::size_t i = 0; i < nref; ++i)
        if (indexed[i] == want_ref)
            forced = i;
    for (std::size_t s = 0; s < 2; ++s)
        for (std::size_t r = 0; r < nref; ++r)
        {
            std::size_t const i = s * nref + r;
            if (forced && r != *forced)
                continue;
            if ((forced && counts[best] < counts[i]) || (!forced && counts[i] > counts[best])
                || (forced && best % nref != *forced))
                best = i;
        }
    return best;
}

// The hits of the chosen strand on reference `ord` inside the window [ws, we) (genome offsets), as
// window indices against positions in the oriented query.
std::vector<hit> window_hits(
    query_kmers const & found, bool const reverse, std::size_t const ord, int const Lq, int const ws, int const we)
{
    std::vector<hit> hits;
    for (kmer_lookup const & l : found.looks)
    {
        // On the minus strand, the reverse complement of the k-mer at `pos` starts at Lq-K-pos of the oriented query.
        int const qpos = reverse ? Lq - K - l.pos : l.pos;
        for (posting const * b = reverse ? l.rb : l.fb; b != (reverse ? l.re : l.fe); ++b)
            if (b->ref == ord && b->pos >= ws && b->pos + K <= we)
                hits.push_back({qpos, b->pos - ws});
    }
    return hits;
}

// DP of query [q0, q1) against window [r0, r1).
dp_alignment dp_piece(builder const & b, int const r0, int const r1, int const q0, int const q1, dp_options const & o)
{
    return align_dp(b.refw.substr(static_cast<std::size_t>(r0), static_cast<std::size_t>(r1 - r0)),
                    b.q.substr(static_cast<std::size_t>(q0), static_cast<std::size_t>(q1 - q0)),
                    o);
}

// Anchored: the chain's exact runs, DP between them, and at the ends the query before the first
// anchor and after the last, each against as much of the window as it could reach with up to 32
// more gaps on either side.
void align_anchored(builder & b, std::vector<run> const & chain)
{
    int const Lq = static_cast<int>(b.q.size());
    run const & first = chain.front();
    int const ql = std::max(0, first.q0 - first.r0 - 32);
    int const rl = std::max(0, first.r0 - (first.q0 - ql) - 32);
    dp_options lead;
    lead.free_leading = true;
    b.add_dp(rl, ql, dp_piece(b, rl, first.r0, ql, first.q0, lead));
    for (std::size_t i = 0; i < chain.size(); ++i)
    {
        run const & r = chain[i];
        if (i > 0)
        {
            run const & p = chain[i - 1];
            int const gq = r.q0 - p.q1(), gr = r.r0 - p.r1();
            if (gq == gr)
            {
                b.add_match(p.r1(), p.q1(), gq);
            }
            else
            {
                dp_options mid;
                if (static_cast<long>(gq) * gr > 4'000'000)
                    mid.band = std::pair{std::min(0, gr - gq) - 32, std::max(0, gr - gq) + 32};
                b.add_dp(p.r1(), p.q1(), dp_piece(b, p.r1(), r.r0, p.q1(), r.q0, mid));
            }
        }
        b.add_match(r.r0, r.q0, r.len);
    }
    run const & last = chain.back();
    int const rest_r = static_cast<int>(b.refw.size()) - last.r1();
    int const qr = std::min(Lq, last.q1() + rest_r + 32);
    int const rr = std::min(static_cast<int>(b.refw.size()), last.r1() + (qr - last.q1()) + 32);
    dp_options trail;
    trail.free_trailing = true;
    b.add_dp(last.r1(), last.q1(), dp_piece(b, last.r1(), rr, last.q1(), qr, trail));
}

// Full DP over the window, restricted to the part of the query the hits place near it; with few
// anchors (not --align full) also to the part of the window they place the query on.
void align_full(builder & b, std::vector<hit> const & hits, align_mode const mode)
{
    int const Lq = static_cast<int>(b.q.size());
    int const W = static_cast<int>(b.refw.size());
    int qlo = Lq, qhi = 0;
    for (hit const & h : hits)
    {
        qlo = std::min(qlo, h.q - h.r - 200);
        qhi = std::max(qhi, h.q + (W - h.r) + 200);
    }
    qlo = std::max(0, qlo);
    qhi = std::min(Lq, qhi);
    int rlo = 0, rhi = W;
    if (mode != align_mode::full)
    {
        rlo = W;
        rhi = 0;
        for (hit const & h : hits)
        {
            rlo = std::min(rlo, h.r - (h.q - qlo) - 200);
            rhi = std::max(rhi, h.r + (qhi - h.q) + 200);
        }
        rlo = std::max(0, rlo);
        rhi = std::min(W, rhi);
    }
    dp_options full;
    full.free_leading = full.free_trailing = true;
    b.add_dp(rlo, qlo, dp_piece(b, rlo, rhi, qlo, qhi, full));
}

void fail(align_outcome & out, align_failure const why, std::string message)
{
    out.failure = why;
    out.message = std::move(message);
}

// Too few matching k-mers on the best reference (out.kmer_hits of out.kmers): not HBV.
bool not_hbv(align_outcome & out)
{
    if (out.kmer_hits >= aligner::min_kmer_hits && out.kmer_hits * 100 >= out.kmers)
        return false;
    fail(out,
         align_failure::not_hbv,
         "no significant similarity to any HBV genotype reference (" + std::to_string(out.kmer_hits) + " of "
             + std::to_string(out.kmers) + " " + std::to_string(K) + "-mers match; at least "
             + std::to_string(aligner::min_kmer_hits) + " and 1% needed)");
    return true;
}

// Too few aligned bases, or too few identical: a sequence from elsewhere in the genome with a k-mer
// that the window also has.
bool chance_similarity(align_outcome & out, projected_alignment const & p, std::string_view const refw)
{
    auto const [aligned, identity] = aligned_identity(p, refw);
    if (aligned >= aligner::min_aligned_bases && identity >= aligner::min_identity)
        return false;
    fail(out,
         align_failure::no_rt_overlap,
         "HBV-like sequence, but only " + std::to_string(aligned) + " bases align to the RT region ("
             + std::to_string(static_cast<int>(100 * identity)) + "% identical): a chance similarity, "
             + "not a part of the RT region");
    return true;
}

} // namespace

align_outcome aligner::align_to(std::string_view const query, std::size_t const want_ref, align_mode const mode) const
{
    align_outcome out;
    impl const & d = *m_impl;
    std::size_t const nref = d.indexed.size();
    int const Lq = static_cast<int>(query.size());

    // 1. Look every k-mer up once (both strands); the strand and reference with most matches.
    query_kmers const found = look_up_kmers(d.index, query, nref);
    std::size_t const best = choose_reference(found.counts, d.indexed, want_ref);
    bool const reverse = best >= nref;
    std::size_t const ord = best % nref;
    out.best_reference = d.indexed[ord];
    out.kmer_hits = found.counts[best];
    out.kmers = found.kmers;
    if (not_hbv(out))
        return out;
    if (Lq >= scan_min_length)
        out.window_kmer_matches = scan_windows(found, query, reverse, d.genotype_of);

    // 2. Orient, collect hits on the chosen reference's window.
    std::string oriented = reverse ? reverse_complement(query) : std::string{query};
    reference_genome const & ref = m_refs->panel()[d.indexed[ord]];
    int const ws = static_cast<int>(ref.rt_offset()) - flank;
    int const we = static_cast<int>(ref.rt_offset()) + rt_length + flank;
    std::string_view const refw =
        std::string_view{ref.sequence}.substr(static_cast<std::size_t>(ws), static_cast<std::size_t>(we - ws));
    std::vector<hit> hits = window_hits(found, reverse, ord, Lq, ws, we);
    if (hits.empty())
    {
        fail(out,
             align_failure::no_rt_overlap,
             "HBV-like sequence (" + std::to_string(out.kmer_hits) + " matching " + std::to_string(K)
                 + "-mers) but no part of it maps to the RT region (rt1-rt344)");
        return out;
    }

    // 3. A circular genome whose RT spans the sequence ends is rotated so the RT window is contiguous.
    int const junction = rotate_circular(oriented, hits);

    // 4. Chain the anchors; DP between them, or over the window when they are few.
    std::vector<run> const chain = chain_runs(hits);
    builder b{oriented, refw, ws, {}, -1, -1, 0, 0};
    int anchors = 0;
    for (run const & r : chain)
        anchors += (r.len - K + 1);
    bool const use_full = mode == align_mode::full || anchors < min_anchors;
    if (use_full)
        align_full(b, hits, mode);
    else
        align_anchored(b, chain);
    if (b.ops.empty())
    {
        fail(out, align_failure::no_rt_overlap, "HBV-like sequence but no alignment to the RT region could be made");
        return out;
    }

    // 5. Project onto the window, repair the junction, put in-frame indels on codon boundaries, gate.
    projected_alignment p = project(b, refw.size());
    p.ref_index = d.indexed[ord];
    p.window_start = ws;
    p.reverse_complemented = reverse;
    p.circularized = junction >= 0;
    p.anchors = anchors;
    p.method = use_full ? "full" : "anchored";
    if (p.circularized)
        repair_junction(p, junction);
    p.shifted_indels = place_indels_on_codons(p, refw, flank);
    if (!chance_similarity(out, p, refw))
        out.alignment = std::move(p);
    return out;
}

} // namespace hbvdr
