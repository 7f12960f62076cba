// The only translation unit that instantiates SeqAn3's pairwise alignment (about 10 s and 1 GB to
// compile): everything else talks to it through hbvdr/align/dp.hpp.
#include <algorithm>
#include <array>
#include <vector>

#include <seqan3/alignment/configuration/all.hpp>
#include <seqan3/alignment/pairwise/align_pairwise.hpp>
#include <seqan3/alignment/scoring/nucleotide_scoring_scheme.hpp>
#include <seqan3/alphabet/gap/gap.hpp>
#include <seqan3/alphabet/nucleotide/dna15.hpp>

#include <hbvdr/align/dp.hpp>
#include <hbvdr/core/nucleotide.hpp>

namespace hbvdr
{

int dp_pair_score(char const ref_base, char const query_base) noexcept
{
    std::uint8_t const a = iupac_mask(ref_base), b = iupac_mask(query_base);
    if (a == b && (a & (a - 1)) == 0 && a != 0)
        return 2;
    if ((a & b) != 0)
        return 0;
    return -3;
}

namespace
{

using scheme_t = seqan3::nucleotide_scoring_scheme<std::int32_t>;

scheme_t make_scheme()
{
    scheme_t::matrix_type m{};
    for (std::size_t i = 0; i < m.size(); ++i)
        for (std::size_t j = 0; j < m.size(); ++j)
        {
            seqan3::dna15 a{}, b{};
            a.assign_rank(static_cast<std::uint8_t>(i));
            b.assign_rank(static_cast<std::uint8_t>(j));
            m[i][j] = dp_pair_score(a.to_char(), b.to_char());
        }
    return scheme_t{m};
}

std::vector<seqan3::dna15> to_dna15(std::string_view const s)
{
    std::vector<seqan3::dna15> out(s.size());
    for (std::size_t i = 0; i < s.size(); ++i)
        out[i].assign_char(s[i]); // callers pass validated IUPAC (U already converted)
    return out;
}

template <typename config_t>
dp_alignment run(std::vector<seqan3::dna15> const & r, std::vector<seqan3::dna15> const & q, config_t const & cfg)
{
    dp_alignment out;
    auto full = cfg | seqan3::align_cfg::output_alignment{} | seqan3::align_cfg::output_score{}
                | seqan3::align_cfg::output_begin_position{} | seqan3::align_cfg::output_end_position{};
    for (auto && res : seqan3::align_pairwise(std::tie(r, q), full))
    {
        out.score = res.score();
        out.ref_begin = res.sequence1_begin_position();
        out.query_begin = res.sequence2_begin_position();
        out.ref_end = res.sequence1_end_position();
        out.query_end = res.sequence2_end_position();
        auto const & [gr, gq] = res.alignment();
        auto ir = std::ranges::begin(gr);
        auto iq = std::ranges::begin(gq);
        for (; ir != std::ranges::end(gr); ++ir, ++iq)
        {
            bool const rg = (*ir == seqan3::gap{});
            bool const qg = (*iq == seqan3::gap{});
            out.ops.push_back(rg ? 'I' : (qg ? 'D' : 'M'));
        }
    }
    return out;
}

// Diagonal range (ref_index - query_index) visited by the path.
std::pair<long, long> path_diagonals(dp_alignment const & a)
{
    long d = static_cast<long>(a.ref_begin) - static_cast<long>(a.query_begin);
    long lo = d, hi = d;
    for (char const op : a.ops)
    {
        if (op == 'D')
            ++d;
        else if (op == 'I')
            --d;
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    return {lo, hi};
}

} // namespace

dp_alignment align_dp(std::string_view const ref, std::string_view const query, dp_options const & opts)
{
    // Degenerate cases SeqAn3 need not see.
    if (ref.empty() || query.empty())
    {
        dp_alignment out;
        if (ref.empty() && query.empty())
            return out;
        bool const free_all = opts.free_leading || opts.free_trailing;
        if (free_all)
        {
            out.ref_begin = out.ref_end = opts.free_leading ? ref.size() : 0;
            out.query_begin = out.query_end = opts.free_leading ? query.size() : 0;
            return out;
        }
        out.ref_end = ref.size();
        out.query_end = query.size();
        out.ops.assign(ref.empty() ? query.size() : ref.size(), ref.empty() ? 'I' : 'D');
        out.score = dp_gap_open + dp_gap_extend * static_cast<int>(out.ops.size());
        return out;
    }

    static scheme_t const scheme = make_scheme();
    auto const r = to_dna15(ref);
    auto const q = to_dna15(query);
    auto const method =
        seqan3::align_cfg::method_global{seqan3::align_cfg::free_end_gaps_sequence1_leading{opts.free_leading},
                                         seqan3::align_cfg::free_end_gaps_sequence2_leading{opts.free_leading},
                                         seqan3::align_cfg::free_end_gaps_sequence1_trailing{opts.free_trailing},
                                         seqan3::align_cfg::free_end_gaps_sequence2_trailing{opts.free_trailing}};
    auto const base = method | seqan3::align_cfg::scoring_scheme{scheme}
                      | seqan3::align_cfg::gap_cost_affine{seqan3::align_cfg::open_score{dp_gap_open},
                                                           seqan3::align_cfg::extension_score{dp_gap_extend}};
    // Scalar (not vectorised) alignment on purpose: SeqAn3 3.2's vectorised semi-global mode
    // scores wrongly when the query lies inside the reference.
    long const min_diag = -static_cast<long>(q.size());
    long const max_diag = static_cast<long>(r.size());
    if (!opts.band)
        return run(r, q, base);

    long lo = std::min<long>(opts.band->first, 0);
    long hi = std::max<long>(opts.band->second, 0);
    // A global path must reach the last cell: the band must contain the end diagonal too
    // (this is where "query longer than the reference window" needs a wider band).
    long const end_diag = static_cast<long>(r.size()) - static_cast<long>(q.size());
    if (!opts.free_trailing)
    {
        lo = std::min(lo, end_diag);
        hi = std::max(hi, end_diag);
    }
    int widenings = 0;
    while (true)
    {
        if (lo <= min_diag && hi >= max_diag)
        {
            dp_alignment out = run(r, q, base);
            out.band_widenings = widenings;
            return out;
        }
        auto const cfg = base
                         | seqan3::align_cfg::band_fixed_size{
                             seqan3::align_cfg::lower_diagonal{static_cast<int>(std::max(lo, min_diag))},
                             seqan3::align_cfg::upper_diagonal{static_cast<int>(std::min(hi, max_diag))}};
        dp_alignment out = run(r, q, cfg);
        auto const [plo, phi] = path_diagonals(out);
        bool const touches = (plo <= lo && lo > min_diag) || (phi >= hi && hi < max_diag) || out.ops.empty();
        if (!touches)
        {
            out.band_widenings = widenings;
            return out;
        }
        long const width = std::max<long>(hi - lo, 16);
        lo -= width;
        hi += width;
        ++widenings;
    }
}

} // namespace hbvdr
