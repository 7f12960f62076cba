// The clinician text report: goldens of constructed, real and hand-built NGS samples, the
// 80-column limit, hostile input, and content a clinician relies on.
// Regenerate the goldens after an intended change with
//   HBVDR_UPDATE_GOLDEN=1 ./build/tests/hbvdr_tests "[report]"   (or scripts/dev/update-goldens.sh)
// and review `git diff tests/golden/reports` before committing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include <hbvdr/report/text_report.hpp>

#include "report_samples.hpp"
#include "test_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

std::filesystem::path edge_cases()
{
    return test_data_dir() / "golden" / "edge_cases.fasta";
}

std::filesystem::path real_sequences()
{
    return test_data_dir() / "real" / "real_sequences.fasta";
}

treatment_context history(std::vector<std::string> drugs, std::optional<bool> hbeag = std::nullopt)
{
    treatment_context c;
    c.history = std::move(drugs);
    c.hbeag_positive = hbeag;
    return c;
}

// Every line ends with '\n', has at most `width` columns, no trailing blank and no control character.
void check_layout(std::string const & text, std::size_t const width = 80)
{
    REQUIRE(!text.empty());
    CHECK(text.back() == '\n');
    std::istringstream in{text};
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
    {
        INFO("line " << n << ": " << line);
        CHECK(text_columns(line) <= width);
        CHECK((line.empty() || line.back() != ' '));
        bool control = false;
        for (char const c : line)
            control = control || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
        CHECK_FALSE(control);
    }
}

bool contains(std::string const & text, std::string const & what)
{
    return text.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("text report golden: LAM resistance rtL180M+rtM204V, genotype B", "[report][golden]")
{
    sample_report const s = report_sample(edge_cases(), "LAM_R_L180M_M204V_B", history({"LAM"}, true));
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    check_report_golden("LAM_R_L180M_M204V_B.txt", text);
    CHECK(contains(text, "rtM204V (sI195M)"));
    CHECK(contains(text, "LAM  lamivudine"));
    CHECK(contains(text, "decision support"));
}

TEST_CASE("text report golden: rtA181T+rtN236T with the truncating HBsAg stop sW172*", "[report][golden]")
{
    sample_report const s = report_sample(edge_cases(), "ADV_R_A181T_N236T_C_revcomp", history({"LAM", "ADV"}, false));
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    check_report_golden("ADV_R_A181T_N236T_C_revcomp.txt", text);
    CHECK(contains(text, "rtA181T (sW172*)"));
    CHECK(contains(text, "sW172* truncates HBsAg"));
}

TEST_CASE("text report golden: partial sequence rt150-rt260 gives insufficient data with the missing positions",
          "[report][golden]")
{
    sample_report const s = report_sample(edge_cases(), "partial_rt150_rt260_C");
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    check_report_golden("partial_rt150_rt260_C.txt", text);
    CHECK(contains(text, "rt150-rt260"));
    CHECK(contains(text, "insufficient data"));
    CHECK(contains(text, "SEVERE    resistance positions not sequenced"));
    CHECK(contains(text, "missing:   rt106 (outside sequence)"));
}

TEST_CASE("text report golden: a sample that could not be analysed says why", "[report][golden]")
{
    sample_report const s = report_sample(edge_cases(), "not_hbv_random");
    REQUIRE(s.status == sample_status::error);
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    check_report_golden("not_hbv_random.txt", text);
    CHECK(contains(text, "could not be analysed: not HBV"));
    CHECK_FALSE(contains(text, "susceptible"));
}

TEST_CASE("text report golden: real multidrug-resistant sample with mixtures and vaccine escape (GQ486790.1)",
          "[report][golden]")
{
    sample_report const s = report_sample(real_sequences(), "GQ486790.1", history({"LAM", "ADV"}));
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    check_report_golden("GQ486790.1.txt", text);
    CHECK(contains(text, "sW172W* may truncate HBsAg (mixture)"));
    CHECK(contains(text, "vaccine escape"));
}

TEST_CASE("text report golden: real partial sequence with tenofovir resistance (KU751711.1)", "[report][golden]")
{
    sample_report const s = report_sample(real_sequences(), "KU751711.1");
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    check_report_golden("KU751711.1.txt", text);
    CHECK(contains(text, "rt7-rt307"));
}

TEST_CASE("text report golden: NGS sample shows the thresholds and the minority rtM204V distinctly", "[report][golden]")
{
    sample_report const s = ngs_sample();
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    check_report_golden("ngs_minority_M204V.txt", text);
    CHECK(contains(text, "rtM204V 8.3% (minority)"));
    CHECK(contains(text, "minority below 20.0%"));
    CHECK(contains(text, "minimum depth 100"));
    CHECK(contains(text, "susceptible from the majority variants alone"));
}

TEST_CASE("text report: every line fits the width asked for, whatever the input", "[report]")
{
    sample_report s = report_sample(real_sequences(), "GQ486790.1", history({"LAM", "ADV"}));
    s.name = std::string(200, 'N') + "\x1b[2J\tname with a tab";
    s.original_name = "orig";
    s.input_file = "../" + std::string(150, 'd') + "/x.fasta";
    for (int const width : {80, 60, 40})
    {
        report_options o = report_test_options();
        o.text_width = width;
        std::string const text = text_report(s, o);
        INFO("width " << width);
        check_layout(text, static_cast<std::size_t>(width));
        CHECK_FALSE(contains(text, "\x1b"));
    }
}

TEST_CASE("text report: without a database the drugs are not interpreted, the mutations still listed", "[report]")
{
    std::string g = genome('B');
    g = with_rt_codon(g, 204, "GTG");
    sample_report const s = analyze(rt_region(g), "no_db");
    REQUIRE(s.analysed);
    REQUIRE_FALSE(s.interpreted);
    report_options o;
    o.tool_version = "test";
    std::string const text = text_report(s, o);
    check_layout(text);
    CHECK(contains(text, "Not interpreted: no mutation database was applied."));
    CHECK(contains(text, "rtM204V (sI195M)"));
    CHECK(contains(text, "Mutation database: none applied"));
}

TEST_CASE("text report: unassigned genotype shows the reason, same input gives the same bytes", "[report]")
{
    sample_report s = report_sample(edge_cases(), "LAM_R_L180M_M204V_B");
    s.genotype.genotype = "unassigned";
    s.genotype.nearest_genotype = 'B';
    s.genotype.distance = 0.093;
    s.genotype.unassigned_reason = "nearest panel genome 9.3% away (limit 8.0%)";
    std::string const text = text_report(s, report_test_options());
    CHECK(contains(text, "Genotype:          unassigned (nearest B, 9.3%): nearest panel genome 9.3% away"));
    CHECK(text == text_report(s, report_test_options()));
}

TEST_CASE("text report: the bottom line comes first, current guidelines before older ones, the sources' levels side by "
          "side",
          "[report]")
{
    sample_report const s = report_sample(edge_cases(), "ADV_R_A181T_N236T_C_revcomp", history({"LAM", "ADV"}, false));
    std::string const text = text_report(s, report_test_options());
    check_layout(text);
    std::size_t const bottom = text.find("BOTTOM LINE");
    REQUIRE(bottom != std::string::npos);
    CHECK(bottom < text.find("Sequence quality assessment"));
    CHECK(bottom < text.find("Drug susceptibility ("));
    std::string flat = text; // wrapped lines joined again
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    CHECK(contains(flat, "Resistant: LAM, LdT, ADV, TDF, TAF. Predicted to remain effective: ETV."));
    CHECK(contains(flat, "Current guidelines for this pattern:"));
    // Options of current guidelines first, superseded ones after their own heading.
    std::size_t const current = text.find("Current guidelines:\n");
    std::size_t const older = text.find("Older guidelines (superseded; for reference):");
    REQUIRE(current != std::string::npos);
    REQUIRE(older != std::string::npos);
    CHECK(current < older);
    CHECK(text.find("Source: EASL 2017", current) < older);
    CHECK(text.find("Source: EASL 2012", current) > older);
    CHECK(contains(text, "(superseded by EASL 2017)"));
    // Where the rule sets disagree: TDF R under EASL 2012, I under EASL 2017 (recalled) and Stanford 0.2.
    CHECK(contains(text, "Rule set:          EASL 2012 (primary); other sets shown where they differ"));
    CHECK(contains(text, "other source: EASL 2017: reduced susceptibility [L]"));
    CHECK(contains(text, "other source: Stanford HBV 0.2: reduced susceptibility"));
    CHECK(contains(flat, "TDF: resistant \u2014 EASL 2017: reduced susceptibility [L]; Stanford HBV 0.2: reduced"));
}
