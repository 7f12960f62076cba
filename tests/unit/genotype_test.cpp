#include <catch2/catch.hpp>

#include <random>

#include <hbvdr/core/nucleotide.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("every panel genome's RT region is genotyped as its own genotype", "[genotype]")
{
    for (reference_genome const & g : refs().panel())
    {
        INFO(g.accession);
        sample_report const r = analyze(g.sequence.substr(rt_offset(1), 1032));
        REQUIRE(r.analysed);
        CHECK(r.genotype.genotype == std::string(1, g.genotype));
        CHECK(r.genotype.distance == 0.0);
        CHECK(r.genotype.nearest_accession == g.accession);
    }
}

TEST_CASE("divergence beyond the cut-off leaves the genotype unassigned", "[genotype]")
{
    std::mt19937 rng{3};
    std::string s = rt_region(genome('C'), 1, 344, 0);
    for (char & c : s)
        if (rng() % 100 < 14)
            c = "ACGT"[rng() % 4];
    sample_report const r = analyze(s);
    REQUIRE(r.analysed);
    CHECK(r.genotype.genotype == "unassigned");
    CHECK(r.genotype.nearest_genotype == 'C');
    CHECK(r.genotype.unassigned_reason.find("cut-off") != std::string::npos);
    CHECK(r.qc.status != qc_status::pass);
}

TEST_CASE("a sequence whose halves come from two genotypes is flagged as a possible recombinant", "[genotype]")
{
    std::string const a = rt_region(genome('A'), 1, 344, 0);
    std::string const d = rt_region(genome('D'), 1, 344, 0);
    std::string const mosaic = a.substr(0, 516) + d.substr(516);
    sample_report const r = analyze(mosaic);
    REQUIRE(r.analysed);
    CHECK(r.genotype.has_flag("possible_recombinant"));
}

TEST_CASE("mixed bases pairing two genotypes' bases suggest dual infection", "[genotype]")
{
    std::string const b = rt_region(genome('B'), 1, 344, 0);
    std::string const c = rt_region(genome('C'), 1, 344, 0);
    std::string mix = b;
    for (std::size_t i = 0; i < mix.size(); ++i)
        if (b[i] != c[i])
            mix[i] = mask_to_iupac(static_cast<std::uint8_t>(iupac_mask(b[i]) | iupac_mask(c[i])));
    sample_report const r = analyze(mix);
    REQUIRE(r.analysed);
    CHECK(r.genotype.has_flag("many_mixed_bases"));
    CHECK(r.genotype.has_flag("possible_dual_infection"));
}

TEST_CASE("a whole genome that is another genotype outside RT is flagged by the genome scan", "[genotype]")
{
    // Genotype C with the non-RT half (nt 1600-3000) of genotype B: RT says C, the scan disagrees.
    std::string const c = genome('C');
    std::string const b = genome('B'); // both 3215 nt, colinear
    std::string const chimera = c.substr(0, 1600) + b.substr(1600);
    sample_report const r = analyze(chimera);
    REQUIRE(r.analysed);
    CHECK(r.genotype.genotype == "C");
    CHECK(r.genotype.has_flag("possible_recombinant"));
}
