//! \file
//! \brief Direct tests of assess_quality, status_of and relax_undecisive_gaps on hand-built
//! alignments and call tables (no aligner, no genotyper).

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include <hbvdr/calls/calls.hpp>
#include <hbvdr/qc/qc.hpp>

#include "test_support.hpp"

namespace
{

using namespace hbvdr;

genotype_call genotype_a()
{
    genotype_call g;
    g.genotype = "A";
    g.nearest_genotype = 'A';
    g.distance = 0.0;
    return g;
}

struct assessed
{
    call_table calls;
    qc_result qc;
};

//! QC options as hbvdr analyze sets them: the bundled database's resistance positions.
qc_options db_options()
{
    qc_options o;
    o.key_rt_positions = test::db().coverage_rt_positions();
    return o;
}

assessed
assess(projected_alignment const & aln, genotype_call const & g = genotype_a(), qc_options const & o = db_options())
{
    auto const & ref = test::genotype_reference('A');
    int const rt1 = static_cast<int>(ref.rt_offset());
    assessed a{make_call_table(aln, ref, rt1), {}};
    a.qc = assess_quality(a.calls, aln, rt1, g, o);
    return a;
}

//! Assess the genome of `genotype` with base `k` (0..2) of rt codon `codon` replaced by `base`.
assessed assess_one_base(char const genotype, int const codon, std::size_t const k, char const base)
{
    auto aln = test::identity_alignment(test::genotype_reference(genotype));
    aln.bases[test::rt_offset(codon) + k] = base;
    return assess(aln);
}

qc_message const * find(qc_result const & r, std::string const & code)
{
    auto const it = std::ranges::find(r.messages, code, &qc_message::code);
    return it == r.messages.end() ? nullptr : &*it;
}

//! The message with `code`, which must be present at `level`.
qc_message const & message(qc_result const & r, std::string const & code, qc_level const level)
{
    qc_message const * m = find(r, code);
    INFO(code);
    REQUIRE(m != nullptr);
    CHECK(m->level == level);
    return *m;
}

} // namespace

TEST_CASE("qc: a wild-type genome passes with whole RT coverage and identity 1", "[qc]")
{
    auto const a = assess(test::identity_alignment(test::genotype_reference('A')));
    CHECK(a.qc.status == qc_status::pass);
    CHECK(a.qc.metrics.rt_first == 1);
    CHECK(a.qc.metrics.rt_last == 344);
    CHECK(a.qc.metrics.rt_called == 344);
    CHECK(a.qc.metrics.rt_not_covered_within == 0);
    CHECK(a.qc.metrics.identity == 1.0);
    CHECK(a.qc.metrics.mixed_bases == 0);
    for (auto const & m : a.qc.messages)
        CHECK(m.level == qc_level::note);
    CHECK(message(a.qc, "rt_coverage", qc_level::note).text == "RT covered rt1-rt344");
}

TEST_CASE("qc: key positions outside the sequence are severe, and none covered is critical", "[qc]")
{
    auto const & ref = test::genotype_reference('A');
    auto aln = test::identity_alignment(ref);
    // The sequence stops after rt codon 190: rt194, rt202, rt204, rt236 and rt250 are not sequenced.
    test::end_before(aln, test::rt_offset(191));
    auto const a = assess(aln);
    qc_message const & m = message(a.qc, "key_position_not_covered", qc_level::severe);
    CHECK(m.text.find("rt204") != std::string::npos);
    CHECK(m.text.find("rt180") == std::string::npos);
    CHECK(a.qc.status == qc_status::warning);

    qc_options only_late;
    only_late.key_rt_positions = {204, 236};
    auto const b = assess(aln, genotype_a(), only_late);
    message(b.qc, "no_key_position_covered", qc_level::critical);
    CHECK(b.qc.status == qc_status::fail);
}

TEST_CASE("qc: relax_undecisive_gaps turns unsequenced key positions into a note", "[qc]")
{
    auto const & ref = test::genotype_reference('A');
    auto aln = test::identity_alignment(ref);
    test::end_before(aln, test::rt_offset(240));
    auto a = assess(aln);
    REQUIRE(a.qc.status == qc_status::warning);
    relax_undecisive_gaps(a.qc);
    qc_message const & m = message(a.qc, "key_position_not_covered", qc_level::note);
    CHECK(m.text.ends_with("(no drug call depends on them in this sample)"));
    CHECK(a.qc.status == qc_status::pass);
}

TEST_CASE("qc: N at a key position, many N, mixtures and low identity", "[qc]")
{
    auto const & ref = test::genotype_reference('A');
    SECTION("N in the rt204 codon")
    {
        auto const a = assess_one_base('A', 204, 2, 'N');
        qc_message const & m = message(a.qc, "key_position_ambiguous", qc_level::severe);
        CHECK(m.text.find("rt204") != std::string::npos);
    }
    SECTION("a quarter of RT bases are N: critical")
    {
        auto aln = test::identity_alignment(ref);
        for (int p = 1; p <= 270; ++p)
            aln.bases[test::rt_offset(p) + 0] = 'N';
        auto const a = assess(aln);
        message(a.qc, "many_n", qc_level::critical);
        CHECK(a.qc.status == qc_status::fail);
    }
    SECTION("two mixed bases are a note")
    {
        auto aln = test::identity_alignment(ref);
        aln.bases[test::rt_offset(204) + 0] = 'R';
        aln.bases[test::rt_offset(180) + 0] = 'Y';
        auto const a = assess(aln);
        CHECK(a.qc.metrics.mixed_bases == 2);
        message(a.qc, "mixed_bases", qc_level::note);
        CHECK(a.qc.status == qc_status::pass);
    }
    SECTION("the third base of every RT codon changed: identity below 80 % fails")
    {
        auto aln = test::identity_alignment(ref);
        for (int p = 1; p <= 344; ++p)
        {
            char & b = aln.bases[test::rt_offset(p) + 2];
            b = b == 'A' ? 'C' : 'A';
        }
        auto const a = assess(aln);
        CHECK(a.qc.metrics.identity < 0.80);
        message(a.qc, "low_identity", qc_level::critical);
    }
}

TEST_CASE("qc: frameshifts, stop codons and an unassigned genotype", "[qc]")
{
    auto const & ref = test::genotype_reference('A');
    SECTION("one frameshift is severe")
    {
        auto const a = assess_one_base('A', 120, 1, '-');
        CHECK(a.qc.metrics.frameshifts == 1);
        qc_message const & m = message(a.qc, "frameshift", qc_level::severe);
        CHECK(m.text.find("-1 nt") != std::string::npos);
    }
    SECTION("a stop codon in RT")
    {
        auto aln = test::identity_alignment(ref);
        aln.bases.replace(test::rt_offset(100), 3, "TAA");
        auto const a = assess(aln);
        CHECK(a.qc.metrics.stops_rt == 1);
        qc_message const & m = message(a.qc, "stop_codon_rt", qc_level::severe);
        CHECK(m.text.find("rt100") != std::string::npos);
    }
    SECTION("genotype unassigned is a warning with its reason")
    {
        auto g = genotype_a();
        g.genotype = "unassigned";
        g.unassigned_reason = "too few comparable sites";
        auto const a = assess(test::identity_alignment(ref), g);
        qc_message const & m = message(a.qc, "genotype_unassigned", qc_level::warning);
        CHECK(m.text == "genotype not assigned: too few comparable sites");
    }
}

TEST_CASE("qc: status_of grades messages", "[qc]")
{
    CHECK(status_of({}) == qc_status::pass);
    CHECK(status_of({{qc_level::note, "a", ""}}) == qc_status::pass);
    CHECK(status_of({{qc_level::note, "a", ""}, {qc_level::severe, "b", ""}}) == qc_status::warning);
    CHECK(status_of({{qc_level::warning, "a", ""}, {qc_level::critical, "b", ""}}) == qc_status::fail);
    CHECK(to_string(qc_status::fail) == "fail");
    CHECK(to_string(qc_level::severe) == "severe");
}
