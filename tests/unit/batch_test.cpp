// Batch mode for labs: sample sheets, directories, chunks + aggregate, resume, safe file names,
// stdout reports, MultiQC and the JSON schema (the Snakemake workflow: workflow_test.cpp).
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include <hbvdr/core/error.hpp>
#include <hbvdr/report/html_report.hpp>
#include <hbvdr/report/json_report.hpp>

#include "run_files.hpp"
#include "schema_check.hpp"
#include "test_support.hpp"
#include <nlohmann/json.hpp>

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::vector<std::vector<std::string>> table(std::filesystem::path const & p)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream in{read_text(p)};
    for (std::string line; std::getline(in, line);)
    {
        if (!line.empty() && line[0] == '#')
            continue;
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t q; (q = line.find('\t', start)) != std::string::npos; start = q + 1)
            cells.push_back(line.substr(start, q - start));
        cells.push_back(line.substr(start));
        rows.push_back(cells);
    }
    return rows;
}

std::string fasta_of(std::vector<std::pair<std::string, std::string>> const & records)
{
    std::string t;
    for (auto const & [n, s] : records)
        t += ">" + n + "\n" + s + "\n";
    return t;
}

std::string lamr(char const g = 'D')
{
    return rt_region(with_rt_codon(with_rt_codon(genome(g), 180, "ATG"), 204, "GTG"));
}

} // namespace

TEST_CASE("sample sheet: files and treatment history per sample, bad rows become error rows", "[batch]")
{
    temp_dir tmp;
    write_text(tmp / "lamr.fa", fasta_of({{"whatever", lamr()}}));
    write_text(tmp / "two.fa", fasta_of({{"a", lamr()}, {"b", lamr()}}));
    std::filesystem::copy_file(test_data_dir() / "ngs" / "rotated.bam", tmp / "reads.bam");
    write_text(tmp / "sheet.tsv",
               "# lab sheet\n"
               "sample\tfiles\thistory\thbeag\tpatient\n"
               "P1\tlamr.fa\tLAM\tpositive\tx\n"
               "P2\tlamr.fa\t\tnegative\ty\n"
               "P3\tmissing.fa\tLAM\t\tz\n"
               "P4\ttwo.fa\t\t\tz\n"
               "P5\treads.bam\tLdT\t\tz\n"
               "P6\tlamr.fa\t\tmaybe\tz\n"
               "P7\tlamr.fa\tXYZ\t\tz\n");
    cli_result const r = run_hbvdr({"analyze",
                                    "--sample-sheet",
                                    (tmp / "sheet.tsv").string(),
                                    "-o",
                                    (tmp / "out").string(),
                                    "-q",
                                    "--bam-reference",
                                    (test_data_dir() / "ngs" / "rotated.fasta").string(),
                                    "--history",
                                    "ETV"});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("column 'patient' is not used") != std::string::npos);
    auto const rows = table(tmp / "out" / "summary.tsv");
    REQUIRE(rows.size() == 8);
    std::vector<std::string> names, statuses;
    for (std::size_t i = 1; i < rows.size(); ++i)
    {
        names.push_back(rows[i][0]);
        statuses.push_back(rows[i][3]);
    }
    CHECK(names == std::vector<std::string>{"P1", "P2", "P3", "P4", "P5", "P6", "P7"});
    CHECK(statuses[0] != "error");
    CHECK(statuses[1] != "error");
    CHECK(statuses[2] == "error");
    CHECK(rows[3].back().find("no such file") != std::string::npos);
    CHECK(statuses[3] == "error");
    CHECK(rows[4].back().find("holds 2 sequences") != std::string::npos);
    CHECK(statuses[4] != "error");
    CHECK(statuses[5] == "error");
    CHECK(rows[6].back().find("hbeag must be positive, negative or empty") != std::string::npos);
    CHECK(statuses[6] == "error");
    CHECK(rows[7].back().find("unknown drug 'XYZ'") != std::string::npos);
    // The row's history and HBeAg travel with the sample; an empty one falls back to the run's.
    std::string const json = read_text(tmp / "out" / "results.json");
    CHECK(json.find("\"sample\":\"P1\"") != std::string::npos);
    std::size_t const p1 = json.find("\"sample\":\"P1\"");
    std::size_t const p2 = json.find("\"sample\":\"P2\"");
    std::size_t const p5 = json.find("\"sample\":\"P5\"");
    CHECK(json.find("\"context\":{\"history\":[\"LAM\"],\"hbeag\":\"positive\"}", p1) < p2);
    CHECK(json.find("\"context\":{\"history\":[\"ETV\"],\"hbeag\":\"negative\"}", p2) < json.find("\"sample\":\"P3\""));
    CHECK(json.find("\"context\":{\"history\":[\"LdT\"]", p5) != std::string::npos);
}

TEST_CASE("sample sheet: long file names and FASTQ pairs are analysed (the cell outlives its split)", "[batch][sheet]")
{
    // A 'files' cell longer than std::string's small buffer (15 characters) was split into views of
    // a temporary that died before the loop body: every real sheet became "no such file" rows.
    temp_dir tmp;
    write_text(tmp / "patient_0001_rt_amplicon.fasta", fasta_of({{"x", lamr()}}));
    std::string const genome_d = genome('D');
    std::string const qual(150, 'F');
    std::string r1, r2;
    for (int i = 0; i < 60; ++i)
    {
        std::size_t const at = rt_offset(150) + 7 * static_cast<std::size_t>(i % 20);
        r1 += "@p" + std::to_string(i) + "\n" + genome_d.substr(at, 150) + "\n+\n" + qual + "\n";
        r2 += "@p" + std::to_string(i) + "\n" + revcomp(genome_d.substr(at + 100, 150)) + "\n+\n" + qual + "\n";
    }
    write_text(tmp / "S2_R1.fastq", r1);
    write_text(tmp / "S2_R2.fastq", r2);
    write_text(tmp / "sheet.tsv",
               "sample\tfiles\n"
               "P1\tpatient_0001_rt_amplicon.fasta\n"
               "P2\tS2_R1.fastq;S2_R2.fastq\n"
               "P3\t./S2_R1.fastq , ./S2_R2.fastq\n");
    cli_result const r =
        run_hbvdr({"analyze", "--sample-sheet", (tmp / "sheet.tsv").string(), "-o", (tmp / "out").string(), "-q"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    auto const rows = table(tmp / "out" / "summary.tsv");
    REQUIRE(rows.size() == 4);
    for (std::size_t i = 1; i < rows.size(); ++i)
    {
        INFO(rows[i].back());
        CHECK(rows[i][0] == "P" + std::to_string(i));
        CHECK(rows[i][3] != "error");
    }
    CHECK(rows[2][1] == "S2_R1.fastq,S2_R2.fastq");
}

TEST_CASE("sample sheet: a byte-order mark, an empty sample cell and a file name too long for the file system",
          "[batch][sheet][errors]")
{
    temp_dir tmp;
    write_text(tmp / "lamr.fa", fasta_of({{"x", lamr()}}));
    write_text(tmp / "sheet.tsv",
               "\xEF\xBB\xBFsample\tfiles\n"
               "P1\tlamr.fa\n"
               "\tlamr.fa\n"
               "P3\t"
                   + std::string(300, 'x') + ".fa\nP4\tlamr.fa\n");
    cli_result const r =
        run_hbvdr({"analyze", "--sample-sheet", (tmp / "sheet.tsv").string(), "-o", (tmp / "out").string(), "-q"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    auto const rows = table(tmp / "out" / "summary.tsv");
    REQUIRE(rows.size() == 5);
    CHECK(rows[1][0] == "P1");
    CHECK(rows[1][3] == "ok");
    CHECK(rows[2][0] == "unnamed_line3");
    CHECK(rows[2].back() == "sample sheet line 3: the 'sample' cell is empty (name the sample)");
    CHECK(rows[3][0] == "P3");
    CHECK_THAT(rows[3].back(), Catch::Contains("File name too long"));
    CHECK(rows[4][3] == "ok");
    // A sheet that is not text at all is refused as a whole, saying what it is.
    write_text(tmp / "utf16.tsv", std::string{"\xFF\xFEs\0a\0m\0", 8});
    cli_result const u =
        run_hbvdr({"analyze", "--sample-sheet", (tmp / "utf16.tsv").string(), "-o", (tmp / "out2").string(), "-q"});
    CHECK(u.exit_code == 1);
    CHECK_THAT(u.err, Catch::Contains("utf16.tsv: not a sample sheet (tab-separated text): UTF-16 text"));
}

TEST_CASE("a directory input is read in file-name order", "[batch]")
{
    temp_dir tmp;
    std::filesystem::create_directories(tmp / "in");
    write_text(tmp / "in" / "b.fasta", fasta_of({{"second", lamr('B')}}));
    write_text(tmp / "in" / "a.fa", fasta_of({{"first", lamr('C')}}));
    write_text(tmp / "in" / "notes.txt", "not a sequence");
    cli_result const r = run_hbvdr({"analyze", (tmp / "in").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 0);
    auto const rows = table(tmp / "out" / "summary.tsv");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "first");
    CHECK(rows[2][0] == "second");
    std::filesystem::create_directories(tmp / "empty");
    cli_result const e = run_hbvdr({"analyze", (tmp / "empty").string(), "-o", (tmp / "out2").string()});
    CHECK(e.exit_code == 1);
    CHECK(e.err.find("holds no sequence or read file") != std::string::npos);
}

TEST_CASE("chunks of a run (--records) aggregate to exactly the single run", "[batch][aggregate]")
{
    temp_dir tmp;
    std::vector<std::pair<std::string, std::string>> recs;
    for (int i = 0; i < 23; ++i)
        recs.emplace_back(i % 7 == 3 ? "dup" : "s" + std::to_string(i),
                          i % 5 == 4 ? std::string{"ACGTXX"} : lamr("ABCDE"[i % 5]));
    write_text(tmp / "in.fa", fasta_of(recs));
    std::vector<std::string> args{
        "analyze", (tmp / "in.fa").string(), (test_data_dir() / "real" / "real_genomes.fasta").string(), "-q"};
    auto run = [&](std::string const & out, std::vector<std::string> extra)
    {
        std::vector<std::string> a = args;
        a.push_back("-o");
        a.push_back((tmp / out).string());
        a.insert(a.end(), extra.begin(), extra.end());
        return run_hbvdr(a).exit_code;
    };
    CHECK(run("single", {}) == 3);
    CHECK(run("c1", {"--records", "1-10"}) == 3);
    CHECK(run("c2", {"--records", "11-20"}) == 3);
    CHECK(run("c3", {"--records", "21-40"}) == 0); // no error record in this chunk
    cli_result const a = run_hbvdr({"aggregate",
                                    "-o",
                                    (tmp / "agg").string(),
                                    (tmp / "c1").string(),
                                    (tmp / "c2").string(),
                                    (tmp / "c3").string()});
    REQUIRE(a.exit_code == 0);
    same_files(run_files(tmp / "single"), run_files(tmp / "agg"));
    // Runs made with different settings are refused.
    CHECK(run("other", {"--records", "1-10", "--history", "LAM"}) == 3);
    cli_result const bad =
        run_hbvdr({"aggregate", "-o", (tmp / "agg2").string(), (tmp / "c1").string(), (tmp / "other").string()});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("differs") != std::string::npos);
}

TEST_CASE("an interrupted --resume run is finished by running it again, with the bytes of an uninterrupted run",
          "[batch][resume]")
{
    temp_dir tmp;
    std::vector<std::pair<std::string, std::string>> recs;
    for (int i = 0; i < 6000; ++i)
        recs.emplace_back("r" + std::to_string(i), i % 97 == 5 ? std::string{"NOTDNA"} : lamr("ABCDEFGHIJ"[i % 10]));
    write_text(tmp / "in.fa", fasta_of(recs));
    std::string const bin = HBVDR_BINARY;
    std::string const cmd = "timeout -s KILL 1.5 '" + bin + "' analyze '" + (tmp / "in.fa").string() + "' -o '"
                            + (tmp / "out").string() + "' -q --resume --threads 2 >/dev/null 2>&1";
    int const status = std::system(cmd.c_str());
    REQUIRE(status != 0); // killed part-way
    // Nothing looks complete: the run files are still temporary, only finished samples are kept.
    CHECK_FALSE(std::filesystem::exists(tmp / "out" / "summary.tsv"));
    CHECK_FALSE(std::filesystem::exists(tmp / "out" / "results.json"));
    std::size_t parts = 0;
    for (auto const & e : std::filesystem::directory_iterator{tmp / "out" / ".hbvdr-resume"})
        parts += e.path().extension() == ".part";
    CHECK(parts > 0);
    CHECK(parts < recs.size());
    cli_result const resumed =
        run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "--resume", "--no-summary"});
    INFO("resumed run's stderr: " << resumed.err);
    CHECK(resumed.exit_code == 3);
    CHECK(resumed.err.find(std::to_string(parts) + " reused from the earlier run") != std::string::npos);
    cli_result const fresh = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "fresh").string(), "-q"});
    CHECK(fresh.exit_code == 3);
    same_files(run_files(tmp / "fresh"), run_files(tmp / "out"));
    // Temporary files of the killed run are gone or hidden; none looks like a finished output.
    for (auto const & e : std::filesystem::recursive_directory_iterator{tmp / "out"})
    {
        std::string const n = e.path().filename().string();
        CHECK((n.find(".tmp-") == std::string::npos || n.front() == '.'));
    }
}

TEST_CASE("sample names never escape the output directory nor clobber each other", "[batch]")
{
    temp_dir tmp;
    write_text(
        tmp / "in.fa",
        fasta_of({{"../../escape", lamr()}, {"a/b", lamr()}, {"a_b", lamr()}, {"A_B", lamr()}, {".hidden", lamr()}}));
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(tmp / "escape.txt"));
    CHECK_FALSE(std::filesystem::exists(tmp / "escape.html"));
    std::vector<std::string> files;
    for (auto const & e : std::filesystem::directory_iterator{tmp / "out" / "reports"})
        files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
    CHECK(files
          == std::vector<std::string>{"A_B~3.html",
                                      "A_B~3.txt",
                                      "_._.._escape.html",
                                      "_._.._escape.txt",
                                      "_hidden.html",
                                      "_hidden.txt",
                                      "a_b.html",
                                      "a_b.txt",
                                      "a_b~2.html",
                                      "a_b~2.txt"});
    // The report file names are recorded per sample.
    CHECK(read_text(tmp / "out" / "results.json")
              .find("\"reports\":{\"text\":\"reports/a_b~2.txt\",\"html\":\"reports/a_b~2.html\"}")
          != std::string::npos);
}

TEST_CASE("the report option prints the clinician text report on stdout for a single sample", "[batch][report]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", fasta_of({{"S1", lamr()}}));
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "--report", "text", "--history", "LAM"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("HBV GENOTYPIC DRUG-RESISTANCE REPORT") != std::string::npos);
    CHECK(r.out.find("LAM  lamivudine") != std::string::npos);
    CHECK(r.out.find("rtM204V (sI195M)") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp / "summary.tsv"));
    CHECK(run_hbvdr({"analyze", (tmp / "in.fa").string()}).exit_code == 2); // neither -o nor --report
}

TEST_CASE("index rows rebuilt from results.json equal those built from the sample", "[batch][report]")
{
    treatment_context lam;
    lam.history = {"LAM"};
    std::vector<sample_report> samples{
        analyze_with_db(lamr(), lam), analyze_with_db(rt_region(genome('C'), 150, 260)), analyze_with_db("ACGTXX")};
    // Analysed with no RT codon called (an NGS sample whose every codon is under the depth gate).
    samples.push_back(analyze_with_db(rt_region(genome('C'), 150, 260)));
    samples.back().name = "nothing_called";
    samples.back().qc.metrics.rt_first = samples.back().qc.metrics.rt_last = 0;
    for (sample_report & s : samples)
    {
        s.report_files = {{"html", "reports/" + s.name + ".html"}};
        index_row const a = make_index_row(s, "reports/" + s.name + ".html");
        index_row const b = index_row_from_json(json_sample(s, {}), "test");
        CHECK(a.sample == b.sample);
        CHECK(a.status == b.status);
        CHECK(a.qc_status == b.qc_status);
        CHECK(a.genotype == b.genotype);
        CHECK(a.rt_covered == b.rt_covered);
        if (s.name == "nothing_called")
            CHECK(b.rt_covered == "none");
        CHECK(a.resistance == b.resistance);
        CHECK(a.error == b.error);
        CHECK(a.href == b.href);
        REQUIRE(a.drugs.size() == b.drugs.size());
        for (std::size_t i = 0; i < a.drugs.size(); ++i)
        {
            CHECK(a.drugs[i].code == b.drugs[i].code);
            CHECK(a.drugs[i].name == b.drugs[i].name);
            CHECK(a.drugs[i].level == b.drugs[i].level);
        }
    }
}

TEST_CASE("a sample read back from JSON with a missing or mistyped field is an input error naming it",
          "[batch][report][errors]")
{
    sample_report s = analyze_with_db(lamr());
    s.report_files = {{"html", "reports/x.html"}};
    nlohmann::json const good = nlohmann::json::parse(json_sample(s, {}));
    auto fails_with = [&](nlohmann::json const & j, std::string const & message)
    {
        INFO(j.dump().substr(0, 200));
        CHECK_THROWS_AS(index_row_from_json(j.dump(), "run/results.json (sample 1)"), input_error);
        CHECK_THROWS_WITH(index_row_from_json(j.dump(), "run/results.json (sample 1)"),
                          Catch::StartsWith("run/results.json (sample 1): " + message));
    };
    nlohmann::json j = good;
    j["genotype"].erase("distance");
    fails_with(j, "field 'genotype.distance' is missing");
    j = good;
    j["record"] = "3";
    fails_with(j, "field 'record' is not a whole number >= 0");
    j = good;
    j.erase("qc");
    fails_with(j, "field 'qc' is missing");
    j = good;
    j["status"] = "fine";
    fails_with(j, "field 'status' is 'fine', not ok, warning or error");
    j = good;
    j["interpretation"]["drugs"] = nlohmann::json::object();
    fails_with(j, "field 'interpretation.drugs' is not an array");
    j = good;
    j["interpretation"]["drugs"][0]["level"] = "X";
    fails_with(j, "field 'interpretation.drugs[0].level' is 'X'");
    j = good;
    j["reports"] = 5;
    fails_with(j, "field 'reports' is not an object");
    CHECK_THROWS_WITH(index_row_from_json(good.dump().substr(0, 100), "w"), Catch::StartsWith("w: not valid JSON"));
    CHECK_THROWS_WITH(index_row_from_json("[1,2]", "w"), Catch::StartsWith("w: field '(top level)' is not an object"));
}

TEST_CASE("aggregate refuses a malformed results.json naming the file, the sample and the field",
          "[batch][aggregate][errors]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", fasta_of({{"a", lamr()}, {"b", lamr('C')}}));
    REQUIRE(run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "run").string(), "-q", "--reports", "none"})
                .exit_code
            == 0);
    std::string const good = read_text(tmp / "run" / "results.json");
    auto aggregate_with = [&](std::string const & text)
    {
        std::filesystem::remove_all(tmp / "bad");
        std::filesystem::copy(tmp / "run", tmp / "bad", std::filesystem::copy_options::recursive);
        write_text(tmp / "bad" / "results.json", text);
        return run_hbvdr({"aggregate", "-o", (tmp / "agg").string(), (tmp / "run").string(), (tmp / "bad").string()});
    };
    std::string missing = good;
    missing.replace(missing.rfind("\"qc\":"), 5, "\"QC\":");
    cli_result const m = aggregate_with(missing);
    CHECK(m.exit_code == 1);
    CHECK_THAT(m.err, Catch::Contains("bad/results.json (sample 2): field 'qc' is missing"));
    std::string mistyped = good;
    mistyped.replace(mistyped.rfind("\"record\":2"), 10, "\"record\":\"2\"");
    cli_result const t = aggregate_with(mistyped);
    CHECK(t.exit_code == 1);
    CHECK_THAT(t.err, Catch::Contains("bad/results.json (sample 2): field 'record' is not a whole number"));
    cli_result const cut = aggregate_with(good.substr(0, good.size() / 2));
    CHECK(cut.exit_code == 1);
    CHECK_THAT(cut.err, Catch::Contains("bad/results.json: not an hbvdr results.json (or incomplete)"));
    for (cli_result const * r : {&m, &t, &cut})
        CHECK(r->err.find("internal error") == std::string::npos);
}

TEST_CASE("MultiQC picks an hbvdr run up with no configuration", "[batch][multiqc]")
{
    INFO("multiqc is not installed: run scripts/dev/install-deps.sh --test");
    REQUIRE(std::system("command -v multiqc >/dev/null 2>&1") == 0);
    temp_dir tmp;
    write_text(tmp / "in.fa", fasta_of({{"S1", lamr()}, {"S2", rt_region(genome('C'))}, {"bad", "XX"}}));
    REQUIRE(run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "run").string(), "-q"}).exit_code == 3);
    std::string const cmd = "cd '" + tmp.path().string() + "' && multiqc -q -f -o mqc run >mqc.log 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto const stats = table(tmp / "mqc" / "multiqc_data" / "multiqc_general_stats.txt");
    REQUIRE(stats.size() == 4);
    std::map<std::string, std::string> s1;
    for (std::size_t c = 1; c < stats[0].size(); ++c)
        for (std::size_t r = 1; r < stats.size(); ++r)
            if (stats[r][0] == "S1")
                s1[stats[0][c]] = stats[r][c];
    CHECK(s1["hbvdr_mqc-generalstats-hbvdr-genotype"] == "D");
    CHECK(s1["hbvdr_mqc-generalstats-hbvdr-LAM"] == "R");
    CHECK(s1["hbvdr_mqc-generalstats-hbvdr-ETV"] == "I");
    CHECK(s1["hbvdr_mqc-generalstats-hbvdr-qc_status"] == "pass");
    CHECK(std::filesystem::exists(tmp / "mqc" / "multiqc_data" / "multiqc_hbvdr_drug_levels_table.txt"));
    CHECK(read_text(tmp / "mqc" / "multiqc_report.html").find("hbvdr: drug levels") != std::string::npos);
    // The cohort: a bar graph of the levels per drug (S1 and S2 analysed) and a table of the mutations.
    auto const levels = table(tmp / "mqc" / "multiqc_data" / "multiqc_hbvdr_cohort_levels_plot.txt");
    std::map<std::string, std::vector<std::string>> by_drug;
    for (auto const & row : levels)
        by_drug[row[0]] = row;
    CHECK(by_drug["Sample"] == std::vector<std::string>{"Sample", "R", "I", "S", "insufficient_data"});
    CHECK(by_drug["LAM"] == std::vector<std::string>{"LAM", "1.0", "0.0", "1.0", "0.0"});
    auto const muts = table(tmp / "mqc" / "multiqc_data" / "multiqc_hbvdr_cohort_mutations_table.txt");
    std::map<std::string, std::vector<std::string>> by_mutation;
    for (auto const & row : muts)
        by_mutation[row[0]] = row;
    CHECK(by_mutation.size() == 3); // header, rtL180M, rtM204V
    CHECK(by_mutation["rtM204V"]
          == std::vector<std::string>{"rtM204V", "primary", "LAM;LdT;ETV", "1.0", "0.0", "1.0", "50.0"});
    // The run's samples only in the general statistics (not the cohort's drugs or mutations).
    CHECK(stats.size() == 4);
}

TEST_CASE("results.json validates against the shipped JSON schema (FASTA, errors, NGS, --json-calls)",
          "[batch][schema]")
{
    require_jsonschema();
    temp_dir tmp;
    auto valid = [&](std::filesystem::path const & json)
    {
        return valid_against_schema("results.schema.json", json);
    };
    REQUIRE(run_hbvdr({"analyze",
                       (test_data_dir() / "golden" / "edge_cases.fasta").string(),
                       (test_data_dir() / "real" / "real_genomes.fasta").string(),
                       "-o",
                       (tmp / "a").string(),
                       "-q",
                       "--json-calls",
                       "--history",
                       "LAM",
                       "--hbeag",
                       "positive"})
                .exit_code
            == 3);
    CHECK(valid(tmp / "a" / "results.json"));
    REQUIRE(run_hbvdr({"analyze",
                       (test_data_dir() / "ngs" / "rotated.bam").string(),
                       "-o",
                       (tmp / "b").string(),
                       "-q",
                       "--bam-reference",
                       (test_data_dir() / "ngs" / "rotated.fasta").string(),
                       "--json-calls"})
                .exit_code
            == 0);
    CHECK(valid(tmp / "b" / "results.json"));
    // The schema is strict enough to catch a wrong value.
    std::string bad = read_text(tmp / "a" / "results.json");
    bad.replace(bad.find("\"level\":\"R\""), 11, "\"level\":\"X\"");
    write_text(tmp / "bad.json", bad);
    CHECK_FALSE(valid(tmp / "bad.json"));
}
