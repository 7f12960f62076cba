// hbvdr monitor: the monitoring definitions table (data/monitoring/).
#include <catch2/catch.hpp>

#include <algorithm>

#include <hbvdr/core/sha256.hpp>

#include "monitor_support.hpp"

using namespace hbvdr;
using namespace hbvdr::test;

TEST_CASE("monitoring definitions: the bundled table loads, every row is sourced and tagged", "[monitor][definitions]")
{
    monitoring_definitions const & d = defs();
    CHECK(d.rows().size() == monitoring_requirements().size());
    for (monitoring_parameter const & p : d.rows())
    {
        INFO(p.id << "/" << p.parameter);
        CHECK_FALSE(p.sources.empty());
        CHECK((p.evidence == "V" || p.evidence == "L" || p.evidence == "T"));
    }
    CHECK(d.number("VBT", "min_rise") == 1.0);
    CHECK(d.evidence("VBT") == "V");     // the 14-day convention (T) does not weaken it
    CHECK(d.evidence("PNR-W12") == "L"); // EASL definition, recalled
    CHECK(d.evidence("WINDOW") == "T");
    CHECK(d.list("PVR-W24", "drugs") == std::vector<std::string>{"LAM", "LdT"});
    CHECK(d.list("FL-SEQ-MONO", "cross_resistant_pairs").front() == "LAM>LdT");
    CHECK(d.definitions_sha256() == sha256_file((definitions_dir() / "definitions.tsv").string()));
    CHECK(d.find_source("CanLiverJ2022") != nullptr);
}

TEST_CASE("monitoring definitions: a changed, missing or malformed table is a data error naming the file",
          "[monitor][definitions][errors]")
{
    temp_dir tmp;
    for (char const * f : {"definitions.tsv", "sources.tsv", "SHA256SUMS"})
        std::filesystem::copy_file(definitions_dir() / f, tmp / f);
    std::string const original = read_text(tmp / "definitions.tsv");

    SECTION("edited without updating SHA256SUMS")
    {
        write_text(tmp / "definitions.tsv", replace(original, "VBT\tmin_rise\t1\t", "VBT\tmin_rise\t0.5\t"));
        CHECK_THROWS_WITH(monitoring_definitions::load(tmp.path(), drug_codes()),
                          Catch::Contains("definitions.tsv: sha256") && Catch::Contains("SHA256SUMS"));
    }
    SECTION("missing")
    {
        std::filesystem::remove(tmp / "definitions.tsv");
        CHECK_THROWS_AS(monitoring_definitions::load(tmp.path(), drug_codes()), data_error);
    }
    std::string const sources = read_text(tmp / "sources.tsv");
    auto parse_err = [&](std::string const & text)
    {
        try
        {
            monitoring_definitions::parse(text, sources, "definitions.tsv", "sources.tsv", drug_codes());
        }
        catch (data_error const & e)
        {
            return std::string{e.what()};
        }
        return std::string{"no error"};
    };
    SECTION("a required threshold is missing")
    {
        std::string const text = replace(original, "VBT\tconfirmations\t2\tcount", "VBT\tconfirmationz\t2\tcount");
        CHECK(has(parse_err(text), "definitions.tsv:"));
        CHECK(has(parse_err(text), "unknown definition 'VBT/confirmationz'"));
    }
    SECTION("a row is removed")
    {
        std::string text = original;
        std::size_t const a = text.find("RELAPSE\tconfirmations");
        text.erase(a, text.find('\n', a) - a + 1);
        CHECK(has(parse_err(text), "missing definition 'RELAPSE/confirmations'"));
    }
    SECTION("bad value, unit, evidence, source or drug")
    {
        CHECK(has(parse_err(replace(original, "VBT\tmin_rise\t1\t", "VBT\tmin_rise\tone\t")),
                  "is not a non-negative number"));
        CHECK(has(parse_err(replace(original, "VBT\tmin_rise\t1\tlog10 IU/mL", "VBT\tmin_rise\t1\tlog IU/mL")),
                  "unit of VBT/min_rise"));
        CHECK(has(parse_err(replace(original, "CanLiverJ2022;AASLD2009\tV", "CanLiverJ2022;AASLD2009\tX")),
                  "evidence must be V, L or T"));
        CHECK(has(parse_err(replace(original, "CanLiverJ2022;AASLD2009\tV", "Nobody2020\tV")),
                  "unknown source 'Nobody2020'"));
        CHECK(has(parse_err(replace(original, "LAM,LdT,ADV", "LAM,XYZ,ADV")), "unknown drug 'XYZ'"));
        CHECK(has(parse_err("id\tparameter\n"), "not an hbvdr monitoring file"));
    }
}

TEST_CASE("monitoring messages: the bundled sentences load, render and cite sources", "[monitor][definitions]")
{
    monitoring_definitions const & d = defs();
    CHECK(d.messages_sha256() == sha256_file((definitions_dir() / "messages.tsv").string()));
    for (message_requirement const & q : message_requirements())
        CHECK(d.message(q.id).id == q.id);
    CHECK(d.message("NEXT-BBT").sources == std::vector<std::string>{"AASLD2009"});
    CHECK(d.message("FL-LDT-PEG").cites_definition);
    CHECK(d.render("NEXT-CONTINUE", {{"regimen", "ETV"}})
          == "No virological failure on ETV: continue, with HBV DNA every 3-6 months.");
    CHECK_THROWS_WITH(d.render("NEXT-CONTINUE"), Catch::Contains("no value for {regimen}"));
    CHECK(d.list("FL-LAM-HIGH-DNA", "drugs") == std::vector<std::string>{"LAM"});
}

TEST_CASE("monitoring messages: an unknown, missing or malformed message is a data error naming the file and line",
          "[monitor][definitions][errors]")
{
    std::string const original = read_text(definitions_dir() / "messages.tsv");
    auto parse_err = [&](std::string const & text)
    {
        monitoring_definitions d = defs();
        try
        {
            d.parse_messages(text, "messages.tsv");
        }
        catch (data_error const & e)
        {
            return std::string{e.what()};
        }
        return std::string{"no error"};
    };
    CHECK(parse_err(original) == "no error");
    CHECK(has(parse_err(replace(original, "NEXT-RELAPSE\t", "NEXT-RELAPS\t")), "unknown message id 'NEXT-RELAPS'"));
    std::size_t const relapse_line =
        static_cast<std::size_t>(std::count(original.begin(), original.begin() + original.find("NEXT-RELAPSE\t"), '\n'))
        + 1;
    CHECK(has(parse_err(replace(original, "NEXT-RELAPSE\t", "NEXT-RELAPS\t")),
              "messages.tsv:" + std::to_string(relapse_line) + ": unknown message id"));
    std::string removed = original;
    std::size_t const a = removed.find("NEXT-RELAPSE\t");
    removed.erase(a, removed.find('\n', a) - a + 1);
    CHECK(has(parse_err(removed), "messages.tsv: missing message 'NEXT-RELAPSE'"));
    CHECK(has(parse_err(replace(original, "after {date}", "after {day}")), "unknown placeholder '{day}'"));
    CHECK(has(parse_err(replace(original, "after {date}", "after {date")), "must open a placeholder"));
    CHECK(has(parse_err(replace(original, "\tAASLD2009\tL", "\tNobody2020\tL")), "unknown source 'Nobody2020'"));
    CHECK(has(parse_err(replace(original, "\tAASLD2009\tL", "\tAASLD2009\tX")), "evidence must be"));
    CHECK(has(parse_err(replace(original, "NEXT-ADHERENCE\t", "NEXT-BBT\t")), "duplicate message id 'NEXT-BBT'"));

    temp_dir tmp;
    for (char const * f : {"definitions.tsv", "sources.tsv", "messages.tsv", "SHA256SUMS"})
        std::filesystem::copy_file(definitions_dir() / f, tmp / f);
    write_text(tmp / "messages.tsv", replace(original, "monitor ALT closely", "watch ALT"));
    CHECK_THROWS_WITH(monitoring_definitions::load(tmp.path(), drug_codes()),
                      Catch::Contains("messages.tsv: sha256") && Catch::Contains("SHA256SUMS"));
    std::filesystem::remove(tmp / "messages.tsv");
    CHECK_THROWS_WITH(monitoring_definitions::load(tmp.path(), drug_codes()), Catch::Contains("messages.tsv"));
}
