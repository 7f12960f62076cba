// hbvdr monitor on the command line: outputs, formats, the combined run, exit codes and messages.
#include <catch2/catch.hpp>

#include "monitor_support.hpp"
#include <nlohmann/json.hpp>

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::string resistant_fasta(temp_dir const & tmp, std::string const & name = "P-LAM-RT")
{
    std::string const path = (tmp / (name + ".fa")).string();
    write_text(path, ">" + name + "\n" + with_rt_codon(with_rt_codon(genome('D'), 180, "ATG"), 204, "GTG") + "\n");
    return path;
}

std::string fx(std::string const & name)
{
    return fixture_path(name).string();
}

} // namespace

TEST_CASE("hbvdr monitor --help describes the command", "[monitor][cli]")
{
    cli_result const r = run_hbvdr({"monitor", "--help"});
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "--sequence"));
    CHECK(has(r.out, "--results"));
    CHECK(has(run_hbvdr({"--help"}).out, "monitor"));
}

TEST_CASE("hbvdr monitor prints the text report, or one chosen format", "[monitor][cli]")
{
    cli_result const r = run_hbvdr({"monitor", fx("breakthrough_unconfirmed.tsv")});
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "Gate reached: virological"));
    CHECK(has(r.out, "POSSIBLE       virological breakthrough [VBT]"));
    CHECK(has(r.err, "hbvdr: monitor: patient VBT-UNCONFIRMED: gate virological"));
    cli_result const j = run_hbvdr({"monitor", fx("first_line_ok.tsv"), "--format", "json", "-q"});
    CHECK(j.exit_code == 0);
    CHECK(j.err.empty());
    CHECK(nlohmann::json::parse(j.out)["gate"]["reached"] == "none");
    cli_result const h = run_hbvdr({"monitor", fx("first_line_ok.tsv"), "--format", "html", "-q"});
    CHECK(h.out.rfind("<!DOCTYPE html>", 0) == 0);
}

TEST_CASE("hbvdr monitor -o writes the three reports, or the formats chosen, deterministically", "[monitor][cli]")
{
    temp_dir tmp;
    cli_result const r = run_hbvdr({"monitor", fx("rebound.tsv"), "-o", (tmp / "a").string(), "-q"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());
    std::vector<std::string> names;
    for (auto const & e : std::filesystem::directory_iterator{tmp / "a"})
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"monitor.html", "monitor.json", "monitor.txt"});
    REQUIRE(run_hbvdr({"monitor", fx("rebound.tsv"), "-o", (tmp / "b").string(), "-q"}).exit_code == 0);
    for (std::string const & n : names)
    {
        INFO(n);
        std::string const text = read_text(tmp / "a" / n);
        CHECK(text == read_text(tmp / "b" / n));
        CHECK_FALSE(has(text, tmp.path().string())); // no absolute paths
    }
    cli_result const one =
        run_hbvdr({"monitor", fx("rebound.tsv"), "-o", (tmp / "c").string(), "--format", "json,html", "-q"});
    REQUIRE(one.exit_code == 0);
    CHECK(std::filesystem::exists(tmp / "c" / "monitor.json"));
    CHECK(std::filesystem::exists(tmp / "c" / "monitor.html"));
    CHECK_FALSE(std::filesystem::exists(tmp / "c" / "monitor.txt"));
}

TEST_CASE("hbvdr monitor --sequence: a breakthrough and a resistant sequence give the salvage options in one report",
          "[monitor][cli][combined]")
{
    temp_dir tmp;
    cli_result const r = run_hbvdr(
        {"monitor", fx("lam_breakthrough.tsv"), "--sequence", resistant_fasta(tmp), "--format", "json", "-q"});
    REQUIRE(r.exit_code == 0);
    nlohmann::json const j = nlohmann::json::parse(r.out);
    CHECK(j["gate"]["reached"] == "genotypic");
    CHECK(j["genotypic_result"]["sample"] == "P-LAM-RT");
    CHECK(j["genotypic_result"]["origin"] == "sequence P-LAM-RT.fa");
    CHECK(j["genotypic_result"]["drugs"][0]["drug"] == "LAM");
    CHECK(j["genotypic_result"]["drugs"][0]["level"] == "R");
    CHECK(j["genotypic_result"]["context"]["history"] == nlohmann::json::array({"LAM"}));
    std::vector<std::string> salvage;
    for (nlohmann::json const & s : j["genotypic_result"]["salvage"])
        salvage.push_back(s["id"]);
    CHECK(std::find(salvage.begin(), salvage.end(), "SAL-LAM-EASL2017") != salvage.end());
    CHECK(std::find(salvage.begin(), salvage.end(), "SAL-LAM-EASL2012") != salvage.end());

    cli_result const text =
        run_hbvdr({"monitor", fx("lam_breakthrough.tsv"), "--sequence", resistant_fasta(tmp), "-q"});
    CHECK(has(text.out, "Gate reached: genotypic"));
    CHECK(has(text.out, "Salvage options"));
    CHECK(has(text.out, "virological breakthrough [VBT]"));
}

TEST_CASE("hbvdr monitor --results: the sample of an hbvdr analyze run", "[monitor][cli][combined]")
{
    temp_dir tmp;
    std::string const fa = resistant_fasta(tmp);
    REQUIRE(run_hbvdr({"analyze", fa, "-o", (tmp / "an").string(), "--history", "LAM", "--hbeag", "positive", "-q"})
                .exit_code
            == 0);
    cli_result const r = run_hbvdr({"monitor",
                                    fx("lam_breakthrough.tsv"),
                                    "--results",
                                    (tmp / "an").string(),
                                    "--sample",
                                    "P-LAM-RT",
                                    "--format",
                                    "json",
                                    "-q"});
    REQUIRE(r.exit_code == 0);
    nlohmann::json const j = nlohmann::json::parse(r.out);
    CHECK(j["gate"]["reached"] == "genotypic");
    CHECK(j["genotypic_result"]["salvage"].size() >= 1);
    CHECK(j["notes"].empty());

    cli_result const absent =
        run_hbvdr({"monitor", fx("lam_breakthrough.tsv"), "--results", (tmp / "an").string(), "--sample", "other"});
    CHECK(absent.exit_code == 1);
    CHECK(has(absent.err, "no sample named 'other' (samples: P-LAM-RT)"));

    // Interpreted without the history: the report says the options may differ.
    REQUIRE(run_hbvdr({"analyze", fa, "-o", (tmp / "nohist").string(), "-q"}).exit_code == 0);
    cli_result const mismatch = run_hbvdr(
        {"monitor", fx("lam_breakthrough.tsv"), "--results", (tmp / "nohist").string(), "--sample", "P-LAM-RT", "-q"});
    CHECK(mismatch.exit_code == 0);
    CHECK(has(mismatch.out, "--history LAM --hbeag positive"));
}

TEST_CASE("hbvdr monitor: bad input exits 1 with file:line and writes nothing", "[monitor][cli][errors]")
{
    temp_dir tmp;
    for (auto const & [file, message] : std::vector<std::pair<std::string, std::string>>{
             {"bad_date.tsv", "bad_date.tsv:2: unparseable date '2020-02-30'"},
             {"bad_negative_load.tsv", "bad_negative_load.tsv:3: negative HBV DNA"},
             {"bad_unknown_drug.tsv", "bad_unknown_drug.tsv:2: unknown drug 'XYZ'"},
             {"bad_unsorted.tsv", "bad_unsorted.tsv:3: date 2020-01-06 is before"}})
    {
        INFO(file);
        cli_result const r = run_hbvdr({"monitor", fx(file), "-o", (tmp / "out").string()});
        CHECK(r.exit_code == 1);
        CHECK(has(r.err, "hbvdr: error: " + message));
        CHECK_FALSE(std::filesystem::exists(tmp / "out"));
    }
    cli_result const missing = run_hbvdr({"monitor", (tmp / "none.tsv").string()});
    CHECK(missing.exit_code == 1);
    CHECK(has(missing.err, "none.tsv: no such file"));

    cli_result const no_fasta =
        run_hbvdr({"monitor", fx("lam_breakthrough.tsv"), "--sequence", (tmp / "none.fa").string()});
    CHECK(no_fasta.exit_code == 1);
    CHECK(has(no_fasta.err, "none.fa: no such file"));
    write_text(tmp / "file", "x");
    cli_result const no_dir = run_hbvdr({"monitor", fx("lam_breakthrough.tsv"), "-o", (tmp / "file" / "sub").string()});
    CHECK(no_dir.exit_code == 1);
    CHECK(has(no_dir.err, "cannot create the output directory"));

    write_text(tmp / "nothbv.fa", ">x\nACGTACGTACGTACGTACGTACGTACGTACGT\n");
    cli_result const nothbv =
        run_hbvdr({"monitor", fx("lam_breakthrough.tsv"), "--sequence", (tmp / "nothbv.fa").string()});
    CHECK(nothbv.exit_code == 1);
    CHECK(has(nothbv.err, "nothbv.fa: sequence 'x' could not be analysed"));

    // Changed definitions are refused.
    std::filesystem::create_directories(tmp / "data" / "monitoring");
    for (char const * f : {"definitions.tsv", "sources.tsv", "SHA256SUMS"})
        std::filesystem::copy_file(definitions_dir() / f, tmp / "data" / "monitoring" / f);
    write_text(tmp / "data" / "monitoring" / "definitions.tsv",
               replace(read_text(definitions_dir() / "definitions.tsv"), "VBT\tmin_rise\t1\t", "VBT\tmin_rise\t2\t"));
    cli_result const changed =
        run_hbvdr({"monitor", fx("lam_breakthrough.tsv"), "--data-dir", (tmp / "data").string()});
    CHECK(changed.exit_code == 1);
    CHECK(has(changed.err, "does not match SHA256SUMS"));
}

TEST_CASE("hbvdr monitor: usage errors exit 2", "[monitor][cli][errors]")
{
    temp_dir tmp;
    std::string const fa = resistant_fasta(tmp);
    std::string const t = fx("lam_breakthrough.tsv");
    CHECK(run_hbvdr({"monitor"}).exit_code == 2);
    CHECK(run_hbvdr({"monitor", t, "--sequence", fa, "--results", tmp.path().string(), "--sample", "x"}).exit_code
          == 2);
    cli_result const no_sample = run_hbvdr({"monitor", t, "--results", tmp.path().string()});
    CHECK(no_sample.exit_code == 2);
    CHECK(has(no_sample.err, "--results needs --sample"));
    CHECK(run_hbvdr({"monitor", t, "--sample", "x"}).exit_code == 2);
    CHECK(run_hbvdr({"monitor", t, "--format", "xml"}).exit_code == 2);
    cli_result const two = run_hbvdr({"monitor", t, "--format", "json,html"});
    CHECK(two.exit_code == 2);
    CHECK(has(two.err, "several formats need an output directory"));
    write_text(tmp / "two.fa", read_text(fa) + ">second\nACGT\n");
    cli_result const records = run_hbvdr({"monitor", t, "--sequence", (tmp / "two.fa").string()});
    CHECK(records.exit_code == 2);
    CHECK(has(records.err, "choose the patient's sequence with --sample"));
    CHECK(run_hbvdr({"monitor", t, "--sequence", (tmp / "two.fa").string(), "--sample", "P-LAM-RT", "-q"}).exit_code
          == 0);
}
