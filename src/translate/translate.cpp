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

} // namespace

gene_translation translate_gene(projected_alignment const & aln, gene const g, int const rt1_window_index)
{
    gene_info const & gi = info(g);
    gene_translation t;
    t.id = g;
    t.codons.resize(static_cast<std::size_t>(gi.n_codons));
    int const start = rt1_window_index + (gi.first_nt - rt_info.first_nt);
    int const W = static_cast<int>(aln.bases.size());

    // Insertions by window index (sorted input).
    auto insertion_after = [&aln](int const idx) -> std::string const *
    {
        auto it = std::lower_bound(aln.insertions.begin(),
                                   aln.insertions.end(),
                                   idx,
                                   [](insertion const & i, int const v)
                                   {
                                       return i.after < v;
                                   });
        return (it != aln.insertions.end() && it->after == idx) ? &it->bases : nullptr;
    };
    auto base_at = [&](int const idx)
    {
        return (idx >= 0 && idx < W) ? aln.bases[static_cast<std::size_t>(idx)] : '.';
    };

    enum class kind
    {
        clean,
        deleted,
        missing,
        disrupted
    };
    auto classify = [&](int const c)
    {
        int const w = start + 3 * c;
        char const a = base_at(w), b = base_at(w + 1), d = base_at(w + 2);
        if (a == '.' || b == '.' || d == '.')
            return kind::missing;
        bool const internal_ins = insertion_after(w) != nullptr || insertion_after(w + 1) != nullptr;
        if (!internal_ins && is_base(a) && is_base(b) && is_base(d))
            return kind::clean;
        if (!internal_ins && a == '-' && b == '-' && d == '-')
            return kind::deleted;
        return kind::disrupted;
    };

    int const n = gi.n_codons;
    for (int c = 0; c < n;)
    {
        int const w = start + 3 * c;
        codon_call & call = t.codons[static_cast<std::size_t>(c)];
        kind const k = classify(c);
        if (k == kind::missing)
        {
            std::string raw{base_at(w), base_at(w + 1), base_at(w + 2)};
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
            ++c;
            continue;
        }
        if (k == kind::clean || k == kind::deleted)
        {
            if (k == kind::clean)
            {
                call = call_from_bases(std::string{base_at(w), base_at(w + 1), base_at(w + 2)});
            }
            else
            {
                call.status = codon_status::deleted;
                call.codon = "---";
                call.note = "in-frame deletion";
            }
            if (std::string const * ins = insertion_after(w + 2); ins != nullptr && c + 1 <= n)
            {
                codon_insertion ci{c + 1, *ins, {}, ins->size() % 3 == 0};
                if (ci.in_frame)
                    ci.aa = translate_all(*ins);
                else
                    t.frameshifts.push_back({c + 1, static_cast<int>(ins->size())});
                if (c + 1 < n) // an insertion after the last codon lies outside the gene
                    t.insertions.push_back(std::move(ci));
            }
            ++c;
            continue;
        }
        // A run of disrupted codons (an indel not on this frame's codon boundary): rebuild codons
        // from the bases that remain until the run is back in frame.
        int d = c;
        std::string bases;
        std::string const * pending_boundary = nullptr;
        while (d < n)
        {
            kind const kd = classify(d);
            if (kd == kind::missing || (d > c && kd != kind::disrupted && kd != kind::deleted))
                break;
            int const wd = start + 3 * d;
            for (int i = 0; i < 3; ++i)
            {
                if (is_base(base_at(wd + i)))
                    bases.push_back(base_at(wd + i));
                if (std::string const * ins = insertion_after(wd + i); ins != nullptr && i < 2)
                    bases += *ins;
            }
            ++d;
            std::string const * boundary = insertion_after(wd + 2);
            if (boundary != nullptr && bases.size() % 3 != 0)
            {
                bases += *boundary;
                boundary = nullptr;
            }
            if (bases.size() % 3 == 0)
            {
                pending_boundary = boundary;
                break;
            }
        }
        int const run_len = d - c;
        if (bases.size() % 3 == 0)
        {
            int const m = static_cast<int>(bases.size() / 3);
            for (int i = 0; i < run_len; ++i)
            {
                codon_call & ci = t.codons[static_cast<std::size_t>(c + i)];
                if (i < m)
                {
                    ci = call_from_bases(std::string_view{bases}.substr(static_cast<std::size_t>(3 * i), 3));
                    ci.note = "codon rebuilt across an in-frame indel";
                }
                else
                {
                    ci.status = codon_status::deleted;
                    ci.codon = "---";
                    ci.note = "in-frame deletion";
                }
            }
            if (m > run_len && d < n)
            {
                std::string const extra = bases.substr(static_cast<std::size_t>(3 * run_len));
                t.insertions.push_back({d, extra, translate_all(extra), true});
            }
            if (pending_boundary != nullptr && d < n)
            {
                if (pending_boundary->size() % 3 == 0)
                    t.insertions.push_back({d, *pending_boundary, translate_all(*pending_boundary), true});
                else
                    t.frameshifts.push_back({d, static_cast<int>(pending_boundary->size())});
            }
        }
        else
        {
            for (int i = c; i < d; ++i)
            {
                codon_call & ci = t.codons[static_cast<std::size_t>(i)];
                int const wi = start + 3 * i;
                ci.status = codon_status::not_covered;
                ci.codon = std::string{base_at(wi), base_at(wi + 1), base_at(wi + 2)};
                ci.note = "frameshift";
            }
            t.frameshifts.push_back({c + 1, static_cast<int>(bases.size()) - 3 * run_len});
        }
        c = d;
    }
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
    return t;
}

} // namespace hbvdr
