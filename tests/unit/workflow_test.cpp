// The Snakemake workflow (workflow/): run locally, through Snakemake's generic cluster submission
// with a submit script that starts each job in the background and returns (as a scheduler does),
// and through the SLURM profile with stand-ins for sbatch and sacct. Every time the aggregate must
// be byte-identical to one `hbvdr analyze` over the same inputs.
#include <algorithm>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include "run_files.hpp"
#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::filesystem::path repo()
{
    return test_data_dir().parent_path().parent_path();
}

/* Run workflow/Snakefile in `tmp` over the golden edge cases and the real sequences (16 + 28
 * samples) in chunks of `chunk_size`, with `snakemake_args` and the environment `env` ("VAR=value
 * ..."); check the number of chunks and that the aggregate equals a single run byte for byte.
 */
void run_workflow(temp_dir const & tmp, int chunk_size, std::string const & env, std::string const & snakemake_args)
{
    INFO("snakemake is not installed: run scripts/dev/install-deps.sh --test");
    REQUIRE(std::system("command -v snakemake >/dev/null 2>&1") == 0);
    std::string const a = (test_data_dir() / "golden" / "edge_cases.fasta").string();
    std::string const b = (test_data_dir() / "real" / "real_sequences.fasta").string();
    write_text(tmp / "config.yaml",
               "hbvdr: '" + std::string{HBVDR_BINARY} + "'\ninputs:\n  - '" + a + "'\n  - '" + b
                   + "'\nsample_sheet: ''\nchunk_size: " + std::to_string(chunk_size)
                   + "\nthreads: 1\noutdir: wf\nextra: '--history LAM'\n");
    std::string const cmd = "cd '" + tmp.path().string() + "' && env " + env + " snakemake -s '"
                            + (repo() / "workflow" / "Snakefile").string() + "' --configfile config.yaml "
                            + snakemake_args + " >snakemake.log 2>&1";
    int const rc = std::system(cmd.c_str());
    INFO(read_text(tmp / "snakemake.log"));
    REQUIRE(rc == 0);
    int chunks = 0;
    for (auto const & e : std::filesystem::directory_iterator{tmp / "wf" / "chunks"})
        chunks += e.is_directory();
    CHECK(chunks == (44 + chunk_size - 1) / chunk_size);
    cli_result const single = run_hbvdr({"analyze", a, b, "-o", (tmp / "single").string(), "-q", "--history", "LAM"});
    CHECK(single.exit_code == 3);
    same_files(run_files(tmp / "single"), run_files(tmp / "wf", {"chunks", "logs"}));
}

// Lines of a text file.
std::vector<std::string> lines_of(std::filesystem::path const & p)
{
    std::vector<std::string> out;
    std::istringstream in{read_text(p)};
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

} // namespace

TEST_CASE("the Snakemake workflow's aggregated output equals a single run", "[batch][workflow]")
{
    temp_dir tmp;
    run_workflow(tmp, 7, "", "--cores 2 --quiet");
}

// Snakemake's cluster executor waits 10 s between status rounds unless CI=true (then 1 s): set for speed only.
TEST_CASE("the workflow through Snakemake's generic cluster submission, jobs started in the background, equals a "
          "single run",
          "[batch][workflow][cluster]")
{
    temp_dir tmp;
    std::filesystem::path const tools = repo() / "tests" / "workflow";
    run_workflow(tmp,
                 15,
                 "CI=true",
                 "--jobs 4 --cluster '" + (tools / "local-submit.sh").string() + "' --cluster-status '"
                     + (tools / "local-status.sh").string() + "'");
    // Every job went through the submit script and finished there: 3 chunks and the aggregation.
    int jobs = 0;
    for (auto const & e : std::filesystem::directory_iterator{tmp / ".cluster-jobs"})
        if (e.path().extension() == ".exit")
        {
            ++jobs;
            CHECK(read_text(e.path()) == "0\n");
        }
    CHECK(jobs == 4);
}

TEST_CASE("the SLURM profile runs the workflow through sbatch and sacct (stand-ins) and equals a single run",
          "[batch][workflow][cluster]")
{
    temp_dir tmp;
    std::filesystem::path const fake = repo() / "tests" / "workflow" / "fake-slurm";
    run_workflow(tmp,
                 15,
                 "CI=true FAKE_SLURM_DIR='" + (tmp / "slurm").string() + "' PATH='" + fake.string() + ":"
                     + std::getenv("PATH") + "'",
                 "--profile '" + (repo() / "workflow" / "profiles" / "slurm").string() + "'");
    std::vector<std::string> const submitted = lines_of(tmp / "slurm" / "sbatch.log");
    REQUIRE(submitted.size() == 4); // 3 chunks and the aggregation
    for (std::string const & s : submitted)
    {
        INFO(s);
        CHECK(s.find("--parsable") != std::string::npos);
        CHECK(s.find("--cpus-per-task=1 --mem=2000M --time=60 --output=logs/slurm/%j.out") != std::string::npos);
    }
    // Snakemake submits the three chunks in no fixed order; the aggregation comes after them.
    CHECK(std::ranges::count_if(submitted,
                                [](std::string const & s)
                                { return s.find("--job-name=hbvdr.analyze_chunk.chunk=000000001-000000015")
                                         != std::string::npos; })
          == 1);
    CHECK(submitted.back().find("--job-name=hbvdr.aggregate.") != std::string::npos);
    // Snakemake learnt that the jobs had finished from the profile's status script (sacct).
    CHECK(lines_of(tmp / "slurm" / "sacct.log").size() >= 4);
    CHECK(std::filesystem::exists(tmp / "logs" / "slurm" / "1001.out"));
}
