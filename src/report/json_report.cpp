#include <cmath>

#include <hbvdr/report/disclaimer.hpp>
#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/tables.hpp>

#include <nlohmann/json.hpp>

namespace hbvdr
{

namespace
{

using ojson = nlohmann::ordered_json;

double round6(double const v)
{
    return std::round(v * 1e6) / 1e6;
}

// An object built member by member with moves (nlohmann's initializer lists copy every value,
// which made the JSON the most expensive output per sample).
class obj
{
public:
    template <typename value_t>
    obj && add(char const * key, value_t && value) &&
    {
        m_j.emplace(key, ojson(std::forward<value_t>(value)));
        return std::move(*this);
    }
    ojson done() &&
    {
        return std::move(m_j);
    }

private:
    ojson m_j = ojson::object();
};

ojson nullable(double const v)
{
    return v < 0 ? ojson(nullptr) : ojson(std::round(v * 1e6) / 1e6);
}

ojson mutations_json(std::vector<observed_mutation> const & ms)
{
    ojson a = ojson::array();
    for (observed_mutation const & m : ms)
        a.push_back(obj{}
                        .add("label", m.label)
                        .add("text", m.text() + (m.minority ? " (minority)" : ""))
                        .add("freq", nullable(m.freq))
                        .add("minority", m.minority)
                        .add("role", m.role)
                        .done());
    return a;
}

ojson rule_hits_json(std::vector<rule_hit> const & hits)
{
    ojson rules = ojson::array();
    for (rule_hit const & r : hits)
        rules.push_back(obj{}
                            .add("id", r.id)
                            .add("level", std::string{to_string(r.level)})
                            .add("evidence", r.evidence)
                            .add("comment", r.comment)
                            .add("references", r.references)
                            .done());
    return rules;
}

ojson other_sets_json(std::vector<set_level> const & sets)
{
    ojson others = ojson::array();
    for (set_level const & o : sets)
        others.push_back(obj{}
                             .add("set", o.set)
                             .add("name", o.name)
                             .add("evidence", o.evidence)
                             .add("level", std::string{to_string(o.level)})
                             .add("level_text", std::string{describe(o.level)})
                             .done());
    return others;
}

ojson drugs_json(std::vector<drug_call> const & calls)
{
    ojson drugs = ojson::array();
    for (drug_call const & d : calls)
        drugs.push_back(obj{}
                            .add("drug", d.drug)
                            .add("name", d.name)
                            .add("level", std::string{to_string(d.level)})
                            .add("level_text", std::string{describe(d.level)})
                            .add("majority_level", std::string{to_string(d.majority_level)})
                            .add("mutations", mutations_json(d.mutations))
                            .add("accessory", mutations_json(d.accessory))
                            .add("missing", d.missing)
                            .add("rules", rule_hits_json(d.rules))
                            .add("evidence", d.evidence)
                            .add("follows", d.follows)
                            .add("rule_set", d.rule_set)
                            .add("other_sets", other_sets_json(d.other_sets))
                            .done());
    return drugs;
}

ojson salvage_json(std::vector<salvage_item> const & items)
{
    ojson salvage = ojson::array();
    for (salvage_item const & x : items)
        salvage.push_back(obj{}
                              .add("id", x.id)
                              .add("recommendation", x.recommendation)
                              .add("guideline", x.guideline)
                              .add("evidence", x.evidence)
                              .add("comment", x.comment)
                              .add("summary", x.summary)
                              .add("guideline_name", x.guideline_name)
                              .add("current", x.current ? ojson(*x.current) : ojson(nullptr))
                              .add("superseded_by", x.superseded_by)
                              .done());
    return salvage;
}

ojson cautions_json(std::vector<caution_item> const & items)
{
    ojson cautions = ojson::array();
    for (caution_item const & c : items)
        cautions.push_back(obj{}.add("id", c.id).add("text", c.text).add("references", c.references).done());
    return cautions;
}

ojson findings_json(std::vector<finding> const & items)
{
    ojson findings = ojson::array();
    for (finding const & f : items)
        findings.push_back(obj{}
                               .add("gene", std::string{info(f.g).name})
                               .add("pos", f.pos)
                               .add("label", f.label)
                               .add("catalogue_id", f.catalogue_id)
                               .add("kind", f.kind)
                               .add("drugs", f.drugs)
                               .add("evidence", f.evidence)
                               .add("comment", f.comment)
                               .add("references", f.references)
                               .add("freq", nullable(f.freq))
                               .add("native", f.native)
                               .done());
    return findings;
}

// Read first, as the reports print it: the levels at a glance and what current guidelines advise.
ojson bottom_line_json(bottom_line const & b)
{
    ojson current = ojson::array();
    for (guidance_summary const & g : b.current)
        current.push_back(
            obj{}.add("summary", g.summary).add("guidelines", g.guidelines).add("evidence", g.evidence).done());
    return obj{}
        .add("resistant", b.resistant)
        .add("reduced", b.reduced)
        .add("effective", b.effective)
        .add("insufficient", b.insufficient)
        .add("current_guidance", std::move(current))
        .add("currency_known", b.currency_known)
        .done();
}

ojson interpretation_json(sample_report const & s)
{
    interpretation const & in = s.interp;
    ojson context =
        obj{}
            .add("history", s.context.history)
            .add("hbeag",
                 s.context.hbeag_positive ? ojson(*s.context.hbeag_positive ? "positive" : "negative") : ojson(nullptr))
            .done();
    ojson set = obj{}
                    .add("id", in.rule_set)
                    .add("name", in.rule_set_name)
                    .add("evidence", in.rule_set_evidence)
                    .add("primary", in.rule_set_primary)
                    .done();
    // The decision-support disclaimer is printed once, in the run header.
    return obj{}
        .add("mutation_db", in.db_name + " " + in.db_version)
        .add("rule_set", std::move(set))
        .add("native_genotypes", in.genotypes)
        .add("bottom_line", bottom_line_json(in.summary))
        .add("drugs", drugs_json(in.drugs))
        .add("remaining_effective", in.remaining_effective)
        .add("salvage", salvage_json(in.salvage))
        .add("cautions", cautions_json(in.cautions))
        .add("findings", findings_json(in.findings))
        .add("context", std::move(context))
        .done();
}

ojson range(std::pair<int, int> const r)
{
    if (r.first == 0)
        return nullptr;
    return ojson::array({r.first, r.second});
}

ojson ngs_json(ngs_result const & n, bool const analysed)
{
    ngs_thresholds const & t = n.thresholds;
    ngs_read_stats const & r = n.reads;
    ojson j;
    j["input_kind"] = n.input_kind;
    j["files"] = n.files;
    j["thresholds"] = {{"min_freq", round6(t.min_freq)},
                       {"min_depth", t.min_depth},
                       {"min_baseq", t.min_baseq},
                       {"consensus_threshold", round6(t.consensus_threshold)},
                       {"error_p", t.error_p},
                       {"strand_p", t.strand_p},
                       {"min_strand_depth", t.min_strand_depth}};
    j["reads"] = {{"records", r.records},
                  {"unmapped", r.unmapped},
                  {"secondary", r.secondary},
                  {"supplementary", r.supplementary},
                  {"duplicate", r.duplicate},
                  {"qc_fail", r.qc_fail},
                  {"off_target", r.off_target},
                  {"no_sequence", r.no_sequence},
                  {"used", r.used},
                  {"molecules", r.fragments},
                  {"pairs_merged", r.pairs_merged},
                  {"discordant_codons", r.discordant_codons},
                  {"codons_low_quality", r.codons_low_quality}};
    ojson contigs = ojson::array();
    for (ngs_contig const & c : n.contigs)
        contigs.push_back({{"name", c.name},
                           {"length", c.length},
                           {"source", c.source},
                           {"mapped_to", c.mapped_to.empty() ? ojson(nullptr) : ojson(c.mapped_to)},
                           {"reverse", c.reverse},
                           {"copies", c.copies},
                           {"note", c.note}});
    j["contigs"] = std::move(contigs);
    if (!analysed)
        return j;
    ojson link = ojson::array();
    for (linkage_row const & l : n.linkage)
        link.push_back({{"positions", l.positions},
                        {"haplotype", l.haplotype},
                        {"count", l.count},
                        {"depth", l.depth},
                        {"freq", round6(l.freq)}});
    j["linkage"] = std::move(link);
    ojson indels = ojson::array();
    for (ngs_indel_counts const & i : n.indels)
        indels.push_back({{"gene", i.gene == 'R' ? "RT" : "S"},
                          {"pos", i.pos},
                          {"deleted", i.deleted},
                          {"indel_inside", i.disrupted},
                          {"inserted_after", i.inserted_after},
                          {"frameshift_after", i.frameshift_after}});
    j["indels"] = std::move(indels);
    ojson filtered = ojson::array();
    for (ngs_filtered_variant const & f : n.filtered)
        filtered.push_back({{"gene", f.gene == 'R' ? "RT" : "S"},
                            {"pos", f.pos},
                            {"aa", std::string(1, f.aa)},
                            {"freq", round6(f.freq)},
                            {"count", f.count},
                            {"reason", f.reason}});
    j["filtered_variants"] = std::move(filtered);
    j["consensus_region"] = n.consensus_region;
    j["consensus"] = n.consensus;
    return j;
}

// The sample's input, its status and the report files written for it.
void add_input(ojson & j, sample_report const & s)
{
    j["sample"] = s.name;
    j["original_name"] = s.original_name;
    j["input_file"] = s.input_file;
    j["record"] = s.record;
    j["status"] = std::string{to_string(s.status)};
    j["error"] = s.error.empty() ? ojson(nullptr) : ojson(s.error);
    j["input_warnings"] = s.input_warnings;
    j["sequence_length"] = s.sequence_length;
    if (!s.report_files.empty())
    {
        ojson files = ojson::object();
        for (auto const & [kind, path] : s.report_files)
            files[kind] = path;
        j["reports"] = std::move(files);
    }
}

ojson alignment_json(sample_report const & s)
{
    reference_genome const & ref = *s.calls.reference;
    return obj{}
        .add("reference", ref.accession)
        .add("reference_genotype", std::string(1, ref.genotype))
        .add("orientation", s.reverse_complemented ? "reverse" : "forward")
        .add("circularized", s.circularized)
        .add("method", s.align_method)
        .done();
}

ojson genotype_json(genotype_call const & g)
{
    ojson flags = ojson::array();
    for (genotype_flag const & f : g.flags)
        flags.push_back(obj{}.add("code", f.code).add("detail", f.detail).done());
    return obj{}
        .add("genotype", g.genotype)
        .add("distance", stored_distance(g.distance))
        .add("nearest_genotype", std::string(1, g.nearest_genotype))
        .add("nearest_reference", g.nearest_accession)
        .add("subgenotype", g.nearest_subgenotype)
        .add("second_genotype", std::string(1, g.second_genotype))
        .add("second_distance", round6(g.second_distance))
        .add("sites", g.sites)
        .add("mixed_sites", g.mixed_sites)
        .add("flags", std::move(flags))
        .add("unassigned_reason", g.unassigned_reason.empty() ? ojson(nullptr) : ojson(g.unassigned_reason))
        .done();
}

ojson qc_metrics_json(qc_metrics const & m)
{
    return obj{}
        .add("rt_first", m.rt_first)
        .add("rt_last", m.rt_last)
        .add("s_first", m.s_first)
        .add("s_last", m.s_last)
        .add("rt_codons_called", m.rt_called)
        .add("rt_codons_ambiguous", m.rt_ambiguous)
        .add("bases", m.bases)
        .add("mixed_bases", m.mixed_bases)
        .add("n_bases", m.n_bases)
        .add("stop_codons_rt", m.stops_rt)
        .add("stop_codons_s", m.stops_s)
        .add("frameshifts", m.frameshifts)
        .add("in_frame_insertions", m.insertions)
        .add("in_frame_deletions", m.deletions)
        .add("identity", round6(m.identity))
        .done();
}

ojson qc_json(qc_result const & qc)
{
    ojson msgs = ojson::array();
    for (qc_message const & m : qc.messages)
        msgs.push_back(
            obj{}.add("level", std::string{to_string(m.level)}).add("code", m.code).add("text", m.text).done());
    return obj{}
        .add("status", std::string{to_string(qc.status)})
        .add("messages", std::move(msgs))
        .add("metrics", qc_metrics_json(qc.metrics))
        .done();
}

ojson mutation_rows_json(std::vector<mutation_row> const & rows)
{
    ojson muts = ojson::array();
    for (mutation_row const & r : rows)
    {
        aa_mutation const & mu = r.mutation;
        obj row = obj{}
                      .add("gene", std::string{info(mu.g).name})
                      .add("pos", mu.pos)
                      .add("ref_aa", std::string(1, mu.ref))
                      .add("aa",
                           mu.kind == mutation_kind::insertion
                               ? mu.inserted
                               : (mu.kind == mutation_kind::deletion ? "-" : mu.aa.to_string()))
                      .add("mutation", mu.label())
                      .add("type", std::string{to_string(mu.kind)})
                      .add("codon", r.codon)
                      .add("ref_codon", r.ref_codon)
                      .add("other_frame", r.other_frame)
                      .add("native_in", r.native_in)
                      .add("note", r.note);
        if (r.has_freq)
            row = std::move(row).add("freq", round6(r.freq)).add("depth", r.depth).add("minority", r.minority);
        muts.push_back(std::move(row).done());
    }
    return muts;
}

ojson insertions_json(call_table const & calls)
{
    ojson ins = ojson::array();
    for (gene const ge : {gene::rt, gene::s})
        for (codon_insertion const & i : calls.of(ge).insertions)
        {
            ojson aas = ojson::array();
            for (aa_set const a : i.aa)
                aas.push_back(a.to_string());
            ins.push_back(obj{}
                              .add("gene", std::string{info(ge).name})
                              .add("after", i.after)
                              .add("bases", i.bases)
                              .add("aa", std::move(aas))
                              .add("in_frame", i.in_frame)
                              .done());
        }
    return ins;
}

ojson frameshifts_json(call_table const & calls)
{
    ojson fs = ojson::array();
    for (gene const ge : {gene::rt, gene::s})
        for (frameshift const & f : calls.of(ge).frameshifts)
            fs.push_back(
                obj{}.add("gene", std::string{info(ge).name}).add("pos", f.pos).add("net_bases", f.net_bases).done());
    return fs;
}

// Codons inside the covered range of each gene that were not called.
ojson uncalled_json(call_table const & calls)
{
    ojson uncalled = ojson::array();
    for (gene const ge : {gene::rt, gene::s})
    {
        gene_translation const & t = calls.of(ge);
        auto const [first, last] = t.covered_range();
        for (int p = first; p >= 1 && p <= last; ++p)
        {
            codon_call const & c = t.at(p);
            if (c.status != codon_status::called)
                uncalled.push_back(obj{}
                                       .add("gene", std::string{info(ge).name})
                                       .add("pos", p)
                                       .add("status", std::string{to_string(c.status)})
                                       .add("codon", c.codon)
                                       .add("note", std::string{c.note})
                                       .done());
        }
    }
    return uncalled;
}

// Every codon of both genes (--full-calls).
ojson full_calls_json(call_table const & calls)
{
    ojson by_gene;
    for (gene const ge : {gene::rt, gene::s})
    {
        ojson rows = ojson::array();
        gene_translation const & t = calls.of(ge);
        for (int p = 1; p <= info(ge).n_codons; ++p)
        {
            codon_call const & c = t.at(p);
            rows.push_back(ojson::array(
                {p, std::string(1, calls.ref_aa(ge, p)), aa_text(c), c.codon, std::string{to_string(c.status)}}));
        }
        by_gene[std::string{info(ge).name}] = std::move(rows);
    }
    return obj{}
        .add("columns", ojson::array({"pos", "ref_aa", "aa", "codon", "status"}))
        .add("RT", std::move(by_gene["RT"]))
        .add("S", std::move(by_gene["S"]))
        .done();
}

// Depth and amino-acid frequencies of every position read (as in calls.tsv).
ojson ngs_positions_json(call_table const & calls)
{
    ojson pos;
    for (gene const ge : {gene::rt, gene::s})
    {
        ojson rows = ojson::array();
        gene_translation const & t = calls.of(ge);
        for (int p = 1; p <= info(ge).n_codons; ++p)
        {
            codon_call const & c = t.at(p);
            if (c.depth > 0)
                rows.push_back(ojson::array({p, c.depth, freq_text(c), std::string{to_string(c.status)}}));
        }
        pos[std::string{info(ge).name}] = std::move(rows);
    }
    return obj{}
        .add("columns", ojson::array({"pos", "depth", "aa_freqs", "status"}))
        .add("RT", std::move(pos["RT"]))
        .add("S", std::move(pos["S"]))
        .done();
}

std::string dumped(ojson const & j)
{
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::string json_run_prefix(run_metadata const & meta)
{
    ojson params = ojson::object();
    for (auto const & [k, v] : meta.parameters)
        params[k] = v;
    std::string out = "{\n";
    out += "\"schema_version\": " + ojson(std::string{json_schema_version}).dump() + ",\n";
    out += "\"tool\": " + ojson{{"name", "hbvdr"}, {"version", meta.tool_version}}.dump() + ",\n";
    out += "\"reference_data\": " + ojson{{"manifest_sha256", meta.reference_manifest_sha256}}.dump() + ",\n";
    if (!meta.db_name.empty())
        out += "\"mutation_db\": "
               + ojson{{"name", meta.db_name},
                       {"version", meta.db_version},
                       {"release_date", meta.db_release_date},
                       {"manifest_sha256", meta.db_manifest_sha256}}
                     .dump()
               + ",\n";
    out += "\"parameters\": " + params.dump() + ",\n";
    out += "\"disclaimer\": " + ojson(std::string{decision_support_disclaimer}).dump() + ",\n";
    out += "\"samples\": [\n";
    return out;
}

std::string json_run_suffix()
{
    return "]\n}\n";
}

std::string json_sample(sample_report const & s, json_options const & opts)
{
    ojson j;
    add_input(j, s);
    if (!s.analysed)
    {
        if (s.ngs)
            j["ngs"] = ngs_json(*s.ngs, false);
        return dumped(j);
    }
    j["alignment"] = alignment_json(s);
    j["genotype"] = genotype_json(s.genotype);
    j["qc"] = qc_json(s.qc);
    j["coverage"] =
        obj{}.add("RT", range(s.calls.rt.covered_range())).add("S", range(s.calls.s.covered_range())).done();
    j["rt_nucleotides"] = s.rt_bases;
    j["mutations"] = mutation_rows_json(s.mutations);
    j["insertions"] = insertions_json(s.calls);
    j["frameshifts"] = frameshifts_json(s.calls);
    j["uncalled_in_range"] = uncalled_json(s.calls);
    if (s.interpreted)
        j["interpretation"] = interpretation_json(s);
    if (opts.full_calls)
        j["calls"] = full_calls_json(s.calls);
    if (s.ngs)
    {
        ojson ngs = ngs_json(*s.ngs, true);
        ngs["positions"] = ngs_positions_json(s.calls);
        j["ngs"] = std::move(ngs);
    }
    return dumped(j);
}

} // namespace hbvdr
