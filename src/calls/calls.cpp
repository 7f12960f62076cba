#include <algorithm>

#include <hbvdr/calls/calls.hpp>
#include <hbvdr/core/nucleotide.hpp>

namespace hbvdr
{

char call_table::ref_aa(gene const g, int const pos) const noexcept
{
    return reference == nullptr ? '?' : reference->residue(g, pos);
}

std::string call_table::ref_codon(gene const g, int const pos) const
{
    if (reference == nullptr)
        return {};
    int const first = info(g).first_nt + 3 * (pos - 1); // 1-based EcoRI; rt1_nt = 130 in the panel
    std::size_t const off = static_cast<std::size_t>(first - rt_info.first_nt) + reference->rt_offset();
    if (pos < 1 || off + 3 > reference->sequence.size())
        return {};
    return reference->sequence.substr(off, 3);
}

call_table make_call_table(projected_alignment const & aln, reference_genome const & ref, int const rt1_window_index)
{
    call_table t;
    t.reference = &ref;
    t.rt = translate_gene(aln, gene::rt, rt1_window_index);
    t.s = translate_gene(aln, gene::s, rt1_window_index);
    return t;
}

namespace
{

std::string describe(call_table const & calls, gene const g, int const pos)
{
    std::string const prefix{info(g).prefix};
    char const ref = calls.ref_aa(g, pos);
    codon_call const & c = calls.at(g, pos);
    switch (c.status)
    {
    case codon_status::called:
        if (c.aa == aa_set::of(ref))
            return "syn";
        return prefix + ref + std::to_string(pos) + c.aa.to_string();
    case codon_status::ambiguous:
        return prefix + ref + std::to_string(pos) + "?";
    case codon_status::deleted:
        return prefix + ref + std::to_string(pos) + "del";
    case codon_status::not_covered:
        return prefix + ref + std::to_string(pos) + " not covered";
    case codon_status::low_depth:
        return prefix + ref + std::to_string(pos) + " low depth";
    }
    return {};
}

// The S stop codon (s227 = rt235 nt2-3 + rt236 nt1) is outside the call table: check stop loss directly.
std::string s_stop_effect(call_table const & calls)
{
    codon_call const & a = calls.at(gene::rt, 235);
    codon_call const & b = calls.at(gene::rt, 236);
    if (a.codon.size() != 3 || b.codon.size() != 3)
        return {};
    aa_set const aa = translate_codon(std::string{a.codon[1], a.codon[2], b.codon[0]});
    if (aa.empty() || aa == aa_set::of('*'))
        return "syn";
    return "s*227" + aa.to_string() + " (S stop codon lost)";
}

} // namespace

std::string other_frame_effect(call_table const & calls, gene const g, int const pos)
{
    codon_call const & c = calls.at(g, pos);
    std::string const ref = calls.ref_codon(g, pos);
    if (c.codon.size() != 3 || ref.size() != 3 || c.status == codon_status::not_covered
        || c.status == codon_status::low_depth)
        return {};
    bool diff[3];
    for (int i = 0; i < 3; ++i)
        diff[i] = c.codon[static_cast<std::size_t>(i)] != ref[static_cast<std::size_t>(i)];
    std::vector<int> targets;
    gene const other = g == gene::rt ? gene::s : gene::rt;
    if (g == gene::rt)
    {
        // rt nt1 -> 3rd base of s(n-9); rt nt2-3 -> 1st-2nd base of s(n-8).
        if (diff[0])
            targets.push_back(pos - 9);
        if (diff[1] || diff[2])
            targets.push_back(pos - 8);
    }
    else
    {
        // s nt1-2 -> rt(m+8) nt2-3; s nt3 -> rt(m+9) nt1.
        if (diff[0] || diff[1])
            targets.push_back(pos + 8);
        if (diff[2])
            targets.push_back(pos + 9);
    }
    if (targets.empty())
        return {};
    std::vector<std::string> effects;
    bool any_inside = false;
    for (int const t : targets)
    {
        if (g == gene::rt && t == 227)
        {
            any_inside = true;
            if (std::string e = s_stop_effect(calls); !e.empty() && e != "syn")
                effects.push_back(std::move(e));
            continue;
        }
        if (t < 1 || t > info(other).n_codons)
            continue;
        any_inside = true;
        std::string e = describe(calls, other, t);
        if (e != "syn")
            effects.push_back(std::move(e));
    }
    if (!any_inside)
        return "outside " + std::string{info(other).name};
    if (effects.empty())
        return "syn";
    std::string out;
    for (std::string const & e : effects)
        out += (out.empty() ? "" : "+") + e;
    return out;
}

std::vector<mutation_row> list_mutations(call_table const & calls, reference_set const & refs)
{
    std::vector<mutation_row> rows;
    for (gene const g : {gene::rt, gene::s})
    {
        gene_translation const & tr = calls.of(g);
        std::size_t ins_i = 0, fs_i = 0;
        for (int pos = 1; pos <= info(g).n_codons; ++pos)
        {
            codon_call const & c = tr.at(pos);
            char const ref = calls.ref_aa(g, pos);
            if (c.status == codon_status::called && !(c.aa == aa_set::of(ref)))
            {
                mutation_row r;
                r.mutation = {
                    g, pos, ref, c.aa, c.aa.size() > 1 ? mutation_kind::mixture : mutation_kind::substitution, {}};
                r.codon = c.codon;
                r.ref_codon = calls.ref_codon(g, pos);
                r.other_frame = other_frame_effect(calls, g, pos);
                r.native_in = refs.genotypes_with_residue(g, pos, c.aa.without(aa_set::of(ref)));
                r.note = std::string{c.note};
                rows.push_back(std::move(r));
            }
            else if (c.status == codon_status::deleted)
            {
                mutation_row r;
                r.mutation = {g, pos, ref, {}, mutation_kind::deletion, {}};
                r.codon = c.codon;
                r.ref_codon = calls.ref_codon(g, pos);
                r.other_frame = other_frame_effect(calls, g, pos);
                r.note = std::string{c.note};
                rows.push_back(std::move(r));
            }
            for (; ins_i < tr.insertions.size() && tr.insertions[ins_i].after <= pos; ++ins_i)
            {
                codon_insertion const & ins = tr.insertions[ins_i];
                if (!ins.in_frame)
                    continue; // reported as a frameshift
                mutation_row r;
                std::string letters;
                for (aa_set const a : ins.aa)
                    letters += a.is_single() ? a.to_string() : "[" + a.to_string() + "]";
                r.mutation = {g, pos, ref, {}, mutation_kind::insertion, letters};
                r.codon = ins.bases;
                r.note = std::to_string(ins.bases.size() / 3) + " codon(s) inserted";
                rows.push_back(std::move(r));
            }
            for (; fs_i < tr.frameshifts.size() && tr.frameshifts[fs_i].pos <= pos; ++fs_i)
            {
                frameshift const & f = tr.frameshifts[fs_i];
                mutation_row r;
                r.mutation = {g, pos, ref, {}, mutation_kind::frameshift, {}};
                r.codon = c.codon;
                r.ref_codon = calls.ref_codon(g, pos);
                r.note = (f.net_bases > 0 ? "+" : "") + std::to_string(f.net_bases) + " nt";
                rows.push_back(std::move(r));
            }
        }
    }
    return rows;
}

} // namespace hbvdr
