#include <algorithm>
#include <array>
#include <bit>

#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/genotype/genotype.hpp>

namespace hbvdr
{

namespace
{
constexpr int rt_nt = 3 * 344;
constexpr int n_windows = 4;

void note_other(genotype_call & g, char const other)
{
    if (g.other_genotypes.find(other) == std::string::npos)
        g.other_genotypes.push_back(other);
}

// One flag per code; a repeated code appends its detail.
void add_flag(genotype_call & g, std::string const & code, std::string const & detail)
{
    for (genotype_flag & f : g.flags)
        if (f.code == code)
        {
            f.detail += "; " + detail;
            return;
        }
    g.flags.push_back({code, detail});
}
} // namespace

std::string genotype_call::candidate_genotypes() const
{
    if (genotype.size() != 1)
        return {};
    std::string out = genotype + other_genotypes;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool genotype_call::has_flag(std::string_view const code) const noexcept
{
    return std::any_of(flags.begin(),
                       flags.end(),
                       [code](genotype_flag const & f)
                       {
                           return f.code == code;
                       });
}

genotype_call call_genotype(projected_alignment const & aln,
                            int const rt1_window_index,
                            reference_set const & refs,
                            genotype_options const & opts)
{
    genotype_call out;
    auto const & panel = refs.panel();
    std::size_t const n = panel.size();
    std::vector<int> mism(n, 0);
    std::vector<std::array<int, n_windows>> wmism(n, std::array<int, n_windows>{});
    std::array<int, n_windows> wsites{};
    std::vector<int> mixed_positions;
    // Per RT site and base, the panel genomes that do NOT carry that base (bit r = panel index r).
    std::vector<std::array<std::uint64_t, 4>> const & differ = refs.rt_base_mismatch_masks();

    for (int i = 0; i < rt_nt; ++i)
    {
        int const w = rt1_window_index + i;
        if (w < 0 || w >= static_cast<int>(aln.bases.size()))
            continue;
        char const b = aln.bases[static_cast<std::size_t>(w)];
        std::uint8_t const m = iupac_mask(b);
        if (m == 0 || m == 15)
            continue;
        if ((m & (m - 1)) != 0)
        {
            ++out.mixed_sites;
            mixed_positions.push_back(i);
            continue;
        }
        ++out.sites;
        auto const win = static_cast<std::size_t>(std::min(i / opts.window, n_windows - 1));
        ++wsites[win];
        for (std::uint64_t bits = differ[static_cast<std::size_t>(i)][static_cast<std::size_t>(std::countr_zero(m))];
             bits != 0;
             bits &= bits - 1)
        {
            auto const r = static_cast<std::size_t>(std::countr_zero(bits));
            ++mism[r];
            ++wmism[r][win];
        }
    }
    if (out.sites == 0)
    {
        out.genotype = "unassigned";
        out.unassigned_reason = "no unambiguous RT bases to compare";
        return out;
    }

    // Nearest genome per genotype.
    std::array<double, 10> gt_best;
    gt_best.fill(2.0);
    std::array<std::size_t, 10> gt_ref{};
    for (std::size_t r = 0; r < n; ++r)
    {
        double const d = static_cast<double>(mism[r]) / out.sites;
        auto const gi = static_cast<std::size_t>(genotype_index(panel[r].genotype));
        if (d < gt_best[gi])
        {
            gt_best[gi] = d;
            gt_ref[gi] = r;
        }
    }
    std::size_t g1 = 0;
    for (std::size_t g = 1; g < gt_best.size(); ++g)
        if (gt_best[g] < gt_best[g1])
            g1 = g;
    std::size_t g2 = g1 == 0 ? 1 : 0;
    for (std::size_t g = 0; g < gt_best.size(); ++g)
        if (g != g1 && gt_best[g] < gt_best[g2])
            g2 = g;

    reference_genome const & nearest = panel[gt_ref[g1]];
    out.nearest_genotype = genotype_letters[g1];
    out.distance = gt_best[g1];
    out.nearest_accession = nearest.accession;
    out.nearest_subgenotype = nearest.subgenotype;
    out.second_genotype = genotype_letters[g2];
    out.second_distance = gt_best[g2];

    if (out.sites < opts.min_sites)
    {
        out.genotype = "unassigned";
        out.unassigned_reason = ("only " + std::to_string(out.sites) + " comparable RT sites (need "
                                 + std::to_string(opts.min_sites) + ")");
    }
    else if (out.distance > opts.unassigned_above)
    {
        out.genotype = "unassigned";
        out.unassigned_reason = ("nearest reference " + nearest.accession + " (genotype "
                                 + std::string(1, out.nearest_genotype) + ") is " + format_fixed(100 * out.distance, 1)
                                 + "% away, above the " + format_fixed(100 * opts.unassigned_above, 0) + "% cut-off");
    }
    else
    {
        out.genotype = std::string(1, out.nearest_genotype);
    }

    if (out.genotype != "unassigned" && out.second_distance - out.distance < opts.ambiguous_margin)
    {
        note_other(out, out.second_genotype);
        out.flags.push_back(
            {"ambiguous_genotype",
             "genotypes " + std::string(1, out.nearest_genotype) + " and " + std::string(1, out.second_genotype)
                 + " are within " + format_fixed(100 * opts.ambiguous_margin, 1) + "% ("
                 + format_fixed(100 * out.distance, 1) + "% vs " + format_fixed(100 * out.second_distance, 1) + "%)"});
    }

    // Recombination scan: a window clearly nearer another genotype than the overall one.
    for (int w = 0; w < n_windows && out.genotype != "unassigned"; ++w)
    {
        int const sites = wsites[static_cast<std::size_t>(w)];
        if (sites < opts.min_window_sites)
            continue;
        std::array<double, 10> wb;
        wb.fill(2.0);
        for (std::size_t r = 0; r < n; ++r)
        {
            auto const gi = static_cast<std::size_t>(genotype_index(panel[r].genotype));
            wb[gi] = std::min(wb[gi], static_cast<double>(wmism[r][static_cast<std::size_t>(w)]) / sites);
        }
        std::size_t wg = 0;
        for (std::size_t g = 1; g < wb.size(); ++g)
            if (wb[g] < wb[wg])
                wg = g;
        if (wg != g1 && wb[g1] - wb[wg] >= opts.recombinant_margin)
        {
            note_other(out, genotype_letters[wg]);
            int const first_codon = w * opts.window / 3 + 1;
            int const last_codon = std::min(344, (w == n_windows - 1 ? rt_nt : (w + 1) * opts.window) / 3);
            add_flag(out,
                     "possible_recombinant",
                     "rt" + std::to_string(first_codon) + "-rt" + std::to_string(last_codon) + " is nearer genotype "
                         + std::string(1, genotype_letters[wg]) + " (" + format_fixed(100 * wb[wg], 1) + "%) than "
                         + std::string(1, out.nearest_genotype) + " (" + format_fixed(100 * wb[g1], 1) + "%)");
        }
    }

    // Mixed bases: many suggest a mixed population; mixtures that pair the bases of the two
    // nearest genotypes where they differ suggest dual infection.
    int const comparable = out.sites + out.mixed_sites;
    if (comparable > 0 && out.mixed_sites > opts.mixed_fraction * comparable)
    {
        out.flags.push_back({"many_mixed_bases",
                             std::to_string(out.mixed_sites) + " mixed bases in " + std::to_string(comparable)
                                 + " RT sites (" + format_fixed(100.0 * out.mixed_sites / comparable, 1) + "%)"});
        std::string_view const a = panel[gt_ref[g1]].rt_nucleotides();
        std::string_view const b = panel[gt_ref[g2]].rt_nucleotides();
        int explained = 0;
        for (int const i : mixed_positions)
        {
            char const q = aln.bases[static_cast<std::size_t>(rt1_window_index + i)];
            std::uint8_t const mq = iupac_mask(q);
            char const ca = a[static_cast<std::size_t>(i)], cb = b[static_cast<std::size_t>(i)];
            if (ca != cb && (mq & iupac_mask(ca)) && (mq & iupac_mask(cb)))
                ++explained;
        }
        if (explained >= opts.dual_min_sites && 10 * explained >= 3 * out.mixed_sites)
        {
            note_other(out, out.second_genotype);
            out.flags.push_back({"possible_dual_infection",
                                 std::to_string(explained) + " of " + std::to_string(out.mixed_sites)
                                     + " mixed bases combine the bases of genotypes "
                                     + std::string(1, out.nearest_genotype) + " and "
                                     + std::string(1, out.second_genotype)});
        }
    }
    return out;
}

void scan_genome_windows(genotype_call & g,
                         std::vector<std::array<int, 11>> const & windows,
                         int const window_length,
                         genotype_options const & opts)
{
    int const called = genotype_index(g.genotype.size() == 1 ? g.genotype.front() : '?');
    if (called < 0)
        return;
    for (std::size_t w = 0; w < windows.size(); ++w)
    {
        auto const & c = windows[w];
        int const kmers = c[10];
        if (kmers < opts.scan_min_kmers)
            continue;
        std::size_t best = 0;
        for (std::size_t gi = 1; gi < 10; ++gi)
            if (c[gi] > c[best])
                best = gi;
        int const own = c[static_cast<std::size_t>(called)];
        if (static_cast<int>(best) != called && c[best] - own >= opts.scan_margin * kmers)
        {
            note_other(g, genotype_letters[best]);
            int const from = static_cast<int>(w) * window_length + 1;
            add_flag(g,
                     "possible_recombinant",
                     "sequence nt " + std::to_string(from) + "-" + std::to_string(from + window_length - 1) + " shares "
                         + std::to_string(c[best]) + " of " + std::to_string(kmers) + " 13-mers with the genotype "
                         + std::string(1, genotype_letters[best]) + " reference vs " + std::to_string(own) + " with "
                         + std::string(1, genotype_letters[static_cast<std::size_t>(called)]));
        }
    }
}

} // namespace hbvdr
