// codon_counter::call: the count tables of one sample turned into calls (error model, strand check),
// mutation rows, linkage haplotypes and the consensus.
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include <hbvdr/core/nucleotide.hpp>
#include <hbvdr/core/text.hpp>

#include "codon_counter.hpp"
#include "stats.hpp"

namespace hbvdr::ngs_detail
{

namespace
{

std::string codon_text(int const code)
{
    return {base_letters[code >> 4], base_letters[(code >> 2) & 3], base_letters[code & 3]};
}

int hamming(int const a, int const b)
{
    int d = 0;
    for (int s = 0; s < 6; s += 2)
        d += ((a >> s) & 3) != ((b >> s) & 3);
    return d;
}

// Consequence in the other frame of the bases by which `codon` differs from the reference codon,
// put into the other frame's majority codons.
std::string variant_other_frame(call_table const & calls, gene const g, int const pos, std::string const & codon)
{
    std::string const ref = calls.ref_codon(g, pos);
    if (ref.size() != 3 || codon.size() != 3)
        return {};
    gene const other = g == gene::rt ? gene::s : gene::rt;
    // (other position, base index in its codon, base index in `codon`)
    std::vector<std::tuple<int, int, int>> edits;
    for (int i = 0; i < 3; ++i)
    {
        if (codon[static_cast<std::size_t>(i)] == ref[static_cast<std::size_t>(i)])
            continue;
        if (g == gene::rt)
            edits.emplace_back(i == 0 ? pos - 9 : pos - 8, i == 0 ? 2 : i - 1, i);
        else
            edits.emplace_back(i < 2 ? pos + 8 : pos + 9, i < 2 ? i + 1 : 0, i);
    }
    if (edits.empty())
        return {};
    std::vector<int> targets;
    for (auto const & e : edits)
        if (targets.empty() || targets.back() != std::get<0>(e))
            targets.push_back(std::get<0>(e));
    std::string out;
    bool any_inside = false;
    for (int const t : targets)
    {
        if (t < 1 || t > info(other).n_codons)
        {
            any_inside = any_inside || (g == gene::rt && t == 227);
            continue;
        }
        any_inside = true;
        codon_call const & oc = calls.at(other, t);
        std::string base = oc.codon.size() == 3 && oc.codon != "---" ? oc.codon : calls.ref_codon(other, t);
        if (base.size() != 3)
            continue;
        for (auto const & [p, bi, ci] : edits)
            if (p == t)
                base[static_cast<std::size_t>(bi)] = codon[static_cast<std::size_t>(ci)];
        aa_set const aa = translate_codon(base);
        char const r = calls.ref_aa(other, t);
        if (aa == aa_set::of(r))
            continue;
        out += (out.empty() ? "" : "+") + std::string{info(other).prefix} + r + std::to_string(t) + aa.to_string();
    }
    if (!any_inside)
        return "outside " + std::string{info(other).name};
    return out.empty() ? "syn" : out;
}

std::string percent(double const f)
{
    return format_fixed(100.0 * f, 1) + "%";
}

// The mean error rate of the counted bases (from their Phred qualities), never below `floor`: the
// same whatever order the reads came in.
double mean_error_rate(std::array<std::uint64_t, max_phred + 1> const & qual_hist, double const floor)
{
    double err_sum = 0.0;
    std::uint64_t err_bases = 0;
    for (int q = 0; q <= max_phred; ++q)
    {
        std::uint64_t const n = qual_hist[static_cast<std::size_t>(q)];
        err_sum += static_cast<double>(n) * std::pow(10.0, -q / 10.0);
        err_bases += n;
    }
    return std::max(floor, err_bases > 0 ? err_sum / static_cast<double>(err_bases) : 0.0);
}

// The counts of one position summed per amino acid (index into aa_alphabet) and strand.
struct position_counts
{
    std::array<std::uint64_t, 21> aa_n{};
    std::array<std::array<std::uint64_t, 2>, 21> aa_strand{};
    std::array<std::uint64_t, 2> strand_depth{};
    std::uint64_t depth{0}; //!< Molecules with a whole codon or the codon deleted.
    std::uint64_t disrupted{0}, ins{0}, fs{0};
};

position_counts tally(slot_counts const & cs, position_call & ex)
{
    auto const & aa_of = codon_aa();
    position_counts t;
    std::array<std::uint64_t, 21> top_n{};
    ex.top_codon.fill(-1);
    for (int code = 0; code < 64; ++code)
    {
        std::uint64_t const n = cs[static_cast<std::size_t>(code)][0] + cs[static_cast<std::size_t>(code)][1];
        if (n == 0)
            continue;
        auto const ua = static_cast<std::size_t>(aa_index(aa_of[static_cast<std::size_t>(code)]));
        t.aa_n[ua] += n;
        t.aa_strand[ua][0] += cs[static_cast<std::size_t>(code)][0];
        t.aa_strand[ua][1] += cs[static_cast<std::size_t>(code)][1];
        if (n > top_n[ua])
        {
            top_n[ua] = n;
            ex.top_codon[ua] = code;
        }
    }
    ex.del = cs[code_del][0] + cs[code_del][1];
    t.depth = ex.del;
    for (std::size_t a = 0; a < 21; ++a)
    {
        t.depth += t.aa_n[a];
        t.strand_depth[0] += t.aa_strand[a][0];
        t.strand_depth[1] += t.aa_strand[a][1];
    }
    t.strand_depth[0] += cs[code_del][0];
    t.strand_depth[1] += cs[code_del][1];
    t.disrupted = cs[code_disrupted][0] + cs[code_disrupted][1];
    t.ins = cs[code_ins][0] + cs[code_ins][1];
    t.fs = cs[code_fs_ins][0] + cs[code_fs_ins][1];
    return t;
}

// Add to the majority residue the other amino acids from min_freq on that neither the error model
// nor the strand check rejects; the rejected ones go to r.filtered.
void filter_variants(codon_call & c,
                     position_counts const & t,
                     position_call const & ex,
                     gene const g,
                     int const pos,
                     double const eps,
                     ngs_thresholds const & th,
                     ngs_result & r)
{
    auto const dd = static_cast<double>(t.depth);
    int const maj_codon = ex.top_codon[static_cast<std::size_t>(ex.majority)];
    for (std::size_t a = 0; a < 21; ++a)
    {
        if (static_cast<int>(a) == ex.majority || t.aa_n[a] == 0)
            continue;
        double const f = static_cast<double>(t.aa_n[a]) / dd;
        if (f < th.min_freq)
            continue;
        // Error model: how many molecules with this amino acid would sequencing errors make?
        int const d = hamming(ex.top_codon[a], maj_codon);
        double const lambda = dd * std::pow(eps / 3.0, d);
        if (poisson_upper_tail(t.aa_n[a], lambda) > th.error_p)
        {
            r.filtered.push_back({g == gene::rt ? 'R' : 'S', pos, aa_alphabet[a], f, t.aa_n[a], "error_model"});
            continue;
        }
        // Strand check: a real variant is read from both strands where both strands are read.
        auto const & sd = t.strand_depth;
        if (sd[0] >= th.min_strand_depth && sd[1] >= th.min_strand_depth)
        {
            auto const & as = t.aa_strand[a];
            double const f0 = static_cast<double>(as[0]) / static_cast<double>(sd[0]);
            double const f1 = static_cast<double>(as[1]) / static_cast<double>(sd[1]);
            if (std::min(f0, f1) < th.strand_ratio * std::max(f0, f1)
                && fisher_two_sided(as[0], as[1], sd[0] - as[0], sd[1] - as[1]) < th.strand_p)
            {
                r.filtered.push_back({g == gene::rt ? 'R' : 'S', pos, aa_alphabet[a], f, t.aa_n[a], "strand_bias"});
                continue;
            }
        }
        c.aa = c.aa | aa_set::of(aa_alphabet[a]);
    }
}

// Call one position from its counts: depth, listed frequencies, majority codon, status, and the
// variants that pass the filters.
void call_position(codon_call & c,
                   position_counts const & t,
                   position_call & ex,
                   gene const g,
                   int const pos,
                   double const eps,
                   ngs_thresholds const & th,
                   ngs_result & r)
{
    c.has_depth = true;
    c.depth = static_cast<std::uint32_t>(std::min<std::uint64_t>(t.depth, UINT32_MAX));
    if (t.depth == 0)
    {
        c.status = codon_status::not_covered;
        c.note = t.disrupted > 0 ? "only reads with an indel inside the codon" : "no reads";
        return;
    }
    auto const dd = static_cast<double>(t.depth);
    for (std::size_t a = 0; a < 21; ++a)
        if (t.aa_n[a] > 0 && static_cast<double>(t.aa_n[a]) / dd >= th.min_listed_freq)
            c.freqs.emplace_back(aa_alphabet[a], static_cast<double>(t.aa_n[a]) / dd);
    if (ex.del > 0 && static_cast<double>(ex.del) / dd >= th.min_listed_freq)
        c.freqs.emplace_back('-', static_cast<double>(ex.del) / dd);
    std::uint64_t maj_n = 0;
    for (std::size_t a = 0; a < 21; ++a)
        if (t.aa_n[a] > maj_n)
        {
            maj_n = t.aa_n[a];
            ex.majority = static_cast<int>(a);
        }
    if (ex.majority >= 0)
        c.codon = codon_text(ex.top_codon[static_cast<std::size_t>(ex.majority)]);
    if (t.depth < th.min_depth)
    {
        c.status = codon_status::low_depth;
        c.note = "depth below --min-depth: insufficient data";
        return;
    }
    if (ex.del > maj_n)
    {
        c.status = codon_status::deleted;
        c.codon = "---";
        c.note = "in-frame deletion in most molecules";
        ex.majority = -1;
        return;
    }
    c.status = codon_status::called;
    c.aa = aa_set::of(aa_alphabet[static_cast<std::size_t>(ex.majority)]);
    filter_variants(c, t, ex, g, pos, eps, th, r);
}

// Every RT and S position called from its counts (indel counts into r.indels).
std::vector<position_call> call_positions(std::vector<slot_counts> const & counts,
                                          double const eps,
                                          ngs_thresholds const & th,
                                          call_table & calls,
                                          ngs_result & r)
{
    std::vector<position_call> extras(n_slots);
    for (int slot = 0; slot < n_slots; ++slot)
    {
        gene const g = slot < n_rt ? gene::rt : gene::s;
        int const pos = slot < n_rt ? slot + 1 : slot - n_rt + 1;
        position_call & ex = extras[static_cast<std::size_t>(slot)];
        position_counts const t = tally(counts[static_cast<std::size_t>(slot)], ex);
        if (ex.del + t.disrupted + t.ins + t.fs > 0)
            r.indels.push_back({g == gene::rt ? 'R' : 'S', pos, ex.del, t.disrupted, t.ins, t.fs});
        call_position(
            (g == gene::rt ? calls.rt : calls.s).codons[static_cast<std::size_t>(pos - 1)], t, ex, g, pos, eps, th, r);
    }
    return extras;
}

// The row of a reported non-reference amino acid `a` at a called position.
mutation_row substitution_row(call_table const & calls,
                              reference_set const & refs,
                              position_call const & ex,
                              gene const g,
                              int const pos,
                              std::size_t const a,
                              std::string const & threshold_text)
{
    codon_call const & c = calls.at(g, pos);
    char const aa = aa_alphabet[a];
    double f = 0.0;
    for (auto const & [x, fx] : c.freqs)
        if (x == aa)
            f = fx;
    mutation_row row;
    row.mutation = {g, pos, calls.ref_aa(g, pos), aa_set::of(aa), mutation_kind::substitution, {}};
    row.codon = codon_text(ex.top_codon[a]);
    row.ref_codon = calls.ref_codon(g, pos);
    row.other_frame = variant_other_frame(calls, g, pos, row.codon);
    row.native_in = refs.genotypes_with_residue(g, pos, aa_set::of(aa));
    row.has_freq = true;
    row.freq = f;
    row.depth = c.depth;
    row.minority = static_cast<int>(a) != ex.majority;
    row.note = row.minority ? "minority variant " + percent(f) + " (" + threshold_text + ")" : "";
    return row;
}

// Mutation rows: one per non-reference amino acid (and deletion) reported at a position.
void mutation_rows(call_table const & calls,
                   reference_set const & refs,
                   std::vector<position_call> const & extras,
                   ngs_thresholds const & th,
                   std::vector<mutation_row> & mutations)
{
    std::string const threshold_text = "threshold " + percent(th.min_freq);
    for (int slot = 0; slot < n_slots; ++slot)
    {
        gene const g = slot < n_rt ? gene::rt : gene::s;
        int const pos = slot < n_rt ? slot + 1 : slot - n_rt + 1;
        codon_call const & c = calls.at(g, pos);
        position_call const & ex = extras[static_cast<std::size_t>(slot)];
        char const ref_aa = calls.ref_aa(g, pos);
        if (c.status == codon_status::called)
            for (std::size_t a = 0; a < 21; ++a)
                if (c.aa.contains(aa_alphabet[a]) && aa_alphabet[a] != ref_aa)
                    mutations.push_back(substitution_row(calls, refs, ex, g, pos, a, threshold_text));
        double const dd = static_cast<double>(c.depth);
        bool const deletion_called =
            c.status == codon_status::deleted
            || (c.status == codon_status::called && c.depth > 0 && static_cast<double>(ex.del) / dd >= th.min_freq);
        if (!deletion_called)
            continue;
        mutation_row row;
        row.mutation = {g, pos, ref_aa, {}, mutation_kind::deletion, {}};
        row.codon = "---";
        row.ref_codon = calls.ref_codon(g, pos);
        row.has_freq = true;
        row.freq = c.depth > 0 ? static_cast<double>(ex.del) / dd : 0.0;
        row.depth = c.depth;
        row.minority = c.status != codon_status::deleted;
        row.note = row.minority ? "minority in-frame deletion " + percent(row.freq) + " (" + threshold_text + ")"
                                : "in-frame deletion";
        mutations.push_back(std::move(row));
    }
}

// The haplotypes over one set of key positions (indices into the linkage key) from min_freq on,
// most frequent first; molecules missing a position of the set are not counted.
void haplotype_rows(std::map<linkage_key, std::uint64_t> const & patterns,
                    std::vector<int> const & set,
                    std::vector<int> const & positions,
                    double const min_freq,
                    std::vector<linkage_row> & out)
{
    std::map<std::string, std::uint64_t> haps;
    std::uint64_t depth = 0;
    for (auto const & [key, n] : patterns)
    {
        std::string h;
        bool complete = true;
        for (int const k : set)
        {
            std::uint8_t const res = key[static_cast<std::size_t>(k)];
            if (res == residue_unknown)
            {
                complete = false;
                break;
            }
            h += (h.empty() ? "" : ",");
            h.push_back(res == residue_deleted ? '-' : aa_alphabet[res]);
        }
        if (!complete)
            continue;
        depth += n;
        haps[h] += n;
    }
    if (depth == 0)
        return;
    std::vector<std::pair<std::string, std::uint64_t>> rows(haps.begin(), haps.end());
    std::stable_sort(rows.begin(),
                     rows.end(),
                     [](auto const & a, auto const & b)
                     {
                         return a.second > b.second;
                     });
    for (auto const & [h, n] : rows)
    {
        double const f = static_cast<double>(n) / static_cast<double>(depth);
        if (f < min_freq)
            continue;
        out.push_back({positions, h, n, depth, f});
    }
}

} // namespace

void codon_counter::call(reference_genome const & ref,
                         reference_set const & refs,
                         call_table & calls,
                         std::vector<mutation_row> & mutations,
                         ngs_result & r,
                         std::string & window_bases) const
{
    auto const unsettled = [](auto const & v)
    {
        return std::any_of(v.begin(),
                           v.end(),
                           [](auto const & x)
                           {
                               return x != std::decay_t<decltype(x)>{};
                           });
    };
    if (unsettled(m_cover) || unsettled(m_corr) || unsettled(m_base_cover) || unsettled(m_base_corr))
        throw std::logic_error{"codon_counter::call before settle"};
    ngs_thresholds const & th = m_opts.thresholds;
    calls.reference = &ref;
    calls.rt = {};
    calls.rt.id = gene::rt;
    calls.rt.codons.resize(n_rt);
    calls.s = {};
    calls.s.id = gene::s;
    calls.s.codons.resize(n_s);
    double const eps = mean_error_rate(m_qual_hist, th.min_error_rate);
    std::vector<position_call> const extras = call_positions(m_counts, eps, th, calls, r);
    mutation_rows(calls, refs, extras, th, mutations);
    linkage_rows(calls, r);
    window_bases = consensus();
}

void codon_counter::linkage_rows(call_table const & calls, ngs_result & r) const
{
    // Linkage over the resistance positions that carry a reported non-reference residue.
    std::vector<int> mutated; // key indices
    for (std::size_t k = 0; k < m_key_positions.size(); ++k)
    {
        int const p = m_key_positions[k];
        codon_call const & c = calls.rt.at(p);
        if (c.status == codon_status::called && !c.aa.without(aa_set::of(calls.ref_aa(gene::rt, p))).empty())
            mutated.push_back(static_cast<int>(k));
    }
    std::sort(mutated.begin(),
              mutated.end(),
              [&](int const a, int const b)
              {
                  return m_key_positions[static_cast<std::size_t>(a)] < m_key_positions[static_cast<std::size_t>(b)];
              });
    std::map<linkage_key, std::uint64_t> patterns;
    for (pattern const & p : m_patterns)
        if (p.n != 0)
            patterns.emplace(p.key, p.n);
    std::vector<std::vector<int>> sets;
    for (std::size_t i = 0; i < mutated.size(); ++i)
        for (std::size_t j = i + 1; j < mutated.size(); ++j)
            sets.push_back({mutated[i], mutated[j]});
    if (mutated.size() >= 3)
        sets.push_back(mutated);
    for (std::vector<int> const & set : sets)
    {
        std::vector<int> positions;
        for (int const k : set)
            positions.push_back(m_key_positions[static_cast<std::size_t>(k)]);
        haplotype_rows(patterns, set, positions, m_opts.thresholds.min_freq, r.linkage);
    }
}

std::string codon_counter::consensus() const
{
    ngs_thresholds const & th = m_opts.thresholds;
    std::string window_bases(static_cast<std::size_t>(m_window_len), '.');
    for (int w = 0; w < m_window_len; ++w)
    {
        auto const u = static_cast<std::size_t>(w);
        std::uint32_t const * b = &m_bases[6 * u];
        std::uint64_t const n = std::uint64_t{b[0]} + b[1] + b[2] + b[3] + b[5];
        if (n == 0)
            continue;
        if (n < th.min_depth)
        {
            window_bases[u] = 'N';
            continue;
        }
        if (2 * std::uint64_t{b[5]} >= n)
        {
            window_bases[u] = '-';
            continue;
        }
        std::uint8_t mask = 0;
        int best = 0;
        for (int i = 0; i < 4; ++i)
        {
            if (static_cast<double>(b[i]) >= th.consensus_threshold * static_cast<double>(n) && b[i] > 0)
                mask = static_cast<std::uint8_t>(mask | (1u << i));
            if (b[i] > b[best])
                best = i;
        }
        if (mask == 0)
            mask = static_cast<std::uint8_t>(1u << best);
        window_bases[u] = mask_to_iupac(mask);
    }
    return window_bases;
}

} // namespace hbvdr::ngs_detail
