#pragma once

// Helpers shared by the monitor_*_test.cpp files: the bundled monitoring definitions, fixture
// timelines under tests/data/monitor/, classification shortcuts.

#include <catch2/catch.hpp>

#include <algorithm>

#include <hbvdr/core/error.hpp>
#include <hbvdr/monitor/classify.hpp>
#include <hbvdr/monitor/definitions.hpp>
#include <hbvdr/monitor/timeline.hpp>

#include "test_support.hpp"

namespace hbvdr::test
{

inline std::vector<std::string> drug_codes()
{
    std::vector<std::string> out;
    for (db_drug const & d : db().drugs())
        out.push_back(d.code);
    return out;
}

inline std::filesystem::path definitions_dir()
{
    return std::filesystem::path{HBVDR_SOURCE_DATA_DIR} / "monitoring";
}

inline monitoring_definitions const & defs()
{
    static monitoring_definitions const d = monitoring_definitions::load(definitions_dir(), drug_codes());
    return d;
}

inline std::filesystem::path fixture_path(std::string const & name)
{
    return test_data_dir() / "monitor" / name;
}

inline std::string fixture_text(std::string const & name)
{
    return read_text(fixture_path(name));
}

inline timeline parse(std::string const & text, std::string const & name = "t.tsv")
{
    return parse_timeline(text, name, drug_codes());
}

inline timeline fixture(std::string const & name)
{
    return read_timeline(fixture_path(name), name, drug_codes());
}

inline monitor_result run(timeline const & t, std::optional<char> const genotype = std::nullopt)
{
    return classify_timeline(t, defs(), db(), genotype);
}

//!\brief Replace the first occurrence (which must exist) of `from`.
inline std::string replace(std::string text, std::string const & from, std::string const & to)
{
    std::size_t const pos = text.find(from);
    REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

inline std::vector<monitor_finding const *> findings(monitor_result const & r, std::string const & rule)
{
    std::vector<monitor_finding const *> out;
    for (monitor_finding const & f : r.findings)
        if (f.rule == rule)
            out.push_back(&f);
    return out;
}

//!\brief The single finding of a rule (fails the test if there is not exactly one).
inline monitor_finding const & only(monitor_result const & r, std::string const & rule)
{
    std::vector<monitor_finding const *> const f = findings(r, rule);
    INFO("rule " << rule);
    REQUIRE(f.size() == 1);
    return *f.front();
}

inline std::vector<std::string> warning_rules(monitor_result const & r)
{
    std::vector<std::string> out;
    for (first_line_warning const & w : r.warnings)
        out.push_back(w.rule);
    return out;
}

inline std::string error_of(std::string const & text, std::string const & name = "t.tsv")
{
    try
    {
        parse(text, name);
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}

inline bool has(std::string const & text, std::string const & part)
{
    return text.find(part) != std::string::npos;
}

} // namespace hbvdr::test
