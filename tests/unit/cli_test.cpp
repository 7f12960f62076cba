// Command-line behaviour: help, version, exit codes and messages.
#include <catch2/catch.hpp>

#include <sstream>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("the version flag names the tool, the mutation database and the reference data", "[cli]")
{
    cli_result const r = run_hbvdr({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("hbvdr 0.", 0) == 0);
    CHECK(r.out.find("\nmutation database: hbvdr-db 2026.2 (released 2026-12-03) in "
                     + (std::filesystem::path{HBVDR_SOURCE_DB_DIR} / "hbvdr-db-2026.2").string() + "\n")
          != std::string::npos);
    CHECK(r.out.find("\nreference data: 2026.1 (44 genomes) in " + std::string{HBVDR_SOURCE_DATA_DIR} + "\n")
          != std::string::npos);
}

TEST_CASE("the help flag lists the analyze command", "[cli]")
{
    cli_result const r = run_hbvdr({"--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("analyze") != std::string::npos);
    cli_result const a = run_hbvdr({"analyze", "--help"});
    CHECK(a.exit_code == 0);
    CHECK(a.out.find("--threads") != std::string::npos);
}

TEST_CASE("hbvdr db takes --db before or after info, list and validate", "[cli][mutdb]")
{
    std::string const release = (std::filesystem::path{HBVDR_SOURCE_DB_DIR} / "hbvdr-db-2026.2").string();
    cli_result const before = run_hbvdr({"db", "--db", release, "info"});
    cli_result const after = run_hbvdr({"db", "info", "--db", release});
    CHECK(before.exit_code == 0);
    CHECK(after.exit_code == 0);
    CHECK(after.out == before.out);
    CHECK(run_hbvdr({"db", "list", "--data-dir", HBVDR_SOURCE_DATA_DIR, "--db", release}).exit_code == 0);
    CHECK(run_hbvdr({"db", "validate", "--db", release}).exit_code == 0);
    CHECK(run_hbvdr({"db", "info", "--no-such-option"}).exit_code == 2);
}

TEST_CASE("every command's help ends with examples that parse and its exit codes", "[cli][help]")
{
    for (std::vector<std::string> const & cmd : std::vector<std::vector<std::string>>{
             {}, {"analyze"}, {"monitor"}, {"aggregate"}, {"db"}, {"db", "info"}, {"db", "list"}, {"db", "validate"}})
    {
        std::vector<std::string> args = cmd;
        args.push_back("--help");
        cli_result const h = run_hbvdr(args);
        INFO(h.out);
        REQUIRE(h.exit_code == 0);
        std::size_t const examples = h.out.rfind("\nExamples:\n");
        std::size_t const exit_codes = h.out.rfind("\nExit codes:\n");
        REQUIRE(examples != std::string::npos);
        REQUIRE(exit_codes != std::string::npos);
        CHECK(examples > h.out.rfind("\n  -h,--help")); // after the options
        CHECK(h.out.find("\n  0  ", exit_codes) != std::string::npos);
        CHECK(h.out.find("\n  2  usage error", exit_codes) != std::string::npos);
        // Each example is a command line that parses: run in an empty directory, it may fail for want
        // of its input files (exit 1) but never as a usage error (exit 2).
        int n = 0;
        std::istringstream lines{h.out.substr(examples, exit_codes - examples)};
        for (std::string line; std::getline(lines, line);)
        {
            if (line.rfind("  $ hbvdr ", 0) != 0)
                continue;
            ++n;
            temp_dir tmp;
            std::string const command = "cd '" + tmp.path().string() + "' && '" + HBVDR_BINARY + "' " + line.substr(10)
                                        + " >/dev/null 2>err.txt";
            int const status = std::system(command.c_str());
            INFO(line << "\n" << read_text(tmp / "err.txt"));
            CHECK(WEXITSTATUS(status) != 2);
        }
        CHECK(n >= 2);
        CHECK(n <= 3);
    }
}

TEST_CASE("analyze --reports lists its choices once and takes one comma-separated value", "[cli][help]")
{
    cli_result const h = run_hbvdr({"analyze", "--help"});
    CHECK(h.out.find("--reports TEXT:{text,html,none}") != std::string::npos);
    temp_dir tmp;
    write_text(tmp / "in.fa", ">a\n" + rt_region(genome('A')) + "\n");
    // The value after --reports is not taken for an input, and the input after it is not taken for a value.
    cli_result const r =
        run_hbvdr({"analyze", "--reports", "text", (tmp / "in.fa").string(), "-o", (tmp / "t").string(), "-q"});
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::exists(tmp / "t" / "reports" / "a.txt"));
    CHECK_FALSE(std::filesystem::exists(tmp / "t" / "index.html"));
    cli_result const both =
        run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "b").string(), "-q", "--reports", "html,text"});
    CHECK(both.exit_code == 0);
    CHECK(std::filesystem::exists(tmp / "b" / "reports" / "a.txt"));
    CHECK(std::filesystem::exists(tmp / "b" / "reports" / "a.html"));
    cli_result const bad =
        run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "n").string(), "--reports", "none,text"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--reports none cannot be combined") != std::string::npos);
}

TEST_CASE("usage errors exit 2", "[cli][errors]")
{
    CHECK(run_hbvdr({}).exit_code == 2);
    CHECK(run_hbvdr({"analyze"}).exit_code == 2);
    CHECK(run_hbvdr({"analyze", "x.fa"}).exit_code == 2); // no -o
    CHECK(run_hbvdr({"analyze", "x.fa", "-o", "out", "--threads", "0"}).exit_code == 2);
    CHECK(run_hbvdr({"frobnicate"}).exit_code == 2);
}

TEST_CASE("a missing input file exits 1 names the file and writes nothing", "[cli][errors]")
{
    temp_dir tmp;
    cli_result const r = run_hbvdr({"analyze", (tmp / "nope.fa").string(), "-o", (tmp / "out").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("nope.fa") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp / "out" / "summary.tsv"));
}

TEST_CASE("an unusable reference data directory exits 1 with the reason", "[cli][errors]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", ">a\n" + rt_region(genome('A')) + "\n");
    cli_result const r = run_hbvdr(
        {"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "--data-dir", (tmp / "nodata").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("manifest.tsv") != std::string::npos);
}

TEST_CASE("a binary moved out of its build tree finds no bundled data and says where it looked", "[cli][install]")
{
    temp_dir tmp;
    std::filesystem::create_directories(tmp / "bin");
    std::filesystem::copy_file(HBVDR_BINARY, tmp / "bin" / "hbvdr");
    write_text(tmp / "in.fa", ">a\n" + rt_region(genome('A')) + "\n");
    cli_result const r =
        run_binary(tmp / "bin" / "hbvdr", {"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("no reference data found") != std::string::npos);
    CHECK(r.err.find((tmp / "share" / "hbvdr" / "data").string()) != std::string::npos);
    CHECK(r.err.find("--data-dir") != std::string::npos);
    cli_result const v = run_binary(tmp / "bin" / "hbvdr", {"--version"});
    CHECK(v.exit_code == 0);
    CHECK(v.out.find("mutation database: unusable: no mutation database found") != std::string::npos);
    CHECK(v.out.find("reference data: unusable: no reference data found") != std::string::npos);
    // The overrides still work.
    cli_result const ok = run_binary(tmp / "bin" / "hbvdr",
                                     {"analyze",
                                      (tmp / "in.fa").string(),
                                      "-o",
                                      (tmp / "out").string(),
                                      "-q",
                                      "--data-dir",
                                      HBVDR_SOURCE_DATA_DIR,
                                      "--db",
                                      HBVDR_SOURCE_DB_DIR});
    CHECK(ok.exit_code == 0);
    CHECK(std::filesystem::exists(tmp / "out" / "summary.tsv"));
}

TEST_CASE("an output directory that cannot be created exits 1", "[cli][errors]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", ">a\n" + rt_region(genome('A')) + "\n");
    write_text(tmp / "file", "x");
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "file" / "sub").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("output directory") != std::string::npos);
}

TEST_CASE("outputs are complete files: no temporary file is left behind", "[cli]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", ">a\n" + rt_region(genome('A')) + "\n");
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"});
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> names;
    for (auto const & e : std::filesystem::recursive_directory_iterator{tmp / "out"})
        names.push_back(std::filesystem::relative(e.path(), tmp / "out").string());
    std::sort(names.begin(), names.end());
    CHECK(names
          == std::vector<std::string>{".hbvdr-lock",
                                      ".hbvdr-manifest",
                                      "calls.tsv",
                                      "cohort.tsv",
                                      "drugs.tsv",
                                      "hbvdr_cohort_levels_mqc.tsv",
                                      "hbvdr_cohort_mutations_mqc.tsv",
                                      "hbvdr_drug_levels_mqc.tsv",
                                      "hbvdr_general_stats_mqc.tsv",
                                      "index.html",
                                      "mutations.tsv",
                                      "reports",
                                      "reports/a.html",
                                      "reports/a.txt",
                                      "results.json",
                                      "summary.tsv"});
    // The manifest lists the run's files: the sample files in sample order, then the run files.
    CHECK(read_text(tmp / "out" / ".hbvdr-manifest")
          == "#hbvdr-manifest\t1\nreports/a.txt\nreports/a.html\ncalls.tsv\ncohort.tsv\ndrugs.tsv\n"
             "hbvdr_cohort_levels_mqc.tsv\nhbvdr_cohort_mutations_mqc.tsv\nhbvdr_drug_levels_mqc.tsv\n"
             "hbvdr_general_stats_mqc.tsv\nindex.html\nmutations.tsv\nresults.json\nsummary.tsv\n");
}

TEST_CASE("analyze --rules chooses another rule set, and drugs.tsv names the set and the others' differing levels",
          "[cli][rules]")
{
    temp_dir tmp;
    // rtA181T: EASL 2012 gives TDF I, EASL 2017 (recalled) and Stanford 0.2 give S.
    write_text(tmp / "in.fa", ">a181t\n" + rt_region(with_rt_codon(genome('C'), 181, "ACT")) + "\n");
    cli_result const primary = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "p").string(), "-q"});
    REQUIRE(primary.exit_code == 0);
    std::string const drugs = read_text(tmp / "p" / "drugs.tsv");
    CHECK(drugs.find("\trule_set\tother_sets\n") != std::string::npos);
    CHECK(drugs.find("a181t\tTDF\ttenofovir disoproxil fumarate\tI\t") != std::string::npos);
    CHECK(drugs.find("\tEASL2012\tEASL2017=S[L];STANFORD0.2=S\n") != std::string::npos);
    cli_result const other =
        run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "s").string(), "-q", "--rules", "STANFORD0.2"});
    REQUIRE(other.exit_code == 0);
    std::string const sdrugs = read_text(tmp / "s" / "drugs.tsv");
    CHECK(sdrugs.find("a181t\tTDF\ttenofovir disoproxil fumarate\tS\t") != std::string::npos);
    CHECK(sdrugs.find("\tSTANFORD0.2\tEASL2012=I\n") != std::string::npos);
    // Stanford 0.2 has no telbivudine: the primary set decides it.
    CHECK(sdrugs.find("a181t\tLdT\ttelbivudine\tR\t") != std::string::npos);
    CHECK(sdrugs.find("\tEASL2012\tEASL2017=I[L]\n") != std::string::npos);
    CHECK(read_text(tmp / "s" / "results.json").find("\"rules\":\"STANFORD0.2\"") != std::string::npos);
    CHECK(read_text(tmp / "s" / "reports" / "a181t.txt").find("Stanford HBV 0.2 (chosen with --rules)")
          != std::string::npos);
    cli_result const bad =
        run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "b").string(), "--rules", "EASL2099"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("no rule set 'EASL2099' (its sets: EASL2012, EASL2017, STANFORD0.2") != std::string::npos);
}
