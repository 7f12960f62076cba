#include <algorithm>
#include <iterator>

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>

namespace hbvdr
{

std::string_view to_string(sample_status const s) noexcept
{
    switch (s)
    {
    case sample_status::ok:
        return "ok";
    case sample_status::warning:
        return "warning";
    case sample_status::error:
        return "error";
    }
    return "error";
}

std::string normalise_sequence(std::string const & raw, std::string & out)
{
    out.clear();
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i)
    {
        char const c = raw[i];
        if (c == '-' || c == '.' || c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        std::uint8_t const m = iupac_mask(c);
        if (m == 0)
        {
            std::string shown =
                (c >= 32 && c < 127) ? std::string(1, c) : "\\x" + std::to_string(static_cast<unsigned char>(c));
            return "invalid character '" + shown + "' at sequence position " + std::to_string(i + 1)
                   + " (allowed: IUPAC nucleotide codes ACGTU RYSWKM BDHV N and gaps - .)";
        }
        out.push_back(mask_to_iupac(m));
    }
    if (out.empty())
        return raw.empty() ? "empty sequence" : "sequence holds only gaps";
    return {};
}

namespace
{

// Where a consensus lies: its alignment, on the reference its calls are made against.
projected_alignment const & alignment_of(align_outcome const & placed)
{
    return *placed.alignment;
}
std::size_t reference_of(align_outcome const & placed)
{
    return placed.alignment->ref_index;
}

// Where reads lie: the consensus of the counted window; their calls are made against `reference`.
projected_alignment const & alignment_of(ngs_calls const & placed)
{
    return placed.window;
}
std::size_t reference_of(ngs_calls const & placed)
{
    return placed.reference;
}

/* Genotype a sample from its first placement. Calls are made against the reference of the genotype
 * found: when that is another reference, place the sample again there and genotype that placement.
 * `place(ref)` returns the placement on panel reference `ref`, or nothing (the first one then stays).
 */
template <typename Placement, typename Place>
genotype_call genotype_then_place(Placement & placed, Place const & place, analysis_context const & ctx)
{
    genotype_call gt = call_genotype(alignment_of(placed), aligner::flank, ctx.refs, ctx.genotyping);
    if (gt.genotype == "unassigned")
        return gt;
    std::optional<std::size_t> const want = ctx.refs.genotype_reference_index(gt.genotype.front());
    if (!want || *want == reference_of(placed))
        return gt;
    if (std::optional<Placement> again = place(*want))
    {
        placed = std::move(*again);
        gt = call_genotype(alignment_of(placed), aligner::flank, ctx.refs, ctx.genotyping);
    }
    return gt;
}

/* The common end of every sample (consensus or reads): QC of the calls with the notes the route
 * adds, the treatment context, interpretation with the database (if any), QC gaps no drug call
 * depends on relaxed, the status.
 */
void finish_sample(sample_report & rep,
                   projected_alignment const & aln,
                   std::vector<qc_message> notes,
                   treatment_context context,
                   analysis_context const & ctx)
{
    rep.qc = assess_quality(rep.calls, aln, aligner::flank, rep.genotype, ctx.quality);
    std::move(notes.begin(), notes.end(), std::back_inserter(rep.qc.messages));
    rep.context = std::move(context);
    if (ctx.db != nullptr)
    {
        rep.interp = interpret(rep.calls,
                               {&ctx.refs, rep.genotype.candidate_genotypes()},
                               *ctx.db,
                               rep.context,
                               {ctx.minority_below, ctx.rule_set});
        rep.interpreted = true;
        bool const decided = std::none_of(rep.interp.drugs.begin(),
                                          rep.interp.drugs.end(),
                                          [](drug_call const & d)
                                          {
                                              return d.level == drug_level::insufficient_data;
                                          });
        if (decided)
            relax_undecisive_gaps(rep.qc);
    }
    rep.status =
        rep.qc.status == qc_status::pass && rep.input_warnings.empty() ? sample_status::ok : sample_status::warning;
}

// What the read route adds to QC: the thresholds, the variants the error model or the strand check
// kept out, and the notes on the input.
std::vector<qc_message>
read_notes(ngs_result const & res, call_table const & calls, std::vector<std::string> const & warnings)
{
    std::vector<qc_message> notes;
    notes.push_back({qc_level::note, "ngs_thresholds", describe_thresholds(res.thresholds, true)});
    for (ngs_filtered_variant const & f : res.filtered)
        notes.push_back(
            {qc_level::note,
             "ngs_variant_filtered",
             std::string{f.gene == 'R' ? "rt" : "s"} + calls.ref_aa(f.gene == 'R' ? gene::rt : gene::s, f.pos)
                 + std::to_string(f.pos) + f.aa + " at " + format_fixed(100 * f.freq, 1) + "% not reported ("
                 + (f.reason == "strand_bias" ? "seen on one strand only" : "within the sequencing error rate") + ")"});
    for (std::string const & w : warnings)
        notes.push_back({qc_level::note, "ngs_input", w});
    return notes;
}

bool any_codon_read(call_table const & calls)
{
    for (gene const g : {gene::rt, gene::s})
        for (codon_call const & c : calls.of(g).codons)
            if (c.depth > 0)
                return true;
    return false;
}

} // namespace

sample_report analyze_sequence(sample_input input, analysis_context const & ctx)
{
    sample_report rep;
    rep.name = std::move(input.name);
    rep.original_name = std::move(input.original_name);
    rep.input_file = std::move(input.input_file);
    rep.record = input.record;
    rep.input_warnings = std::move(input.input_warnings);
    rep.sequence_length = input.sequence.size();

    if (!input.problem.empty())
    {
        rep.error = std::move(input.problem);
        return rep;
    }
    std::string seq;
    if (std::string const problem = normalise_sequence(input.sequence, seq); !problem.empty())
    {
        rep.error = problem;
        return rep;
    }
    rep.sequence_length = seq.size();

    align_outcome outcome = ctx.align.align(seq, ctx.mode);
    if (outcome.failure != align_failure::none)
    {
        rep.error = (outcome.failure == align_failure::not_hbv ? "not HBV: " : "no RT region: ") + outcome.message;
        return rep;
    }
    auto const align_to = [&](std::size_t const ref) -> std::optional<align_outcome>
    {
        align_outcome again = ctx.align.align_to(seq, ref, ctx.mode);
        if (again.failure != align_failure::none)
            return std::nullopt;
        return again;
    };
    genotype_call gt = genotype_then_place(outcome, align_to, ctx);
    scan_genome_windows(gt, outcome.window_kmer_matches, aligner::scan_window, ctx.genotyping);
    projected_alignment const & aln = *outcome.alignment;
    int const rt1 = aligner::flank;
    rep.calls = make_call_table(aln, ctx.refs.panel()[aln.ref_index], rt1);
    auto const [rt_first, rt_last] = rep.calls.rt.covered_range();
    auto const [s_first, s_last] = rep.calls.s.covered_range();
    if (rt_first == 0 && s_first == 0)
    {
        rep.error = "does not cover any complete RT codon (rt1-rt344)";
        return rep;
    }
    rep.analysed = true;
    rep.reverse_complemented = aln.reverse_complemented;
    rep.circularized = aln.circularized;
    rep.align_method = aln.method;
    rep.rt_bases = aln.bases.substr(static_cast<std::size_t>(rt1), 3 * static_cast<std::size_t>(rt_info.n_codons));
    rep.genotype = std::move(gt);
    rep.mutations = list_mutations(rep.calls, ctx.refs);
    finish_sample(rep, aln, {}, input.context.value_or(ctx.context), ctx);
    return rep;
}

sample_report analyze_reads(reads_input const & input, analysis_context const & ctx, ngs_options const & opts)
{
    sample_report rep;
    rep.name = input.name;
    rep.original_name = input.name;
    rep.input_file = join(input.display, ",");
    rep.record = 1;
    rep.input_warnings = input.input_warnings;

    read_counts const counts = count_reads(input, ctx.refs, ctx.align, opts);
    if (!counts.error.empty())
    {
        rep.error = counts.error;
        rep.ngs = counts.result;
        return rep;
    }
    ngs_calls placed = call_codons(counts, counts.ref_index, ctx.refs);
    auto const call_on = [&](std::size_t const ref) -> std::optional<ngs_calls>
    {
        return call_codons(counts, ref, ctx.refs);
    };
    genotype_call gt = genotype_then_place(placed, call_on, ctx);
    ngs_result & res = placed.result;
    if (!any_codon_read(placed.calls))
    {
        rep.error = "no read gives a whole codon in the RT region (" + std::to_string(res.reads.records) + " reads, "
                    + std::to_string(res.reads.unmapped) + " unmapped, " + std::to_string(res.reads.off_target)
                    + " elsewhere)";
        rep.ngs = std::move(res);
        return rep;
    }
    rep.analysed = true;
    rep.align_method = "reads";
    rep.sequence_length = res.consensus.size();
    rep.rt_bases = placed.window.bases.substr(aligner::flank, 3 * static_cast<std::size_t>(rt_info.n_codons));
    rep.genotype = std::move(gt);
    rep.calls = std::move(placed.calls);
    rep.mutations = std::move(placed.mutations);
    finish_sample(
        rep, placed.window, read_notes(res, rep.calls, counts.warnings), input.context.value_or(ctx.context), ctx);
    rep.ngs = std::move(res);
    return rep;
}

} // namespace hbvdr
