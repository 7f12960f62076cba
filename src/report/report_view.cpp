#include "report_view.hpp"

#include <algorithm>

#include <hbvdr/core/text.hpp>
#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/tables.hpp>

namespace hbvdr::detail
{

bool is_ngs(sample_report const & s) noexcept
{
    if (!s.analysed)
        return false;
    for (gene const g : {gene::rt, gene::s})
        for (codon_call const & c : s.calls.of(g).codons)
            if (c.has_depth)
                return true;
    return false;
}

namespace
{

// Frequency of one residue at an NGS codon; -1 when the codon carries no frequencies.
double residue_freq(codon_call const & c, char const aa)
{
    if (!c.has_depth)
        return -1.0;
    for (auto const & [a, f] : c.freqs)
        if (a == aa)
            return f;
    return 0.0;
}

finding const * finding_at(interpretation const & in, gene const g, int const pos)
{
    for (finding const & f : in.findings)
        if (f.g == g && f.pos == pos)
            return &f;
    return nullptr;
}

std::string category_text(std::string const & kind)
{
    if (kind == "vaccine_escape")
        return "vaccine escape";
    if (kind == "diagnostic_escape")
        return "diagnostic escape (may be missed by HBsAg assays)";
    if (kind == "hbig_escape")
        return "HBIG escape";
    if (kind == "adapt")
        return "antiviral-drug-associated potential vaccine escape (ADAPT)";
    if (kind == "truncation")
        return "truncated HBsAg";
    std::string out = kind;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

// Entries of one mutation row: one for consensus sequences ("rtM204IM (sW196LW)"), one per
// non-reference residue with its frequency for NGS ("rtM204V (sI195IM) 8.3% (minority)").
struct row_entry
{
    std::string text;
    bool minority{false};
};

std::vector<row_entry>
row_entries(sample_report const & s, mutation_row const & r, double const minority_below, bool const with_other_frame)
{
    aa_mutation const & m = r.mutation;
    std::string const consequence =
        with_other_frame && !r.other_frame.empty() ? " (" + r.other_frame + ")" : std::string{};
    bool const substitution = m.kind == mutation_kind::substitution || m.kind == mutation_kind::mixture;
    codon_call const * c =
        substitution && m.pos >= 1 && m.pos <= info(m.g).n_codons ? &s.calls.at(m.g, m.pos) : nullptr;
    if (c == nullptr || !c->has_depth)
        return {{m.label() + consequence, false}};
    std::vector<row_entry> out;
    for (char const aa : m.aa.to_string())
    {
        if (aa == m.ref)
            continue;
        double const f = residue_freq(*c, aa);
        bool const minority = f < minority_below;
        out.push_back({std::string{info(m.g).prefix} + m.ref + std::to_string(m.pos) + aa + consequence + " "
                           + percent(f) + (minority ? " (minority)" : ""),
                       minority});
    }
    return out;
}

std::string observed_text(observed_mutation const & m)
{
    return m.text() + (m.minority ? " (minority)" : "");
}

std::string context_text(treatment_context const & ctx)
{
    std::string history = ctx.history.empty() ? "not given" : join(ctx.history, ", ");
    std::string hbeag = !ctx.hbeag_positive ? "not given" : (*ctx.hbeag_positive ? "positive" : "negative");
    return "history " + history + "; HBeAg " + hbeag;
}

void header_fields(report_view & v, sample_report const & s, report_options const & opts)
{
    v.header.push_back({"Sample", s.name});
    if (!s.original_name.empty() && s.original_name != s.name)
        v.header.push_back({"Name in input", s.original_name});
    v.header.push_back(
        {"Input", s.input_file + (s.record > 0 ? ", record " + std::to_string(s.record) : std::string{})});
    if (!s.analysed)
        return;
    std::string seq = v.ngs ? "deep sequencing (NGS) reads, codon frequencies"
                            : "consensus sequence, " + grouped(s.sequence_length) + " nt";
    if (s.reverse_complemented)
        seq += ", reverse complement";
    v.header.push_back({"Sequence", seq});
    qc_metrics const & m = s.qc.metrics;
    std::string region = rt_range_text(m.rt_first, m.rt_last);
    if (m.rt_first > 0)
        region += " (" + std::to_string(m.rt_called) + " of " + std::to_string(rt_info.n_codons) + " RT codons called)";
    v.header.push_back({"Region covered", region});
    genotype_call const & g = s.genotype;
    std::string gt = genotype_display(s);
    if (g.genotype == "unassigned")
        gt += g.unassigned_reason.empty() ? std::string{} : ": " + g.unassigned_reason;
    else if (!g.nearest_accession.empty())
        gt += ", nearest reference " + g.nearest_accession
              + (g.nearest_subgenotype.empty() || g.nearest_subgenotype == "-" ? std::string{}
                                                                               : " (" + g.nearest_subgenotype + ")");
    v.header.push_back({"Genotype", gt});
    if (s.calls.reference != nullptr)
        v.header.push_back({"Reference",
                            s.calls.reference->accession + " (genotype " + std::string(1, s.calls.reference->genotype)
                                + "), rt numbering of Stuyver 2001"});
    if (s.interpreted)
        v.header.push_back({"Treatment", context_text(s.context)});
    if (v.ngs)
        v.header.push_back({"NGS thresholds",
                            "minority below " + percent(v.minority_below) + "; reported from "
                                + percent(opts.ngs_min_freq) + "; minimum depth " + grouped(opts.ngs_min_depth)});
}

void qc_fields(report_view & v, sample_report const & s)
{
    v.qc_status = std::string{to_string(s.qc.status)};
    v.qc = s.qc.messages;
    for (std::string const & w : s.input_warnings)
        v.qc.push_back({qc_level::warning, "input", w});
    std::stable_sort(v.qc.begin(),
                     v.qc.end(),
                     [](qc_message const & a, qc_message const & b)
                     {
                         return a.level > b.level;
                     });
}

void mutation_groups(report_view & v, sample_report const & s)
{
    view_group primary{"Resistance-associated", {}}, accessory{"Accessory (secondary, putative)", {}},
        native{"Native to the genotype (polymorphisms, never scored)", {}},
        other{s.interpreted ? "Other RT changes (not scored)" : "RT changes", {}};
    view_group minority{"Minority variants (below " + percent(v.minority_below) + ")", {}};
    view_group stops{"HBsAg stop codons", {}, false}, s_findings{"HBsAg findings", {}, false},
        s_native{"Native to the genotype (polymorphisms, not escape)", {}}, s_other{"Other HBsAg changes", {}};
    for (mutation_row const & r : s.mutations)
    {
        aa_mutation const & m = r.mutation;
        finding const * f = s.interpreted ? finding_at(s.interp, m.g, m.pos) : nullptr;
        if (m.g == gene::rt)
        {
            for (row_entry const & e : row_entries(s, r, v.minority_below, true))
            {
                std::string const role = f != nullptr ? f->kind : std::string{};
                bool const resistance = role == "primary";
                if (f != nullptr && f->native)
                    native.items.push_back({e.text, false});
                else if (e.minority && (resistance || role == "secondary" || role == "putative"))
                    minority.items.push_back(
                        {e.text + (resistance ? " [resistance-associated]" : " [accessory]"), resistance});
                else if (resistance)
                    primary.items.push_back({e.text, true});
                else if (role == "secondary" || role == "putative")
                    accessory.items.push_back({e.text, false});
                else
                    other.items.push_back({e.text, false});
            }
            continue;
        }
        bool const stop =
            (m.kind == mutation_kind::substitution || m.kind == mutation_kind::mixture) && m.aa.contains('*');
        if (stop)
        {
            std::string cause =
                r.other_frame.empty() || r.other_frame == "syn" ? std::string{} : "; from " + r.other_frame;
            for (row_entry const & e : row_entries(s, r, v.minority_below, false))
            {
                bool const sure = m.kind == mutation_kind::substitution && !e.minority;
                stops.items.push_back(
                    {e.text + (sure ? " truncates HBsAg" : " may truncate HBsAg (mixture)") + cause, true});
            }
        }
        else if (f != nullptr && f->native)
        {
            for (row_entry const & e : row_entries(s, r, v.minority_below, false))
                s_native.items.push_back({e.text, false});
        }
        else if (f != nullptr && f->kind != "truncation")
        {
            for (row_entry const & e : row_entries(s, r, v.minority_below, false))
                s_findings.items.push_back(
                    {e.text + ": " + category_text(f->kind)
                         + (r.other_frame.empty() || r.other_frame == "syn" ? std::string{}
                                                                            : "; from " + r.other_frame),
                     f->kind == "vaccine_escape" || f->kind == "diagnostic_escape" || f->kind == "hbig_escape"});
        }
        else
        {
            for (row_entry const & e : row_entries(s, r, v.minority_below, false))
                s_other.items.push_back({e.text, false});
        }
    }
    for (view_group * g : {&primary, &accessory, &minority, &native, &other})
        if (!g->items.empty())
            v.rt_groups.push_back(std::move(*g));
    for (view_group * g : {&stops, &s_findings, &s_native, &s_other})
        if (!g->items.empty())
            v.s_groups.push_back(std::move(*g));
    v.rt_legend = "HBsAg consequence in brackets (syn = no HBsAg change; outside S = beyond the S gene)";
    if (v.ngs)
        v.rt_legend += "; NGS frequency after it";
}

std::string set_level_text(set_level const & o)
{
    return o.name + ": " + std::string{describe(o.level)} + (o.evidence == "L" ? " [L]" : "");
}

std::string name_of_set(interpretation const & in, std::string const & id)
{
    return id == in.rule_set ? in.rule_set_name : id;
}

void drug_fields(report_view & v, interpretation const & in)
{
    for (drug_call const & d : in.drugs)
    {
        view_drug vd;
        vd.code = d.drug;
        vd.name = d.name;
        vd.level = d.level;
        if (v.ngs && d.majority_level != d.level)
            vd.majority_level = d.majority_level;
        if (d.level != drug_level::S && d.level != drug_level::insufficient_data && d.evidence != "V")
            vd.evidence = d.evidence;
        for (observed_mutation const & m : d.mutations)
            vd.mutations.push_back(observed_text(m));
        for (observed_mutation const & m : d.accessory)
            vd.accessory.push_back(observed_text(m) + (m.role.empty() ? std::string{} : " (" + m.role + ")"));
        vd.missing = d.missing;
        vd.follows = d.follows;
        for (set_level const & o : d.other_sets)
            vd.other_sets.push_back(set_level_text(o));
        if (d.rule_set != in.rule_set)
            vd.set_note =
                in.rule_set_name + " gives no level for " + d.drug + ": level from the primary set " + d.rule_set;
        v.drugs.push_back(std::move(vd));
        if (d.level == drug_level::S)
            v.remaining.push_back(d.drug + " (" + d.name + ")");
        else if (d.level == drug_level::insufficient_data)
            v.not_assessable.push_back(d.drug + " (" + d.name + ")");
    }
}

// Guideline options: current guidelines first, superseded ones after them; the sources cited.
void salvage_fields(report_view & v, interpretation const & in, report_options const & opts)
{
    std::vector<std::string> keys;
    for (salvage_item const & x : in.salvage)
    {
        view_salvage vs{x.recommendation, x.guideline_name, x.evidence == "V" ? std::string{} : x.evidence, {}};
        vs.superseded_by = join(x.superseded_by, ", ");
        (x.current.value_or(true) ? v.salvage : v.salvage_older).push_back(std::move(vs));
        v.currency_known = v.currency_known && x.current.has_value();
        if (!x.guideline.empty() && std::find(keys.begin(), keys.end(), x.guideline) == keys.end())
            keys.push_back(x.guideline);
    }
    for (std::string const & k : keys)
    {
        std::string citation;
        for (auto const & [key, text] : opts.citations)
            if (key == k)
                citation = text;
        if (!citation.empty())
            v.sources.push_back({k, citation});
    }
}

// The bottom line, printed first: resistant and effective drugs, what current guidelines advise, where sources differ.
void bottom_line_fields(report_view & v, interpretation const & in)
{
    bottom_line const & b = in.summary;
    std::string levels;
    if (!b.resistant.empty())
        levels += "Resistant: " + join(b.resistant, ", ") + ". ";
    if (!b.reduced.empty())
        levels += "Reduced susceptibility: " + join(b.reduced, ", ") + ". ";
    if (levels.empty())
        levels = b.insufficient.empty() ? "No resistance predicted. " : "No resistance found in the positions read. ";
    levels += b.effective.empty() ? std::string{"No drug is predicted to remain effective."}
                                  : "Predicted to remain effective: " + join(b.effective, ", ") + ".";
    v.bottom_line.push_back(levels);
    if (!b.insufficient.empty())
        v.bottom_line.push_back("Not assessable (insufficient data): " + join(b.insufficient, ", ")
                                + "; see the missing positions below.");
    if (!b.currency_known)
        v.bottom_line.push_back(in.salvage.empty() ? "No resistance-specific guideline option applies."
                                                   : "Guideline options are listed below (this database release "
                                                     "does not record which guidelines are current).");
    else if (!b.current.empty())
    {
        std::vector<std::string> parts;
        for (guidance_summary const & g : b.current)
        {
            std::vector<std::string> names;
            for (std::size_t i = 0; i < g.guidelines.size(); ++i)
                names.push_back(g.guidelines[i] + (g.evidence[i] == "L" ? " [L]" : ""));
            parts.push_back(g.summary + " (" + join(names, ", ") + ")");
        }
        v.bottom_line.push_back("Current guidelines for this pattern: " + join(parts, "; ") + ".");
    }
    else if (!in.salvage.empty())
        v.bottom_line.push_back("No current guideline gives an option for this pattern; older guidelines below.");
    else if (!b.resistant.empty() || !b.reduced.empty())
        v.bottom_line.push_back("No guideline option is recorded for this pattern.");
    std::vector<std::string> differ;
    for (drug_call const & d : in.drugs)
        if (!d.other_sets.empty())
        {
            std::vector<std::string> others;
            for (set_level const & o : d.other_sets)
                others.push_back(set_level_text(o));
            differ.push_back(d.drug + ": " + std::string{describe(d.level)} + " \u2014 " + join(others, "; "));
        }
    if (!differ.empty())
        v.bottom_line.push_back("Sources differ (" + name_of_set(in, in.rule_set) + " decides): " + join(differ, "; ")
                                + ".");
    if (!in.cautions.empty())
        v.bottom_line.push_back(in.cautions.size() == 1
                                    ? std::string{"Read the caution below."}
                                    : "Read the " + std::to_string(in.cautions.size()) + " cautions below.");
}

void interpretation_fields(report_view & v, sample_report const & s, report_options const & opts)
{
    interpretation const & in = s.interp;
    drug_fields(v, in);
    salvage_fields(v, in, opts);
    bottom_line_fields(v, in);
    for (caution_item const & c : in.cautions)
        v.cautions.push_back(c.text);
    std::vector<std::string> seen;
    for (finding const & f : in.findings)
    {
        if (f.comment.empty() || std::find(seen.begin(), seen.end(), f.label + "|" + f.catalogue_id) != seen.end())
            continue;
        seen.push_back(f.label + "|" + f.catalogue_id);
        v.comments.push_back({f.label, f.comment, f.evidence == "V" ? std::string{} : f.evidence});
    }
    // Minority resistance: each minority residue that decides a drug level, with the drugs it affects.
    std::vector<std::pair<std::string, std::vector<std::string>>> minority;
    for (drug_call const & d : in.drugs)
        for (observed_mutation const & m : d.mutations)
            if (m.minority)
            {
                std::string const key = m.text() + " (minority)";
                auto it = std::find_if(minority.begin(),
                                       minority.end(),
                                       [&](auto const & p)
                                       {
                                           return p.first == key;
                                       });
                if (it == minority.end())
                    minority.push_back({key, {d.drug}});
                else
                    it->second.push_back(d.drug);
            }
    for (auto const & [label, drugs] : minority)
        v.minority.push_back({label + ": " + join(drugs, ", "), true});
}

/* Which mutations sit on the same molecule, from the linkage rows (read pairs spanning every
 * position of a set of mutated resistance positions; haplotypes below the reporting frequency are
 * not listed there): each combination of non-reference residues (two from a pair of positions,
 * three or more from a larger set) with its share of the molecules spanning its positions; then
 * each pair of mutated positions whose mutations were not seen together, so that a report does
 * not leave unlinked frequencies to be added up.
 */
void linkage_fields(report_view & v, sample_report const & s, report_options const & opts)
{
    if (!s.ngs)
        return;
    std::vector<linkage_row> const & rows = s.ngs->linkage;
    std::vector<view_item> apart; // listed after the combinations
    auto label = [&](int const pos, std::string const & residues)
    {
        return "rt" + std::string(1, s.calls.ref_aa(gene::rt, pos)) + std::to_string(pos)
               + (residues == "-" ? std::string{"del"} : residues);
    };
    for (std::size_t i = 0; i < rows.size();)
    {
        // One position set: rows i..j-1.
        std::size_t j = i;
        while (j < rows.size() && rows[j].positions == rows[i].positions)
            ++j;
        std::vector<int> const & pos = rows[i].positions;
        std::uint64_t const depth = rows[i].depth;
        std::string const few = depth < opts.ngs_min_depth ? "; few molecules span these positions" : "";
        std::vector<std::string> mutant(pos.size()); // non-reference residues seen at each position
        bool together = false;
        for (std::size_t r = i; r < j; ++r)
        {
            std::vector<std::string_view> const res = split(rows[r].haplotype, ',');
            if (res.size() != pos.size())
                continue;
            std::vector<std::string> labels;
            for (std::size_t k = 0; k < pos.size(); ++k)
                if (res[k].size() == 1 && res[k][0] != s.calls.ref_aa(gene::rt, pos[k]))
                {
                    labels.push_back(label(pos[k], std::string{res[k]}));
                    if (mutant[k].find(res[k][0]) == std::string::npos)
                        mutant[k] += res[k];
                }
            together = together || labels.size() == pos.size();
            // Two mutations together are listed from their pair's own rows (more molecules span a pair).
            if (labels.size() >= 2 && (pos.size() == 2 || labels.size() >= 3))
                v.linked.push_back({join(labels, " + ") + ": " + percent(rows[r].freq) + " (" + grouped(rows[r].count)
                                        + " of " + grouped(depth) + " molecules" + few + ")",
                                    true});
        }
        if (pos.size() == 2 && !together && !mutant[0].empty() && !mutant[1].empty())
        {
            auto alternatives = [&](std::size_t const k)
            {
                std::string m = mutant[k];
                std::sort(m.begin(), m.end());
                std::string out;
                for (char const c : m)
                    out += (out.empty() ? "" : "/") + std::string(1, c);
                return label(pos[k], out);
            };
            apart.push_back({alternatives(0) + " and " + alternatives(1)
                                 + ": not seen on the same molecule (together on fewer than "
                                 + percent(opts.ngs_min_freq) + " of " + grouped(depth) + " molecules" + few + ")",
                             false});
        }
        i = j;
    }
    v.linked.insert(v.linked.end(), apart.begin(), apart.end());
}

void ngs_fields(report_view & v, sample_report const & s, report_options const & opts)
{
    v.ngs_notes.push_back("Residues below " + percent(v.minority_below)
                          + " of the reads at a position are minority variants and are "
                            "marked \"(minority)\"; amino acids are reported from "
                          + percent(opts.ngs_min_freq) + " and codons need at least " + grouped(opts.ngs_min_depth)
                          + " reads.");
    std::uint32_t lowest = 0;
    int lowest_pos = 0;
    for (int const p : opts.resistance_positions)
    {
        if (p < 1 || p > rt_info.n_codons)
            continue;
        codon_call const & c = s.calls.rt.at(p);
        if (c.has_depth && (lowest_pos == 0 || c.depth < lowest))
        {
            lowest = c.depth;
            lowest_pos = p;
        }
    }
    if (lowest_pos > 0)
        v.ngs_notes.push_back("Lowest depth at a resistance position: " + grouped(lowest) + " reads (rt"
                              + std::to_string(lowest_pos) + ").");
    linkage_fields(v, s, opts);
}

} // namespace

report_view make_view(sample_report const & s, report_options const & opts)
{
    report_view v;
    v.analysed = s.analysed;
    v.sample = s.name;
    v.ngs = is_ngs(s);
    v.minority_below = s.interpreted ? s.interp.minority_below : opts.ngs_minority_below;
    v.interpreted = s.analysed && s.interpreted;
    v.db_short = s.interpreted ? s.interp.db_name + " " + s.interp.db_version : std::string{"none applied"};
    v.db_label = !opts.db_label.empty() ? opts.db_label : v.db_short;
    header_fields(v, s, opts);
    v.footer = "hbvdr" + (opts.tool_version.empty() ? std::string{} : " " + opts.tool_version) + "; mutation database "
               + v.db_label;
    if (!s.analysed)
    {
        v.error = s.error.empty() ? std::string{"no reason recorded"} : s.error;
        for (std::string const & w : s.input_warnings)
            v.qc.push_back({qc_level::warning, "input", w});
        return v;
    }
    v.header.push_back({"Mutation database", v.db_label});
    if (v.interpreted)
    {
        interpretation const & in = s.interp;
        v.rule_set = in.rule_set_name + (in.rule_set_primary ? " (primary)" : " (chosen with --rules)")
                     + (in.rule_set_evidence == "L" ? " [L]" : "");
        v.header.push_back(
            {"Rule set", v.rule_set + (in.rule_set_count > 1 ? "; other sets shown where they differ" : "")});
    }
    v.header.push_back({"Software", "hbvdr" + (opts.tool_version.empty() ? std::string{} : " " + opts.tool_version)});
    qc_fields(v, s);
    mutation_groups(v, s);
    if (v.interpreted)
    {
        interpretation_fields(v, s, opts);
        for (view_drug const & d : v.drugs)
        {
            v.evidence_marks = v.evidence_marks || !d.evidence.empty();
            for (std::string const & o : d.other_sets)
                v.evidence_marks = v.evidence_marks || o.ends_with("[L]");
        }
        for (auto const * list : {&v.salvage, &v.salvage_older})
            for (view_salvage const & x : *list)
                v.evidence_marks = v.evidence_marks || !x.evidence.empty();
        v.evidence_marks = v.evidence_marks || v.rule_set.ends_with("[L]");
        for (view_comment const & c : v.comments)
            v.evidence_marks = v.evidence_marks || !c.evidence.empty();
    }
    if (v.ngs)
        ngs_fields(v, s, opts);
    return v;
}

} // namespace hbvdr::detail
