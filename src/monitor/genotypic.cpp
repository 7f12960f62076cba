
#include <hbvdr/core/error.hpp>
#include <hbvdr/core/text.hpp>
#include <hbvdr/io/json_fields.hpp>
#include <hbvdr/io/read_file.hpp>
#include <hbvdr/monitor/genotypic.hpp>

#include <nlohmann/json.hpp>

namespace hbvdr
{

genotypic_result genotypic_from_report(sample_report const & s, std::string const & origin)
{
    genotypic_result g;
    g.sample = s.name;
    g.origin = origin;
    g.genotype = s.genotype.genotype;
    g.qc_status = std::string{to_string(s.qc.status)};
    g.mutation_db = s.interp.db_name + " " + s.interp.db_version;
    for (drug_call const & d : s.interp.drugs)
    {
        genotypic_drug x{d.drug, d.name, std::string{to_string(d.level)}, {}};
        for (observed_mutation const & m : d.mutations)
            x.mutations.push_back(m.text());
        g.drugs.push_back(std::move(x));
    }
    g.salvage = s.interp.salvage;
    g.cautions = s.interp.cautions;
    g.history_used = s.context.history;
    g.hbeag_used = s.context.hbeag_positive;
    return g;
}

using json = nlohmann::json;

genotypic_result
genotypic_from_results(std::filesystem::path const & dir, std::string const & display_dir, std::string const & sample)
{
    std::string const where = display_dir + "/results.json";
    std::optional<std::string> const text =
        std::filesystem::is_regular_file(dir / "results.json") ? read_whole_file(dir / "results.json") : std::nullopt;
    if (!text)
        throw input_error{where + ": cannot be opened (give the output directory of hbvdr analyze)"};
    json_fields const r{where};
    json const doc = r.parse(*text);
    std::string const version = r.str(doc, "schema_version", "");
    if (version.rfind("1.", 0) != 0)
        throw input_error{where + ": schema_version " + version + " is not supported (this hbvdr reads 1.x)"};
    json const & samples = r.array(doc, "samples", "");
    json const * found = nullptr;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < samples.size(); ++i)
    {
        std::string const name = r.str(samples[i], "sample", "samples[" + std::to_string(i) + "].");
        if (name == sample && found == nullptr)
            found = &samples[i];
        names.push_back(name);
    }
    if (found == nullptr)
    {
        if (names.size() > 10)
        {
            names.resize(10);
            names.emplace_back("...");
        }
        throw input_error{where + ": no sample named '" + sample
                          + "' (samples: " + (names.empty() ? std::string{"none"} : join(names, ", ")) + ")"};
    }
    json const & s = *found;
    std::string const path = "samples[" + sample + "].";
    if (std::string const status = r.str(s, "status", path); status == "error")
    {
        json const & err = r.member(s, "error", path);
        throw input_error{where + ": sample '" + sample
                          + "' was not analysed: " + (err.is_string() ? err.get<std::string>() : std::string{"error"})};
    }
    if (r.optional(s, "interpretation") == nullptr)
        throw input_error{where + ": sample '" + sample
                          + "' has no interpretation (run hbvdr analyze with a mutation database)"};
    json const & in_ = r.object(s, "interpretation", path);
    std::string const ipath = path + "interpretation.";

    genotypic_result g;
    g.sample = sample;
    g.origin = "results " + where;
    g.genotype = r.str(r.member(s, "genotype", path), "genotype", path + "genotype.");
    g.qc_status = r.str(r.member(s, "qc", path), "status", path + "qc.");
    g.mutation_db = r.str(in_, "mutation_db", ipath);
    json const & drugs = r.array(in_, "drugs", ipath);
    for (std::size_t i = 0; i < drugs.size(); ++i)
    {
        std::string const dp = ipath + "drugs[" + std::to_string(i) + "].";
        genotypic_drug d{r.str(drugs[i], "drug", dp), r.str(drugs[i], "name", dp), r.str(drugs[i], "level", dp), {}};
        if (d.level != "S" && d.level != "I" && d.level != "R" && d.level != "insufficient_data")
            r.fail(dp + "level", "is '" + d.level + "', not S, I, R or insufficient_data");
        json const & muts = r.array(drugs[i], "mutations", dp);
        for (std::size_t j = 0; j < muts.size(); ++j)
        {
            std::string const mp = dp + "mutations[" + std::to_string(j) + "].";
            std::string label = r.str(muts[j], "label", mp);
            if (json const & f = r.member(muts[j], "freq", mp); f.is_number())
                label += " " + format_fixed(100.0 * f.get<double>(), 1) + "%";
            d.mutations.push_back(std::move(label));
        }
        g.drugs.push_back(std::move(d));
    }
    json const & salvage = r.array(in_, "salvage", ipath);
    for (std::size_t i = 0; i < salvage.size(); ++i)
    {
        std::string const sp = ipath + "salvage[" + std::to_string(i) + "].";
        salvage_item x;
        x.id = r.str(salvage[i], "id", sp);
        x.recommendation = r.str(salvage[i], "recommendation", sp);
        x.guideline = r.str(salvage[i], "guideline", sp);
        x.evidence = r.str(salvage[i], "evidence", sp);
        x.comment = r.str(salvage[i], "comment", sp);
        x.guideline_name = x.guideline;
        // Results of hbvdr before schema 1.1 of results.json do not say whether a guideline is current.
        if (salvage[i].contains("current") && salvage[i]["current"].is_boolean())
            x.current = salvage[i]["current"].get<bool>();
        if (salvage[i].contains("guideline_name") && salvage[i]["guideline_name"].is_string())
            x.guideline_name = salvage[i]["guideline_name"].get<std::string>();
        g.salvage.push_back(std::move(x));
    }
    json const & cautions = r.array(in_, "cautions", ipath);
    for (std::size_t i = 0; i < cautions.size(); ++i)
    {
        std::string const cp = ipath + "cautions[" + std::to_string(i) + "].";
        g.cautions.push_back(
            {r.str(cautions[i], "id", cp), r.str(cautions[i], "text", cp), r.strings(cautions[i], "references", cp)});
    }
    json const & ctx = r.member(in_, "context", ipath);
    g.history_used = r.strings(ctx, "history", ipath + "context.");
    if (json const & h = r.member(ctx, "hbeag", ipath + "context."); h.is_string())
        g.hbeag_used = h.get<std::string>() == "positive";
    else if (!h.is_null())
        r.fail(ipath + "context.hbeag", "is neither a string nor null");
    return g;
}

std::string context_mismatch(genotypic_result const & g, treatment_context const & ctx)
{
    auto hbeag = [](std::optional<bool> const h)
    {
        return h ? (*h ? "positive" : "negative") : "unknown";
    };
    if (g.history_used == ctx.history && g.hbeag_used == ctx.hbeag_positive)
        return {};
    return "The genotypic result was interpreted with history '" + join(g.history_used, ",") + "' and HBeAg "
           + hbeag(g.hbeag_used) + ", the timeline gives '" + join(ctx.history, ",") + "' and HBeAg "
           + hbeag(ctx.hbeag_positive)
           + ": history-dependent salvage options and cautions may differ (rerun hbvdr analyze with --history "
           + join(ctx.history, ",")
           + (ctx.hbeag_positive ? std::string{" --hbeag "} + hbeag(ctx.hbeag_positive) : std::string{})
           + ", or use --sequence).";
}

} // namespace hbvdr
