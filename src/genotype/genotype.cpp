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

namespace
{

//!\brief Mismatches per panel genome over the RT sites (whole and per window), and where the mixed
//! bases sit.
struct site_tally
{
    std::vector<int> mism;
    std::vector<std::array<int, n_windows>> wmism;
    std::array<int, n_windows> wsites{};
    std::vector<int> mixed_positions;
};

//!\brief Compare every unambiguous RT base with the panel; count sites and mixed sites into `out`.
site_tally tally_sites(projected_alignment const & aln,
                       int const rt1_window_index,
                       reference_set const & refs,
                       genotype_options const & opts,
                       genotype_call & out)
{
    std::size_t const n = refs.panel().size();
    site_tally t{
        std::vector<int>(n, 0), std::vector<std::array<int, n_windows>>(n, std::array<int, n_windows>{}), {}, {}};
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
            t.mixed_positions.push_back(i);
            continue;
        }
        ++out.sites;
        auto const win = static_cast<std::size_t>(std::min(i / opts.window, n_windows - 1));
        ++t.wsites[win];
        for (std::uint64_t bits = differ[static_cast<std::size_t>(i)][static_cast<std::size_t>(std::countr_zero(m))];
             bits != 0;
             bits &= bits - 1)
        {
            auto const r = static_cast<std::size_t>(std::countr_zero(bits));
            ++t.mism[r];
            ++t.wmism[r][win];
        }
    }
    return t;
}

//!\brief The nearest genome per genotype, and the nearest and second-nearest genotypes.
struct genotype_ranking
{
    std::array<double, 10> best;       //!< Per genotype index: its nearest genome's distance (2: none).
    std::array<std::size_t, 10> ref{}; //!< Per genotype index: its nearest genome's panel index.
    std::size_t g1{0};                 //!< The nearest genotype.
    std::size_t g2{0};                 //!< The second nearest.
};

genotype_ranking
rank_genotypes(std::vector<reference_genome> const & panel, std::vector<int> const & mism, int const sites)
{
    genotype_ranking k;
    k.best.fill(2.0);
    for (std::size_t r = 0; r < panel.size(); ++r)
    {
        double const d = static_cast<double>(mism[r]) / sites;
        auto const gi = static_cast<std::size_t>(genotype_index(panel[r].genotype));
        if (d < k.best[gi])
        {
            k.best[gi] = d;
            k.ref[gi] = r;
        }
    }
    for (std::size_t g = 1; g < k.best.size(); ++g)
        if (k.best[g] < k.best[k.g1])
            k.g1 = g;
    k.g2 = k.g1 == 0 ? 1 : 0;
    for (std::size_t g = 0; g < k.best.size(); ++g)
        if (g != k.g1 && k.best[g] < k.best[k.g2])
            k.g2 = g;
    return k;
}

//!\brief Fill the nearest and second genotype; assign the genotype or say why not; flag a near tie.
void assign_genotype(genotype_call & out,
                     reference_genome const & nearest,
                     genotype_ranking const & k,
                     genotype_options const & opts)
{
    out.nearest_genotype = genotype_letters[k.g1];
    out.distance = k.best[k.g1];
    out.nearest_accession = nearest.accession;
    out.nearest_subgenotype = nearest.subgenotype;
    out.second_genotype = genotype_letters[k.g2];
    out.second_distance = k.best[k.g2];

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
}

//!\brief Recombination scan: a window clearly nearer another genotype than the overall one.
void scan_rt_windows(genotype_call & out,
                     site_tally const & t,
                     std::vector<reference_genome> const & panel,
                     std::size_t const g1,
                     genotype_options const & opts)
{
    for (int w = 0; w < n_windows && out.genotype != "unassigned"; ++w)
    {
        int const sites = t.wsites[static_cast<std::size_t>(w)];
        if (sites < opts.min_window_sites)
            continue;
        std::array<double, 10> wb;
        wb.fill(2.0);
        for (std::size_t r = 0; r < panel.size(); ++r)
        {
            auto const gi = static_cast<std::size_t>(genotype_index(panel[r].genotype));
            wb[gi] = std::min(wb[gi], static_cast<double>(t.wmism[r][static_cast<std::size_t>(w)]) / sites);
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
}

//!\brief Mixed bases: many suggest a mixed population; mixtures that pair the bases of the two
//! nearest genotypes where they differ suggest dual infection.
void flag_mixed_bases(genotype_call & out,
                      projected_alignment const & aln,
                      int const rt1_window_index,
                      std::vector<int> const & mixed_positions,
                      reference_genome const & first,
                      reference_genome const & second,
                      genotype_options const & opts)
{
    int const comparable = out.sites + out.mixed_sites;
    if (!(comparable > 0 && out.mixed_sites > opts.mixed_fraction * comparable))
        return;
    out.flags.push_back({"many_mixed_bases",
                         std::to_string(out.mixed_sites) + " mixed bases in " + std::to_string(comparable)
                             + " RT sites (" + format_fixed(100.0 * out.mixed_sites / comparable, 1) + "%)"});
    std::string_view const a = first.rt_nucleotides();
    std::string_view const b = second.rt_nucleotides();
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
                                 + " mixed bases combine the bases of genotypes " + std::string(1, out.nearest_genotype)
                                 + " and " + std::string(1, out.second_genotype)});
    }
}

} // namespace

genotype_call call_genotype(projected_alignment const & aln,
                            int const rt1_window_index,
                            reference_set const & refs,
                            genotype_options const & opts)
{
    genotype_call out;
    auto const & panel = refs.panel();
    site_tally const t = tally_sites(aln, rt1_window_index, refs, opts, out);
    if (out.sites == 0)
    {
        out.genotype = "unassigned";
        out.unassigned_reason = "no unambiguous RT bases to compare";
        return out;
    }
    genotype_ranking const k = rank_genotypes(panel, t.mism, out.sites);
    assign_genotype(out, panel[k.ref[k.g1]], k, opts);
    scan_rt_windows(out, t, panel, k.g1, opts);
    flag_mixed_bases(out, aln, rt1_window_index, t.mixed_positions, panel[k.ref[k.g1]], panel[k.ref[k.g2]], opts);
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
