// A run's outputs: atomic files, and the output directory a run owns.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

#include <hbvdr/core/error.hpp>
#include <hbvdr/io/atomic_file.hpp>

#include "test_support.hpp"
#include <sys/file.h>

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("a failed rename says why (it said 'Success')", "[outputs][errors]")
{
    temp_dir tmp;
    std::filesystem::create_directories(tmp / "target" / "inside");
    CHECK_THROWS_WITH(write_file_atomically(tmp / "target", "x"),
                      Catch::Contains("cannot rename the finished file into place: Is a directory"));
    for (auto const & e : std::filesystem::directory_iterator{tmp.path()})
        CHECK(e.path().filename() == "target"); // the temporary is gone
}

TEST_CASE("a path the file system refuses is an input error, not an internal error", "[outputs][errors][cli]")
{
    temp_dir tmp;
    std::string const long_name = (tmp / (std::string(300, 'x') + ".tsv")).string();
    cli_result const r = run_hbvdr({"monitor", long_name});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::StartsWith("hbvdr: error: "));
    CHECK_THAT(r.err, Catch::Contains("File name too long"));
}

namespace
{

std::string fasta(std::vector<std::string> const & names)
{
    std::string t;
    for (std::string const & n : names)
        t += ">" + n + "\n" + rt_region(genome('C')) + "\n";
    return t;
}

// Every file and directory under `dir`, relative, sorted.
std::vector<std::string> tree(std::filesystem::path const & dir)
{
    std::vector<std::string> out;
    for (auto const & e : std::filesystem::recursive_directory_iterator{dir})
        out.push_back(std::filesystem::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("a run that fails leaves no file of its own under a final name", "[outputs][errors][cli]")
{
    // The tables were renamed one by one after index.html and the reports: a failing table left a
    // run that looked complete.
    temp_dir tmp;
    write_text(tmp / "in.fa", fasta({"a", "b"}));
    std::filesystem::create_directories(tmp / "out" / "summary.tsv" / "in_the_way");
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("summary.tsv: cannot be written: a directory of that name is in the way"));
    CHECK(tree(tmp / "out") == std::vector<std::string>{".hbvdr-lock", "summary.tsv", "summary.tsv/in_the_way"});
    // The same for aggregate.
    REQUIRE(run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "run").string(), "-q"}).exit_code == 0);
    std::filesystem::create_directories(tmp / "agg" / "results.json" / "in_the_way");
    cli_result const a = run_hbvdr({"aggregate", "-o", (tmp / "agg").string(), (tmp / "run").string()});
    CHECK(a.exit_code == 1);
    CHECK_THAT(a.err, Catch::Contains("results.json: cannot be written: a directory of that name is in the way"));
    CHECK(tree(tmp / "agg") == std::vector<std::string>{".hbvdr-lock", "results.json", "results.json/in_the_way"});
}

TEST_CASE("a run owns its output directory: leftovers of killed runs and the previous run's files go", "[outputs][cli]")
{
    temp_dir tmp;
    write_text(tmp / "ab.fa", fasta({"a", "b"}));
    write_text(tmp / "c.fa", fasta({"c"}));
    std::filesystem::path const out = tmp / "out";
    REQUIRE(run_hbvdr({"analyze", (tmp / "ab.fa").string(), "-o", out.string(), "-q"}).exit_code == 0);
    // What a killed run leaves (hbvdr's own temporary names) and what is not hbvdr's.
    for (std::string const f : {".summary.tsv.tmp-4242", "reports/.a.txt.tmp-77", ".hbvdr-resume/.x.part.tmp-9"})
    {
        std::filesystem::create_directories((out / f).parent_path());
        write_text(out / f, "partial");
    }
    write_text(out / "notes.txt", "mine");
    write_text(out / "reports" / "mine.txt", "mine");
    write_text(out / ".summary.tsv.tmp-notapid", "mine");
    cli_result const r =
        run_hbvdr({"analyze", (tmp / "c.fa").string(), "-o", out.string(), "-q", "--reports", "text", "--no-multiqc"});
    CHECK(r.exit_code == 0);
    CHECK(tree(out)
          == std::vector<std::string>{".hbvdr-lock",
                                      ".hbvdr-manifest",
                                      ".hbvdr-resume",
                                      ".summary.tsv.tmp-notapid",
                                      "calls.tsv",
                                      "cohort.tsv",
                                      "drugs.tsv",
                                      "mutations.tsv",
                                      "notes.txt",
                                      "reports",
                                      "reports/c.txt",
                                      "reports/mine.txt",
                                      "results.json",
                                      "summary.tsv"});
    // A manifest entry that is not a file hbvdr writes is never removed.
    write_text(out / ".hbvdr-manifest", "#hbvdr-manifest\t1\n../escape.txt\nreports/../notes.txt\nsummary.tsv\n");
    write_text(tmp / "escape.txt", "outside");
    cli_result const again = run_hbvdr({"analyze", (tmp / "c.fa").string(), "-o", out.string(), "-q"});
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.err, Catch::Contains("'../escape.txt' is not a file hbvdr writes: left alone"));
    CHECK(std::filesystem::exists(tmp / "escape.txt"));
    CHECK(std::filesystem::exists(out / "notes.txt"));
}

TEST_CASE("a second run into a directory another run is writing is refused", "[outputs][errors][cli]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", fasta({"a"}));
    REQUIRE(run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "run").string(), "-q"}).exit_code == 0);
    std::filesystem::create_directories(tmp / "out");
    int const fd = ::open((tmp / "out" / ".hbvdr-lock").c_str(), O_RDWR | O_CREAT, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0); // as a running hbvdr holds it
    cli_result const r = run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"});
    cli_result const a = run_hbvdr({"aggregate", "-o", (tmp / "out").string(), (tmp / "run").string()});
    ::close(fd);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("another hbvdr run is writing into this directory"));
    CHECK(a.exit_code == 1);
    CHECK_THAT(a.err, Catch::Contains("another hbvdr run is writing into this directory"));
    CHECK(tree(tmp / "out") == std::vector<std::string>{".hbvdr-lock"});
    CHECK(run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"}).exit_code == 0);
}

TEST_CASE("aggregate takes only the files the runs produced, never stale ones", "[outputs][aggregate][cli]")
{
    temp_dir tmp;
    write_text(tmp / "a.fa", fasta({"a"}));
    write_text(tmp / "b.fa", fasta({"b"}));
    REQUIRE(run_hbvdr({"analyze", (tmp / "a.fa").string(), "-o", (tmp / "c1").string(), "-q"}).exit_code == 0);
    REQUIRE(run_hbvdr({"analyze", (tmp / "b.fa").string(), "-o", (tmp / "c2").string(), "-q"}).exit_code == 0);
    // Left in the runs by someone, or by an hbvdr run before manifests: not part of these runs.
    write_text(tmp / "c1" / "reports" / "old_sample.txt", "stale");
    write_text(tmp / "c2" / "reports" / "old_sample.html", "stale");
    write_text(tmp / "c1" / "linkage.tsv", "sample\tstale\n");
    cli_result const r =
        run_hbvdr({"aggregate", "-o", (tmp / "agg").string(), (tmp / "c1").string(), (tmp / "c2").string()});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("2 samples, 4 report files"));
    CHECK(tree(tmp / "agg" / "reports") == std::vector<std::string>{"a.html", "a.txt", "b.html", "b.txt"});
    CHECK_FALSE(std::filesystem::exists(tmp / "agg" / "linkage.tsv"));
    // A report name in results.json that is not one hbvdr writes is refused, not followed.
    std::string json = read_text(tmp / "c2" / "results.json");
    json.replace(json.find("\"reports/b.txt\""), 15, "\"../../b.txt\"");
    write_text(tmp / "c2" / "results.json", json);
    cli_result const bad =
        run_hbvdr({"aggregate", "-o", (tmp / "agg2").string(), (tmp / "c1").string(), (tmp / "c2").string()});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("field 'reports.text' is '../../b.txt', not a report file name hbvdr writes"));
    CHECK_FALSE(std::filesystem::exists(tmp / "agg2" / "summary.tsv"));
}

TEST_CASE("a --resume part whose content was edited is refused and its sample analysed again", "[outputs][resume][cli]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", fasta({"a", "b", "c"}));
    std::vector<std::string> const args{"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q"};
    std::vector<std::string> resume = args;
    resume.push_back("--resume");
    REQUIRE(run_hbvdr(resume).exit_code == 0);
    REQUIRE(run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "fresh").string(), "-q"}).exit_code == 0);
    // A hand edit that keeps the part well-formed: same lengths, another genotype.
    std::filesystem::path const part = tmp / "out" / ".hbvdr-resume" / "b.part";
    std::string text = read_text(part);
    std::size_t const at = text.find("\tC\t");
    REQUIRE(at != std::string::npos);
    text[at + 1] = 'A';
    write_text(part, text);
    cli_result const r =
        run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "--resume", "--no-summary"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err,
               Catch::Contains("b.part: its content does not match its checksum (edited or damaged); the "
                               "sample is analysed again"));
    CHECK_THAT(r.err, Catch::Contains("2 reused from the earlier run"));
    for (std::string const f : {"summary.tsv", "results.json", "index.html"})
        CHECK(read_text(tmp / "out" / f) == read_text(tmp / "fresh" / f));
}

TEST_CASE("a --resume run that reuses every sample leaves no temporary file behind", "[outputs][resume][cli]")
{
    temp_dir tmp;
    write_text(tmp / "in.fa", fasta({"a", "b"}));
    std::vector<std::string> const args{
        "analyze", (tmp / "in.fa").string(), "-o", (tmp / "out").string(), "-q", "--resume"};
    REQUIRE(run_hbvdr(args).exit_code == 0);
    // The second run links each reused report from its part again: the link it made must not stay.
    REQUIRE(run_hbvdr(args).exit_code == 0);
    std::vector<std::string> names;
    for (auto const & e : std::filesystem::recursive_directory_iterator{tmp / "out"})
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    for (std::string const & n : names)
        CHECK(n.find(".tmp-") == std::string::npos);
    CHECK(std::binary_search(names.begin(), names.end(), "a.txt"));
    CHECK(std::binary_search(names.begin(), names.end(), "b.html"));
}
