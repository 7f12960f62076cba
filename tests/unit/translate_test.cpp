//! \file
//! \brief Direct tests of translate_gene: hand-built projected alignments, no aligner involved.

#include <catch2/catch.hpp>

#include <hbvdr/core/genes.hpp>
#include <hbvdr/translate/translate.hpp>

#include "test_support.hpp"

namespace
{

using namespace hbvdr;

//! Window index of the first base of rt codon 1 in an identity alignment.
int rt1_index(reference_genome const & ref)
{
    return static_cast<int>(ref.rt_offset());
}

} // namespace

TEST_CASE("translate: a wild-type genome translates to the reference protein in both frames", "[translate]")
{
    auto const & ref = test::genotype_reference('A');
    auto const aln = test::identity_alignment(ref);
    auto const rt = translate_gene(aln, gene::rt, rt1_index(ref));
    auto const s = translate_gene(aln, gene::s, rt1_index(ref));
    REQUIRE(rt.codons.size() == static_cast<std::size_t>(rt_info.n_codons));
    REQUIRE(s.codons.size() == static_cast<std::size_t>(s_info.n_codons));
    for (int p = 1; p <= rt_info.n_codons; ++p)
    {
        INFO("rt" << p);
        REQUIRE(rt.at(p).status == codon_status::called);
        REQUIRE(rt.at(p).aa.single() == ref.rt_protein[static_cast<std::size_t>(p - 1)]);
        REQUIRE(rt.at(p).codon == ref.sequence.substr(test::rt_offset(p), 3));
    }
    for (int p = 1; p <= s_info.n_codons; ++p)
    {
        INFO("s" << p);
        REQUIRE(s.at(p).status == codon_status::called);
        REQUIRE(s.at(p).aa.single() == ref.s_protein[static_cast<std::size_t>(p - 1)]);
    }
    CHECK(rt.insertions.empty());
    CHECK(rt.frameshifts.empty());
    CHECK(rt.covered_range() == std::pair{1, rt_info.n_codons});
    // The S frame starts 25 nt after rt1: s1 is read from bases 25..27 past rt1.
    CHECK(s.at(1).codon == ref.sequence.substr(test::rt_offset(1) + s_offset_from_rt1, 3));
}

TEST_CASE("translate: an IUPAC mixture gives every amino acid it allows, never X", "[translate]")
{
    auto const & ref = test::genotype_reference('A');
    auto aln = test::identity_alignment(ref);
    REQUIRE(aln.bases.substr(test::rt_offset(204), 3) == "ATG"); // rtM204
    aln.bases[test::rt_offset(204)] = 'R';                       // A/G: ATG (M) or GTG (V)
    auto const rt = translate_gene(aln, gene::rt, rt1_index(ref));
    auto const & c = rt.at(204);
    CHECK(c.status == codon_status::called);
    CHECK(c.codon == "RTG");
    CHECK(c.aa.size() == 2);
    CHECK(c.aa.contains('M'));
    CHECK(c.aa.contains('V'));
    CHECK_FALSE(c.aa.contains('X'));
}

TEST_CASE("translate: N makes a codon ambiguous, a missing base makes it not covered", "[translate]")
{
    auto const & ref = test::genotype_reference('A');
    auto aln = test::identity_alignment(ref);
    aln.bases[test::rt_offset(180) + 1] = 'N';
    // The sample ends inside rt codon 300: its bases from the second base of codon 300 on are absent.
    test::end_before(aln, test::rt_offset(300) + 1);
    auto const rt = translate_gene(aln, gene::rt, rt1_index(ref));
    CHECK(rt.at(180).status == codon_status::ambiguous);
    // The set holds every residue the N allows (CNG: L, P, Q, R), the reference one among them.
    CHECK(rt.at(180).aa.size() > 1);
    CHECK(rt.at(180).aa.contains(ref.rt_protein[179]));
    CHECK(rt.at(299).status == codon_status::called);
    CHECK(rt.at(300).status == codon_status::not_covered);
    CHECK(rt.at(344).status == codon_status::not_covered);
    CHECK(rt.covered_range() == std::pair{1, 299});
}

TEST_CASE("translate: an in-frame codon deletion and insertion on codon boundaries", "[translate]")
{
    auto const & ref = test::genotype_reference('A');
    auto aln = test::identity_alignment(ref);
    for (int k = 0; k < 3; ++k)
        aln.bases[test::rt_offset(100) + static_cast<std::size_t>(k)] = '-';
    // Three bases inserted after rt codon 150 (after its last base) code for one extra residue.
    aln.insertions.push_back({static_cast<int>(test::rt_offset(150) + 2), "GCC"});
    auto const rt = translate_gene(aln, gene::rt, rt1_index(ref));
    CHECK(rt.at(100).status == codon_status::deleted);
    CHECK(rt.at(100).codon == "---");
    CHECK(rt.at(99).status == codon_status::called);
    CHECK(rt.at(101).status == codon_status::called);
    REQUIRE(rt.insertions.size() == 1);
    CHECK(rt.insertions[0].after == 150);
    CHECK(rt.insertions[0].bases == "GCC");
    CHECK(rt.insertions[0].in_frame);
    REQUIRE(rt.insertions[0].aa.size() == 1);
    CHECK(rt.insertions[0].aa[0].single() == 'A');
    CHECK(rt.frameshifts.empty());
    CHECK(rt.at(151).aa.single() == ref.rt_protein[150]);
}

TEST_CASE("translate: a one-base deletion is a frameshift and later codons are read in frame again", "[translate]")
{
    auto const & ref = test::genotype_reference('A');
    auto aln = test::identity_alignment(ref);
    aln.bases[test::rt_offset(120) + 1] = '-';
    auto const rt = translate_gene(aln, gene::rt, rt1_index(ref));
    REQUIRE(rt.frameshifts.size() == 1);
    CHECK(rt.frameshifts[0].net_bases == -1);
    CHECK(rt.frameshifts[0].pos == 120);
    CHECK(rt.at(120).status == codon_status::not_covered);
    CHECK(rt.at(119).status == codon_status::called);
    // The reference frame resumes: a codon well after the shift is called with its reference residue.
    CHECK(rt.at(130).status == codon_status::called);
    CHECK(rt.at(130).aa.single() == ref.rt_protein[129]);
}

TEST_CASE("translate: a window that starts after rt1 leaves the codons before it not covered", "[translate]")
{
    auto const & ref = test::genotype_reference('A');
    auto const full = test::identity_alignment(ref);
    projected_alignment aln = full;
    // The window begins at rt codon 50 (window index 0 = genome offset of rt50 nt 1).
    auto const start = test::rt_offset(50);
    aln.window_start = static_cast<int>(start);
    aln.bases = full.bases.substr(start);
    aln.query_pos.assign(full.query_pos.begin() + static_cast<std::ptrdiff_t>(start), full.query_pos.end());
    int const rt1 = -static_cast<int>(3 * 49);
    auto const rt = translate_gene(aln, gene::rt, rt1);
    CHECK(rt.at(49).status == codon_status::not_covered);
    CHECK(rt.at(50).status == codon_status::called);
    CHECK(rt.at(50).aa.single() == ref.rt_protein[49]);
    CHECK(rt.covered_range().first == 50);
}
