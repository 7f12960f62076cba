#include <catch2/catch.hpp>

#include <hbvdr/report/tables.hpp>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{
mutation_row const * find_mutation(sample_report const & r, std::string const & label)
{
    for (mutation_row const & m : r.mutations)
        if (m.mutation.label() == label)
            return &m;
    return nullptr;
}

sample_report with_codon(char const genotype, int const pos, std::string const & codon)
{
    return analyze(rt_region(with_rt_codon(genome(genotype), pos, codon), 1, 344, 20));
}
} // namespace

TEST_CASE("the S consequence of an RT change is computed from the actual codon", "[calls][overlap]")
{
    struct case_t
    {
        char genotype;
        int pos;
        std::string codon, rt_label, s_effect;
    };
    std::vector<case_t> const cases{
        {'C', 181, "ACT", "rtA181T", "sW172*"},
        {'C', 181, "GTT", "rtA181V", "sL173F"},
        {'D', 204, "GTG", "rtM204V", "sI195M"},
        {'D', 204, "ATT", "rtM204I", "sW196L"},
        {'D', 204, "ATA", "rtM204I", "sW196*"},
        {'D', 204, "ATC", "rtM204I", "sW196S"},
        {'B', 236, "ACC", "rtN236T", "outside S"},
        {'B', 250, "GTG", "rtM250V", "outside S"},
    };
    for (case_t const & c : cases)
    {
        INFO(c.rt_label << " via " << c.codon << " genotype " << c.genotype);
        sample_report const r = with_codon(c.genotype, c.pos, c.codon);
        mutation_row const * m = find_mutation(r, c.rt_label);
        REQUIRE(m != nullptr);
        CHECK(m->other_frame == c.s_effect);
        if (c.s_effect.front() == 's')
        {
            mutation_row const * s = find_mutation(r, c.s_effect);
            REQUIRE(s != nullptr);
            CHECK(s->other_frame == c.rt_label);
        }
    }
}

TEST_CASE("rtV173L gives sE164D and rtL180M is synonymous in S", "[calls][overlap]")
{
    sample_report const r = with_codon('A', 173, "CTG");
    mutation_row const * m = find_mutation(r, "rtV173L");
    REQUIRE(m != nullptr);
    CHECK(m->other_frame == "sE164D");
    REQUIRE(genome('A').substr(rt_offset(180), 3) == "TTG"); // only nt1 changes: 3rd base of sS171
    sample_report const l = with_codon('A', 180, "ATG");
    mutation_row const * lm = find_mutation(l, "rtL180M");
    REQUIRE(lm != nullptr);
    CHECK(lm->other_frame == "syn");
}

TEST_CASE("an IUPAC mixture is called as the set of amino acids in both frames", "[calls][mixture]")
{
    sample_report const r = with_codon('D', 204, "RTG"); // A/G at nt1: M or V
    CHECK(r.calls.rt.at(204).status == codon_status::called);
    CHECK(aa_text(r.calls.rt.at(204)) == "MV");
    mutation_row const * m = find_mutation(r, "rtM204MV");
    REQUIRE(m != nullptr);
    CHECK(m->mutation.kind == mutation_kind::mixture);
    CHECK(m->other_frame == "sI195IM");
    sample_report const k = with_codon('D', 204, "ATK");
    CHECK(aa_text(k.calls.rt.at(204)) == "IM");
}

TEST_CASE("a codon with N is ambiguous not a mutation", "[calls][mixture]")
{
    sample_report const r = with_codon('C', 204, "ANG");
    CHECK(r.calls.rt.at(204).status == codon_status::ambiguous);
    CHECK(find_mutation(r, "rtM204KMRT") == nullptr);
    for (mutation_row const & m : r.mutations)
        CHECK_FALSE((m.mutation.g == gene::rt && m.mutation.pos == 204));
    // QC names it among the resistance positions, which come from the database.
    sample_report const d = analyze_with_db(rt_region(with_rt_codon(genome('C'), 204, "ANG"), 1, 344, 20));
    bool flagged = false;
    for (qc_message const & q : d.qc.messages)
        flagged = flagged || q.code == "key_position_ambiguous";
    CHECK(flagged);
}

TEST_CASE("residues native to the genotype are not mutations: calls are genotype-aware", "[calls]")
{
    // rt126: H in genotype C, Y in genotype A. A genotype-A sample with Y126 has no rt126 mutation.
    sample_report const a = analyze(rt_region(genome('A'), 1, 344, 20));
    CHECK(aa_text(a.calls.rt.at(126)) == std::string(1, a.calls.ref_aa(gene::rt, 126)));
    CHECK(a.mutations.empty());
    // A genotype-C sample given Y126 shows rtH126Y, and says Y is native in other genotypes.
    sample_report const c = with_codon('C', 126, "TAC");
    mutation_row const * m = find_mutation(c, "rtH126Y");
    REQUIRE(m != nullptr);
    CHECK(m->native_in.find('A') != std::string::npos);
}

TEST_CASE("calls.tsv has a row for every RT and S position", "[calls][report]")
{
    sample_report const r = with_codon('B', 204, "GTG");
    std::string rows;
    append_call_rows(rows, r);
    CHECK(std::count(rows.begin(), rows.end(), '\n') == 344 + 226);
    CHECK(rows.find("sample\tRT\t204\tM\tV\tGTG\tcalled\t") != std::string::npos);
    CHECK(rows.find("sample\tS\t195\tI\tM\t") != std::string::npos);
}
