#include <algorithm>

#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/translate/translate.hpp>

namespace hbvdr
{

std::string_view to_string(codon_status const s) noexcept
{
    switch (s)
    {
    case codon_status::called:
        return "called";
    case codon_status::ambiguous:
        return "ambiguous";
    case codon_status::deleted:
        return "deleted";
    case codon_status::not_covered:
        return "not_covered";
    case codon_status::low_depth:
        return "low_depth";
    }
    return "not_covered";
}

std::pair<int, int> gene_translation::covered_range() const noexcept
{
    int first = 0, last = 0;
    for (std::size_t i = 0; i < codons.size(); ++i)
        if (codons[i].status != codon_status::not_covered && codons[i].status != codon_status::low_depth)
        {
            if (first == 0)
                first = static_cast<int>(i) + 1;
            last = static_cast<int>(i) + 1;
        }
    return {first, last};
}

namespace
{

bool is_base(char const c) noexcept
{
    return c != '-' && c != '.';
}

codon_call call_from_bases(std::string_view const b)
{
    codon_call c;
    c.codon = std::string{b};
    std::uint8_t const m1 = iupac_mask(b[0]), m2 = iupac_mask(b[1]), m3 = iupac_mask(b[2]);
    c.aa = translate_codon_masks(m1, m2, m3);
    c.status = (m1 == 15 || m2 == 15 || m3 == 15) ? codon_status::ambiguous : codon_status::called;
    return c;
}

std::vector<aa_set> translate_all(std::string_view const bases)
{
    std::vector<aa_set> out;
    for (std::size_t i = 0; i + 2 < bases.size(); i += 3)
        out.push_back(translate_codon_masks(iupac_mask(bases[i]), iupac_mask(bases[i + 1]), iupac_mask(bases[i + 2])));
    return out;
}

//!\brief How a gene codon's three window positions look.
enum class codon_kind
{
    clean,
    deleted,
    missing,
    disrupted
};

//!\brief A gene's codons on the projected alignment's window.
struct gene_window
{
    projected_alignment const & aln;
    int start; //!< Window index of the gene's first base.
    int n;     //!< Codons in the gene.

    //!\brief The insertion after window index `idx` (insertions are sorted), or null.
    std::string const * insertion_after(int const idx) const
    {
        auto it = std::lower_bound(aln.insertions.begin(),
                                   aln.insertions.end(),
                                   idx,
                                   [](insertion const & i, int const v)
                                   {
                                       return i.after < v;
                                   });
        return (it != aln.insertions.end() && it->after == idx) ? &it->bases : nullptr;
    }

    //!\brief The base at window index `idx` ('.' outside the window).
    char base_at(int const idx) const
    {
        return (idx >= 0 && idx < static_cast<int>(aln.bases.size())) ? aln.bases[static_cast<std::size_t>(idx)] : '.';
    }

    //!\brief The three window bases of codon `c` (0-based).
    std::string raw_codon(int const c) const
    {
        int const w = start + 3 * c;
        return std::string{base_at(w), base_at(w + 1), base_at(w + 2)};
    }

    codon_kind classify(int const c) const
    {
        int const w = start + 3 * c;
        char const a = base_at(w), b = base_at(w + 1), d = base_at(w + 2);
        if (a == '.' || b == '.' || d == '.')
            return codon_kind::missing;
        bool const internal_ins = insertion_after(w) != nullptr || insertion_after(w + 1) != nullptr;
        if (!internal_ins && is_base(a) && is_base(b) && is_base(d))
            return codon_kind::clean;
        if (!internal_ins && a == '-' && b == '-' && d == '-')
            return codon_kind::deleted;
        return codon_kind::disrupted;
    }
};

//!\brief Codon `c` runs past the sequence's end (or starts before it).
void call_missing(gene_window const & gw, int const c, codon_call & call)
{
    std::string raw = gw.raw_codon(c);
    if (raw == "...")
    {
        call.note = "outside sequence";
    }
    else
    {
        call.codon = raw;
        call.note = "partial codon";
    }
    call.status = codon_status::not_covered;
}

//!\brief Codon `c` is whole (or wholly deleted); an insertion after it is an inserted codon or a
//! frameshift.
void call_in_frame(gene_window const & gw, codon_kind const k, int const c, gene_translation & t)
{
    codon_call & call = t.codons[static_cast<std::size_t>(c)];
    int const w = gw.start + 3 * c;
    if (k == codon_kind::clean)
    {
        call = call_from_bases(gw.raw_codon(c));
    }
    else
    {
        call.status = codon_status::deleted;
        call.codon = "---";
        call.note = "in-frame deletion";
    }
    if (std::string const * ins = gw.insertion_after(w + 2); ins != nullptr && c + 1 <= gw.n)
    {
        codon_insertion ci{c + 1, *ins, {}, ins->size() % 3 == 0};
        if (ci.in_frame)
            ci.aa = translate_all(*ins);
        else
            t.frameshifts.push_back({c + 1, static_cast<int>(ins->size())});
        if (c + 1 < gw.n) // an insertion after the last codon lies outside the gene
            t.insertions.push_back(std::move(ci));
    }
}

//!\brief A run of disrupted codons [begin, end) and the bases that remain in it.
struct disrupted_run
{
    int begin{0};
    int end{0};
    std::string bases;
    std::string const * pending_boundary{nullptr}; //!< An insertion after the run, once back in frame.
};

//!\brief Collect the run of disrupted codons from `c` (an indel not on this frame's codon boundary)
//! until its remaining bases are back in frame.
disrupted_run collect_run(gene_window const & gw, int const c)
{
    disrupted_run run{c, c, {}, nullptr};
    int & d = run.end;
    std::string & bases = run.bases;
    while (d < gw.n)
    {
        codon_kind const kd = gw.classify(d);
        if (kd == codon_kind::missing || (d > c && kd != codon_kind::disrupted && kd != codon_kind::deleted))
            break;
        int const wd = gw.start + 3 * d;
        for (int i = 0; i < 3; ++i)
        {
            if (is_base(gw.base_at(wd + i)))
                bases.push_back(gw.base_at(wd + i));
            if (std::string const * ins = gw.insertion_after(wd + i); ins != nullptr && i < 2)
                bases += *ins;
        }
        ++d;
        std::string const * boundary = gw.insertion_after(wd + 2);
        if (boundary != nullptr && bases.size() % 3 != 0)
        {
            bases += *boundary;
            boundary = nullptr;
        }
        if (bases.size() % 3 == 0)
        {
            run.pending_boundary = boundary;
            break;
        }
    }
    return run;
}

//!\brief An in-frame run: its codons are rebuilt from the remaining bases (the rest deleted); extra
//! codons and a boundary insertion become insertions (or a frameshift).
void call_rebuilt_run(gene_window const & gw, disrupted_run const & run, gene_translation & t)
{
    int const run_len = run.end - run.begin, d = run.end;
    int const m = static_cast<int>(run.bases.size() / 3);
    for (int i = 0; i < run_len; ++i)
    {
        codon_call & ci = t.codons[static_cast<std::size_t>(run.begin + i)];
        if (i < m)
        {
            ci = call_from_bases(std::string_view{run.bases}.substr(static_cast<std::size_t>(3 * i), 3));
            ci.note = "codon rebuilt across an in-frame indel";
        }
        else
        {
            ci.status = codon_status::deleted;
            ci.codon = "---";
            ci.note = "in-frame deletion";
        }
    }
    if (m > run_len && d < gw.n)
    {
        std::string const extra = run.bases.substr(static_cast<std::size_t>(3 * run_len));
        t.insertions.push_back({d, extra, translate_all(extra), true});
    }
    if (run.pending_boundary != nullptr && d < gw.n)
    {
        if (run.pending_boundary->size() % 3 == 0)
            t.insertions.push_back({d, *run.pending_boundary, translate_all(*run.pending_boundary), true});
        else
            t.frameshifts.push_back({d, static_cast<int>(run.pending_boundary->size())});
    }
}

//!\brief A run that never gets back in frame: its codons are not covered, and one frameshift.
void call_frameshift_run(gene_window const & gw, disrupted_run const & run, gene_translation & t)
{
    for (int i = run.begin; i < run.end; ++i)
    {
        codon_call & ci = t.codons[static_cast<std::size_t>(i)];
        ci.status = codon_status::not_covered;
        ci.codon = gw.raw_codon(i);
        ci.note = "frameshift";
    }
    t.frameshifts.push_back({run.begin + 1, static_cast<int>(run.bases.size()) - 3 * (run.end - run.begin)});
}

//!\brief Insertions and frameshifts in gene order (stable: equal positions keep their order).
void sort_findings(gene_translation & t)
{
    std::stable_sort(t.insertions.begin(),
                     t.insertions.end(),
                     [](auto const & a, auto const & b)
                     {
                         return a.after < b.after;
                     });
    std::stable_sort(t.frameshifts.begin(),
                     t.frameshifts.end(),
                     [](auto const & a, auto const & b)
                     {
                         return a.pos < b.pos;
                     });
}

} // namespace namespace

gene_translation translate_gene(projected_alignment const & aln, gene const g, int const rt1_window_index)
{
    gene_info const & gi = info(g);
    gene_translation t;
    t.id = g;
    t.codons.resize(static_cast<std::size_t>(gi.n_codons));
    gene_window const gw{aln, rt1_window_index + (gi.first_nt - rt_info.first_nt), gi.n_codons};

    for (int c = 0; c < gw.n;)
    {
        codon_kind const k = gw.classify(c);
        if (k == codon_kind::missing)
        {
            call_missing(gw, c, t.codons[static_cast<std::size_t>(c)]);
            ++c;
            continue;
        }
        if (k == codon_kind::clean || k == codon_kind::deleted)
        {
            call_in_frame(gw, k, c, t);
            ++c;
            continue;
        }
        disrupted_run const run = collect_run(gw, c);
        if (run.bases.size() % 3 == 0)
            call_rebuilt_run(gw, run, t);
        else
            call_frameshift_run(gw, run, t);
        c = run.end;
    }
    sort_findings(t);
    return t;
}

} // namespace hbvdr
