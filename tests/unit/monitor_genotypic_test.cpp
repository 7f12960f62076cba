// hbvdr monitor: reading a sample back from an `hbvdr analyze` results.json, with validation.
#include <catch2/catch.hpp>

#include <sstream>

#include <hbvdr/app/analyze.hpp>
#include <hbvdr/app/locations.hpp>
#include <hbvdr/monitor/genotypic.hpp>

#include "monitor_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

//!\brief An analyze output directory with a resistant (rtL180M+rtM204V) and a wild-type genotype D sample.
std::filesystem::path analyze_dir(temp_dir const & tmp, std::string const & history)
{
    write_text(tmp / "in.fa",
               ">res\n" + with_rt_codon(with_rt_codon(genome('D'), 180, "ATG"), 204, "GTG") + "\n>wt\n" + genome('D')
                   + "\n>bad\nNOTADNA!\n");
    analyze_config cfg;
    cfg.inputs = {(tmp / "in.fa").string()};
    cfg.out_dir = tmp / "out";
    cfg.data_dir = HBVDR_SOURCE_DATA_DIR;
    cfg.db_dir = resolve_db_dir(std::filesystem::path{HBVDR_SOURCE_DB_DIR});
    cfg.history = history;
    cfg.hbeag_positive = true;
    cfg.quiet = true;
    cfg.print_summary = false;
    std::ostringstream out, log;
    run_analyze(cfg, out, log);
    return tmp / "out";
}

std::string results_error(std::filesystem::path const & dir, std::string const & sample)
{
    try
    {
        genotypic_from_results(dir, "out", sample);
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("a sample read back from results.json gives the drug levels, salvage options and context",
          "[monitor][genotypic]")
{
    temp_dir tmp;
    std::filesystem::path const dir = analyze_dir(tmp, "LAM");
    genotypic_result const g = genotypic_from_results(dir, "out", "res");
    CHECK(g.sample == "res");
    CHECK(g.origin == "results out/results.json");
    CHECK(g.genotype == "D");
    CHECK(g.mutation_db == db().label());
    REQUIRE_FALSE(g.drugs.empty());
    CHECK(g.drugs.front().drug == "LAM");
    CHECK(g.drugs.front().level == "R");
    CHECK(g.drugs.front().mutations == std::vector<std::string>{"rtM204V"});
    CHECK_FALSE(g.salvage.empty());
    CHECK(g.history_used == std::vector<std::string>{"LAM"});
    CHECK(g.hbeag_used == std::optional<bool>{true});

    // The same sample analysed in-process gives the same summary.
    treatment_context ctx;
    ctx.history = {"LAM"};
    ctx.hbeag_positive = true;
    genotypic_result const direct = genotypic_from_report(
        analyze_with_db(with_rt_codon(with_rt_codon(genome('D'), 180, "ATG"), 204, "GTG"), ctx), "x");
    REQUIRE(direct.drugs.size() == g.drugs.size());
    for (std::size_t i = 0; i < g.drugs.size(); ++i)
    {
        CHECK(direct.drugs[i].level == g.drugs[i].level);
        CHECK(direct.drugs[i].mutations == g.drugs[i].mutations);
    }
    CHECK(direct.salvage.size() == g.salvage.size());
    CHECK(context_mismatch(g, ctx).empty());
}

TEST_CASE("results.json problems are input errors that say what is wrong", "[monitor][genotypic][errors]")
{
    temp_dir tmp;
    std::filesystem::path const dir = analyze_dir(tmp, "");
    CHECK(has(results_error(dir, "nope"), "out/results.json: no sample named 'nope' (samples: res, wt, bad)"));
    CHECK(has(results_error(dir, "bad"), "sample 'bad' was not analysed: invalid character"));
    CHECK(has(results_error(tmp / "missing", "res"), "out/results.json: cannot be opened"));

    std::string const json = read_text(dir / "results.json");
    write_text(dir / "results.json", json.substr(0, json.size() / 2));
    CHECK(has(results_error(dir, "res"), "not valid JSON"));
    // A number too large for a double is not valid JSON either (nlohmann reports it as out_of_range,
    // not parse_error: found by fuzzing, it escaped as "internal error").
    write_text(dir / "results.json", replace(json, "\"record\":1,", "\"record\":1" + std::string(400, '6') + ","));
    CHECK(has(results_error(dir, "res"), "out/results.json: not valid JSON"));
    write_text(dir / "results.json", replace(json, "\"schema_version\": \"1.", "\"schema_version\": \"2."));
    CHECK(has(results_error(dir, "res"), "schema_version 2."));
    write_text(dir / "results.json", replace(json, "\"level\":\"R\"", "\"level\":5"));
    CHECK(has(results_error(dir, "res"), "field 'samples[res].interpretation.drugs[0].level' is not a string"));
    write_text(dir / "results.json", replace(json, "\"level\":\"R\"", "\"level\":\"X\""));
    CHECK(has(results_error(dir, "res"), "is 'X', not S, I, R or insufficient_data"));
    write_text(dir / "results.json", replace(json, "\"salvage\":", "\"salvage_options\":"));
    CHECK(has(results_error(dir, "res"), "field 'samples[res].interpretation.salvage' is missing"));
}

TEST_CASE("a genotypic result interpreted with another history is flagged", "[monitor][genotypic]")
{
    temp_dir tmp;
    genotypic_result const g = genotypic_from_results(analyze_dir(tmp, ""), "out", "res");
    treatment_context ctx;
    ctx.history = {"LAM", "ADV"};
    ctx.hbeag_positive = true;
    std::string const note = context_mismatch(g, ctx);
    CHECK(has(note, "interpreted with history '' and HBeAg positive"));
    CHECK(has(note, "--history LAM,ADV --hbeag positive"));
}
