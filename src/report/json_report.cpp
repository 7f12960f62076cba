#include <cmath>

#include <nlohmann/json.hpp>

#include <hbvdr/report/json_report.hpp>
#include <hbvdr/report/tables.hpp>

namespace hbvdr
{

namespace
{

using ojson = nlohmann::ordered_json;

double round6(double const v)
{
    return std::round(v * 1e6) / 1e6;
}

ojson mutations_json(std::vector<observed_mutation> const & ms)
{
    ojson a = ojson::array();
    for (observed_mutation const & m : ms)
        a.push_back({{"label", m.label},
                     {"text", m.text() + (m.minority ? " (minority)" : "")},
                     {"freq", m.freq < 0 ? ojson(nullptr) : ojson(round6(m.freq))},
                     {"minority", m.minority},
                     {"role", m.role}});
    return a;
}

ojson interpretation_json(sample_report const & s)
{
    interpretation const & in = s.interp;
    ojson drugs = ojson::array();
    for (drug_call const & d : in.drugs)
    {
        ojson rules = ojson::array();
        for (rule_hit const & r : d.rules)
            rules.push_back({{"id", r.id}, {"level", std::string{to_string(r.level)}}, {"evidence", r.evidence}, {"comment", r.comment}, {"references", r.references}});
        drugs.push_back({{"drug", d.drug},
                         {"name", d.name},
                         {"level", std::string{to_string(d.level)}},
                         {"level_text", std::string{describe(d.level)}},
                         {"majority_level", std::string{to_string(d.majority_level)}},
                         {"mutations", mutations_json(d.mutations)},
                         {"accessory", mutations_json(d.accessory)},
                         {"missing", d.missing},
                         {"rules", rules},
                         {"evidence", d.evidence},
                         {"follows", d.follows}});
    }
    ojson salvage = ojson::array();
    for (salvage_item const & x : in.salvage)
        salvage.push_back({{"id", x.id}, {"recommendation", x.recommendation}, {"guideline", x.guideline}, {"evidence", x.evidence}, {"comment", x.comment}});
    ojson cautions = ojson::array();
    for (caution_item const & c : in.cautions)
        cautions.push_back({{"id", c.id}, {"text", c.text}, {"references", c.references}});
    ojson findings = ojson::array();
    for (finding const & f : in.findings)
        findings.push_back({{"gene", std::string{info(f.g).name}},
                            {"pos", f.pos},
                            {"label", f.label},
                            {"catalogue_id", f.catalogue_id},
                            {"kind", f.kind},
                            {"drugs", f.drugs},
                            {"evidence", f.evidence},
                            {"comment", f.comment},
                            {"references", f.references},
                            {"freq", f.freq < 0 ? ojson(nullptr) : ojson(round6(f.freq))}});
    return {{"mutation_db", in.db_name + " " + in.db_version},
            {"drugs", drugs},
            {"remaining_effective", in.remaining_effective},
            {"salvage", salvage},
            {"cautions", cautions},
            {"findings", findings},
            {"context",
             {{"history", s.context.history},
              {"hbeag", s.context.hbeag_positive ? ojson(*s.context.hbeag_positive ? "positive" : "negative") : ojson(nullptr)}}},
            {"disclaimer", std::string{decision_support_disclaimer}}};
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
    j["contigs"] = contigs;
    if (!analysed)
        return j;
    ojson link = ojson::array();
    for (linkage_row const & l : n.linkage)
        link.push_back({{"positions", l.positions}, {"haplotype", l.haplotype}, {"count", l.count}, {"depth", l.depth}, {"freq", round6(l.freq)}});
    j["linkage"] = link;
    ojson indels = ojson::array();
    for (ngs_indel_counts const & i : n.indels)
        indels.push_back({{"gene", i.gene == 'R' ? "RT" : "S"},
                          {"pos", i.pos},
                          {"deleted", i.deleted},
                          {"indel_inside", i.disrupted},
                          {"inserted_after", i.inserted_after},
                          {"frameshift_after", i.frameshift_after}});
    j["indels"] = indels;
    ojson filtered = ojson::array();
    for (ngs_filtered_variant const & f : n.filtered)
        filtered.push_back({{"gene", f.gene == 'R' ? "RT" : "S"}, {"pos", f.pos}, {"aa", std::string(1, f.aa)}, {"freq", round6(f.freq)}, {"count", f.count}, {"reason", f.reason}});
    j["filtered_variants"] = filtered;
    j["consensus_region"] = n.consensus_region;
    j["consensus"] = n.consensus;
    return j;
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
             + ojson{{"name", meta.db_name}, {"version", meta.db_version}, {"release_date", meta.db_release_date},
                     {"manifest_sha256", meta.db_manifest_sha256}}.dump()
             + ",\n";
    out += "\"parameters\": " + params.dump() + ",\n";
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
        j["reports"] = files;
    }
    if (!s.analysed)
    {
        if (s.ngs)
            j["ngs"] = ngs_json(*s.ngs, false);
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }

    reference_genome const & ref = *s.calls.reference;
    j["alignment"] = {{"reference", ref.accession},
                      {"reference_genotype", std::string(1, ref.genotype)},
                      {"orientation", s.reverse_complemented ? "reverse" : "forward"},
                      {"circularized", s.circularized},
                      {"method", s.align_method}};
    genotype_call const & g = s.genotype;
    ojson flags = ojson::array();
    for (genotype_flag const & f : g.flags)
        flags.push_back({{"code", f.code}, {"detail", f.detail}});
    j["genotype"] = {{"genotype", g.genotype},
                     {"distance", round6(g.distance)},
                     {"nearest_genotype", std::string(1, g.nearest_genotype)},
                     {"nearest_reference", g.nearest_accession},
                     {"subgenotype", g.nearest_subgenotype},
                     {"second_genotype", std::string(1, g.second_genotype)},
                     {"second_distance", round6(g.second_distance)},
                     {"sites", g.sites},
                     {"mixed_sites", g.mixed_sites},
                     {"flags", flags},
                     {"unassigned_reason", g.unassigned_reason.empty() ? ojson(nullptr) : ojson(g.unassigned_reason)}};
    ojson msgs = ojson::array();
    for (qc_message const & m : s.qc.messages)
        msgs.push_back({{"level", std::string{to_string(m.level)}}, {"code", m.code}, {"text", m.text}});
    qc_metrics const & m = s.qc.metrics;
    j["qc"] = {{"status", std::string{to_string(s.qc.status)}},
               {"messages", msgs},
               {"metrics",
                {{"rt_first", m.rt_first},
                 {"rt_last", m.rt_last},
                 {"s_first", m.s_first},
                 {"s_last", m.s_last},
                 {"rt_codons_called", m.rt_called},
                 {"rt_codons_ambiguous", m.rt_ambiguous},
                 {"bases", m.bases},
                 {"mixed_bases", m.mixed_bases},
                 {"n_bases", m.n_bases},
                 {"stop_codons_rt", m.stops_rt},
                 {"stop_codons_s", m.stops_s},
                 {"frameshifts", m.frameshifts},
                 {"in_frame_insertions", m.insertions},
                 {"in_frame_deletions", m.deletions},
                 {"identity", round6(m.identity)}}}};
    j["coverage"] = {{"RT", range(s.calls.rt.covered_range())}, {"S", range(s.calls.s.covered_range())}};
    j["rt_nucleotides"] = s.rt_bases;

    ojson muts = ojson::array();
    for (mutation_row const & r : s.mutations)
    {
        aa_mutation const & mu = r.mutation;
        ojson row = {{"gene", std::string{info(mu.g).name}},
                        {"pos", mu.pos},
                        {"ref_aa", std::string(1, mu.ref)},
                        {"aa", mu.kind == mutation_kind::insertion ? mu.inserted : (mu.kind == mutation_kind::deletion ? "-" : mu.aa.to_string())},
                        {"mutation", mu.label()},
                        {"type", std::string{to_string(mu.kind)}},
                        {"codon", r.codon},
                        {"ref_codon", r.ref_codon},
                        {"other_frame", r.other_frame},
                        {"native_in", r.native_in},
                        {"note", r.note}};
        if (r.has_freq)
        {
            row["freq"] = round6(r.freq);
            row["depth"] = r.depth;
            row["minority"] = r.minority;
        }
        muts.push_back(std::move(row));
    }
    j["mutations"] = muts;

    ojson ins = ojson::array(), fs = ojson::array(), uncalled = ojson::array();
    for (gene const ge : {gene::rt, gene::s})
    {
        gene_translation const & t = s.calls.of(ge);
        std::string const name{info(ge).name};
        for (codon_insertion const & i : t.insertions)
        {
            ojson aas = ojson::array();
            for (aa_set const a : i.aa)
                aas.push_back(a.to_string());
            ins.push_back({{"gene", name}, {"after", i.after}, {"bases", i.bases}, {"aa", aas}, {"in_frame", i.in_frame}});
        }
        for (frameshift const & f : t.frameshifts)
            fs.push_back({{"gene", name}, {"pos", f.pos}, {"net_bases", f.net_bases}});
        auto const [first, last] = t.covered_range();
        for (int p = first; p >= 1 && p <= last; ++p)
        {
            codon_call const & c = t.at(p);
            if (c.status != codon_status::called)
                uncalled.push_back({{"gene", name}, {"pos", p}, {"status", std::string{to_string(c.status)}}, {"codon", c.codon}, {"note", std::string{c.note}}});
        }
    }
    j["insertions"] = ins;
    j["frameshifts"] = fs;
    j["uncalled_in_range"] = uncalled;
    if (s.interpreted)
        j["interpretation"] = interpretation_json(s);
    if (opts.full_calls)
    {
        ojson calls;
        for (gene const ge : {gene::rt, gene::s})
        {
            ojson rows = ojson::array();
            gene_translation const & t = s.calls.of(ge);
            for (int p = 1; p <= info(ge).n_codons; ++p)
            {
                codon_call const & c = t.at(p);
                rows.push_back(ojson::array({p, std::string(1, s.calls.ref_aa(ge, p)), aa_text(c), c.codon, std::string{to_string(c.status)}}));
            }
            calls[std::string{info(ge).name}] = rows;
        }
        j["calls"] = {{"columns", {"pos", "ref_aa", "aa", "codon", "status"}}, {"RT", calls["RT"]}, {"S", calls["S"]}};
    }
    if (s.ngs)
    {
        // Depth and amino-acid frequencies of every position read (as in calls.tsv).
        ojson ngs = ngs_json(*s.ngs, true);
        ojson pos;
        for (gene const ge : {gene::rt, gene::s})
        {
            ojson rows = ojson::array();
            gene_translation const & t = s.calls.of(ge);
            for (int p = 1; p <= info(ge).n_codons; ++p)
            {
                codon_call const & c = t.at(p);
                if (c.depth > 0)
                    rows.push_back(ojson::array({p, c.depth, freq_text(c), std::string{to_string(c.status)}}));
            }
            pos[std::string{info(ge).name}] = rows;
        }
        ngs["positions"] = {{"columns", {"pos", "depth", "aa_freqs", "status"}}, {"RT", pos["RT"]}, {"S", pos["S"]}};
        j["ngs"] = ngs;
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace hbvdr
