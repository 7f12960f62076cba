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

TEST_CASE("a fresh run, a resumed run and an aggregate show the same genotype distance", "[determinism][aggregate]")
{
    // 19 differences over 1,027 comparable sites: 0.0185005, stored as 0.018500. The index of a
    // fresh run said 1.9 % (from the full value), a resumed run and an aggregate 1.8 % (100 *
    // 0.0185 in binary, read back from results.json).
    temp_dir tmp;
    std::string rt = rt_region(genome('D'));
    for (int codon = 5; codon <= 9; ++codon)
        rt[3 * static_cast<std::size_t>(codon) - 1] = 'N';
    for (int k = 0; k < 19; ++k)
    {
        char & b = rt[3 * static_cast<std::size_t>(20 + 15 * k) - 1];
        b = b == 'A' ? 'G' : b == 'G' ? 'A' : b == 'C' ? 'T' : 'C'; // a transition at a third position
    }
    write_text(tmp / "in.fa", ">d19\n" + rt + "\n>other\n" + rt_region(genome('C')) + "\n");
    auto analyze = [&](std::string const & out, std::vector<std::string> const & extra)
    {
        std::vector<std::string> args{"analyze", (tmp / "in.fa").string(), "-o", (tmp / out).string(), "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        REQUIRE(run_hbvdr(args).exit_code == 0);
    };
    analyze("fresh", {});
    REQUIRE(read_text(tmp / "fresh" / "summary.tsv").find("\tD\t0.0185\t") != std::string::npos);
    std::string const index = read_text(tmp / "fresh" / "index.html");
    CHECK(index.find("D (1.9%)") != std::string::npos);
    analyze("resumed", {"--resume"});
    analyze("resumed", {"--resume"}); // every sample from its part
    analyze("c1", {"--records", "1-1"});
    analyze("c2", {"--records", "2-2"});
    REQUIRE(
        run_hbvdr({"aggregate", "-o", (tmp / "agg").string(), (tmp / "c1").string(), (tmp / "c2").string()}).exit_code
        == 0);
    CHECK(read_text(tmp / "resumed" / "index.html") == index);
    CHECK(read_text(tmp / "agg" / "index.html") == index);
}
