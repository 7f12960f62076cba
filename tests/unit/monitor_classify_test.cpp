// hbvdr monitor: classification at the boundaries, first-line checks, gates and the genotypic link.
#include <catch2/catch.hpp>

#include <hbvdr/monitor/genotypic.hpp>

#include "monitor_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("primary non-response at week 12 (< 1 log10): met, and exactly 1 log10 is a response", "[monitor][classify]")
{
    monitor_result const r = run(fixture("primary_nonresponse_w12.tsv"));
    monitor_finding const & f = only(r, "PNR-W12");
    CHECK(f.status == monitor_status::met);
    CHECK(f.date->iso() == "2020-03-30");
    CHECK(f.week == Approx(12.0));
    CHECK(has(f.detail, "decline 0.70 log10"));
    CHECK(f.evidence == "L");

    std::string const text = fixture_text("primary_nonresponse_w12.tsv");
    CHECK(only(run(parse(replace(text, "2e6", "1e6"))), "PNR-W12").status == monitor_status::not_met); // exactly 1.00
    CHECK(only(run(parse(replace(text, "2e6", "1.0001e6"))), "PNR-W12").status == monitor_status::met);
    CHECK(only(run(parse(replace(text, "2e6", "undetectable"))), "PNR-W12").status == monitor_status::not_met);
    // Outside the week 8-16 window: not assessable.
    CHECK(only(run(parse(replace(text, "2020-03-30", "2020-05-04"))), "PNR-W12").status
          == monitor_status::not_assessable);
}

TEST_CASE("primary non-response at week 24 (AASLD < 2 log10): met, and exactly 2 log10 is a response",
          "[monitor][classify]")
{
    monitor_result const r = run(fixture("primary_nonresponse_w24.tsv"));
    CHECK(only(r, "PNR-W12").status == monitor_status::not_met); // 1.30 log10 by week 12
    monitor_finding const & f = only(r, "PNR-W24");
    CHECK(f.status == monitor_status::met);
    CHECK(f.evidence == "V");
    CHECK(has(f.detail, "decline 1.70 log10"));
    CHECK(only(run(parse(replace(fixture_text("primary_nonresponse_w24.tsv"), "2e6", "1e6"))), "PNR-W24").status
          == monitor_status::not_met);
    // No pre-treatment HBV DNA: not assessable, with the reason.
    std::string const no_base = replace(fixture_text("primary_nonresponse_w24.tsv"), "1e8", "");
    CHECK(has(only(run(parse(no_base)), "PNR-W24").detail, "no pre-treatment HBV DNA"));
}

TEST_CASE("partial virological response: week 24 for lamivudine, week 48 for tenofovir", "[monitor][classify]")
{
    monitor_result const lam = run(fixture("partial_response_lam_w24.tsv"));
    CHECK(only(lam, "PVR-W24").status == monitor_status::met);
    CHECK(findings(lam, "PVR-W48").empty());

    monitor_result const tdf = run(fixture("partial_response_tdf_w48.tsv"));
    monitor_finding const & f = only(tdf, "PVR-W48");
    CHECK(f.status == monitor_status::met);
    CHECK(f.date->iso() == "2020-12-07");
    CHECK(findings(tdf, "PVR-W24").empty());

    std::string const text = fixture_text("partial_response_tdf_w48.tsv");
    CHECK(only(run(parse(replace(text, "\t150\t", "\tundetectable\t"))), "PVR-W48").status == monitor_status::not_met);
    CHECK(only(run(parse(replace(text, "\t150\t", "\tdetected\t"))), "PVR-W48").status == monitor_status::met);
    monitor_finding const below = only(run(parse(replace(text, "\t150\t", "\t<20\t"))), "PVR-W48");
    CHECK(below.status == monitor_status::not_assessable);
    CHECK(has(below.detail, "write 'detected' or 'undetectable'"));
}

TEST_CASE("virological breakthrough: exactly 1 log10 above an undetectable nadir, confirmed", "[monitor][classify]")
{
    monitor_result const r = run(fixture("breakthrough_confirmed.tsv"));
    monitor_finding const & f = only(r, "VBT");
    CHECK(f.status == monitor_status::met);
    CHECK(f.date->iso() == "2021-05-24");
    CHECK(f.confirmed_on->iso() == "2021-06-28");
    CHECK(has(f.detail, "1.00 log10 above the nadir undetectable (<20)"));
    CHECK(f.evidence == "V");
    REQUIRE(r.regimens.size() == 1);
    CHECK(r.regimens[0].nadir->date.iso() == "2020-06-22");
    CHECK(only(r, "REBOUND").status == monitor_status::not_met);
    CHECK(only(r, "BBT").status == monitor_status::not_met);
    // The time points carry the reading.
    auto const point = std::find_if(r.points.begin(),
                                    r.points.end(),
                                    [](time_point const & p)
                                    {
                                        return p.labels == std::vector<std::string>{"VBT met"};
                                    });
    REQUIRE(point != r.points.end());
    CHECK(point->above_nadir == Approx(1.0));
    CHECK(std::any_of(r.points.begin(),
                      r.points.end(),
                      [](time_point const & p)
                      {
                          return p.labels == std::vector<std::string>{"VBT confirmed"};
                      }));

    std::string const text = fixture_text("breakthrough_confirmed.tsv");
    std::string const single = fixture_text("breakthrough_unconfirmed.tsv");
    CHECK(only(run(parse(replace(single, "\t200\t", "\t199\t"))), "VBT").status
          == monitor_status::not_met); // 0.998 log10
    // A confirming sample less than 14 days later does not confirm on its own.
    CHECK(only(run(parse(replace(text, "2021-06-28", "2021-05-31"))), "VBT").status == monitor_status::possible);
}

TEST_CASE("virological breakthrough: unconfirmed, transient, and rises in the first 12 weeks", "[monitor][classify]")
{
    monitor_result const possible_result = run(fixture("breakthrough_unconfirmed.tsv"));
    monitor_finding const & possible = only(possible_result, "VBT");
    CHECK(possible.status == monitor_status::possible);
    CHECK(has(possible.detail, "unconfirmed: repeat HBV DNA"));

    monitor_result const transient = run(fixture("breakthrough_transient.tsv"));
    std::vector<monitor_finding const *> const t = findings(transient, "VBT");
    REQUIRE(t.size() == 2);
    CHECK(t[0]->status == monitor_status::not_confirmed);
    CHECK(t[1]->status == monitor_status::not_met);

    // A 1-log rise at week 8 (before the first 3 months) is not a breakthrough.
    std::string const early =
        "date\thbv_dna\tdna_lloq\tevent\tdrug\n2020-01-01\t1e7\t20\tstart\tETV\n2020-01-29\t1e4\n2020-02-26\t2e5\n";
    CHECK(only(run(parse(early)), "VBT").status == monitor_status::not_met);
}

TEST_CASE("rebound above the pre-treatment baseline and biochemical breakthrough", "[monitor][classify]")
{
    monitor_result const r = run(fixture("rebound.tsv"));
    CHECK(only(r, "VBT").status == monitor_status::met);
    monitor_finding const & reb = only(r, "REBOUND");
    CHECK(reb.status == monitor_status::met);
    CHECK(reb.date->iso() == "2021-09-27");
    CHECK(reb.evidence == "L");
    CHECK(has(reb.detail, "1.00 log10 above the pre-treatment baseline"));
    // Back above the pre-treatment level but less than 1 log10 above it (the patient guidance's
    // "breakthrough" threshold): not a rebound.
    monitor_finding const below =
        only(run(parse(replace(fixture_text("rebound.tsv"), "\t2e8\t", "\t1.9e8\t"))), "REBOUND");
    CHECK(below.status == monitor_status::not_met);
    CHECK(has(below.detail, "stayed below 1.00 log10 above"));

    monitor_result const b = run(fixture("biochemical_breakthrough.tsv"));
    monitor_finding const & bbt = only(b, "BBT");
    CHECK(bbt.status == monitor_status::met);
    CHECK(bbt.date->iso() == "2021-09-27");
    CHECK(has(bbt.detail, "3.2 x ULN"));
    // Exactly at the ULN is not above it.
    CHECK(only(run(parse(replace(fixture_text("biochemical_breakthrough.tsv"), "\t128\t40", "\t40\t40"))), "BBT").status
          == monitor_status::not_met);
    // ALT never normal on treatment: a persistent elevation, not a breakthrough.
    std::string never = fixture_text("biochemical_breakthrough.tsv");
    for (std::string const a : {"\t45\t40", "\t30\t40", "\t28\t40", "\t32\t40", "\t35\t40"})
        never = replace(never, a, "\t90\t40");
    monitor_result const persistent_result = run(parse(never));
    monitor_finding const & persistent = only(persistent_result, "BBT");
    CHECK(persistent.status == monitor_status::not_met);
    CHECK(has(persistent.detail, "persistent elevation"));
}

TEST_CASE("virological relapse after stopping: 1 log10 above the last on-treatment value, twice > 4 weeks apart",
          "[monitor][classify]")
{
    monitor_result const r = run(fixture("relapse.tsv"));
    monitor_finding const & f = only(r, "RELAPSE");
    CHECK(f.status == monitor_status::met);
    CHECK(f.confirmed_on->iso() == "2022-04-11");
    CHECK(findings(r, "VBT").size() == 1);
    // 28 days apart is not "more than 4 weeks".
    CHECK(only(run(parse(replace(fixture_text("relapse.tsv"), "2022-04-11", "2022-03-28"))), "RELAPSE").status
          == monitor_status::possible);
}

TEST_CASE("peginterferon stopping rules: HBeAg-positive by genotype at weeks 12 and 24", "[monitor][classify][peg]")
{
    monitor_result const c = run(fixture("peg_hbeag_pos_gtC_w12.tsv"));
    CHECK(c.genotype == std::optional<char>{'C'});
    CHECK(only(c, "PEG-EPOS-W12-BC").status == monitor_status::met);
    CHECK(findings(c, "PEG-EPOS-W12-AD").empty());
    CHECK(findings(c, "PNR-W12").empty()); // not applicable to interferon
    std::string const ctext = fixture_text("peg_hbeag_pos_gtC_w12.tsv");
    CHECK(only(run(parse(replace(ctext, "25000", "20000"))), "PEG-EPOS-W12-BC").status
          == monitor_status::met); // not < 20,000
    CHECK(only(run(parse(replace(ctext, "25000", "19999"))), "PEG-EPOS-W12-BC").status == monitor_status::not_met);

    monitor_result const d = run(fixture("peg_hbeag_pos_gtD_w12.tsv"));
    CHECK(only(d, "PEG-EPOS-W12-AD").status == monitor_status::met);
    std::string const dtext = fixture_text("peg_hbeag_pos_gtD_w12.tsv");
    CHECK(
        only(run(parse(replace(dtext, "90\t40\tpositive\t12000", "90\t40\tpositive\t11999"))), "PEG-EPOS-W12-AD").status
        == monitor_status::not_met);
    // Without #genotype, the genotype of a sequence decides; with none, both rules are shown.
    std::string const no_genotype = replace(dtext, "#genotype=D\n", "");
    CHECK(findings(run(parse(no_genotype), 'B'), "PEG-EPOS-W12-AD").empty());
    monitor_result const unknown = run(parse(no_genotype));
    CHECK(only(unknown, "PEG-EPOS-W12-AD").status == monitor_status::met);
    CHECK(has(only(unknown, "PEG-EPOS-W12-AD").detail, "genotype unknown"));
    CHECK(only(unknown, "PEG-EPOS-W12-BC").status == monitor_status::not_met);

    monitor_result const w24 = run(fixture("peg_hbeag_pos_w24.tsv"));
    CHECK(only(w24, "PEG-EPOS-W12-AD").status == monitor_status::not_met);
    CHECK(only(w24, "PEG-EPOS-W24").status == monitor_status::met);
    CHECK(findings(w24, "PEG-DNA-W24").empty()); // HBsAg given: no HBV DNA-only rule
}

TEST_CASE("peginterferon stopping rules: HBeAg-negative week 12 and the HBV DNA-only rule", "[monitor][classify][peg]")
{
    monitor_result const neg_result = run(fixture("peg_hbeag_neg_w12.tsv"));
    monitor_finding const & neg = only(neg_result, "PEG-ENEG-W12");
    CHECK(neg.status == monitor_status::met);
    CHECK(neg.evidence == "V");
    std::string const text = fixture_text("peg_hbeag_neg_w12.tsv");
    CHECK(only(run(parse(replace(text, "5e4", "1e4"))), "PEG-ENEG-W12").status
          == monitor_status::not_met); // exactly 2 log10
    CHECK(only(run(parse(replace(text, "\t6000", "\t4000"))), "PEG-ENEG-W12").status
          == monitor_status::not_met); // HBsAg declined

    monitor_result const dna_result = run(fixture("peg_dna_only_w24.tsv"));
    monitor_finding const & dna = only(dna_result, "PEG-DNA-W24");
    CHECK(dna.status == monitor_status::met);
    CHECK(dna.evidence == "L");
    CHECK(only(run(parse(replace(fixture_text("peg_dna_only_w24.tsv"), "3.16e5", "1e5"))), "PEG-DNA-W24").status
          == monitor_status::not_met);
}

TEST_CASE("peginterferon week-32 HBV DNA check (< 2 log10 decline: adjust the treatment)", "[monitor][classify][peg]")
{
    // HBsAg given: the HBsAg rules apply at weeks 12/24, and the week-32 HBV DNA check as well.
    monitor_result const r = run(fixture("peg_dna_w32.tsv"));
    monitor_finding const & w32 = only(r, "PEG-DNA-W32");
    CHECK(w32.status == monitor_status::met);
    CHECK(w32.evidence == "L");
    CHECK(w32.kind == monitor_kind::peg_stopping_rule);
    CHECK(w32.date->iso() == "2020-08-17");
    CHECK(has(w32.detail, "decline 1.50 log10: below 2.0 log10"));
    CHECK(findings(r, "PEG-DNA-W24").empty());
    REQUIRE(w32.sources.size() == 1);
    CHECK(w32.sources.front() == "PG_CN");
    std::string const text = fixture_text("peg_dna_w32.tsv");
    // Exactly 2 log10 is a response; more is too.
    CHECK(only(run(parse(replace(text, "3.16e5", "1e5"))), "PEG-DNA-W32").status == monitor_status::not_met);
    CHECK(only(run(parse(replace(text, "3.16e5", "5e4"))), "PEG-DNA-W32").status == monitor_status::not_met);
    // No sample near week 32 (28-36): not assessable, with the reason.
    monitor_finding const none =
        only(run(parse(replace(text, "2020-08-17\t3.16e5", "2020-10-19\t3.16e5"))), "PEG-DNA-W32");
    CHECK(none.status == monitor_status::not_assessable);
    CHECK(has(none.detail, "no HBV DNA measured in week 28.0-36.0"));
    // Peginterferon stopped at week 25: not checked at week 32.
    monitor_finding const stopped =
        only(run(parse(replace(text, "2020-08-17", "2020-06-29\t\t\t\t\t\t\tstop\tPEG\t\n2020-08-17"))), "PEG-DNA-W32");
    CHECK(stopped.status == monitor_status::not_assessable);
    CHECK(has(stopped.detail, "the regimen changed at week 25.0, before week 32.0"));
}

// ---------------------------------------------------------------------------------------------
// First-line checks

TEST_CASE("first-line checks: one timeline per warning", "[monitor][firstline]")
{
    CHECK(warning_rules(run(fixture("first_line_low_barrier.tsv"))) == std::vector<std::string>{"FL-LOW-BARRIER"});
    CHECK(warning_rules(run(fixture("first_line_lam_high_dna.tsv")))
          == std::vector<std::string>{"FL-LOW-BARRIER", "FL-LAM-HIGH-DNA"});
    CHECK(warning_rules(run(fixture("first_line_adv_hbeag_pos.tsv")))
          == std::vector<std::string>{"FL-LOW-BARRIER", "FL-ADV-HBEAG-POS"});
    CHECK(warning_rules(run(fixture("first_line_peg_high_dna_low_alt.tsv")))
          == std::vector<std::string>{"FL-PEG-HIGH-DNA-LOW-ALT"});
    CHECK(warning_rules(run(fixture("first_line_ldt_peg.tsv")))
          == std::vector<std::string>{"FL-LOW-BARRIER", "FL-LDT-PEG"});
    CHECK(warning_rules(run(fixture("first_line_sequential_mono.tsv")))
          == std::vector<std::string>{"FL-LOW-BARRIER", "FL-SEQ-MONO"});
    CHECK(warning_rules(run(fixture("first_line_lam_to_adv.tsv")))
          == std::vector<std::string>{"FL-LOW-BARRIER", "FL-SEQ-MONO"});
    CHECK(warning_rules(run(fixture("first_line_ok.tsv"))).empty());

    monitor_result const seq = run(fixture("first_line_sequential_mono.tsv"));
    CHECK(seq.warnings[1].date.iso() == "2021-01-04");
    CHECK(seq.warnings[1].line == 6);
    CHECK(has(seq.warnings[1].text, "lamivudine followed by telbivudine"));
    CHECK(seq.warnings[1].evidence == "V");
}

TEST_CASE("first-line checks at their boundaries", "[monitor][firstline]")
{
    // HBV DNA exactly 10^7 is not above 10^7.
    CHECK(warning_rules(run(parse(replace(fixture_text("first_line_lam_high_dna.tsv"), "\t2e7\t", "\t1e7\t"))))
          == std::vector<std::string>{"FL-LOW-BARRIER"});
    // ALT exactly 3 x ULN is not below 3 x ULN; HBV DNA just below 2e8 is not high.
    std::string const peg = fixture_text("first_line_peg_high_dna_low_alt.tsv");
    CHECK(warning_rules(run(parse(replace(peg, "\t80\t40\tpositive\t50000", "\t120\t40\tpositive\t50000")))).empty());
    CHECK(warning_rules(run(parse(replace(peg, "\t80\t40\tpositive\t50000", "\t119\t40\tpositive\t50000"))))
          == std::vector<std::string>{"FL-PEG-HIGH-DNA-LOW-ALT"});
    CHECK(warning_rules(run(parse(replace(peg, "\t5e8\t", "\t1.99e8\t")))).empty());
    // Adefovir in an HBeAg-negative patient: only the low-barrier warning.
    CHECK(
        warning_rules(run(parse(replace(fixture_text("first_line_adv_hbeag_pos.tsv"), "\tpositive\t", "\tnegative\t"))))
        == std::vector<std::string>{"FL-LOW-BARRIER"});
    // Not first line when the history says so; adding a drug is not sequential monotherapy.
    CHECK(warning_rules(run(parse("#prior_history=TDF\n" + fixture_text("first_line_low_barrier.tsv")))).empty());
    std::string const added = replace(fixture_text("first_line_lam_to_adv.tsv"), "switch\tADV", "add\tADV");
    CHECK(warning_rules(run(parse(added))) == std::vector<std::string>{"FL-LOW-BARRIER"});
}

// ---------------------------------------------------------------------------------------------
// Treatment context, gates and next steps

TEST_CASE("the timeline's regimen history becomes the treatment context", "[monitor][context]")
{
    treatment_context const ctx =
        timeline_context(parse("#prior_history=ADV\ndate\thbeag\tevent\tdrug\n2020-01-01\tpositive\tstart\tLAM\n"
                               "2020-06-01\t\tadd\tTDF\n2021-01-01\tnegative\tswitch\tTDF\n2021-02-01\t\tadd\tLAM\n"));
    CHECK(ctx.history == std::vector<std::string>{"ADV", "LAM", "TDF"});
    CHECK(ctx.hbeag_positive == std::optional<bool>{false});
}

TEST_CASE("gates without a genotype: virological, then biochemical/clinical", "[monitor][gate]")
{
    timeline const t = fixture("breakthrough_confirmed.tsv");
    monitor_result const r = run(t);
    gate_assessment const g = assess_gate(t, r, defs(), nullptr);
    CHECK(g.reached == resistance_gate::virological);
    REQUIRE(g.steps.size() == 3);
    CHECK(g.steps[0].reached);
    CHECK(g.steps[0].date->iso() == "2021-05-24");
    CHECK_FALSE(g.steps[1].reached);
    CHECK(has(g.steps[1].basis, "no genotypic result supplied"));
    REQUIRE(g.next_steps.size() >= 2);
    CHECK(has(g.next_steps[0].text, "adherence"));
    CHECK(has(g.next_steps[1].text, "Order genotypic resistance testing"));

    timeline const u = fixture("breakthrough_unconfirmed.tsv");
    gate_assessment const gu = assess_gate(u, run(u), defs(), nullptr);
    CHECK(gu.reached == resistance_gate::virological);
    CHECK(has(gu.next_steps[0].display(), "Repeat HBV DNA about 1 month after 2021-05-24"));

    timeline const b = fixture("biochemical_breakthrough.tsv");
    gate_assessment const gb = assess_gate(b, run(b), defs(), nullptr);
    CHECK(gb.reached == resistance_gate::biochemical_clinical);
    CHECK(describe(gb.reached) == "biochemical/clinical");
    CHECK(has(gb.next_steps[0].text, "Biochemical breakthrough"));

    timeline const ok = fixture("first_line_ok.tsv");
    gate_assessment const go = assess_gate(ok, run(ok), defs(), nullptr);
    CHECK(go.reached == resistance_gate::none);
    REQUIRE(go.next_steps.size() == 1);
    CHECK(go.next_steps[0].display()
          == "No virological failure on ETV: continue, with HBV DNA every 3-6 months. [AASLD2009]");
    CHECK(go.next_steps[0].sources == std::vector<std::string>{"AASLD2009"});
}

TEST_CASE(
    "combined: a lamivudine breakthrough and an rtL180M+rtM204V sequence reach the genotypic gate with salvage options",
    "[monitor][gate][combined]")
{
    timeline const t = fixture("lam_breakthrough.tsv");
    treatment_context const ctx = timeline_context(t);
    CHECK(ctx.history == std::vector<std::string>{"LAM"});
    CHECK(ctx.hbeag_positive == std::optional<bool>{true});
    std::string const seq = with_rt_codon(with_rt_codon(genome('D'), 180, "ATG"), 204, "GTG");
    sample_report const s = analyze_with_db(seq, ctx);
    REQUIRE(s.analysed);
    genotypic_result const gr = genotypic_from_report(s, "sequence test");
    CHECK(gr.genotype == "D");
    monitor_result const r = run(t, gr.genotype.front());
    gate_assessment const g = assess_gate(t, r, defs(), &gr);
    CHECK(g.reached == resistance_gate::genotypic);
    CHECK(g.steps[0].reached);
    CHECK(g.steps[1].reached);
    CHECK(has(g.steps[1].basis, "LAM R (rtM204V)"));
    CHECK_FALSE(g.steps[2].reached);
    CHECK_FALSE(gr.salvage.empty());
    CHECK(std::any_of(gr.salvage.begin(),
                      gr.salvage.end(),
                      [](salvage_item const & x)
                      {
                          return x.id == "SAL-LAM-EASL2012";
                      }));
    CHECK(std::any_of(g.next_steps.begin(),
                      g.next_steps.end(),
                      [](next_step const & n)
                      {
                          return has(n.text, "salvage options");
                      }));
    CHECK(context_mismatch(gr, ctx).empty());

    // A wild-type sequence: no genotypic gate, adherence is the likelier cause.
    genotypic_result const wt = genotypic_from_report(analyze_with_db(genome('D'), ctx), "sequence wt");
    gate_assessment const gw = assess_gate(t, r, defs(), &wt);
    CHECK(gw.reached == resistance_gate::virological);
    CHECK(std::any_of(gw.next_steps.begin(),
                      gw.next_steps.end(),
                      [](next_step const & n)
                      {
                          return has(n.text, "non-adherence is the more likely cause");
                      }));
}
