// The HTML clinician report and the run index: self-contained (nothing loaded from anywhere),
// hostile input escaped, the content of the text report, the RT map, NGS depth and minority tracks.
#include <catch2/catch.hpp>

#include <regex>

#include <hbvdr/report/html_report.hpp>
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

bool contains(std::string const & text, std::string const & what)
{
    return text.find(what) != std::string::npos;
}

std::size_t count(std::string const & text, std::string const & what)
{
    std::size_t n = 0;
    for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size()))
        ++n;
    return n;
}

// Nothing in the page can make a browser fetch anything: no script, no external style sheet,
// image, frame, object, font or import, no URL at all; the only links are the index's relative
// ones to sample pages.
void check_self_contained(std::string const & html, bool const index = false)
{
    REQUIRE(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
    CHECK(html.size() > 1000);
    CHECK(html.substr(html.size() - 8) == "</html>\n");
    std::string lower = html;
    for (char & c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // No URL anywhere (text included: the pages name no web address at all).
    for (std::string const bad : {"http://", "https://", "ftp://", "file:"})
    {
        INFO("found " << bad);
        CHECK_FALSE(contains(lower, bad));
    }
    // The markup: every tag (escaped input text holds no '<', so these are real tags).
    // (A plain scan, not std::regex over the page: libstdc++'s regex executor recurses per
    // character and overflows the stack on the long SVG path attributes.)
    std::size_t tags = 0;
    std::regex const handler{R"re(\son[a-z]+\s*=)re"};
    for (std::size_t open = lower.find('<'); open != std::string::npos; open = lower.find('<', open + 1), ++tags)
    {
        std::size_t const close = lower.find('>', open);
        REQUIRE(close != std::string::npos);
        std::string const t = lower.substr(open, close - open + 1);
        for (std::string const bad : {"<script",
                                      "<link",
                                      "<img",
                                      "<image",
                                      "<iframe",
                                      "<frame",
                                      "<object",
                                      "<embed",
                                      "<video",
                                      "<audio",
                                      "<source",
                                      "<track",
                                      "<base",
                                      "<form",
                                      "<use",
                                      "<foreignobject",
                                      "<meta http-equiv",
                                      " src=",
                                      "srcset=",
                                      "xlink:href",
                                      "url(",
                                      "javascript:",
                                      "data:",
                                      "style="})
            if (contains(t, bad))
                FAIL_CHECK("tag " << t << " has " << bad);
        if (std::regex_search(t, handler))
            FAIL_CHECK("tag " << t << " has an event handler");
    }
    CHECK(tags > 30);
    // The one style sheet is inline and imports nothing.
    std::size_t const st = lower.find("<style>"), en = lower.find("</style>");
    REQUIRE((st != std::string::npos && en != std::string::npos));
    std::string const style = lower.substr(st, en - st);
    for (std::string const bad : {"url(", "@import", "@font-face", "image-set("})
    {
        INFO("style sheet has " << bad);
        CHECK_FALSE(contains(style, bad));
    }
    for (std::size_t at = lower.find("href=\""); at != std::string::npos; at = lower.find("href=\"", at + 1))
    {
        std::size_t const start = at + 6;
        std::string const target = lower.substr(start, lower.find('"', start) - start);
        INFO("href " << target);
        CHECK(index);
        CHECK(target.find(':') == std::string::npos);
        CHECK(target.front() != '/');
    }
}

report_options options()
{
    return report_test_options();
}

} // namespace

TEST_CASE("html report: self-contained pages with the drug table, the RT map and the disclaimer", "[report]")
{
    treatment_context lam;
    lam.history = {"LAM"};
    sample_report const s = report_sample(edge_cases(), "LAM_R_L180M_M204V_B", lam);
    std::string const html = html_report(s, options());
    check_self_contained(html);
    CHECK(html == html_report(s, options()));
    CHECK(count(html, "<svg id=\"rt-map\"") == 1);
    CHECK(contains(html, "<table id=\"drug-table\""));
    // Every drug's level in words and as a colour class.
    for (drug_call const & d : s.interp.drugs)
    {
        INFO(d.drug);
        CHECK(contains(html, "<span class=\"code\">" + d.drug + "</span> " + d.name + "</th><td><span class=\"lv"));
    }
    CHECK(contains(html, "<span class=\"lv lv-r\">resistant</span>"));
    CHECK(contains(html, "<span class=\"lv lv-i\">reduced susceptibility</span>"));
    CHECK(contains(html, "<span class=\"lv lv-s\">susceptible</span>"));
    CHECK(contains(html, "rtM204V (sI195M)"));
    CHECK(contains(html, "Guideline options for this pattern (decision support, not a prescription)"));
    // The bottom line opens the report; superseded guidelines are collapsed after the current ones.
    CHECK(html.find("<section id=\"bottom-line\"") < html.find("<section id=\"quality\""));
    CHECK(contains(html,
                   "<p>Resistant: LAM, LdT. Reduced susceptibility: ETV. Predicted to remain effective: ADV, TDF, "
                   "TAF.</p>"));
    CHECK(html.find("<h3 id=\"current-guidelines\">Current guidelines</h3>")
          < html.find("<details id=\"older-guidelines\">\n<summary>Older guidelines (superseded;"));
    CHECK(contains(html, "<span class=\"other-set\">other source: EASL 2017: reduced susceptibility [L]</span>"));
    CHECK(contains(html, "id=\"disclaimer\">Decision support only"));
    CHECK(contains(html, "@media print"));
    // Resistance-associated and accessory mutations are labelled in the map.
    CHECK(contains(html, "<g class=\"mut-primary\"><title>rtM204V</title>"));
    CHECK(contains(html, "<g class=\"mut-accessory\"><title>rtL180M</title>"));
    CHECK_FALSE(contains(html, "id=\"depth\""));
}

TEST_CASE("html report: the RT map shows gaps and the resistance positions not sequenced", "[report]")
{
    sample_report const s = report_sample(edge_cases(), "partial_rt150_rt260_C");
    std::string const html = html_report(s, options());
    check_self_contained(html);
    CHECK(contains(html, "<title>rt150-rt260: called</title>"));
    CHECK(contains(html, "<title>rt80 not sequenced (not_covered)</title>"));
    CHECK(contains(html, "<title>rt204 sequenced</title>"));
    CHECK(contains(html, "<span class=\"lv lv-x\">insufficient data</span>"));
    CHECK(contains(html, "missing: rt106 (outside sequence)"));

    sample_report const fs = report_sample(edge_cases(), "frameshift_rt150_B");
    std::string const fs_html = html_report(fs, options());
    CHECK(contains(fs_html, "<g class=\"frameshift\"><title>frameshift (-1 nt) at rt150</title>"));
    sample_report const ins = report_sample(edge_cases(), "inframe_insertion_after_rt100_D");
    CHECK(contains(html_report(ins, options()), "<title>insertion after rt100"));
}

TEST_CASE("html report: NGS sample draws depth and minority frequencies with their thresholds", "[report]")
{
    sample_report const s = ngs_sample();
    std::string const html = html_report(s, options());
    check_self_contained(html);
    CHECK(contains(html, "<g id=\"depth\">"));
    CHECK(contains(html, "minimum depth 100</text>"));
    CHECK(contains(html, "<g id=\"minority\">"));
    CHECK(contains(html, "minority threshold 20.0%</text>"));
    CHECK(contains(html, "<title>rt204: V 8.3%</title>"));
    CHECK(contains(html, "<g class=\"mut-minority\"><title>rtM204V 8.3%</title>"));
    CHECK(contains(html, "rtM204V 8.3% (minority)"));
    CHECK(contains(html, "susceptible from the majority variants alone"));
}

TEST_CASE("html report: hostile sample and file names are escaped everywhere", "[report]")
{
    std::string const name = "<script>alert(\"x\")</script>../../etc/passwd' onload='x&amp;";
    std::string const file = "\"><img src=x onerror=alert(1)>../in.fasta";
    sample_report s = report_sample(edge_cases(), "LAM_R_L180M_M204V_B");
    s.name = name;
    s.original_name = name + "\x1b";
    s.input_file = file;
    sample_report e = report_sample(edge_cases(), "not_hbv_random");
    e.name = name;
    e.input_file = file;
    e.error = "bad <b>record</b>";
    for (std::string const & html : {html_report(s, options()), html_report(e, options())})
    {
        check_self_contained(html);
        CHECK_FALSE(contains(html, "<script"));
        CHECK_FALSE(contains(html, "<img"));
        CHECK_FALSE(contains(html, "<b>"));
        CHECK_FALSE(contains(html, "' onload='"));
        CHECK_FALSE(contains(html, "\x1b"));
        CHECK(contains(
            html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;../../etc/passwd&#39; onload=&#39;x&amp;amp;"));
        CHECK(contains(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;../in.fasta"));
    }

    std::vector<index_row> rows{make_index_row(s, "../<b>\"x y#1.html"),
                                make_index_row(e, "javascript:alert(1)"),
                                make_index_row(s, "https://example.org/x.html"),
                                make_index_row(s, "/etc/x.html"),
                                make_index_row(s, "reports/S1.html")};
    std::string const index = html_index(rows, options());
    check_self_contained(index, true);
    CHECK_FALSE(contains(index, "<script"));
    CHECK(contains(index, "<a href=\"../%3Cb%3E%22x%20y%231.html\">"));
    CHECK(contains(index, "<a href=\"reports/S1.html\">"));
    CHECK(count(index, "<a href=") == 2);
}

TEST_CASE("html index: one row per sample in order, levels as letters with words, errors explained", "[report]")
{
    treatment_context lam;
    lam.history = {"LAM"};
    std::vector<sample_report> const samples{report_sample(edge_cases(), "LAM_R_L180M_M204V_B", lam),
                                             report_sample(edge_cases(), "partial_rt150_rt260_C"),
                                             report_sample(edge_cases(), "not_hbv_random"),
                                             ngs_sample()};
    std::vector<index_row> rows;
    for (sample_report const & s : samples)
        rows.push_back(make_index_row(s, s.name + ".html"));
    std::string const html = html_index(rows, options());
    check_self_contained(html, true);
    CHECK(html == html_index(rows, options()));
    CHECK(contains(html, "<dd id=\"counts\">4 (2 ok, 1 warning, 1 error)</dd>"));
    std::size_t const a = html.find("LAM_R_L180M_M204V_B.html"), b = html.find("partial_rt150_rt260_C.html"),
                      c = html.find("not_hbv_random.html"), d = html.find("ngs_minority_M204V.html");
    CHECK((a < b && b < c && c < d && d != std::string::npos));
    CHECK(contains(html, "<th scope=\"col\" title=\"lamivudine\">LAM</th>"));
    CHECK(contains(html, "<span class=\"lv lv-r\" title=\"lamivudine: resistant\">R</span>"));
    CHECK(
        contains(html, "<span class=\"lv lv-x\" title=\"tenofovir disoproxil fumarate: insufficient data\">?</span>"));
    CHECK(contains(html, "not analysed: not HBV"));
    CHECK(contains(html, "rtM204V 8.3% (minority)"));
    CHECK(rows[0].resistance == std::vector<std::string>{"rtM204V"});
}

TEST_CASE("html and text reports carry the same content", "[report]")
{
    treatment_context lam;
    lam.history = {"LAM"};
    lam.hbeag_positive = true;
    sample_report const s = report_sample(test_data_dir() / "real" / "real_sequences.fasta", "GQ486790.1", lam);
    std::string const text = text_report(s, options());
    std::string const html = html_report(s, options());
    // Items that must appear in both (HTML-escaped in the page).
    std::vector<std::string> items;
    for (drug_call const & d : s.interp.drugs)
        for (observed_mutation const & m : d.mutations)
            items.push_back(m.text());
    for (salvage_item const & x : s.interp.salvage)
        items.push_back(x.guideline);
    for (caution_item const & c : s.interp.cautions)
        items.push_back(c.text.substr(0, 40));
    for (qc_message const & m : s.qc.messages)
        items.push_back(m.text.substr(0, 30));
    items.push_back("sW172W* may truncate HBsAg (mixture)");
    for (std::string const & i : items)
    {
        INFO(i);
        CHECK(contains(text, i));
        CHECK(contains(html, html_escape(i)));
    }
}
