// Command-line behaviour: help, version, exit codes and messages.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("the version flag prints the version", "[cli]")
{
    cli_result const r = run_hbvdr({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("hbvdr 0.", 0) == 0);
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
          == std::vector<std::string>{"calls.tsv",
                                      "drugs.tsv",
                                      "hbvdr_drug_levels_mqc.tsv",
                                      "hbvdr_general_stats_mqc.tsv",
                                      "index.html",
                                      "mutations.tsv",
                                      "reports",
                                      "reports/a.html",
                                      "reports/a.txt",
                                      "results.json",
                                      "summary.tsv"});
}

TEST_CASE("analyze --rules chooses another rule set; drugs.tsv names the set and the others' differing levels",
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
