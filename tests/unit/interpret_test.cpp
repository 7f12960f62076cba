// Drug levels, cross-resistance, salvage options and cautions from the shipped database.
#include <catch2/catch.hpp>

#include <map>

#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

using levels = std::map<std::string, std::string>;

std::string
mutate(char const genotype, std::vector<std::pair<int, std::string>> const & codons, int from = 1, int to = 344)
{
    std::string g = genome(genotype);
    for (auto const & [pos, codon] : codons)
        g = with_rt_codon(g, pos, codon);
    return rt_region(g, from, to, 0);
}

levels levels_of(sample_report const & r)
{
    levels out;
    for (drug_call const & d : r.interp.drugs)
        out[d.drug] = std::string{to_string(d.level)};
    return out;
}

levels row(std::string lam, std::string ldt, std::string etv, std::string adv, std::string tdf)
{
    // TAF follows TDF (same active metabolite; no TAF-specific data).
    return {{"LAM", lam}, {"LdT", ldt}, {"ETV", etv}, {"ADV", adv}, {"TDF", tdf}, {"TAF", tdf}};
}

// The levels another rule set gives: its own where it differs from the primary set, else the primary's
// (also for drugs the set does not cover: Stanford 0.2 has no telbivudine).
levels set_levels(sample_report const & r, std::string const & set)
{
    levels out = levels_of(r);
    for (drug_call const & d : r.interp.drugs)
        for (set_level const & o : d.other_sets)
            if (o.set == set)
                out[d.drug] = std::string{to_string(o.level)};
    return out;
}

bool has_salvage(sample_report const & r, std::string const & id)
{
    for (salvage_item const & s : r.interp.salvage)
        if (s.id == id)
            return true;
    return false;
}

bool has_caution(sample_report const & r, std::string const & id)
{
    for (caution_item const & c : r.interp.cautions)
        if (c.id == id)
            return true;
    return false;
}

} // namespace

// One test per row of the EASL 2012 cross-resistance table (the primary rule set of the release),
// with the levels of the other rule sets (EASL 2017 as recalled, Stanford 0.2 comments) where they differ.
TEST_CASE("EASL 2012 cross-resistance: wild type is susceptible to every drug", "[interpret][easl]")
{
    for (char const g : std::string{"ABCDEFGHIJ"})
    {
        sample_report const r = analyze_with_db(mutate(g, {}));
        INFO("genotype " << g);
        REQUIRE(r.interpreted);
        CHECK(r.interp.rule_set == "EASL2012");
        CHECK(levels_of(r) == row("S", "S", "S", "S", "S"));
        CHECK(r.interp.remaining_effective.size() == 6);
        for (drug_call const & d : r.interp.drugs)
            CHECK(d.other_sets.empty());
    }
}

TEST_CASE("EASL 2012 cross-resistance: M204I/V", "[interpret][easl]")
{
    for (std::string const codon : {"ATT", "GTG", "ATA", "ATC"})
    {
        INFO("rt204 codon " << codon);
        sample_report const alone = analyze_with_db(mutate('D', {{204, codon}}));
        CHECK(levels_of(alone) == row("R", "R", "I", "S", "S"));
        // Stanford 0.2 gives ETV reduced susceptibility only with L180M/I or V173L; EASL 2017 (recalled)
        // gives ADV I, and telbivudine I for M204V without L180M.
        bool const v = codon == "GTG";
        CHECK(set_levels(alone, "STANFORD0.2") == row("R", "R", "S", "S", "S"));
        CHECK(set_levels(alone, "EASL2017") == row("R", v ? "I" : "R", "I", "I", "S"));
        sample_report const with = analyze_with_db(mutate('C', {{204, codon}, {180, "ATG"}}));
        CHECK(levels_of(with) == row("R", "R", "I", "S", "S"));
        CHECK(set_levels(with, "STANFORD0.2") == row("R", "R", "I", "S", "S"));
        CHECK(set_levels(with, "EASL2017") == row("R", "R", "I", "I", "S"));
    }
}

TEST_CASE("EASL 2012 cross-resistance: N236T", "[interpret][easl]")
{
    for (sample_report const & r :
         {analyze_with_db(mutate('A', {{236, "ACC"}})), analyze_with_db(mutate('C', {{236, "ACT"}}))})
    {
        CHECK(levels_of(r) == row("S", "S", "S", "R", "I"));
        CHECK(set_levels(r, "STANFORD0.2") == row("S", "S", "S", "R", "I"));
        CHECK(set_levels(r, "EASL2017") == row("S", "S", "S", "R", "I"));
        for (drug_call const & d : r.interp.drugs)
            CHECK(d.other_sets.empty());
    }
}

TEST_CASE("EASL 2012 cross-resistance: A181T/V", "[interpret][easl]")
{
    for (sample_report const & r :
         {analyze_with_db(mutate('C', {{181, "ACT"}})), analyze_with_db(mutate('D', {{181, "GTT"}}))})
    {
        CHECK(levels_of(r) == row("R", "R", "S", "R", "I"));
        // Stanford 0.2: "little, if any, cross-resistance to TDF and TAF"; LAM and ADV reduced susceptibility.
        CHECK(set_levels(r, "STANFORD0.2") == row("I", "R", "S", "I", "S"));
        CHECK(set_levels(r, "EASL2017") == row("I", "I", "S", "R", "S"));
        drug_call const * tdf = r.interp.find("TDF");
        REQUIRE(tdf->other_sets.size() == 2);
        CHECK(tdf->other_sets[0].name == "EASL 2017");
        CHECK(tdf->other_sets[0].evidence == "L");
        CHECK(tdf->other_sets[1].name == "Stanford HBV 0.2");
        CHECK(tdf->other_sets[1].level == drug_level::S);
    }
}

TEST_CASE("EASL 2012 cross-resistance: A181T/V + N236T", "[interpret][easl]")
{
    for (sample_report const & r : {analyze_with_db(mutate('C', {{181, "ACT"}, {236, "ACC"}})),
                                    analyze_with_db(mutate('B', {{181, "GTT"}, {236, "ACC"}}))})
    {
        CHECK(levels_of(r) == row("R", "R", "S", "R", "R"));
        CHECK(set_levels(r, "STANFORD0.2") == row("I", "R", "S", "R", "I"));
        CHECK(set_levels(r, "EASL2017") == row("I", "I", "S", "R", "I"));
    }
}

TEST_CASE("rtL180M + rtM204V + rtI169T is entecavir resistant (EASL 2012 footnote, Stanford 0.2)", "[interpret][etv]")
{
    for (char const g : std::string{"ABCD"})
    {
        INFO("genotype " << g);
        sample_report const r = analyze_with_db(mutate(g, {{180, "ATG"}, {204, "GTG"}, {169, "ACC"}}));
        CHECK(levels_of(r) == row("R", "R", "R", "S", "S"));
        CHECK(set_levels(r, "STANFORD0.2") == row("R", "R", "R", "S", "S"));
        CHECK(set_levels(r, "EASL2017") == row("R", "R", "R", "I", "S"));
        CHECK(r.interp.find("ETV")->rules.front().id == "ETV-R-PATHWAY");
    }
    // I169T without the rtM204V/I backbone changes nothing.
    CHECK(levels_of(analyze_with_db(mutate('D', {{169, "ACC"}}))) == row("S", "S", "S", "S", "S"));
}

TEST_CASE("EASL 2012 cross-resistance: the entecavir pathway", "[interpret][easl][etv]")
{
    std::vector<std::vector<std::pair<int, std::string>>> const pathways{
        {{180, "ATG"}, {204, "GTG"}, {184, "GGC"}},               // L180M + M204V + T184G
        {{180, "ATG"}, {204, "GTG"}, {202, "GGC"}},               // + S202G
        {{180, "ATG"}, {204, "ATT"}, {202, "ATC"}},               // M204I + S202I
        {{180, "ATG"}, {204, "GTG"}, {250, "GTG"}, {169, "ACC"}}, // + M250V + I169T
    };
    for (auto const & p : pathways)
    {
        sample_report const r = analyze_with_db(mutate('D', p));
        CHECK(levels_of(r) == row("R", "R", "R", "S", "S"));
        CHECK(set_levels(r, "EASL2017") == row("R", "R", "R", "I", "S"));
        // the backbone residue and the signature residue(s)
        CHECK(r.interp.find("ETV")->mutations.size() == (p.size() == 4 ? 3 : 2));
    }
    // Stanford 0.2 names S202I, not S202G, as a high-level ETV change: reduced susceptibility only.
    CHECK(set_levels(analyze_with_db(mutate('D', pathways[1])), "STANFORD0.2") == row("R", "R", "I", "S", "S"));
    CHECK(set_levels(analyze_with_db(mutate('D', pathways[2])), "STANFORD0.2") == row("R", "R", "R", "S", "S"));
}

TEST_CASE("ETV logic: signature without backbone is not resistant, backbone without signature is I", "[interpret][etv]")
{
    sample_report const sig = analyze_with_db(mutate('D', {{184, "GGC"}}));
    CHECK(levels_of(sig) == row("S", "S", "S", "S", "S"));
    // The documentation rule explains why: a signature residue alone has little effect.
    REQUIRE(sig.interp.find("ETV")->rules.size() == 1);
    CHECK(sig.interp.find("ETV")->rules[0].id == "ETV-S-SIGNATURE-ONLY");
    treatment_context lam;
    lam.history = {"LAM"};
    CHECK(has_caution(analyze_with_db(mutate('D', {{184, "GGC"}}), lam), "CAU-ETV-SIGNATURE-ARCHIVED"));

    sample_report const backbone = analyze_with_db(mutate('D', {{180, "ATG"}, {204, "GTG"}}));
    CHECK(backbone.interp.find("ETV")->level == drug_level::I);
    sample_report const both = analyze_with_db(mutate('D', {{180, "ATG"}, {204, "GTG"}, {184, "GGC"}}));
    CHECK(both.interp.find("ETV")->level == drug_level::R);
}

TEST_CASE("compensatory mutations are reported but change no call on their own", "[interpret]")
{
    sample_report const r = analyze_with_db(mutate('D', {{80, "ATA"}, {173, "CTG"}, {180, "ATG"}}));
    CHECK(levels_of(r) == row("S", "S", "S", "S", "S"));
    int secondary = 0;
    for (finding const & f : r.interp.findings)
        secondary += f.kind == "secondary";
    CHECK(secondary == 3);
    sample_report const with = analyze_with_db(mutate('D', {{80, "ATA"}, {180, "ATG"}, {204, "ATT"}}));
    drug_call const * lam = with.interp.find("LAM");
    CHECK(lam->level == drug_level::R);
    REQUIRE(lam->accessory.size() == 2);
    CHECK(lam->accessory[0].label == "rtL80I");
    CHECK(lam->accessory[0].role == "secondary");
}

TEST_CASE("tenofovir CYE set: scored only when acquired, never from residues native to the genotype",
          "[interpret][tdf][native]")
{
    // Genotype D carries none of C106, Y126, E134: acquired together they give TDF/TAF I (Park 2019).
    REQUIRE(refs().panel()[*refs().genotype_reference_index('D')].residue(gene::rt, 126) == 'H');
    sample_report const d = analyze_with_db(mutate('D', {{106, "TGC"}, {126, "TAC"}, {134, "GAA"}}));
    CHECK(levels_of(d) == row("S", "S", "S", "S", "I"));
    CHECK(d.interp.find("TAF")->follows == "TDF");
    CHECK(d.interp.find("TDF")->evidence == "L");
    CHECK(has_caution(d, "CAU-CYE-EVIDENCE"));
    CHECK_FALSE(has_caution(d, "CAU-CYE-NATIVE"));
    // No source table scores the set: the other rule sets say susceptible.
    CHECK(set_levels(d, "EASL2017") == row("S", "S", "S", "S", "S"));
    CHECK(set_levels(d, "STANFORD0.2") == row("S", "S", "S", "S", "S"));
    CHECK(levels_of(analyze_with_db(mutate('D', {{106, "TGC"}, {134, "GAA"}}))) == row("S", "S", "S", "S", "S"));
    // In genotype C the three residues are native (panel genome DQ089802): listed, cautioned, not scored.
    sample_report const c = analyze_with_db(mutate('C', {{106, "TGC"}, {126, "TAC"}, {134, "GAA"}}));
    CHECK(levels_of(c) == row("S", "S", "S", "S", "S"));
    CHECK(has_caution(c, "CAU-CYE-NATIVE"));
    for (finding const & f : c.interp.findings)
        if (f.g == gene::rt && (f.pos == 106 || f.pos == 126 || f.pos == 134))
            CHECK(f.native);
    // Genotype A carries Y126 natively: S106C + D134E acquired complete the residue set, but not by acquisition.
    sample_report const a = analyze_with_db(mutate('A', {{106, "TGC"}, {134, "GAA"}}));
    REQUIRE(a.calls.ref_aa(gene::rt, 126) == 'Y');
    CHECK(levels_of(a) == row("S", "S", "S", "S", "S"));
    CHECK(has_caution(a, "CAU-CYE-NATIVE"));
    CHECK_FALSE(has_caution(a, "CAU-CYE-EVIDENCE"));
}

TEST_CASE("a mixture at rt204 makes lamivudine resistant and is shown as a mixture", "[interpret][mixture]")
{
    sample_report const r = analyze_with_db(mutate('B', {{204, "ATK"}}));
    drug_call const * lam = r.interp.find("LAM");
    CHECK(lam->level == drug_level::R);
    REQUIRE(lam->mutations.size() == 1);
    CHECK(lam->mutations[0].label == "rtM204IM");
    CHECK(lam->mutations[0].freq < 0);
}

TEST_CASE("an unsequenced or ambiguous rt204 gives insufficient data, never susceptible", "[interpret][coverage]")
{
    sample_report const partial = analyze_with_db(mutate('C', {}, 1, 200));
    for (std::string const d : {"LAM", "LdT", "ETV", "ADV", "TDF", "TAF"})
    {
        INFO(d);
        CHECK(partial.interp.find(d)->level == drug_level::insufficient_data);
    }
    CHECK(partial.interp.find("LAM")->missing == std::vector<std::string>{"rt204 (outside sequence)"});
    CHECK(partial.interp.remaining_effective.empty());

    sample_report const n = analyze_with_db(mutate('D', {{204, "NTG"}}));
    CHECK(n.interp.find("LAM")->level == drug_level::insufficient_data);
    CHECK(n.interp.find("LAM")->missing == std::vector<std::string>{"rt204 (ambiguous)"});
    CHECK(n.interp.find("ADV")->level == drug_level::S);
    // Resistance already proven elsewhere is not hidden by a gap: rtA181T makes LAM R whatever rt204 is.
    sample_report const known = analyze_with_db(mutate('D', {{181, "ACT"}, {204, "NNN"}}));
    CHECK(known.interp.find("LAM")->level == drug_level::R);
}

TEST_CASE("salvage: each resistance pattern lists the guideline options with their source", "[interpret][salvage]")
{
    treatment_context none;
    treatment_context lam;
    lam.history = {"LAM"};
    sample_report const lamr = analyze_with_db(mutate('D', {{180, "ATG"}, {204, "GTG"}}), lam);
    CHECK(has_salvage(lamr, "SAL-LAM-EASL2017"));
    CHECK(has_salvage(lamr, "SAL-LAM-AASLD2018"));
    CHECK(lamr.interp.salvage.front().guideline == "EASL2017");
    CHECK(lamr.interp.remaining_effective == std::vector<std::string>{"ADV", "TDF", "TAF"});

    sample_report const etvr = analyze_with_db(mutate('D', {{180, "ATG"}, {204, "GTG"}, {184, "GGC"}}));
    CHECK(has_salvage(etvr, "SAL-ETV-EASL2017"));

    sample_report const adv_naive = analyze_with_db(mutate('C', {{236, "ACC"}}), none);
    CHECK(has_salvage(adv_naive, "SAL-ADV-NAIVE-EASL2017"));
    CHECK_FALSE(has_salvage(adv_naive, "SAL-ADV-LAMR-EASL2017"));
    sample_report const adv_lam = analyze_with_db(mutate('C', {{236, "ACC"}}), lam);
    CHECK(has_salvage(adv_lam, "SAL-ADV-LAMR-EASL2017"));
    CHECK_FALSE(has_salvage(adv_lam, "SAL-ADV-NAIVE-EASL2017"));

    sample_report const tdfr = analyze_with_db(mutate('C', {{181, "ACT"}, {236, "ACC"}}), none);
    CHECK(has_salvage(tdfr, "SAL-TDF-NAIVE-EASL2017"));
    CHECK(tdfr.interp.remaining_effective == std::vector<std::string>{"ETV"});

    sample_report const mdr = analyze_with_db(mutate('C', {{180, "ATG"}, {204, "GTG"}, {236, "ACC"}}), lam);
    CHECK(has_salvage(mdr, "SAL-MDR-EASL2017"));
    CHECK(has_salvage(mdr, "SAL-MDR-AASLD2018"));

    sample_report const wt = analyze_with_db(mutate('C', {}), lam);
    CHECK(wt.interp.salvage.empty());
}

TEST_CASE(
    "cautions: cross-resistant sequential monotherapy, telbivudine with peginterferon, adefovir in HBeAg-positive",
    "[interpret][cautions]")
{
    treatment_context lam;
    lam.history = {"LAM"};
    sample_report const lamr = analyze_with_db(mutate('D', {{180, "ATG"}, {204, "GTG"}}), lam);
    CHECK(has_caution(lamr, "CAU-LAM-TO-LDT"));
    CHECK(has_caution(lamr, "CAU-LAM-TO-ETV"));
    CHECK(has_caution(lamr, "CAU-ADV-AFTER-LAMR"));

    treatment_context ldt_peg;
    ldt_peg.history = {"LdT", "PEG"};
    CHECK(has_caution(analyze_with_db(mutate('D', {}), ldt_peg), "CAU-LDT-PEG"));
    CHECK_FALSE(has_caution(analyze_with_db(mutate('D', {}), lam), "CAU-LDT-PEG"));

    treatment_context pos;
    pos.hbeag_positive = true;
    CHECK(has_caution(analyze_with_db(mutate('D', {}), pos), "CAU-ADV-HBEAG-POS"));
    treatment_context neg;
    neg.hbeag_positive = false;
    CHECK_FALSE(has_caution(analyze_with_db(mutate('D', {}), neg), "CAU-ADV-HBEAG-POS"));
    CHECK_FALSE(has_caution(analyze_with_db(mutate('D', {})), "CAU-ADV-HBEAG-POS")); // unknown status: not asserted

    CHECK(has_caution(analyze_with_db(mutate('D', {{181, "ACT"}})), "CAU-A181TV-TDF"));
    CHECK(has_caution(analyze_with_db(mutate('D', {{204, "TCG"}})), "CAU-M204S"));
}

TEST_CASE("findings name catalogued HBsAg changes caused by RT mutations", "[interpret][hbsag]")
{
    sample_report const r = analyze_with_db(mutate('C', {{181, "ACT"}}));
    bool truncation = false;
    for (finding const & f : r.interp.findings)
        truncation = truncation || (f.g == gene::s && f.pos == 172 && f.kind == "truncation");
    CHECK(truncation);
}

TEST_CASE("the treatment history is checked against the database's drug codes", "[interpret]")
{
    CHECK(parse_history("lam, adv", db()) == std::vector<std::string>{"LAM", "ADV"});
    CHECK(parse_history("LDT,peg", db()) == std::vector<std::string>{"LdT", "PEG"});
    CHECK_THROWS_WITH(parse_history("LAM,XYZ", db()), Catch::Contains("unknown drug 'XYZ'"));
}

TEST_CASE("unsequenced resistance positions are severe only while a drug call depends on them", "[interpret][qc]")
{
    auto level_of = [](sample_report const & r, std::string const & code)
    {
        for (qc_message const & m : r.qc.messages)
            if (m.code == code)
                return m.level;
        return qc_level::critical; // absent: make the checks below fail
    };
    // rt100-rt344 misses rt80 (a catalogued compensatory position QC checks), which no rule uses.
    sample_report const decided = analyze_with_db(mutate('D', {{204, "GTG"}}, 100, 344));
    for (drug_call const & d : decided.interp.drugs)
        CHECK(d.level != drug_level::insufficient_data);
    CHECK(level_of(decided, "key_position_not_covered") == qc_level::note);
    CHECK(decided.qc.status == qc_status::pass);
    // rt150-rt260 leaves TDF/TAF undecided: the gap stays severe and the sample is a warning.
    sample_report const undecided = analyze_with_db(mutate('C', {}, 150, 260));
    CHECK(level_of(undecided, "key_position_not_covered") == qc_level::severe);
    CHECK(undecided.qc.status == qc_status::warning);
}
