// hbvdr monitor: text, JSON and HTML reports (fields, self-contained HTML with the SVG plot, escaping).
#include <catch2/catch.hpp>

#include <regex>

#include <hbvdr/monitor/genotypic.hpp>
#include <hbvdr/monitor/report.hpp>

#include "monitor_support.hpp"
#include <nlohmann/json.hpp>

using namespace hbvdr;
using namespace hbvdr::test;

namespace
{

//!\brief The combined case: lamivudine breakthrough + rtL180M/rtM204V sequence.
monitor_report combined_report()
{
    monitor_report r;
    r.tool_version = "test";
    r.db_label = db().label();
    r.db_manifest_sha256 = db().manifest_sha256();
    r.patient = fixture("lam_breakthrough.tsv");
    r.context = timeline_context(r.patient);
    r.genotype = genotypic_from_report(
        analyze_with_db(with_rt_codon(with_rt_codon(genome('D'), 180, "ATG"), 204, "GTG"), r.context), "sequence p.fa");
    r.result = run(r.patient, 'D');
    r.gate = assess_gate(r.patient, r.result, defs(), &*r.genotype);
    return r;
}

monitor_report plain_report(std::string const & fixture_name)
{
    monitor_report r;
    r.tool_version = "test";
    r.db_label = db().label();
    r.patient = fixture(fixture_name);
    r.context = timeline_context(r.patient);
    r.result = run(r.patient);
    r.gate = assess_gate(r.patient, r.result, defs(), nullptr);
    return r;
}

} // namespace

TEST_CASE("monitor JSON: schema, definitions checksum, classifications, gate, genotype and salvage",
          "[monitor][report][json]")
{
    monitor_report const r = combined_report();
    nlohmann::json const j = nlohmann::json::parse(monitor_json(r, defs()));
    CHECK(j["schema_version"] == "1.0.0");
    CHECK(j["tool"]["command"] == "monitor");
    CHECK(j["definitions"]["files"][0]["name"] == "definitions.tsv");
    CHECK(j["definitions"]["files"][0]["sha256"] == defs().definitions_sha256());
    CHECK(j["definitions"]["files"][1]["sha256"] == defs().sources_sha256());
    CHECK(j["patient"]["id"] == "P-LAM");
    CHECK(j["patient"]["genotype"] == "D");
    CHECK(j["treatment_context"]["history"] == nlohmann::json::array({"LAM"}));
    CHECK(j["treatment_context"]["hbeag"] == "positive");

    nlohmann::json const & reg = j["regimens"][0];
    CHECK(reg["regimen"] == 1);
    CHECK(reg["drugs"] == nlohmann::json::array({"LAM"}));
    CHECK(reg["end"].is_null());
    CHECK(reg["first_line"] == true);
    CHECK(reg["baseline"]["hbv_dna"]["iu_per_ml"] == 2e7);
    CHECK(reg["nadir"]["date"] == "2020-06-22");
    CHECK(reg["nadir"]["state"] == "not_detected");
    CHECK(reg["breakthrough_threshold_log10"].get<double>() == Approx(std::log10(20.0) + 1.0).epsilon(1e-6));

    nlohmann::json const * vbt = nullptr;
    for (nlohmann::json const & c : j["classifications"])
        if (c["rule"] == "VBT")
            vbt = &c;
    REQUIRE(vbt != nullptr);
    CHECK((*vbt)["status"] == "met");
    CHECK((*vbt)["kind"] == "virological_breakthrough");
    CHECK((*vbt)["date"] == "2021-05-24");
    CHECK((*vbt)["confirmed_on"] == "2021-06-28");
    CHECK((*vbt)["regimen"] == 1);
    CHECK((*vbt)["evidence"] == "V");
    CHECK((*vbt)["sources"][0] == "CanLiverJ2022");

    CHECK(j["gate"]["reached"] == "genotypic");
    CHECK(j["gate"]["steps"].size() == 3);
    CHECK(j["gate"]["steps"][1]["reached"] == true);
    CHECK(j["first_line_checks"][0]["rule"] == "FL-LOW-BARRIER");
    CHECK(j["first_line_checks"][0]["line"] == 6);
    CHECK(j["genotypic_result"]["drugs"][0]["level"] == "R");
    CHECK(j["genotypic_result"]["salvage"].size() >= 1);
    CHECK(j["genotypic_result"]["context"]["history"] == nlohmann::json::array({"LAM"}));
    REQUIRE_FALSE(j["next_steps"].empty());
    CHECK(has(j["next_steps"][0]["text"].get<std::string>(), "adherence"));
    CHECK(j["next_steps"][0]["sources"] == nlohmann::json::array({"AASLD2009", "CanLiverJ2022"}));
    bool readings = false;
    for (nlohmann::json const & tp : j["time_points"])
        readings = readings || tp["readings"] == nlohmann::json::array({"VBT confirmed"});
    CHECK(readings);
    std::vector<std::string> keys;
    for (nlohmann::json const & s : j["sources"])
        keys.push_back(s["key"]);
    CHECK(std::find(keys.begin(), keys.end(), "CanLiverJ2022") != keys.end());
    CHECK(std::find(keys.begin(), keys.end(), "AASLD2009") != keys.end());
    CHECK(has(j["disclaimer"].get<std::string>(), "Decision support only"));

    nlohmann::json const plain = nlohmann::json::parse(monitor_json(plain_report("first_line_ok.tsv"), defs()));
    CHECK(plain["genotypic_result"].is_null());
    CHECK(plain["gate"]["reached"] == "none");
    CHECK(plain["first_line_checks"].empty());
}

TEST_CASE("monitor HTML: self-contained, with the SVG plot, regimen bars, nadir, threshold and markers",
          "[monitor][report][html]")
{
    std::string const h = monitor_html(combined_report(), defs());
    CHECK(h.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(has(h, "<svg"));
    CHECK(has(h, "class=\"nadir\""));
    CHECK(has(h, "class=\"threshold\""));
    CHECK(has(h, "class=\"regimen\""));
    CHECK(has(h, "class=\"classification\""));
    CHECK(has(h, "class=\"dna\""));
    CHECK(has(h, "class=\"alt\""));
    CHECK(has(h, "Gate reached: genotypic"));
    CHECK(has(h, "Salvage options"));
    // No scripts and nothing loaded from elsewhere: the only URLs are the sources' links.
    for (std::string const bad : {"<script", "src=", "<link", "@import", "url(", "<iframe", "<object", "<embed"})
    {
        INFO(bad);
        CHECK_FALSE(has(h, bad));
    }
    std::string const without_links = std::regex_replace(h, std::regex{"<a href=\"[^\"]*\">[^<]*</a>"}, "");
    CHECK_FALSE(has(without_links, "http"));
}

TEST_CASE("monitor reports escape the text of the timeline", "[monitor][report][html]")
{
    std::string const text = "#patient=<b>x</"
                             "b>\ndate\thbv_dna\tdna_lloq\tevent\tdrug\tnote\n2020-01-01\t1e6\t20\tstart\tTDF\t<script>"
                             "alert('x')</script> & \"q\"\n"
                             "2020-03-30\t1e3\n";
    monitor_report r;
    r.patient = parse(text);
    r.context = timeline_context(r.patient);
    r.result = run(r.patient);
    r.gate = assess_gate(r.patient, r.result, defs(), nullptr);
    std::string const h = monitor_html(r, defs());
    CHECK_FALSE(has(h, "<script>"));
    CHECK_FALSE(has(h, "<b>x</b>"));
    CHECK(has(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    CHECK(has(h, "&lt;b&gt;x&lt;/b&gt;"));
    nlohmann::json const j = nlohmann::json::parse(monitor_json(r, defs()));
    CHECK(j["events"][0]["note"] == "<script>alert('x')</script> & \"q\"");
}

TEST_CASE("the monitor plot's axes stay within what a plot can show, whatever the values",
          "[monitor][report][html][errors]")
{
    // Found by fuzzing: an ALT of 7e9 U/L (ULN 40) made an ALT axis of 1.9e8 x ULN labelled every
    // 2 (10^8 SVG labels: a hang); an infinite ratio was converted to int (undefined behaviour).
    auto html_of = [](std::string const & second_row)
    {
        monitor_report r;
        r.patient =
            parse("date\thbv_dna\talt\talt_uln\tevent\tdrug\n2020-01-01\t1e300\t30\t40\tstart\tTDF\n" + second_row);
        r.context = timeline_context(r.patient);
        r.result = run(r.patient);
        r.gate = assess_gate(r.patient, r.result, defs(), nullptr);
        return monitor_html(r, defs());
    };
    for (char const * row : {"2020-03-30\t1e3\t4e7\t40\t\t\n", "2020-03-30\t1e3\t1e300\t1e-300\t\t\n"})
    {
        std::string const h = html_of(row);
        std::size_t alt_labels = 0;
        for (std::size_t at = h.find("fill=\"#b35900\">"); at != std::string::npos;
             at = h.find("fill=\"#b35900\">", at + 1))
            ++alt_labels;
        CHECK(alt_labels <= 20); // 11 axis labels (0-100 by 10) and the ULN line, title, legend and points
        CHECK(has(h, "fill=\"#b35900\">100</text>"));   // the ALT axis ends at 100 x ULN
        CHECK(has(h, "text-anchor=\"end\">20</text>")); // the HBV DNA axis (1e300 IU/mL) at log10 20
        CHECK_FALSE(has(h, "text-anchor=\"end\">21</text>"));
    }
}

TEST_CASE("monitor text report: gate, classification, first-line checks and the genotypic result",
          "[monitor][report][text]")
{
    std::string const t = monitor_text(combined_report(), defs());
    CHECK(has(t, "hbvdr monitor: patient P-LAM (timeline lam_breakthrough.tsv)"));
    CHECK(has(t, "Gate reached: genotypic"));
    CHECK(has(t, "MET            virological breakthrough [VBT] 2021-05-24 (week 72.0)"));
    CHECK(has(t, "[FL-LOW-BARRIER] 2020-01-06 (line 6)"));
    CHECK(has(t, "Genotypic result: sample sample (sequence p.fa), genotype D"));
    CHECK(has(t, "[EASL2012, V] Lamivudine resistance: switch to TDF"));
    CHECK(has(t, "definitions.tsv sha256 " + defs().definitions_sha256()));
    // The same input gives the same bytes.
    CHECK(monitor_text(combined_report(), defs()) == t);
    CHECK(monitor_html(combined_report(), defs()) == monitor_html(combined_report(), defs()));
}
