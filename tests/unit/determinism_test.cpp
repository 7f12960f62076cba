// Same input, same bytes out: twice, and at 1, 2 and 4 threads.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("outputs are byte-identical across runs and thread counts", "[determinism]")
{
    temp_dir tmp;
    // Enough records for several batches of the worker pool, with error rows in between.
    std::string text;
    std::string const seqs[] = {rt_region(with_rt_codon(genome('C'), 204, "ATT")),
                                rt_region(genome('D'), 100, 300),
                                revcomp(rt_region(genome('B'))),
                                "ACGTXX",
                                rt_region(with_rt_codon(genome('A'), 181, "RCT"))};
    for (int i = 0; i < 400; ++i)
        text += ">r" + std::to_string(i) + "\n" + seqs[i % 5] + "\n";
    write_text(tmp / "in.fa", text);
    auto run = [&](std::string const & out, std::string const & threads)
    {
        cli_result const r =
            run_hbvdr({"analyze", (tmp / "in.fa").string(), "-o", (tmp / out).string(), "--threads", threads});
        REQUIRE(r.exit_code == 3);
        return r.out;
    };
    std::string const s1 = run("a", "1");
    std::string const s1b = run("b", "1");
    std::string const s2 = run("c", "2");
    std::string const s4 = run("d", "4");
    CHECK(s1 == s1b);
    CHECK(s1 == s2);
    CHECK(s1 == s4);
    for (std::string const f : {"summary.tsv", "calls.tsv", "mutations.tsv", "drugs.tsv", "results.json"})
    {
        INFO(f);
        std::string const ref = read_text(tmp / "a" / f);
        CHECK(!ref.empty());
        CHECK(read_text(tmp / "b" / f) == ref);
        CHECK(read_text(tmp / "c" / f) == ref);
        CHECK(read_text(tmp / "d" / f) == ref);
    }
}
