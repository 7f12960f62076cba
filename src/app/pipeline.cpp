#include <algorithm>

#include <hbvdr/app/pipeline.hpp>
#include <hbvdr/core/nucleotide.hpp>

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
    int const rt1 = aligner::flank;
    genotype_call gt = call_genotype(*outcome.alignment, rt1, ctx.refs, ctx.genotyping);
    // Calls are made against the reference of the genotype found; realign if seeding preferred another.
    if (gt.genotype != "unassigned")
    {
        auto const want = ctx.refs.genotype_reference_index(gt.genotype.front());
        if (want && *want != outcome.alignment->ref_index)
        {
            align_outcome again = ctx.align.align_to(seq, *want, ctx.mode);
            if (again.failure == align_failure::none)
            {
                outcome = std::move(again);
                gt = call_genotype(*outcome.alignment, rt1, ctx.refs, ctx.genotyping);
            }
        }
    }
    scan_genome_windows(gt, outcome.window_kmer_matches, aligner::scan_window, ctx.genotyping);
    projected_alignment const & aln = *outcome.alignment;
    reference_genome const & ref = ctx.refs.panel()[aln.ref_index];
    rep.calls = make_call_table(aln, ref, rt1);
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
    rep.qc = assess_quality(rep.calls, aln, rt1, rep.genotype, ctx.quality);
    finish_report(rep, input.context.value_or(ctx.context), ctx);
    return rep;
}

void finish_report(sample_report & rep, treatment_context context, analysis_context const & ctx)
{
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

} // namespace hbvdr
