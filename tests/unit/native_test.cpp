// Acquired versus native: a residue carried by a reference-panel genome of the sample's genotype is
// never resistance, in any rule set; untreated wild-type genomes of every genotype are susceptible.
#include <catch2/catch.hpp>

#include <hbvdr/io/sequence_reader.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

// Every drug S in the reported set and in every other set (other_sets lists only differing levels).
void check_all_susceptible(sample_report const & r)
{
    REQUIRE(r.interpreted);
    for (drug_call const & d : r.interp.drugs)
    {
        INFO(d.drug);
        CHECK(d.level == drug_level::S);
        CHECK(d.other_sets.empty());
    }
    CHECK(r.interp.summary.resistant.empty());
    CHECK(r.interp.summary.reduced.empty());
}

} // namespace

TEST_CASE("every genome of the reference panel is susceptible to every drug in every rule set", "[interpret][native]")
{
    REQUIRE(db().rule_sets().size() >= 3);
    for (reference_genome const & g : refs().panel())
    {
        INFO(g.accession << " genotype " << g.genotype);
        sample_report const r = analyze_with_db(g.sequence);
        CHECK(r.genotype.genotype == std::string(1, g.genotype));
        check_all_susceptible(r);
        // Each rule set chosen as the reported one (--rules) says the same.
        for (db_rule_set const & set : db().rule_sets())
        {
            interpretation const in =
                interpret(r.calls, {&refs(), r.genotype.candidate_genotypes()}, db(), r.context, {0.2, set.id});
            for (drug_call const & d : in.drugs)
                CHECK(d.level == drug_level::S);
        }
    }
}

TEST_CASE("untreated wild-type genomes of genotypes A-H (GenBank) are susceptible to every drug", "[interpret][native]")
{
    sequence_reader reader{(test_data_dir() / "real" / "wildtype_genomes.fasta").string()};
    sequence_record rec;
    std::string genotypes;
    while (reader.next(rec))
    {
        INFO(rec.name);
        sample_report const r = analyze_with_db(rec.sequence);
        check_all_susceptible(r);
        genotypes += r.genotype.genotype;
    }
    CHECK(genotypes == "ABCDEFGH"); // I and J: the panel genomes above
}

TEST_CASE("DQ089802, the genotype C genome with the native CYEI residues, is not tenofovir resistant",
          "[interpret][native]")
{
    reference_genome const * dq = nullptr;
    for (reference_genome const & g : refs().panel())
        if (g.accession == "DQ089802")
            dq = &g;
    REQUIRE(dq != nullptr);
    REQUIRE(dq->residue(gene::rt, 106) == 'C');
    REQUIRE(dq->residue(gene::rt, 126) == 'Y');
    REQUIRE(dq->residue(gene::rt, 134) == 'E');
    sample_report const r = analyze_with_db(dq->sequence);
    check_all_susceptible(r);
    // The native residues are still reported, as polymorphisms, with the caution that explains them.
    bool cautioned = false;
    for (caution_item const & c : r.interp.cautions)
        cautioned = cautioned || c.id == "CAU-CYE-NATIVE";
    CHECK(cautioned);
}

TEST_CASE("a residue native in some of the genotypes a sample may belong to is unknown, never R and never S",
          "[interpret][native]")
{
    // Genotype D with acquired C106, Y126 and E134: TDF I when the genotype is D ...
    std::string g = genome('D');
    g = with_rt_codon(with_rt_codon(with_rt_codon(g, 106, "TGC"), 126, "TAC"), 134, "GAA");
    sample_report const r = analyze_with_db(g);
    REQUIRE(r.genotype.candidate_genotypes() == "D");
    CHECK(r.interp.find("TDF")->level == drug_level::I);
    // ... insufficient data when it could be C (where the three residues are native) ...
    interpretation const dc = interpret(r.calls, {&refs(), "CD"}, db(), r.context);
    drug_call const * tdf = dc.find("TDF");
    CHECK(tdf->level == drug_level::insufficient_data);
    REQUIRE_FALSE(tdf->missing.empty());
    CHECK(tdf->missing.front() == "rt106 (C native in genotype C, not in D; genotype uncertain)");
    CHECK(dc.find("LAM")->level == drug_level::S); // no residue of a LAM rule is native anywhere
    // ... and when the genotype is unassigned.
    interpretation const un = interpret(r.calls, {&refs(), ""}, db(), r.context);
    CHECK(un.find("TDF")->level == drug_level::insufficient_data);
    CHECK(un.find("TAF")->level == drug_level::insufficient_data);
    CHECK(un.genotypes.empty());
    // An acquired resistance residue that is native nowhere is decided whatever the genotype.
    sample_report const m = analyze_with_db(with_rt_codon(genome('B'), 204, "GTG"));
    CHECK(interpret(m.calls, {&refs(), ""}, db(), m.context).find("LAM")->level == drug_level::R);
}

TEST_CASE("the genotype flags name the genotypes whose native residues are set aside", "[interpret][native][genotype]")
{
    genotype_call g;
    g.genotype = "C";
    CHECK(g.candidate_genotypes() == "C");
    g.other_genotypes = "BC";
    CHECK(g.candidate_genotypes() == "BC");
    g.genotype = "unassigned";
    CHECK(g.candidate_genotypes().empty());
}

TEST_CASE("a schema 2 database without the reference panel is refused", "[interpret][native]")
{
    sample_report const r = analyze_with_db(genome('D'));
    CHECK_THROWS_AS(interpret(r.calls, {nullptr, "D"}, db(), r.context), std::invalid_argument);
    CHECK_THROWS_WITH(interpret(r.calls, {&refs(), "D"}, db(), r.context, {0.2, "NOPE"}),
                      Catch::Contains("no rule set 'NOPE'"));
}
