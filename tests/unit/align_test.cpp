#include <catch2/catch.hpp>

#include <random>

#include <hbvdr/align/dp.hpp>
#include <hbvdr/report/tables.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{
std::string rt_protein_of(sample_report const & r)
{
    std::string p;
    for (int i = 1; i <= 344; ++i)
        p += aa_text(r.calls.rt.at(i));
    return p;
}
} // namespace

TEST_CASE("an amplicon of a genotype reference aligns with no mutation", "[align]")
{
    for (char const g : std::string{"ABCDEFGHIJ"})
    {
        sample_report const r = analyze(rt_region(genome(g), 1, 344, 40));
        INFO("genotype " << g);
        REQUIRE(r.analysed);
        CHECK(r.genotype.genotype == std::string(1, g));
        CHECK(r.genotype.distance == 0.0);
        CHECK(r.mutations.empty());
        CHECK(r.calls.rt.covered_range() == std::pair{1, 344});
        CHECK(r.calls.s.covered_range() == std::pair{1, 226});
    }
}

TEST_CASE("numbering is right on a whole genome rotated anywhere including inside RT", "[align]")
{
    std::string const g = with_rt_codon(with_rt_codon(genome('D'), 204, "ATT"), 180, "ATG");
    for (std::size_t const cut : {0u, 500u, 129u, 700u, 1161u, 2000u, 3100u})
    {
        INFO("rotation " << cut);
        std::string const rotated = g.substr(cut) + g.substr(0, cut);
        sample_report const r = analyze(rotated);
        REQUIRE(r.analysed);
        CHECK(r.genotype.genotype == "D");
        CHECK(r.calls.rt.covered_range() == std::pair{1, 344});
        CHECK(aa_text(r.calls.rt.at(204)) == "I");
        CHECK(aa_text(r.calls.rt.at(180)) == "M");
        CHECK(r.mutations.size() == 3); // rtL180M, rtM204I, sW196L
        // Rotation is needed when the cut falls inside the aligned window (RT +- 100 nt flank).
        if (cut == 500 || cut == 700)
            CHECK(r.circularized);
        if (cut == 0 || cut == 2000 || cut == 3100)
            CHECK_FALSE(r.circularized);
    }
}

TEST_CASE("a reverse-complemented sequence is detected and called on the plus strand", "[align]")
{
    std::string const amp = rt_region(with_rt_codon(genome('B'), 181, "ACT"), 1, 344, 30);
    sample_report const fwd = analyze(amp);
    sample_report const rev = analyze(revcomp(amp));
    REQUIRE(rev.analysed);
    CHECK(rev.reverse_complemented);
    CHECK_FALSE(fwd.reverse_complemented);
    CHECK(rt_protein_of(rev) == rt_protein_of(fwd));
    CHECK(aa_text(rev.calls.rt.at(181)) == "T");
    CHECK(aa_text(rev.calls.s.at(172)) == "*");
}

TEST_CASE("a partial amplicon is called where covered and not_covered elsewhere", "[align]")
{
    sample_report const r = analyze(rt_region(genome('C'), 150, 260, 0));
    REQUIRE(r.analysed);
    CHECK(r.calls.rt.covered_range() == std::pair{150, 260});
    CHECK(r.calls.rt.at(149).status == codon_status::not_covered);
    CHECK(r.calls.rt.at(149).note == "outside sequence");
    CHECK(r.calls.rt.at(150).status == codon_status::called);
    CHECK(r.calls.rt.at(261).status == codon_status::not_covered);
    // A sequence starting mid-codon: the partial codon is not covered, never guessed.
    std::string const g = genome('C');
    sample_report const mid = analyze(g.substr(rt_offset(150) + 1, 400));
    CHECK(mid.calls.rt.at(150).status == codon_status::not_covered);
    CHECK(mid.calls.rt.at(150).note == "partial codon");
    CHECK(mid.calls.rt.at(151).status == codon_status::called);
}

TEST_CASE("an in-frame deletion is placed on a codon boundary and reported as rt deletion", "[align][indel]")
{
    std::string const g = genome('A');
    for (int const codon : {40, 120, 200})
    {
        INFO("deleted codon rt" << codon);
        std::string del = g;
        del.erase(rt_offset(codon), 3);
        sample_report const r = analyze(del.substr(rt_offset(1) - 30, 1100));
        REQUIRE(r.analysed);
        int deleted = 0;
        for (int p = 1; p <= 344; ++p)
            deleted += r.calls.rt.at(p).status == codon_status::deleted;
        CHECK(deleted == 1);
        // The deletion may sit on any codon of an identical-codon run; here the neighbours differ.
        CHECK(r.calls.rt.at(codon).status == codon_status::deleted);
        CHECK(r.calls.rt.at(codon - 1).status == codon_status::called);
        CHECK(r.calls.rt.at(codon + 1).status == codon_status::called);
        CHECK(aa_text(r.calls.rt.at(codon + 1)) == std::string(1, r.calls.ref_aa(gene::rt, codon + 1)));
    }
}

TEST_CASE("a deletion the aligner places off the codon boundary is moved when an equal placement exists",
          "[align][indel]")
{
    // Delete rt codon 101 (3 nt) in a genome where its first base equals the base after it:
    // gap sliding gives several equal-scoring placements and the codon-boundary one must win.
    std::string const g = genome('C');
    int found = 0;
    for (int codon = 60; codon < 330 && found < 3; ++codon)
    {
        std::size_t const o = rt_offset(codon);
        if (g[o] != g[o + 3])
            continue; // need a slidable deletion
        std::string del = g;
        del.erase(o + 1, 3); // delete nt2-3 of codon and nt1 of the next: equal to deleting codon+1... or codon
        sample_report const r = analyze(del.substr(rt_offset(1), 1029));
        REQUIRE(r.analysed);
        int deleted = 0;
        for (int p = 1; p <= 344; ++p)
            deleted += r.calls.rt.at(p).status == codon_status::deleted;
        CHECK(deleted == 1);
        ++found;
    }
    CHECK(found == 3);
}

TEST_CASE("an in-frame insertion is reported between codons with its amino acids", "[align][indel]")
{
    std::string g = genome('C');
    g.insert(rt_offset(101), "GCTAGCAAA"); // A S K after rt100
    sample_report const r = analyze(g.substr(rt_offset(1) - 20, 1080));
    REQUIRE(r.analysed);
    REQUIRE(r.calls.rt.insertions.size() == 1);
    CHECK(r.calls.rt.insertions[0].after == 100);
    CHECK(r.calls.rt.insertions[0].in_frame);
    bool labelled = false;
    for (mutation_row const & m : r.mutations)
        labelled = labelled || m.mutation.label() == "rt100_101insASK";
    CHECK(labelled);
    CHECK(r.calls.rt.at(101).status == codon_status::called);
    CHECK(r.qc.status == qc_status::warning);
}

TEST_CASE("a frameshift is reported and codons outside it are still called", "[align][indel]")
{
    std::string g = with_rt_codon(genome('D'), 204, "GTG");
    g.erase(rt_offset(150) + 1, 1);
    sample_report const r = analyze(g.substr(rt_offset(1), 1031));
    REQUIRE(r.analysed);
    REQUIRE(r.calls.rt.frameshifts.size() == 1);
    CHECK(r.calls.rt.frameshifts[0].pos == 150);
    CHECK(r.calls.rt.frameshifts[0].net_bases == -1);
    CHECK(r.calls.rt.at(150).status == codon_status::not_covered);
    CHECK(r.calls.rt.at(150).note == "frameshift");
    CHECK(r.calls.rt.at(149).status == codon_status::called);
    CHECK(r.calls.rt.at(151).status == codon_status::called);
    CHECK(aa_text(r.calls.rt.at(204)) == "V");
    bool qc_frameshift = false;
    for (qc_message const & m : r.qc.messages)
        qc_frameshift = qc_frameshift || (m.code == "frameshift" && m.level == qc_level::severe);
    CHECK(qc_frameshift);
}

TEST_CASE("non-HBV input is reported as such not forced into an alignment", "[align][errors]")
{
    std::mt19937 rng{7};
    std::string random;
    for (int i = 0; i < 1500; ++i)
        random.push_back("ACGT"[rng() % 4]);
    sample_report const r = analyze(random);
    CHECK(r.status == sample_status::error);
    CHECK_FALSE(r.analysed);
    CHECK(r.error.rfind("not HBV:", 0) == 0);
}

TEST_CASE("HBV sequence outside the RT region is an error with a reason", "[align][errors]")
{
    std::string const g = genome('C');
    sample_report const r = analyze(g.substr(1800, 900)); // core/preS region, no RT
    CHECK(r.status == sample_status::error);
    CHECK(r.error.find("RT") != std::string::npos);
}

TEST_CASE("a sequence from elsewhere with one chance RT k-mer is not reported as RT", "[align][errors]")
{
    // Genotype D, nt 1641-1790 (outside RT) with a C>A that makes a 13-mer the RT window also has:
    // its best alignment to the window was 6 bases inside RT, reported as rtL180M-like changes.
    std::string seq = genome('D').substr(1641, 150);
    REQUIRE(seq[73] == 'C');
    seq[73] = 'A';
    sample_report const r = analyze(seq);
    CHECK(r.status == sample_status::error);
    CHECK_FALSE(r.analysed);
    CHECK_THAT(r.error, Catch::Contains("only 6 bases align to the RT region") && Catch::Contains("chance similarity"));
    // A short true RT fragment still aligns.
    sample_report const f = analyze(genome('D').substr(rt_offset(200), 60));
    REQUIRE(f.analysed);
    CHECK(f.calls.rt.covered_range() == std::pair{200, 219});
}

TEST_CASE("anchored and full alignment modes give the same calls", "[align]")
{
    analysis_context full_ctx{refs(), default_aligner(), align_mode::full};
    std::string g = with_rt_codon(with_rt_codon(genome('B'), 236, "ACC"), 181, "GTT");
    g.erase(rt_offset(60), 3);
    for (std::string const & seq :
         {rt_region(g, 1, 300, 20), revcomp(rt_region(g, 5, 344, 0)), g.substr(500) + g.substr(0, 500)})
    {
        sample_report const a = analyze(seq);
        sample_input in{"s", "s", "test", 1, seq, {}, std::nullopt, {}};
        sample_report const f = analyze_sequence(in, full_ctx);
        REQUIRE(a.analysed);
        REQUIRE(f.analysed);
        CHECK(rt_protein_of(a) == rt_protein_of(f));
        CHECK(a.mutations.size() == f.mutations.size());
    }
}

namespace
{
std::pair<long, long> path_diagonals(dp_alignment const & a)
{
    long d = static_cast<long>(a.ref_begin) - static_cast<long>(a.query_begin);
    long lo = d, hi = d;
    for (char const op : a.ops)
    {
        d += op == 'D' ? 1 : (op == 'I' ? -1 : 0);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    return {lo, hi};
}
} // namespace

TEST_CASE("banded DP equals unbanded DP whenever the band holds the optimal path (SeqAn3 band regression)",
          "[align][dp]")
{
    std::mt19937 rng{42};
    auto random_seq = [&](std::size_t n)
    {
        std::string s;
        for (std::size_t i = 0; i < n; ++i)
            s.push_back("ACGT"[rng() % 4]);
        return s;
    };
    int lower_above_zero = 0, query_longer = 0;
    for (int trial = 0; trial < 80; ++trial)
    {
        std::string const ref = random_seq(200 + rng() % 300);
        std::string q = ref.substr(rng() % 60);
        q = q.substr(0, q.size() - rng() % 40);
        for (int e = 0; e < 8; ++e)
        {
            std::size_t const p = rng() % q.size();
            switch (rng() % 3)
            {
            case 0:
                q[p] = "ACGT"[rng() % 4];
                break;
            case 1:
                q.erase(p, 1 + rng() % 6);
                break;
            default:
                q.insert(p, random_seq(1 + rng() % 6));
            }
        }
        if (trial % 4 == 3)
        {
            q += random_seq(ref.size()); // query longer than the reference window
            ++query_longer;
        }
        dp_options unbanded;
        unbanded.free_leading = unbanded.free_trailing = (trial % 2 == 0) || trial % 4 == 3;
        dp_alignment const a = align_dp(ref, q, unbanded);
        auto const [plo, phi] = path_diagonals(a);
        // Bands that hold the optimal path, some with the lower diagonal above 0 (SeqAn3 3.2
        // corrupts memory there unless align_dp includes 0) and some exactly tight.
        for (int const margin : {0, 2, 10})
        {
            dp_options banded = unbanded;
            banded.band = std::pair{static_cast<int>(plo) - margin, static_cast<int>(phi) + margin};
            lower_above_zero += banded.band->first > 0;
            dp_alignment const b = align_dp(ref, q, banded);
            INFO("trial " << trial << " band " << banded.band->first << ".." << banded.band->second);
            CHECK(a.score == b.score);
            CHECK(b.query_end - b.query_begin == a.query_end - a.query_begin);
        }
    }
    CHECK(lower_above_zero > 5);
    CHECK(query_longer == 20);
}

TEST_CASE("a band that cuts the optimal path is widened until the path fits", "[align][dp]")
{
    // Global alignment with a 12-nt insertion: the optimal path leaves a +-3 band and the best
    // in-band path runs along its edge, so align_dp must widen and find the true optimum.
    std::string const ref = "ACGTTGCAAGCTTCGATCGGATCCTAGGCTAGCTTACGGATCGATCGTACGATGCATGCAAGGCTTAGCGATCGA";
    std::string const q = ref.substr(0, 30) + "GGGGGGGGGGGG" + ref.substr(30);
    dp_options unbanded;
    dp_options banded;
    banded.band = std::pair{-3, 3};
    dp_alignment const a = align_dp(ref, q, unbanded);
    dp_alignment const b = align_dp(ref, q, banded);
    CHECK(a.score == b.score);
    CHECK(b.band_widenings > 0);
}
