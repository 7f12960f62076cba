#include <algorithm>

#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/qc/qc.hpp>

namespace hbvdr
{

std::string_view to_string(qc_level const l) noexcept
{
    switch (l)
    {
    case qc_level::note:
        return "note";
    case qc_level::warning:
        return "warning";
    case qc_level::severe:
        return "severe";
    case qc_level::critical:
        return "critical";
    }
    return "note";
}

std::string_view to_string(qc_status const s) noexcept
{
    switch (s)
    {
    case qc_status::pass:
        return "pass";
    case qc_status::warning:
        return "warning";
    case qc_status::fail:
        return "fail";
    }
    return "pass";
}

namespace
{

std::string list_positions(std::string_view const prefix, std::vector<int> const & ps)
{
    std::string out;
    for (int const p : ps)
        out += (out.empty() ? "" : ", ") + std::string{prefix} + std::to_string(p);
    return out;
}

void add(std::vector<qc_message> & out, qc_level const l, std::string code, std::string text)
{
    out.push_back({l, std::move(code), std::move(text)});
}

//!\brief The called codons holding a stop, in RT and in HBsAg.
struct stop_positions
{
    std::vector<int> rt;
    std::vector<int> s;
};

//!\brief Codon-level metrics: covered ranges, called/ambiguous/gap counts, stops and indels.
stop_positions codon_metrics(call_table const & calls, qc_metrics & m)
{
    std::tie(m.rt_first, m.rt_last) = calls.rt.covered_range();
    std::tie(m.s_first, m.s_last) = calls.s.covered_range();

    stop_positions stops;
    for (int p = 1; p <= rt_info.n_codons; ++p)
    {
        codon_call const & c = calls.rt.at(p);
        m.rt_called += c.status == codon_status::called;
        m.rt_ambiguous += c.status == codon_status::ambiguous;
        if (c.status == codon_status::called && c.aa.contains('*'))
            stops.rt.push_back(p);
        if (m.rt_first > 0 && p > m.rt_first && p < m.rt_last
            && (c.status == codon_status::not_covered || c.status == codon_status::low_depth))
            ++m.rt_not_covered_within;
    }
    for (int p = 1; p <= s_info.n_codons; ++p)
    {
        codon_call const & c = calls.s.at(p);
        if (c.status == codon_status::called && c.aa.contains('*'))
            stops.s.push_back(p);
    }
    m.stops_rt = static_cast<int>(stops.rt.size());
    m.stops_s = static_cast<int>(stops.s.size());
    m.frameshifts = static_cast<int>(calls.rt.frameshifts.size());
    m.insertions = static_cast<int>(std::count_if(calls.rt.insertions.begin(),
                                                  calls.rt.insertions.end(),
                                                  [](codon_insertion const & i)
                                                  {
                                                      return i.in_frame;
                                                  }));
    for (int p = 1; p <= rt_info.n_codons; ++p)
        m.deletions += calls.rt.at(p).status == codon_status::deleted;
    return stops;
}

//!\brief Base-level metrics over the RT nucleotides: N, mixed, compared, substitutions, G-to-A,
//! identity to the genotype reference.
void base_metrics(call_table const & calls, projected_alignment const & aln, int const rt1_window_index, qc_metrics & m)
{
    std::string_view const ref_rt = calls.reference->rt_nucleotides();
    int matches = 0;
    for (int i = 0; i < 3 * rt_info.n_codons; ++i)
    {
        int const w = rt1_window_index + i;
        if (w < 0 || w >= static_cast<int>(aln.bases.size()))
            continue;
        char const b = aln.bases[static_cast<std::size_t>(w)];
        std::uint8_t const mask = iupac_mask(b);
        if (mask == 0)
            continue;
        ++m.bases;
        if (mask == 15)
        {
            ++m.n_bases;
            continue;
        }
        if ((mask & (mask - 1)) != 0)
        {
            ++m.mixed_bases;
            continue;
        }
        ++m.compared;
        char const rb = ref_rt[static_cast<std::size_t>(i)];
        if (rb == b)
            ++matches;
        else
        {
            ++m.substitutions;
            m.g_to_a += (rb == 'G' && b == 'A');
        }
    }
    m.identity = m.compared > 0 ? static_cast<double>(matches) / m.compared : 0.0;
}

//!\brief The resistance positions not sequenced, below the depth gate, or with an N.
struct key_gaps
{
    std::vector<int> missing;
    std::vector<int> ambiguous;
    std::vector<int> low_depth;
};

key_gaps find_key_gaps(call_table const & calls, qc_options const & opts)
{
    key_gaps k;
    for (int const p : opts.key_rt_positions)
    {
        if (p < 1 || p > rt_info.n_codons)
            continue;
        codon_status const st = calls.rt.at(p).status;
        if (st == codon_status::not_covered)
            k.missing.push_back(p);
        else if (st == codon_status::low_depth)
            k.low_depth.push_back(p);
        else if (st == codon_status::ambiguous)
            k.ambiguous.push_back(p);
    }
    return k;
}

//!\brief Coverage: the RT range, the resistance positions (none covered is critical), gaps inside.
void coverage_messages(call_table const & calls,
                       qc_metrics const & m,
                       qc_options const & opts,
                       std::vector<qc_message> & out)
{
    if (m.rt_first == 1 && m.rt_last == rt_info.n_codons)
        add(out, qc_level::note, "rt_coverage", "RT covered rt1-rt344");
    else
        add(out,
            qc_level::note,
            "rt_coverage",
            "RT covered rt" + std::to_string(m.rt_first) + "-rt" + std::to_string(m.rt_last) + " only");
    key_gaps const k = find_key_gaps(calls, opts);
    std::size_t const n_keys = opts.key_rt_positions.size();
    if (!k.missing.empty() && k.missing.size() + k.low_depth.size() == n_keys)
    {
        if (k.low_depth.empty())
            add(out,
                qc_level::critical,
                "no_key_position_covered",
                "none of the resistance positions is covered (" + list_positions("rt", k.missing) + ")");
        else
            add(out,
                qc_level::critical,
                "no_key_position_covered",
                "no resistance position has enough depth: insufficient data at " + list_positions("rt", k.low_depth)
                    + "; not covered: " + list_positions("rt", k.missing));
    }
    else if (k.missing.empty() && !k.low_depth.empty() && k.low_depth.size() == n_keys)
        add(out,
            qc_level::critical,
            "no_key_position_covered",
            "no resistance position has enough depth: insufficient data at " + list_positions("rt", k.low_depth));
    else
    {
        if (!k.missing.empty())
            add(out,
                qc_level::severe,
                "key_position_not_covered",
                "resistance positions not sequenced: " + list_positions("rt", k.missing));
        if (!k.low_depth.empty())
            add(out,
                qc_level::severe,
                "key_position_insufficient_depth",
                "insufficient data (depth below the gate) at resistance positions: "
                    + list_positions("rt", k.low_depth));
    }
    if (!k.ambiguous.empty())
        add(out,
            qc_level::severe,
            "key_position_ambiguous",
            "resistance positions with an N in the codon: " + list_positions("rt", k.ambiguous));
    if (m.rt_not_covered_within > 0)
        add(out,
            qc_level::warning,
            "gaps_in_coverage",
            std::to_string(m.rt_not_covered_within) + " RT codon(s) inside the covered range could not be called");
}

//!\brief Frameshifts and stop codons.
void frame_messages(call_table const & calls,
                    qc_metrics const & m,
                    stop_positions const & stops,
                    qc_options const & opts,
                    std::vector<qc_message> & out)
{
    if (m.frameshifts >= opts.fail_frameshifts)
        add(out,
            qc_level::critical,
            "frameshift",
            std::to_string(m.frameshifts) + " frameshifts in RT: the sequence is unreliable");
    for (frameshift const & f : calls.rt.frameshifts)
        add(out,
            qc_level::severe,
            "frameshift",
            "frameshift (" + std::string(f.net_bases > 0 ? "+" : "") + std::to_string(f.net_bases) + " nt) at rt"
                + std::to_string(f.pos) + "; codons outside it are still called");
    if (!stops.rt.empty())
        add(out,
            qc_level::severe,
            "stop_codon_rt",
            "stop codon in RT at " + list_positions("rt", stops.rt)
                + " (defective polymerase: sequencing error, APOBEC hypermutation or minority defective genomes)");
    if (!stops.s.empty())
        add(out,
            qc_level::warning,
            "stop_codon_s",
            "stop codon in HBsAg at " + list_positions("s", stops.s) + " (truncated HBsAg)");
}

//!\brief In-frame insertions and deletions in RT (one message naming each).
void indel_messages(call_table const & calls, qc_metrics const & m, std::vector<qc_message> & out)
{
    if (m.insertions == 0 && m.deletions == 0)
        return;
    std::vector<std::string> where;
    for (codon_insertion const & i : calls.rt.insertions)
        if (i.in_frame)
            where.push_back("insertion after rt" + std::to_string(i.after));
    for (int p = 1; p <= rt_info.n_codons; ++p)
        if (calls.rt.at(p).status == codon_status::deleted)
            where.push_back("deletion of rt" + std::to_string(p));
    add(out,
        qc_level::warning,
        "in_frame_indel",
        "in-frame indel in RT (" + join(where, ", ") + "); rare in replicating virus - verify");
}

//!\brief Base composition: N fraction, mixed bases, identity, G-to-A hypermutation.
void base_messages(qc_metrics const & m,
                   genotype_call const & genotype,
                   qc_options const & opts,
                   std::vector<qc_message> & out)
{
    double const n_fraction = m.bases > 0 ? static_cast<double>(m.n_bases) / m.bases : 0.0;
    if (n_fraction > opts.fail_n_fraction)
        add(out, qc_level::critical, "many_n", format_fixed(100 * n_fraction, 1) + "% of RT bases are N");
    else if (n_fraction > opts.warn_n_fraction)
        add(out, qc_level::warning, "many_n", format_fixed(100 * n_fraction, 1) + "% of RT bases are N");
    if (m.mixed_bases > 0 && !genotype.has_flag("many_mixed_bases"))
        add(out, qc_level::note, "mixed_bases", std::to_string(m.mixed_bases) + " mixed base(s) (IUPAC) in RT");
    if (m.compared > 0 && m.identity < opts.fail_identity_below)
        add(out,
            qc_level::critical,
            "low_identity",
            "only " + format_fixed(100 * m.identity, 1)
                + "% identical to the genotype reference: probably not a valid HBV RT sequence");
    else if (m.compared > 0 && m.identity < opts.warn_identity_below)
        add(out,
            qc_level::warning,
            "low_identity",
            format_fixed(100 * m.identity, 1) + "% identical to the genotype reference (unusually divergent)");
    if (m.g_to_a >= 8 && m.substitutions > 0 && 10 * m.g_to_a >= 6 * m.substitutions)
        add(out,
            qc_level::warning,
            "hypermutation",
            std::to_string(m.g_to_a) + " of " + std::to_string(m.substitutions)
                + " substitutions are G-to-A: possible APOBEC hypermutation");
}

//!\brief The genotype: unassigned, and each of its flags.
void genotype_messages(genotype_call const & genotype, std::vector<qc_message> & out)
{
    if (genotype.genotype == "unassigned")
        add(out, qc_level::warning, "genotype_unassigned", "genotype not assigned: " + genotype.unassigned_reason);
    for (genotype_flag const & f : genotype.flags)
        add(out, qc_level::warning, f.code, f.code + ": " + f.detail);
}

//!\brief Orientation and layout: reverse complement, circular genome, the junction gap.
void layout_messages(projected_alignment const & aln, std::vector<qc_message> & out)
{
    if (aln.reverse_complemented)
        add(out,
            qc_level::note,
            "reverse_complement",
            "the sequence was given as the reverse complement (minus strand)");
    if (aln.circularized)
        add(out, qc_level::note, "circular_genome", "circular genome linearised inside RT; re-joined at its ends");
    if (aln.junction_gap_bases > 0)
        add(out,
            qc_level::note,
            "junction_gap",
            std::to_string(aln.junction_gap_bases)
                + " base(s) missing or duplicated where the genome's ends meet (reported as not covered)");
}

} // namespace

qc_result assess_quality(call_table const & calls,
                         projected_alignment const & aln,
                         int const rt1_window_index,
                         genotype_call const & genotype,
                         qc_options const & opts)
{
    qc_result r;
    stop_positions const stops = codon_metrics(calls, r.metrics);
    base_metrics(calls, aln, rt1_window_index, r.metrics);

    coverage_messages(calls, r.metrics, opts, r.messages);
    frame_messages(calls, r.metrics, stops, opts, r.messages);
    indel_messages(calls, r.metrics, r.messages);
    base_messages(r.metrics, genotype, opts, r.messages);
    genotype_messages(genotype, r.messages);
    layout_messages(aln, r.messages);

    r.status = status_of(r.messages);
    return r;
}

qc_status status_of(std::vector<qc_message> const & messages) noexcept
{
    qc_status s = qc_status::pass;
    for (qc_message const & msg : messages)
    {
        if (msg.level == qc_level::critical)
            s = qc_status::fail;
        else if ((msg.level == qc_level::warning || msg.level == qc_level::severe) && s == qc_status::pass)
            s = qc_status::warning;
    }
    return s;
}

void relax_undecisive_gaps(qc_result & qc)
{
    for (qc_message & m : qc.messages)
        if (m.level == qc_level::severe
            && (m.code == "key_position_not_covered" || m.code == "key_position_insufficient_depth"))
        {
            m.level = qc_level::note;
            m.text += " (no drug call depends on them in this sample)";
        }
    qc.status = status_of(qc.messages);
}

} // namespace hbvdr
