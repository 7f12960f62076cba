// hbvdr monitor in batch: a directory of timelines or a cohort file (patient column), the cohort
// table, error rows, exit codes, file names from hostile patient ids, determinism, the JSON schema.
#include <catch2/catch.hpp>

#include <map>

#include <hbvdr/core/text.hpp>

#include "monitor_support.hpp"
#include "schema_check.hpp"
#include <nlohmann/json.hpp>

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::string batch_dir()
{
    return fixture_path("batch").string();
}

std::string cohort_file()
{
    return fixture_path("cohort.tsv").string();
}

std::vector<std::string> lines_of(std::string const & text)
{
    std::vector<std::string> out;
    for (std::string_view const l : split(text, '\n'))
        if (!l.empty())
            out.emplace_back(l);
    return out;
}

// The cohort table without the columns that name the input (timeline, error).
std::vector<std::string> table_without_input(std::filesystem::path const & tsv)
{
    std::vector<std::string> out;
    for (std::string const & l : lines_of(read_text(tsv)))
    {
        std::vector<std::string_view> const f = split(l, '\t');
        REQUIRE(f.size() == 9);
        out.push_back(std::string{f[0]} + "|" + std::string{f[2]} + "|" + std::string{f[3]} + "|" + std::string{f[4]}
                      + "|" + std::string{f[5]} + "|" + std::string{f[6]} + "|" + std::string{f[7]});
    }
    return out;
}

// Every file below `dir` (relative path -> content).
std::map<std::string, std::string> files_below(std::filesystem::path const & dir)
{
    std::map<std::string, std::string> out;
    for (auto const & e : std::filesystem::recursive_directory_iterator{dir})
        if (e.is_regular_file() && e.path().filename() != ".hbvdr-lock")
            out[std::filesystem::relative(e.path(), dir).string()] = read_text(e.path());
    return out;
}

std::string const expected_header = "patient\ttimeline\tstatus\tgate\tclassifications_met\tclassifications_possible\t"
                                    "first_line_warnings\treports\terror";

std::string reports_of(std::string const & stem)
{
    return "reports/" + stem + ".txt,reports/" + stem + ".json,reports/" + stem + ".html";
}

} // namespace

TEST_CASE("hbvdr monitor DIR: one report per patient, the cohort table, the bad timeline an error row, exit 3",
          "[monitor][batch]")
{
    temp_dir tmp;
    cli_result const r = run_hbvdr({"monitor", batch_dir(), "-o", (tmp / "out").string()});
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(has(r.err,
              "hbvdr: warning: patient BAD-DATE: batch/03-bad-date.tsv:5: unparseable date '2020-02-30' (expected "
              "YYYY-MM-DD, a real calendar date)\n"));
    CHECK(has(r.err, "hbvdr: monitor: 5 patient(s): 4 ok, 1 error"));

    std::vector<std::string> const rows = lines_of(read_text(tmp / "out" / "monitor-summary.tsv"));
    REQUIRE(rows.size() == 6);
    CHECK(rows[0] == expected_header);
    // Lamivudine from 2e7 IU/mL: breakthrough confirmed, then 2e8 (1 log10 above the pre-treatment 2e7).
    CHECK(rows[1]
          == "REBOUND\tbatch/01-rebound.tsv\tok\tvirological\tVBT,REBOUND\t\tFL-LOW-BARRIER,FL-LAM-HIGH-DNA\t"
                 + reports_of("REBOUND") + "\t");
    CHECK(rows[2]
          == "FL-LAM\tbatch/02-first-line-lam.tsv\tok\tnone\t\t\tFL-LOW-BARRIER,FL-LAM-HIGH-DNA\t"
                 + reports_of("FL-LAM") + "\t");
    // In the middle of the batch: named by its #patient= line, no reports, the parser's message.
    CHECK(rows[3]
          == "BAD-DATE\tbatch/03-bad-date.tsv\terror\t\t\t\t\t\tbatch/03-bad-date.tsv:5: unparseable date "
             "'2020-02-30' (expected YYYY-MM-DD, a real calendar date)");
    // Peginterferon, genotype D, no HBsAg decline at week 12: a stopping rule, not a resistance gate.
    CHECK(rows[4]
          == "PEG-D\tbatch/04-peg-genotype-d.tsv\tok\tnone\tPEG-EPOS-W12-AD\t\t\t" + reports_of("PEG-D") + "\t");
    // Entecavir monotherapy after lamivudine (#prior_history=LAM): cross-resistant sequence.
    CHECK(rows[5]
          == "ETV-AFTER-LAM\tbatch/05-etv-after-lam.tsv\tok\tnone\t\t\tFL-SEQ-MONO\t" + reports_of("ETV-AFTER-LAM")
                 + "\t");

    for (std::string const p : {"REBOUND", "FL-LAM", "PEG-D", "ETV-AFTER-LAM"})
        for (std::string const ext : {".txt", ".json", ".html"})
        {
            INFO(p << ext);
            CHECK(std::filesystem::is_regular_file(tmp / "out" / "reports" / (p + ext)));
        }
    CHECK_FALSE(std::filesystem::exists(tmp / "out" / "reports" / "BAD-DATE.txt"));
    CHECK(nlohmann::json::parse(read_text(tmp / "out" / "reports" / "REBOUND.json"))["gate"]["reached"]
          == "virological");

    nlohmann::json const j = nlohmann::json::parse(read_text(tmp / "out" / "monitor.json"));
    CHECK(j["batch"]
          == nlohmann::json{{"input", "batch"}, {"kind", "directory"}, {"patients", 5}, {"ok", 4}, {"error", 1}});
    REQUIRE(j["patients"].size() == 5);
    CHECK(j["patients"][2]["patient"] == "BAD-DATE");
    CHECK(j["patients"][2]["status"] == "error");
    CHECK(j["patients"][2]["gate"].is_null());
    CHECK(j["patients"][2]["reports"].empty());
    CHECK(j["patients"][0]["classifications_met"] == nlohmann::json::array({"VBT", "REBOUND"}));
    CHECK(j["patients"][0]["reports"]["json"] == "reports/REBOUND.json");
}

TEST_CASE("a patient's report in a batch is the single-patient report, byte for byte", "[monitor][batch]")
{
    temp_dir tmp;
    REQUIRE(run_hbvdr({"monitor", batch_dir(), "-o", (tmp / "batch").string(), "-q"}).exit_code == 3);
    // The batch shows the timeline as batch/NAME; a single run of the copy batch/NAME shows the same.
    std::filesystem::create_directories(tmp / "single" / "batch");
    std::filesystem::copy_file(fixture_path("batch") / "04-peg-genotype-d.tsv",
                               tmp / "single" / "batch" / "04-peg-genotype-d.tsv");
    {
        // A relative path, as the user would give it (an absolute one is shown by its file name).
        struct working_directory
        {
            std::filesystem::path previous = std::filesystem::current_path();
            ~working_directory()
            {
                std::filesystem::current_path(previous);
            }
        } const restore;
        std::filesystem::current_path(tmp / "single");
        REQUIRE(run_hbvdr({"monitor", "batch/04-peg-genotype-d.tsv", "-o", "out", "-q"}).exit_code == 0);
    }
    for (std::string const ext : {"txt", "json", "html"})
    {
        INFO(ext);
        CHECK(read_text(tmp / "single" / "out" / ("monitor." + ext))
              == read_text(tmp / "batch" / "reports" / ("PEG-D." + ext)));
    }
}

TEST_CASE("hbvdr monitor COHORT.tsv (patient column) gives the directory's cohort table", "[monitor][batch]")
{
    temp_dir tmp;
    cli_result const dir = run_hbvdr({"monitor", batch_dir(), "-o", (tmp / "dir").string(), "-q"});
    cli_result const cohort = run_hbvdr({"monitor", cohort_file(), "-o", (tmp / "cohort").string(), "-q"});
    CHECK(dir.exit_code == 3);
    CHECK(cohort.exit_code == 3);
    CHECK(table_without_input(tmp / "cohort" / "monitor-summary.tsv")
          == table_without_input(tmp / "dir" / "monitor-summary.tsv"));
    std::vector<std::string> const rows = lines_of(read_text(tmp / "cohort" / "monitor-summary.tsv"));
    REQUIRE(rows.size() == 6);
    // The file's own line (FL-LAM's second row comes after BAD-DATE's).
    CHECK(rows[3]
          == "BAD-DATE\tcohort.tsv\terror\t\t\t\t\t\tcohort.tsv:15: unparseable date '2020-02-30' (expected "
             "YYYY-MM-DD, a real calendar date)");
    CHECK(has(cohort.err, "hbvdr: warning: patient BAD-DATE: cohort.tsv:15: unparseable date"));
    nlohmann::json const j = nlohmann::json::parse(read_text(tmp / "cohort" / "monitor.json"));
    CHECK(j["batch"]["kind"] == "patient_column");
    CHECK(j["batch"]["input"] == "cohort.tsv");
    // The genotype column reaches the peginterferon rules, the prior_history column the first-line checks.
    nlohmann::json const peg = nlohmann::json::parse(read_text(tmp / "cohort" / "reports" / "PEG-D.json"));
    CHECK(peg["patient"]["genotype"] == "D");
    CHECK(peg["patient"]["timeline"] == "cohort.tsv");
    nlohmann::json const etv = nlohmann::json::parse(read_text(tmp / "cohort" / "reports" / "ETV-AFTER-LAM.json"));
    CHECK(etv["patient"]["prior_history"] == nlohmann::json::array({"LAM"}));
}

TEST_CASE("hbvdr monitor batch: the same input gives the same bytes, and a rerun replaces the run",
          "[monitor][batch][determinism]")
{
    temp_dir tmp;
    REQUIRE(run_hbvdr({"monitor", batch_dir(), "-o", (tmp / "a").string(), "-q"}).exit_code == 3);
    REQUIRE(run_hbvdr({"monitor", batch_dir(), "-o", (tmp / "b").string(), "-q"}).exit_code == 3);
    std::map<std::string, std::string> const a = files_below(tmp / "a");
    CHECK(a.size() == 2 + 12 + 1); // tables, 4 patients x 3 reports, .hbvdr-manifest
    CHECK(a == files_below(tmp / "b"));
    for (auto const & [name, text] : a)
    {
        INFO(name);
        CHECK_FALSE(has(text, tmp.path().string()));
    }
    // Only JSON reports the second time: the run's earlier text and HTML reports go.
    REQUIRE(run_hbvdr({"monitor", batch_dir(), "-o", (tmp / "a").string(), "-q", "--format", "json"}).exit_code == 3);
    CHECK(std::filesystem::exists(tmp / "a" / "reports" / "REBOUND.json"));
    CHECK_FALSE(std::filesystem::exists(tmp / "a" / "reports" / "REBOUND.txt"));
    CHECK(has(read_text(tmp / "a" / "monitor-summary.tsv"), "\treports/REBOUND.json\t"));
}

TEST_CASE("hbvdr monitor batch: patient ids are never paths", "[monitor][batch][errors]")
{
    temp_dir tmp;
    std::string const rows = "date\thbv_dna\tdna_lloq\n2020-01-01\t1e6\t20\n";
    std::filesystem::create_directories(tmp / "in");
    write_text(tmp / "in" / "a.tsv", "#patient=../../evil\n" + rows);
    write_text(tmp / "in" / "b.tsv", "#patient=a/b\\c\n" + rows);
    write_text(tmp / "in" / "c.tsv", "#patient=P1\n" + rows);
    write_text(tmp / "in" / "d.tsv", "#patient=p1\n" + rows);
    write_text(tmp / "in" / "e.tsv", "#patient=.hidden\n" + rows);
    write_text(tmp / "in" / "f.tsv", "#patient=\n" + rows);
    write_text(tmp / "in" / ".g.tsv", rows);   // hidden: not a timeline of the batch
    write_text(tmp / "in" / "notes.txt", "x"); // not *.tsv
    cli_result const r = run_hbvdr({"monitor", (tmp / "in").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 3);
    std::vector<std::string> reports;
    for (auto const & e : std::filesystem::directory_iterator{tmp / "out" / "reports"})
        if (e.path().extension() == ".txt")
            reports.push_back(e.path().filename().string());
    std::sort(reports.begin(), reports.end());
    CHECK(reports == std::vector<std::string>{"P1.txt", "_._.._evil.txt", "_hidden.txt", "a_b_c.txt", "p1~2.txt"});
    CHECK_FALSE(std::filesystem::exists(tmp / "evil.txt"));
    std::vector<std::string> const table = table_without_input(tmp / "out" / "monitor-summary.tsv");
    REQUIRE(table.size() == 7);
    CHECK(table[1] == "../../evil|ok|none||||" + reports_of("_._.._evil"));
    CHECK(table[4] == "p1|ok|none||||" + reports_of("p1~2"));
    CHECK(table[6] == "f|error|||||"); // an empty #patient=: the file's name
    CHECK(has(read_text(tmp / "out" / "monitor-summary.tsv"), "\tin/f.tsv:1: #patient needs a non-empty id"));

    // A cohort file: an empty patient cell is its own error row.
    write_text(tmp / "cohort.tsv",
               "patient\tdate\thbv_dna\tdna_lloq\n../x\t2020-01-01\t1e6\t20\n\t2020-01-01\t1e6\t20\nx/"
               "\t2020-01-01\t1e6\t20\n");
    cli_result const c = run_hbvdr({"monitor", (tmp / "cohort.tsv").string(), "-o", (tmp / "c").string(), "-q"});
    CHECK(c.exit_code == 3);
    std::vector<std::string> const ct = table_without_input(tmp / "c" / "monitor-summary.tsv");
    REQUIRE(ct.size() == 4);
    CHECK(ct[1] == "../x|ok|none||||" + reports_of("_._x"));
    CHECK(ct[2] == "unnamed_line3|error|||||");
    CHECK(ct[3] == "x/|ok|none||||" + reports_of("x_"));
    CHECK(has(read_text(tmp / "c" / "monitor-summary.tsv"),
              "\tcohort.tsv:3: empty patient cell (every row needs the patient's id)\n"));
}

TEST_CASE("hbvdr monitor batch: usage and fatal errors", "[monitor][batch][errors]")
{
    temp_dir tmp;
    cli_result const no_out = run_hbvdr({"monitor", batch_dir()});
    CHECK(no_out.exit_code == 2);
    CHECK(has(no_out.err, "give the output directory with -o DIR"));
    cli_result const seq = run_hbvdr(
        {"monitor", cohort_file(), "-o", (tmp / "o").string(), "--results", tmp.path().string(), "--sample", "x"});
    CHECK(seq.exit_code == 2);
    CHECK(has(seq.err, "--sequence, --results and --sample belong to one patient's timeline"));
    CHECK_FALSE(std::filesystem::exists(tmp / "o"));
    cli_result const into_input = run_hbvdr({"monitor", batch_dir(), "-o", batch_dir()});
    CHECK(into_input.exit_code == 2);
    CHECK(has(into_input.err, "the output directory is the directory of timelines"));

    std::filesystem::create_directories(tmp / "empty");
    write_text(tmp / "empty" / "readme.txt", "no timelines here");
    cli_result const empty = run_hbvdr({"monitor", (tmp / "empty").string(), "-o", (tmp / "o").string()});
    CHECK(empty.exit_code == 1);
    CHECK(has(empty.err, "hbvdr: error: empty: no timeline in the directory (files named *.tsv, one patient each)"));
    CHECK_FALSE(std::filesystem::exists(tmp / "o"));

    write_text(tmp / "directive.tsv", "#genotype=D\npatient\tdate\tdna_lloq\nP\t2020-01-01\t20\n");
    cli_result const directive = run_hbvdr({"monitor", (tmp / "directive.tsv").string(), "-o", (tmp / "o").string()});
    CHECK(directive.exit_code == 1);
    CHECK(has(directive.err, "hbvdr: error: directive.tsv:1: directive '#genotype=' in a file with a patient column"));

    // A cohort file inside a directory of timelines is that file's error row.
    std::filesystem::create_directories(tmp / "mixed");
    std::filesystem::copy_file(fixture_path("first_line_ok.tsv"), tmp / "mixed" / "a.tsv");
    std::filesystem::copy_file(fixture_path("cohort.tsv"), tmp / "mixed" / "b.tsv");
    cli_result const mixed = run_hbvdr({"monitor", (tmp / "mixed").string(), "-o", (tmp / "m").string(), "-q"});
    CHECK(mixed.exit_code == 3);
    CHECK(has(read_text(tmp / "m" / "monitor-summary.tsv"), "\tmixed/b.tsv: has a patient column"));

    // Every patient classified: exit 0.
    std::filesystem::create_directories(tmp / "good");
    std::filesystem::copy_file(fixture_path("first_line_ok.tsv"), tmp / "good" / "a.tsv");
    CHECK(run_hbvdr({"monitor", (tmp / "good").string(), "-o", (tmp / "g").string(), "-q"}).exit_code == 0);
}

TEST_CASE("monitor.json (single report and batch index) validates against the shipped JSON schema",
          "[monitor][batch][schema]")
{
    require_jsonschema();
    temp_dir tmp;
    auto valid = [&](std::filesystem::path const & json)
    {
        return valid_against_schema("monitor.schema.json", json);
    };
    // Single reports: every fixture that classifies, and one with a genotypic result.
    for (std::string const f : {"lam_breakthrough.tsv",
                                "peg_hbeag_pos_w24.tsv",
                                "relapse.tsv",
                                "first_line_ldt_peg.tsv",
                                "partial_response_tdf_w48.tsv"})
    {
        INFO(f);
        cli_result const r = run_hbvdr({"monitor", fixture_path(f).string(), "--format", "json", "-q"});
        REQUIRE(r.exit_code == 0);
        write_text(tmp / (f + ".json"), r.out);
        CHECK(valid(tmp / (f + ".json")));
    }
    std::string const fa = (tmp / "p.fa").string();
    write_text(fa, ">P\n" + with_rt_codon(with_rt_codon(genome('D'), 180, "ATG"), 204, "GTG") + "\n");
    REQUIRE(run_hbvdr({"monitor",
                       fixture_path("lam_breakthrough.tsv").string(),
                       "--sequence",
                       fa,
                       "-o",
                       (tmp / "seq").string(),
                       "-q"})
                .exit_code
            == 0);
    CHECK(valid(tmp / "seq" / "monitor.json"));

    // The batch index and each patient's report.
    REQUIRE(run_hbvdr({"monitor", batch_dir(), "-o", (tmp / "batch").string(), "-q"}).exit_code == 3);
    CHECK(valid(tmp / "batch" / "monitor.json"));
    for (auto const & e : std::filesystem::directory_iterator{tmp / "batch" / "reports"})
        if (e.path().extension() == ".json")
        {
            INFO(e.path().filename());
            CHECK(valid(e.path()));
        }
    REQUIRE(run_hbvdr({"monitor", cohort_file(), "-o", (tmp / "cohort").string(), "-q"}).exit_code == 3);
    CHECK(valid(tmp / "cohort" / "monitor.json"));

    // The schema is strict enough to catch a wrong value in each kind of document.
    std::string bad = read_text(tmp / "batch" / "monitor.json");
    bad.replace(bad.find("\"status\": \"error\""), 17, "\"status\": \"failed\"");
    write_text(tmp / "bad_batch.json", bad);
    CHECK_FALSE(valid(tmp / "bad_batch.json"));
    bad = read_text(tmp / "seq" / "monitor.json");
    bad.replace(bad.find("\"reached\": \"genotypic\""), 22, "\"reached\": \"genetic\"");
    write_text(tmp / "bad_single.json", bad);
    CHECK_FALSE(valid(tmp / "bad_single.json"));
}
