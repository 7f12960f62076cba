#include <algorithm>
#include <cmath>

#include <hbvdr/core/text.hpp>
#include <hbvdr/report/cohort.hpp>

#include "report_view.hpp"
#include <nlohmann/json.hpp>

namespace hbvdr
{

namespace
{

// A catalogued finding as the cohort reads it, whichever route (report or results.json) it came by.
struct finding_in
{
    std::string gene, label, catalogue_id, kind;
    int pos{0};
    std::vector<std::string> drugs;
    double freq{-1.0}; // of all the catalogued residues seen; -1 for consensus sequences
    bool native{false};
};

// The frequency of one residue at an RT position (NGS: one mutation row per residue).
struct residue_freq
{
    int pos{0};
    char aa{'X'};
    double freq{0.0};
};

// "rtM204VI" -> wild type 'M', position 204, residues "VI" (catalogue ids and finding labels alike).
struct label_parts
{
    char wildtype{'X'};
    int pos{0};
    std::string residues;
};

std::optional<label_parts> split_label(std::string_view const s)
{
    if (!s.starts_with("rt") || s.size() < 5)
        return std::nullopt;
    label_parts p;
    p.wildtype = s[2];
    std::size_t i = 3;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && p.pos < 100000; ++i)
        p.pos = 10 * p.pos + (s[i] - '0');
    if (i == 3 || i == s.size())
        return std::nullopt;
    p.residues = std::string{s.substr(i)};
    return p;
}

// results.json rounds frequencies to 6 decimals; the report route does the same so both cut alike.
double round6(double const v)
{
    return v < 0 ? v : std::round(v * 1e6) / 1e6;
}

bool is_resistance_role(std::string_view const role)
{
    return role == "primary" || role == "secondary" || role == "putative";
}

// The residues a sample carries: catalogued, acquired, of a resistance role; one entry per residue.
std::vector<cohort_carriage> carriages(std::vector<finding_in> const & findings,
                                       std::vector<residue_freq> const & freqs,
                                       bool const ngs,
                                       double const minority_below)
{
    std::vector<cohort_carriage> out;
    for (finding_in const & f : findings)
    {
        if (f.gene != "RT" || f.native || !is_resistance_role(f.kind))
            continue;
        std::optional<label_parts> const id = split_label(f.catalogue_id), seen = split_label(f.label);
        if (!id || !seen)
            continue;
        for (char const aa : seen->residues)
        {
            if (aa == id->wildtype || id->residues.find(aa) == std::string::npos)
                continue;
            double freq = f.freq;
            for (residue_freq const & r : freqs)
                if (r.pos == f.pos && r.aa == aa)
                    freq = r.freq;
            out.push_back({f.pos,
                           aa,
                           "rt" + std::string(1, id->wildtype) + std::to_string(f.pos) + aa,
                           f.kind,
                           join(f.drugs, ";"),
                           ngs && freq >= 0 && freq < minority_below});
        }
    }
    std::stable_sort(out.begin(),
                     out.end(),
                     [](cohort_carriage const & a, cohort_carriage const & b)
                     {
                         return std::pair{a.pos, a.aa} < std::pair{b.pos, b.aa};
                     });
    out.erase(std::unique(out.begin(),
                          out.end(),
                          [](cohort_carriage const & a, cohort_carriage const & b)
                          {
                              return a.pos == b.pos && a.aa == b.aa;
                          }),
              out.end());
    return out;
}

// A nullable number hbvdr wrote: -1 for null.
double
nullable_number(nlohmann::json const & obj, std::string const & key, std::string const & path, json_fields const & f)
{
    nlohmann::json const & v = f.member(obj, key, path);
    if (v.is_null())
        return -1.0;
    if (!v.is_number())
        f.fail(path + key, "is not a number or null");
    return v.get<double>();
}

} // namespace

cohort_sample make_cohort_sample(sample_report const & s, double const minority_below)
{
    cohort_sample c;
    c.status = s.status;
    if (s.status == sample_status::error)
        return c;
    c.ngs = s.ngs.has_value();
    c.genotype = s.genotype.genotype;
    if (!s.interpreted)
        return c;
    for (drug_call const & d : s.interp.drugs)
        c.drugs.emplace_back(d.drug, d.level);
    std::vector<finding_in> findings;
    for (finding const & f : s.interp.findings)
        findings.push_back(
            {std::string{info(f.g).name}, f.label, f.catalogue_id, f.kind, f.pos, f.drugs, round6(f.freq), f.native});
    std::vector<residue_freq> freqs;
    for (mutation_row const & r : s.mutations)
        if (r.has_freq && r.mutation.g == gene::rt && r.mutation.kind == mutation_kind::substitution
            && r.mutation.aa.to_string().size() == 1)
            freqs.push_back({r.mutation.pos, r.mutation.aa.to_string().front(), round6(r.freq)});
    c.mutations = carriages(findings, freqs, c.ngs, minority_below);
    return c;
}

cohort_sample cohort_sample_from_json(nlohmann::json const & j, json_fields const & f, double const minority_below)
{
    cohort_sample c;
    std::string const status = f.str(j, "status", "");
    if (status != "ok" && status != "warning" && status != "error")
        f.fail("status", "is '" + status + "', not ok, warning or error");
    c.status =
        status == "ok" ? sample_status::ok : (status == "warning" ? sample_status::warning : sample_status::error);
    if (c.status == sample_status::error)
        return c;
    c.ngs = f.optional(j, "ngs") != nullptr;
    c.genotype = f.str(f.object(j, "genotype", ""), "genotype", "genotype.");
    nlohmann::json const * interp = f.optional(j, "interpretation");
    if (interp == nullptr)
        return c;
    nlohmann::json const & drugs = f.array(*interp, "drugs", "interpretation.");
    for (std::size_t i = 0; i < drugs.size(); ++i)
    {
        std::string const dp = "interpretation.drugs[" + std::to_string(i) + "].";
        c.drugs.emplace_back(f.str(drugs[i], "drug", dp), detail::drug_level_field(drugs[i], "level", dp, f));
    }
    std::vector<finding_in> findings;
    nlohmann::json const & found = f.array(*interp, "findings", "interpretation.");
    for (std::size_t i = 0; i < found.size(); ++i)
    {
        std::string const fp = "interpretation.findings[" + std::to_string(i) + "].";
        nlohmann::json const & x = found[i];
        nlohmann::json const & native = f.member(x, "native", fp);
        if (!native.is_boolean())
            f.fail(fp + "native", "is not true or false");
        findings.push_back({f.str(x, "gene", fp),
                            f.str(x, "label", fp),
                            f.str(x, "catalogue_id", fp),
                            f.str(x, "kind", fp),
                            static_cast<int>(f.count(x, "pos", fp)),
                            f.strings(x, "drugs", fp),
                            nullable_number(x, "freq", fp, f),
                            native.get<bool>()});
    }
    std::vector<residue_freq> freqs;
    if (c.ngs)
    {
        nlohmann::json const & rows = f.array(j, "mutations", "");
        for (std::size_t i = 0; i < rows.size(); ++i)
        {
            std::string const mp = "mutations[" + std::to_string(i) + "].";
            if (f.optional(rows[i], "freq") == nullptr || f.str(rows[i], "gene", mp) != "RT"
                || f.str(rows[i], "type", mp) != "substitution")
                continue;
            std::string const aa = f.str(rows[i], "aa", mp);
            if (aa.size() == 1)
                freqs.push_back(
                    {static_cast<int>(f.count(rows[i], "pos", mp)), aa.front(), f.number(rows[i], "freq", mp)});
        }
    }
    c.mutations = carriages(findings, freqs, c.ngs, minority_below);
    return c;
}

std::string cohort_percent(std::size_t const n, std::size_t const of)
{
    return of == 0 ? std::string{} : format_fixed(100.0 * static_cast<double>(n) / static_cast<double>(of), 1);
}

void cohort_counts::add(cohort_sample const & s)
{
    ++samples;
    if (s.status == sample_status::error)
    {
        ++errors;
        return;
    }
    ++analysed;
    analysed_ngs += s.ngs;
    ++genotypes[s.genotype];
    for (auto const & [drug, level] : s.drugs)
    {
        auto it = std::find_if(levels.begin(),
                               levels.end(),
                               [&drug](auto const & l)
                               {
                                   return l.first == drug;
                               });
        if (it == levels.end())
            it = levels.insert(levels.end(), {drug, {}});
        auto const at = std::find(cohort_level_order.begin(), cohort_level_order.end(), level);
        ++it->second[static_cast<std::size_t>(at - cohort_level_order.begin())];
    }
    for (cohort_carriage const & m : s.mutations)
    {
        mutation_count & c = mutations[{m.pos, m.aa}];
        if (c.mutation.empty())
        {
            c.mutation = m.mutation;
            c.role = m.role;
            c.drugs = m.drugs;
        }
        ++(m.minority ? c.minority : c.majority);
    }
}

std::string cohort_tsv(cohort_counts const & c)
{
    std::string o = "section\tname\tlevel\trole\tdrugs\tcount\tmajority\tminority\tdenominator\tpercent\n";
    auto row = [&](std::string_view const section,
                   std::string const & name,
                   std::string_view const level,
                   std::string const & role,
                   std::string const & drugs,
                   std::size_t const count,
                   std::string const & majority,
                   std::string const & minority,
                   std::size_t const of)
    {
        o += std::string{section} + "\t" + tsv_cell(name) + "\t" + std::string{level} + "\t" + tsv_cell(role) + "\t"
             + tsv_cell(drugs) + "\t" + std::to_string(count) + "\t" + majority + "\t" + minority + "\t"
             + std::to_string(of) + "\t" + cohort_percent(count, of) + "\n";
    };
    row("samples", "total", "", "", "", c.samples, "", "", c.samples);
    row("samples", "analysed", "", "", "", c.analysed, "", "", c.samples);
    row("samples", "analysed_ngs", "", "", "", c.analysed_ngs, "", "", c.samples);
    row("samples", "error", "", "", "", c.errors, "", "", c.samples);
    for (auto const & [genotype, n] : c.genotypes)
        row("genotype", genotype, "", "", "", n, "", "", c.analysed);
    for (auto const & [drug, counts] : c.levels)
        for (std::size_t i = 0; i < cohort_level_order.size(); ++i)
            row("drug_level", drug, to_string(cohort_level_order[i]), "", "", counts[i], "", "", c.analysed);
    for (auto const & [key, m] : c.mutations)
        row("mutation",
            m.mutation,
            "",
            m.role,
            m.drugs,
            m.total(),
            std::to_string(m.majority),
            std::to_string(m.minority),
            c.analysed);
    return o;
}

} // namespace hbvdr
